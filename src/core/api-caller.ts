import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CURL_IMAGE, CURL_USER } from './curl-image';
import { claimName } from './naming';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, RunAsUser } from './pod-security';
import { ScriptFile, ShellScript } from './script-file';

// The library's pods that call the Kubernetes API (the credentials Job, the node roll,
// the ownership records of the topics and access Jobs): a curl container with the pod's
// ServiceAccount token, and a namespaced Role naming exactly what it may do.

const API_CLIENT = ScriptFile.at(__dirname, 'api-client.sh');

/**
 * The start of every API-calling script (api-client.sh): strict mode, private files,
 * the namespace, and the token written to a header file in the pod's memory-backed
 * /tmp, so it is passed to curl as `-H @/tmp/auth`, never on a command line (visible in
 * ps). Inlined before the script.
 */
export function apiClientPreamble(): ScriptFile {
  return API_CLIENT;
}

/**
 * `api_call METHOD URL [BODY FILE]` (api-call.sh): one request, its code printed and its
 * body in /tmp/response. Inlined after the preamble by the scripts that read and write
 * objects.
 */
export const API_CALL = ScriptFile.at(__dirname, 'api-call.sh');

/**
 * A ServiceAccount without a token of its own, a Role with `rules` and the binding
 * between them, all called `name`, in the chart's namespace or in `namespace`.
 */
export function addNamespacedAccess(
  scope: Construct, name: string, labels: Record<string, string>, rules: k8s.PolicyRule[], namespace?: string,
): void {
  for (const kind of ['ServiceAccount', 'Role', 'RoleBinding']) claimName(scope, kind, name, '', namespace);
  const metadata = { name, namespace, labels };
  new k8s.KubeServiceAccount(scope, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
  new k8s.KubeRole(scope, 'Role', { metadata, rules });
  new k8s.KubeRoleBinding(scope, 'RoleBinding', {
    metadata,
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
    subjects: [{ kind: 'ServiceAccount', name }],
  });
}

/** What an API-calling pod runs. */
export interface ApiCallerPodProps {
  readonly serviceAccount: string;
  readonly labels: Record<string, string>;
  readonly container: string;
  /** The command and its environment (either may be rendered late). */
  readonly script: ShellScript;
  readonly imagePullPolicy: string;
  /** The user the pod runs as (the curl image works as any). @default CURL_USER */
  readonly user?: RunAsUser;
  /** More mounts of the curl container (its /tmp is always there). */
  readonly mounts?: k8s.VolumeMount[];
  /** Containers running beside it, and the volumes they (and `mounts`) use. */
  readonly sidecars?: k8s.Container[];
  readonly volumes?: k8s.Volume[];
}

/** Where the curl container finds its token, the API server's CA and the namespace. */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/**
 * The pod's API token, as the automount would give it (a bound token the kubelet keeps
 * fresh, the cluster's CA, the namespace) but as a volume, so only the container that
 * calls the API mounts it: not the containers beside it.
 */
function apiTokenVolume(): k8s.Volume {
  return {
    name: 'api-token',
    projected: {
      defaultMode: 0o440,
      sources: [
        // 3607 s, as the automount: the API server treats it as a legacy-compatible expiry.
        { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        { downwardApi: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
      ],
    },
  };
}

/** An API-calling container: curl, restricted, with the pod's token mounted into it alone. */
export interface ApiCallerContainerProps {
  readonly name: string;
  /** The command and its environment (either may be rendered late). */
  readonly script: ShellScript;
  readonly imagePullPolicy: string;
  /** The user it runs as. @default CURL_USER */
  readonly user?: RunAsUser;
  /** More mounts (its /tmp is always there). */
  readonly mounts?: k8s.VolumeMount[];
}

/**
 * A curl container that calls the API: the token, the API server's CA and the namespace
 * mounted where curl scripts read them (api-client.sh), and a small memory-backed /tmp
 * for the header and request files. Its pod has `apiCallerVolumes()`.
 */
export function apiCallerContainer(props: ApiCallerContainerProps): k8s.Container {
  return {
    name: props.name,
    image: CURL_IMAGE,
    imagePullPolicy: props.imagePullPolicy,
    command: props.script.command,
    env: props.script.env,
    resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
    securityContext: restrictedContainerSecurityContext(props.user ?? CURL_USER),
    volumeMounts: [
      { name: 'api-tmp', mountPath: '/tmp' },
      { name: 'api-token', mountPath: SERVICE_ACCOUNT_DIR, readOnly: true },
      ...props.mounts ?? [],
    ],
  };
}

/**
 * The volumes an `apiCallerContainer` mounts: its /tmp and the token. Containers of one
 * pod that call the API share them (they run one after another, as init containers).
 */
export function apiCallerVolumes(): k8s.Volume[] {
  return [{ name: 'api-tmp', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('4Mi') } }, apiTokenVolume()];
}

/**
 * The pod template: restricted, the only kind of pod in the library with an API token,
 * mounted into its curl container only, and a small memory-backed /tmp for the header
 * and request files.
 */
export function apiCallerPod(props: ApiCallerPodProps): k8s.PodTemplateSpec {
  return {
    metadata: { labels: props.labels },
    spec: {
      restartPolicy: 'Never',
      serviceAccountName: props.serviceAccount,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: restrictedPodSecurityContext(props.user ?? CURL_USER),
      containers: [
        apiCallerContainer({
          name: props.container, script: props.script, imagePullPolicy: props.imagePullPolicy, user: props.user, mounts: props.mounts,
        }),
        ...props.sidecars ?? [],
      ],
      volumes: [...apiCallerVolumes(), ...props.volumes ?? []],
    },
  };
}

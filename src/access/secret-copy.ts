import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { apiCallerPolicySpec, EgressPorts } from './egress';
import { addNamespacedAccess, API_CALL, apiCallerPod, apiClientPreamble } from '../core/api-caller';
import { CURL_JSON } from '../core/curl-json';
import { jobSpecHash } from '../core/job-spec-hash';
import { claimName, fitName } from '../core/naming';
import { envLines, ScriptFile, scriptCommand, scriptEnv, Shell, ShellScript } from '../core/script-file';

// A Kafka user's Secrets for an application in another namespace. The copy is pulled:
// a Job and an hourly CronJob in the application's namespace read exactly the user's
// Secrets in the cluster's namespace (a Role there, by resourceNames, bound to their
// ServiceAccount: a RoleBinding may name a ServiceAccount of another namespace) and
// write them under the same names next to the application. Pushing instead (the
// cluster's Job writing into the application's namespace) would give the cluster's
// namespace the right to create any Secret there: `create` cannot be limited by name
// (Kubernetes RBAC docs, "Referring to resources"). Nothing cluster-wide is needed, as
// trust-manager, External Secrets or reflector would be.

const SECRET_COPY = ScriptFile.at(__dirname, 'secret-copy.sh');

/** Attempts per Secret, 10 s apart: the source may be made minutes after the copy starts. */
const ATTEMPTS = 60;

/**
 * Hourly, at minute 23: a renewed certificate (cert-manager renews a third of the
 * lifetime before expiry, weeks ahead for the library's year-long leaves) or a changed
 * password reaches the application's namespace within the hour, and a copy deleted there
 * comes back.
 */
export const SECRET_COPY_SCHEDULE = '23 * * * *';

/** What the copy script is told. */
export interface SecretCopyScriptProps {
  readonly sourceNamespace: string;
  readonly secrets: readonly string[];
  /** Labels of every copy: `app.kubernetes.io/managed-by` among them marks what the script may replace. */
  readonly labels: Readonly<Record<string, string>>;
  readonly attempts?: number;
}

/** The script and its environment. */
export function renderSecretCopyScript(props: SecretCopyScriptProps): ShellScript {
  return {
    command: scriptCommand(Shell.SH, apiClientPreamble(), API_CALL, CURL_JSON, SECRET_COPY),
    env: scriptEnv({
      CDK8S_SOURCE_NAMESPACE: props.sourceNamespace,
      CDK8S_COPY: envLines(props.secrets.map(s => [s])),
      CDK8S_LABELS: envLines(Object.entries(props.labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [`${k}=${v}`])),
      CDK8S_ATTEMPTS: props.attempts ?? ATTEMPTS,
    }),
  };
}

/** What `SecretCopy` copies, from where to where. */
export interface SecretCopyProps {
  /** The cluster's name and user, for the objects' names. */
  readonly cluster: string;
  readonly user: string;
  readonly sourceNamespace: string;
  readonly targetNamespace: string;
  /** The user's Secrets, copied under their own names. */
  readonly secrets: readonly string[];
  /** The cluster's labels (component `secret-copy` is added). */
  readonly labels: Readonly<Record<string, string>>;
  readonly imagePullPolicy: string;
  readonly finishedJobTtlSeconds: number;
  /** Where the pods may connect, when the cluster limits egress; else DNS and the API server on their default ports. */
  readonly egressPorts: EgressPorts;
}

/**
 * The objects of one user's copy into one namespace: in the application's namespace a
 * ServiceAccount, a Role to write the copies, a NetworkPolicy (the pods reach the API
 * server and DNS only), a Job that copies now and a CronJob that keeps the copies
 * current; in the cluster's namespace a Role that gets exactly the user's Secrets, bound
 * to that ServiceAccount.
 */
export class SecretCopy extends Construct {
  /** Name of the ServiceAccount, Role, CronJob and NetworkPolicy in the application's namespace. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: SecretCopyProps) {
    super(scope, id);
    const target = props.targetNamespace;
    // A CronJob's name leaves room for the suffix of its Jobs.
    const name = fitName(`${props.cluster}-${props.user}-secrets`, 52);
    this.name = name;
    for (const kind of ['CronJob', 'NetworkPolicy']) claimName(this, kind, name, '', target);
    for (const secret of props.secrets) claimName(this, 'Secret', secret, `user ${props.user}'s Secrets from ${props.sourceNamespace}`, target);
    // Named as the cluster's other access Jobs: no selector of the cluster picks them.
    const labels = { ...props.labels, 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/component': 'secret-copy' };
    const podLabels = { ...labels, 'cdk8s-kafka/job': name };
    const meta = (objectName: string, namespace: string) => ({ name: objectName, namespace, labels });

    addNamespacedAccess(this, name, labels, [
      // create cannot be limited to names: the copies' names are known only here.
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [...props.secrets], verbs: ['get', 'update'] },
    ], target);
    // In the cluster's namespace: read these Secrets, nothing else.
    const reader = claimName(this, 'Role', fitName(`${props.cluster}-${props.user}-to-${target}`, 63));
    claimName(this, 'RoleBinding', reader);
    new k8s.KubeRole(this, 'SourceRole', {
      metadata: meta(reader, props.sourceNamespace),
      rules: [{ apiGroups: [''], resources: ['secrets'], resourceNames: [...props.secrets], verbs: ['get'] }],
    });
    new k8s.KubeRoleBinding(this, 'SourceRoleBinding', {
      metadata: meta(reader, props.sourceNamespace),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: reader },
      // A RoleBinding may name a ServiceAccount of another namespace.
      subjects: [{ kind: 'ServiceAccount', name, namespace: target }],
    });

    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: meta(name, target),
      spec: apiCallerPolicySpec({ 'cdk8s-kafka/job': name }, props.egressPorts),
    });

    const jobSpec: k8s.JobSpec = {
      backoffLimit: 2,
      ttlSecondsAfterFinished: props.finishedJobTtlSeconds,
      template: apiCallerPod({
        serviceAccount: name,
        labels: podLabels,
        container: 'copy',
        imagePullPolicy: props.imagePullPolicy,
        // The copies carry the user's name too: `kubectl delete secret -l cdk8s-kafka/user=<user>` removes one user's.
        script: renderSecretCopyScript({ sourceNamespace: props.sourceNamespace, secrets: props.secrets, labels: { ...props.labels, 'cdk8s-kafka/user': props.user } }),
      }),
    };
    // Named by its spec: a changed copy runs again at once; the CronJob keeps it current.
    new k8s.KubeJob(this, 'Job', { metadata: meta(`${name}-${jobSpecHash(jobSpec)}`, target), spec: jobSpec });
    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: meta(name, target),
      spec: {
        schedule: SECRET_COPY_SCHEDULE,
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: { spec: jobSpec },
      },
    });
  }
}

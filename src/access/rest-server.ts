import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ResolvedComponentNetwork } from './component-network';
import { apiCallerPolicySpec, EgressPorts } from './egress';
import { RestCallerSecrets } from './rest-caller';
import {
  ADMIN_CALLER, REST_AUTH_DIR, REST_CALLER_ROLE, REST_CALLERS_DIR, REST_JAAS_FILE, REST_TLS_DIR, REST_USERS_FILE, ResolvedRest, ResolvedRestTls,
  restCallerSecret,
} from './rest-security';
import { addNamespacedAccess, apiCallerPod, apiClientPreamble } from '../core/api-caller';
import { certificate } from '../core/cert-manager';
import { CURL_JSON } from '../core/curl-json';
import { raise } from '../core/errors';
import { CREATES_SECRETS_ANNOTATION, GeneratedSecret, renderGeneratedSecretsScript, SecretLayout } from '../core/generated-secrets';
import { jobSpecHash } from '../core/job-spec-hash';
import { late } from '../core/late';
import { claimName } from '../core/naming';
import { CONFLUENT_APP_USER, restrictedContainerSecurityContext } from '../core/pod-security';
import { envLines, scriptCommand, scriptEnv, ScriptFile, Shell } from '../core/script-file';

// The objects behind a component's REST security: its certificate (a PKCS#12 keystore
// from cert-manager), the Job that makes the keystore's password and the callers'
// credentials in the cluster, the CronJob that restarts the pods after a renewal, and
// the parts of the server's pod that read them.

const REST_USERS = ScriptFile.at(__dirname, 'rest-users.sh');
const REST_RESTART = ScriptFile.at(__dirname, 'rest-restart.sh');

/** The owner of callers the program adds with `addCaller`. */
export const PROGRAM_CALLER = 'the program';

/** Pod template annotation the restart CronJob sets to the renewal it restarts the pods for. */
export const REST_CERTIFICATE_ANNOTATION = 'cdk8s-kafka/rest-certificate-renewed';

/**
 * Seconds after a renewal before the CronJob counts on every kubelet having the new
 * Secret in the pods' volumes (a minute of sync period and a minute of cache, with
 * room), as the nodes' roll does.
 */
export const REST_CERTIFICATE_SETTLE_SECONDS = 300;

/** Attempts of the credentials pod per Secret while the API server does not answer. */
const CREDENTIAL_ATTEMPTS = 24;

/** The login of a server's JAAS section: its realm and the module that reads the users file. */
export interface RestLogin {
  /** JAAS section (the realm of Jetty-based servers; `KafkaConnect` for Connect). */
  readonly section: string;
  readonly loginModule: string;
  /** Whether callers carry `REST_CALLER_ROLE` (Jetty's users file), or no role (Connect's). */
  readonly roles: boolean;
}

/** What a component's REST security is built from. */
export interface RestServerProps {
  readonly rest: ResolvedRest;
  /** The component's base name. */
  readonly name: string;
  readonly labels: Record<string, string>;
  /** The pods' selector. */
  readonly selector: Record<string, string>;
  /** The names callers use: the Service in every form, pods of a StatefulSet. */
  readonly dnsNames: readonly string[];
  /** The workload under apps/v1: `deployments/<name>` or `statefulsets/<name>`. */
  readonly workload: string;
  readonly login: RestLogin;
  /** The component's image: the users init container runs its shell, so the pod pulls nothing more. */
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly finishedJobTtlSeconds: number;
  /** The component's network settings: its Jobs get NetworkPolicies when it has them, and egress rules with its. */
  readonly network: ResolvedComponentNetwork;
}

/**
 * A component's REST security: its certificate, the credentials Job, the restart
 * CronJob, and the parts of its pods. Callers are added until the chart is synthesized
 * (components wired later add theirs), so what depends on them is rendered then.
 */
export class RestServer extends Construct {
  private readonly props: RestServerProps;
  private readonly callerNames = new Set<string>();
  private readonly owners = new Map<string, string>();

  /**
   * Name of the REST certificate, when there is one; its credentials Job and restart
   * CronJob's Jobs are named `<component>-rest-...` then.
   */
  public readonly certificate?: string;

  constructor(scope: Construct, id: string, props: RestServerProps) {
    super(scope, id);
    this.props = props;
    const { rest, labels } = props;
    if (rest.basic) this.callerNames.add(ADMIN_CALLER);
    const tls = certifiedBy(rest);
    if (tls === undefined) return;
    this.certificate = tls.certificate;
    claimName(scope, 'Certificate', tls.certificate);
    claimName(scope, 'Secret', tls.secret, 'the REST certificate');
    claimName(scope, 'Secret', tls.passwordSecret, 'the REST keystore\'s password');
    certificate(this, 'Certificate', { name: tls.certificate, labels }, {
      secretName: tls.secret,
      issuerRef: tls.issuer.issuer,
      dnsNames: [...props.dnsNames],
      duration: `${tls.issuer.durationHours}h`,
      renewBefore: `${tls.issuer.renewBeforeHours}h`,
      usages: ['server auth', 'digital signature', 'key encipherment'],
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      keystores: { pkcs12: { create: true, passwordSecretRef: { name: tls.passwordSecret, key: 'password' } } },
      secretTemplate: { labels },
    });
    this.addCredentialsJob();
    if (rest.tls !== undefined) this.addRestartCronJob();
  }

  /**
   * Adds a caller: its credentials Secret, made by the credentials Job, is in the servers'
   * users file from their next start. `owner` says who calls under the name (the
   * program's own `addCaller`, a wired component's path): one owner may add it again and
   * gets the same caller; a second owner is refused, since both would share one password
   * (revoking one would revoke both). `admin` is shared by design.
   */
  public addCaller(caller: string, owner: string): RestCallerSecrets {
    const { rest, name } = this.props;
    const first = this.owners.get(caller);
    if (caller !== ADMIN_CALLER && first !== undefined && first !== owner) {
      raise(this.node.scope!, 'addCaller.name', caller,
        `${first === PROGRAM_CALLER ? 'addCaller' : first} already calls the REST API as ${caller}, and two callers with one name would share one password`,
        'Give each caller its own name');
    }
    this.owners.set(caller, owner);
    // A caller named like the component's own Secrets (tls, keystore) is refused here.
    if (rest.basic) claimName(this.node.scope!, 'Secret', restCallerSecret(name, caller), `REST caller ${caller}'s credentials`);
    if (rest.basic) this.callerNames.add(caller);
    return {
      credentials: rest.basic ? restCallerSecret(name, caller) : undefined,
      trust: rest.tls?.secret,
      truststorePassword: rest.tls?.passwordSecret,
    };
  }

  /** The callers, sorted (rendered at synth). */
  public callers(): string[] {
    return [...this.callerNames].sort();
  }

  /** Volumes of the server's pod. */
  public volumes(): k8s.Volume[] {
    const { rest } = this.props;
    const volumes: k8s.Volume[] = [];
    const certified = certifiedBy(rest);
    if (certified !== undefined) {
      volumes.push({
        name: 'rest-tls',
        secret: {
          secretName: certified.secret,
          items: ['ca.crt', 'keystore.p12', 'truststore.p12'].map(key => ({ key, path: key })),
          defaultMode: 0o440,
        },
      });
    }
    if (rest.basic) {
      volumes.push({ name: 'rest-auth', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } });
      volumes.push({
        name: 'rest-callers',
        projected: {
          defaultMode: 0o440,
          sources: late(() => this.callers().map(caller => ({
            secret: { name: restCallerSecret(this.props.name, caller), items: [{ key: 'password', path: caller }] },
          }))),
        },
      });
    }
    return volumes;
  }

  /** Mounts of the server's container. */
  public mounts(): k8s.VolumeMount[] {
    const { rest } = this.props;
    return [
      ...(certifiedBy(rest) === undefined ? [] : [{ name: 'rest-tls', mountPath: REST_TLS_DIR, readOnly: true }]),
      ...(rest.basic ? [{ name: 'rest-auth', mountPath: REST_AUTH_DIR, readOnly: true }] : []),
    ];
  }

  /**
   * Environment of the server's container: the keystore's password from its Secret,
   * under each name the image reads, and the JAAS file for the JVM. `JDK_JAVA_OPTIONS`
   * is read by the `java` launcher itself, so the component's own `*_OPTS` stay the
   * user's.
   */
  public env(passwordEnvNames: readonly string[]): k8s.EnvVar[] {
    const { rest } = this.props;
    const certified = certifiedBy(rest);
    const password = certified === undefined ? [] : passwordEnvNames.map(envName => ({
      name: envName, valueFrom: { secretKeyRef: { name: certified.passwordSecret, key: 'password' } },
    }));
    return [
      ...password,
      ...(rest.basic ? [{ name: 'JDK_JAVA_OPTIONS', value: `-Djava.security.auth.login.config=${REST_JAAS_FILE}` }] : []),
    ];
  }

  /** The init container that writes the users and JAAS files, with HTTP basic (the component's image, its own user). */
  public initContainers(): k8s.Container[] {
    const { rest, login } = this.props;
    if (!rest.basic) return [];
    return [{
      name: 'rest-users',
      image: this.props.image,
      imagePullPolicy: this.props.imagePullPolicy,
      command: scriptCommand(Shell.SH, REST_USERS),
      env: late(() => scriptEnv({
        CDK8S_REST_CALLERS: envLines(this.callers().map(c => [c])),
        CDK8S_REST_CALLERS_DIR: REST_CALLERS_DIR,
        CDK8S_REST_USERS_FILE: REST_USERS_FILE,
        CDK8S_REST_JAAS_FILE: REST_JAAS_FILE,
        CDK8S_REST_JAAS_SECTION: login.section,
        CDK8S_REST_LOGIN_MODULE: login.loginModule,
        CDK8S_REST_ROLE: login.roles ? REST_CALLER_ROLE : undefined,
      })),
      resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('32Mi') } },
      // The server's own user, so it can read the files written with umask 077.
      securityContext: restrictedContainerSecurityContext(CONFLUENT_APP_USER),
      volumeMounts: [{ name: 'rest-auth', mountPath: REST_AUTH_DIR }, { name: 'rest-callers', mountPath: REST_CALLERS_DIR, readOnly: true }],
    }];
  }

  /** The Secrets the credentials Job makes: the keystore's password and each caller's. */
  public generatedSecrets(): GeneratedSecret[] {
    const { rest, name } = this.props;
    const certified = certifiedBy(rest);
    return [
      // cert-manager does not encrypt a keystore again when its password changes
      // (cert-manager#3450): a new password deletes the keystore's Secret, so it issues again.
      ...(certified === undefined ? [] : [{ name: certified.passwordSecret, user: '-', layout: SecretLayout.PASSWORD, derived: certified.secret }]),
      ...this.callers().map(caller => ({ name: restCallerSecret(name, caller), user: caller, layout: SecretLayout.BASIC })),
    ];
  }

  /**
   * The credentials Job, named by a hash of its spec: a new caller is a new Job; an
   * unchanged one runs again once Kubernetes has deleted the finished Job and the
   * manifests are applied, so a deleted Secret comes back (with a new password).
   */
  private addCredentialsJob(): void {
    const { name, labels } = this.props;
    const account = `${name}-rest-credentials`;
    const podLabels = jobPodLabels(labels, 'rest-credentials', account);
    // create cannot be limited to resourceNames; it cannot read or change a Secret. Delete
    // only the keystore's Secret, which a new keystore password makes stale.
    addNamespacedAccess(new Construct(this, 'Credentials'), account, labels, [
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [certifiedBy(this.props.rest)!.secret], verbs: ['delete'] },
    ]);
    const spec = (): k8s.JobSpec => ({
      backoffLimit: 6,
      ttlSecondsAfterFinished: this.props.finishedJobTtlSeconds,
      template: apiCallerPod({
        serviceAccount: account,
        labels: podLabels,
        container: 'credentials',
        imagePullPolicy: this.props.imagePullPolicy,
        script: renderGeneratedSecretsScript({ secrets: this.generatedSecrets(), labels, attempts: CREDENTIAL_ATTEMPTS }),
      }),
    });
    new k8s.KubeJob(this, 'CredentialsJob', {
      metadata: {
        name: late(() => `${account}-${jobSpecHash(spec())}`),
        labels,
        annotations: { [CREATES_SECRETS_ANNOTATION]: late(() => this.generatedSecrets().map(s => s.name).join(',')) },
      },
      spec: late(spec),
    });
    this.addJobPolicy('CredentialsNetworkPolicy', account, podLabels);
  }

  /** The CronJob that restarts the pods onto a renewed certificate. */
  private addRestartCronJob(): void {
    const { name, labels, rest } = this.props;
    const tls = rest.tls!;
    const account = claimName(this, 'CronJob', `${name}-rest-tls-restart`);
    const podLabels = jobPodLabels(labels, 'rest-tls-restart', account);
    const [resource, workload] = this.props.workload.split('/');
    addNamespacedAccess(new Construct(this, 'Restart'), account, labels, [
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: [tls.certificate], verbs: ['get'] },
      // list cannot be limited to resourceNames: the pods' start times, nothing else.
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: ['apps'], resources: [resource], resourceNames: [workload], verbs: ['patch'] },
    ]);
    const selector = Object.entries(this.props.selector).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
    new k8s.KubeCronJob(this, 'RestartCronJob', {
      metadata: { name: account, labels },
      spec: {
        schedule: tls.rolloutSchedule,
        // One run at a time; a run that is late by more than an hour is skipped, the next one acts.
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            ttlSecondsAfterFinished: this.props.finishedJobTtlSeconds,
            template: apiCallerPod({
              serviceAccount: account,
              labels: podLabels,
              container: 'restart',
              imagePullPolicy: this.props.imagePullPolicy,
              script: {
                command: scriptCommand(Shell.SH, apiClientPreamble(), CURL_JSON, REST_RESTART),
                env: scriptEnv({
                  CDK8S_CERTIFICATE: tls.certificate,
                  CDK8S_WORKLOAD: this.props.workload,
                  CDK8S_SELECTOR: selector,
                  CDK8S_ANNOTATION: REST_CERTIFICATE_ANNOTATION,
                  CDK8S_SETTLE_SECONDS: REST_CERTIFICATE_SETTLE_SECONDS,
                }),
              },
            }),
          },
        },
      },
    });
    this.addJobPolicy('RestartNetworkPolicy', account, podLabels);
  }

  /** A Job's pods serve nothing; with egress rules they reach the API server and DNS only. */
  private addJobPolicy(id: string, name: string, podLabels: Record<string, string>): void {
    const { network, labels } = this.props;
    if (!network.policy) return;
    const egressPorts: EgressPorts | undefined = network.egressDnsPorts === undefined
      ? undefined : { dns: network.egressDnsPorts, apiServer: network.egressApiServerPorts! };
    new k8s.KubeNetworkPolicy(this, id, {
      metadata: { name: claimName(this, 'NetworkPolicy', name), labels },
      spec: apiCallerPolicySpec({ 'cdk8s-kafka/job': podLabels['cdk8s-kafka/job'] }, egressPorts),
    });
  }
}

/**
 * Labels of a REST Job's pods: the component's, under another name, so no selector of
 * the component (its Service, its NetworkPolicy, its connector Jobs' rules) picks them.
 */
function jobPodLabels(labels: Readonly<Record<string, string>>, component: string, job: string): Record<string, string> {
  return { ...labels, 'app.kubernetes.io/name': `${labels['app.kubernetes.io/name']}-rest`.slice(0, 63), 'app.kubernetes.io/component': component, 'cdk8s-kafka/job': job };
}

/** The component's certificate, when it has one: to serve HTTPS, or for its truststore alone. */
function certifiedBy(rest: ResolvedRest): ResolvedRestTls | undefined {
  return rest.tls ?? rest.trustOnly;
}

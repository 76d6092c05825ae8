import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CredentialsSecret, NodeTlsFiles, renderAccessScript, renderCredentialsScript, renderKeystoreSetup } from './access-scripts';
import { addNamespacedAccess, apiCallerPod } from './api-caller';
import { KEYSTORE_DIR, KEYSTORE_FILE, NODE_TLS_DIR } from './cluster-security';
import { apiServerEgressRule, dnsEgressRule, EgressPorts } from '../../access/egress';
import { KafkaUser } from '../../access/kafka-user';
import { ConfluentComponent } from '../../core/component';
import { jobSpecHash } from '../../core/job-spec-hash';
import { claimName } from '../../core/naming';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, writableLayoutEnv, writableVolumes } from '../../core/pod-security';

/** Annotation on a Job naming the Secrets it creates in the cluster (comma-separated). */
export const CREATES_SECRETS_ANNOTATION = 'cdk8s-kafka/creates-secrets';

/** Pod labels of the cluster's helper Jobs (apart from the nodes' labels). */
export function accessJobSelector(cluster: string, component?: 'access' | 'credentials'): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'kafka-access',
    'app.kubernetes.io/instance': cluster,
    ...(component === undefined ? {} : { 'app.kubernetes.io/component': component }),
  };
}

/** What the helper Jobs need from the cluster. */
export interface AccessJobsProps {
  /** Cluster name (`events`). */
  readonly cluster: string;
  /** Metadata labels. */
  readonly labels: Record<string, string>;
  /** The Kafka image (tools) and its pull policy. */
  readonly image: string;
  readonly imagePullPolicy: string;
  /** The nodes' certificate Secret: the access Job is the cluster acting on itself. */
  readonly nodeSecret: string;
  /** The nodes' Certificate (for messages). */
  readonly nodeCertificate: string;
  /** `host:port,...` of the replication listener of every broker, read at synth. */
  readonly replicationBootstrap: () => string;
  /** SCRAM mechanisms of the listeners (none: no SCRAM registration). */
  readonly mechanisms: readonly string[];
  /** Client login module of the JAAS line written into generated Secrets. */
  readonly loginModule: string;
  /** The admin user (SCRAM), when a listener uses SCRAM. */
  readonly admin?: { readonly user: string; readonly secret: string; readonly provided: boolean };
  /** Users added so far, read at synth. */
  readonly users: () => readonly KafkaUser[];
  /** Render a NetworkPolicy isolating the Jobs' pods (the cluster's `networkPolicy`). */
  readonly networkPolicy: boolean;
  /** Limit the Jobs' egress too (the cluster's `egressPolicy`). */
  readonly egressPolicy: boolean;
  /** DNS and API server ports for egress rules. */
  readonly egressPorts: EgressPorts;
  /** Pod labels of the brokers (the access Job's only destination besides DNS). */
  readonly brokerSelector: Record<string, string>;
  /** Port of the brokers' replication listener. */
  readonly replicationPort: number;
}

/** Client settings of the access Job, written next to its keystore. */
const ACCESS_CLIENT_CONFIG = '/tmp/work/client.properties';

/** Attempts of one credentials pod per Secret while the API server does not answer. */
const CREDENTIAL_ATTEMPTS = 24;
/** Seconds one access pod waits for the brokers (a new cluster formats and elects first). */
const ACCESS_WAIT_SECONDS = 900;

/**
 * The cluster's helper Jobs:
 * - credentials: creates each generated credentials Secret once (random inside the
 *   cluster, never overwritten), with a ServiceAccount whose Role may only create
 *   Secrets in this namespace; the only pod of the library with an API token;
 * - access: registers SCRAM users and adds ACLs, as the cluster itself (the nodes'
 *   certificate on the replication listener), so it needs no credential to start.
 * Each Job's name carries a hash of its spec: a change (a new user, an ACL) is a new
 * Job that runs; an unchanged one is the same finished Job. Removing a user or an ACL
 * from code does not remove it from the cluster (`kafka-acls --remove`,
 * `kafka-configs --delete-config`).
 */
export class AccessJobs extends Construct {
  private readonly props: AccessJobsProps;
  private credentialsCreated = false;

  constructor(scope: Construct, id: string, props: AccessJobsProps) {
    super(scope, id);
    this.props = props;
    this.addAccessJob();
    if (props.networkPolicy) this.addNetworkPolicies();
    if (this.generatedSecrets().length > 0) this.ensureCredentialsJob();
  }

  /**
   * The Jobs serve nothing: no ingress at all. With egress rules, the access Job reaches
   * the brokers' replication port and DNS, the credentials Job the API server and DNS.
   */
  private addNetworkPolicies(): void {
    const p = this.props;
    if (!p.egressPolicy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', `${p.cluster}-kafka-access`), labels: p.labels },
        spec: { podSelector: { matchLabels: accessJobSelector(p.cluster) }, policyTypes: ['Ingress'], ingress: [] },
      });
      return;
    }
    const policy = (id: string, component: 'access', egress: k8s.NetworkPolicyEgressRule[]) => new k8s.KubeNetworkPolicy(this, id, {
      metadata: { name: claimName(this, 'NetworkPolicy', `${p.cluster}-kafka-${component}`), labels: p.labels },
      spec: { podSelector: { matchLabels: accessJobSelector(p.cluster, component) }, policyTypes: ['Ingress', 'Egress'], ingress: [], egress },
    });
    policy('NetworkPolicy', 'access', [
      { to: [{ podSelector: { matchLabels: p.brokerSelector } }], ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(p.replicationPort) }] },
      dnsEgressRule(p.egressPorts),
    ]);
  }

  /** The credentials Job's own policy, with egress to the API server (egress policies only). */
  private addCredentialsNetworkPolicy(): void {
    const p = this.props;
    if (!p.networkPolicy || !p.egressPolicy) return;
    new k8s.KubeNetworkPolicy(this, 'CredentialsNetworkPolicy', {
      metadata: { name: claimName(this, 'NetworkPolicy', `${p.cluster}-kafka-credentials`), labels: p.labels },
      spec: {
        podSelector: { matchLabels: accessJobSelector(p.cluster, 'credentials') },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [],
        egress: [apiServerEgressRule(p.egressPorts), dnsEgressRule(p.egressPorts)],
      },
    });
  }

  /** Adds the credentials Job if some Secret must be generated and it does not exist yet. */
  public ensureCredentialsJob(): void {
    if (this.credentialsCreated) return;
    this.credentialsCreated = true;
    this.addCredentialsNetworkPolicy();
    const p = this.props;
    const name = `${p.cluster}-kafka-credentials`;
    // create cannot be limited to resourceNames; it cannot read or change a Secret.
    addNamespacedAccess(new Construct(this, 'Credentials'), name, p.labels, [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }]);
    const spec = (): k8s.JobSpec => ({
      backoffLimit: 6,
      // The one pod that calls the API here: it creates the Secrets.
      template: apiCallerPod({
        serviceAccount: name,
        labels: accessJobSelector(p.cluster, 'credentials'),
        container: 'credentials',
        imagePullPolicy: p.imagePullPolicy,
        script: renderCredentialsScript({
          secrets: this.generatedSecrets(), labels: p.labels, attempts: CREDENTIAL_ATTEMPTS, loginModule: p.loginModule,
        }),
      }),
    });
    new k8s.KubeJob(this, 'CredentialsJob', {
      metadata: {
        name: Lazy.any({ produce: () => `${p.cluster}-kafka-credentials-${jobSpecHash(spec())}` }) as unknown as string,
        labels: p.labels,
        annotations: { [CREATES_SECRETS_ANNOTATION]: Lazy.any({ produce: () => this.generatedSecrets().map(s => s.name).join(',') }) as unknown as string },
      },
      spec: Lazy.any({ produce: spec }) as unknown as k8s.JobSpec,
    });
  }

  /** The Secrets the credentials Job creates: the admin's and users' not given by the user. */
  private generatedSecrets(): CredentialsSecret[] {
    const p = this.props;
    const secrets: CredentialsSecret[] = [];
    if (p.admin !== undefined && !p.admin.provided) secrets.push({ name: p.admin.secret, user: p.admin.user });
    for (const u of p.users()) {
      if (u.connection.credentialsSecret !== undefined && !u.secretProvided) secrets.push({ name: u.connection.credentialsSecret, user: u.name });
    }
    return secrets;
  }

  private addAccessJob(): void {
    const p = this.props;
    const writable = writableVolumes(ConfluentComponent.KAFKA);
    // It connects with the nodes' certificate, as a node's own tools do.
    const tlsFiles: NodeTlsFiles = {
      certificateDir: NODE_TLS_DIR,
      keystoreFile: KEYSTORE_FILE,
      clientConfigFile: ACCESS_CLIENT_CONFIG,
      certificateName: p.nodeCertificate,
    };
    const spec = (): k8s.JobSpec => {
      // SCRAM credentials live in the cluster and are registered; PLAIN ones are read by
      // the brokers themselves from the same Secrets.
      const scram = p.mechanisms.length === 0 ? [] : [
        ...(p.admin === undefined ? [] : [{ user: p.admin.user, secret: p.admin.secret }]),
        ...p.users().filter(u => u.connection.credentialsSecret !== undefined).map(u => ({ user: u.name, secret: u.connection.credentialsSecret! })),
      ];
      const script = renderAccessScript({
        bootstrap: p.replicationBootstrap(),
        clientConfigFile: ACCESS_CLIENT_CONFIG,
        mechanisms: p.mechanisms,
        users: scram.map(s => ({ user: s.user, passwordFile: `/mnt/users/${s.user}/password` })),
        acls: p.users().flatMap(u => u.acls.map(acl => ({ user: u.name, acl }))),
        waitSeconds: ACCESS_WAIT_SECONDS,
        workDir: '/tmp/work',
      });
      return {
        backoffLimit: 10,
        template: {
          metadata: { labels: accessJobSelector(p.cluster, 'access') },
          spec: {
            restartPolicy: 'Never',
            automountServiceAccountToken: false,
            enableServiceLinks: false,
            securityContext: restrictedPodSecurityContext(),
            containers: [{
              name: 'access',
              image: p.image,
              imagePullPolicy: p.imagePullPolicy,
              command: ['/bin/bash', '-c', ['set -euo pipefail', ...renderKeystoreSetup(tlsFiles), script].join('\n')],
              env: writableLayoutEnv(ConfluentComponent.KAFKA),
              resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('384Mi') }, limits: { memory: k8s.Quantity.fromString('512Mi') } },
              securityContext: restrictedContainerSecurityContext(),
              volumeMounts: [
                ...writable.map(w => w.mount),
                { name: 'work', mountPath: '/tmp/work' },
                { name: 'tls', mountPath: NODE_TLS_DIR, readOnly: true },
                { name: 'keystore', mountPath: KEYSTORE_DIR },
                ...scram.map(s => ({ name: `user-${s.user.replace(/\./g, '-')}`, mountPath: `/mnt/users/${s.user}`, readOnly: true })),
              ],
            }],
            volumes: [
              ...writable.map(w => w.volume),
              { name: 'work', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
              { name: 'tls', secret: { secretName: p.nodeSecret, defaultMode: 0o440 } },
              { name: 'keystore', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
              ...scram.map(s => ({ name: `user-${s.user.replace(/\./g, '-')}`, secret: { secretName: s.secret, items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } })),
            ],
          },
        },
      };
    };
    new k8s.KubeJob(this, 'AccessJob', {
      metadata: { name: Lazy.any({ produce: () => `${p.cluster}-kafka-access-${jobSpecHash(spec())}` }) as unknown as string, labels: p.labels },
      spec: Lazy.any({ produce: spec }) as unknown as k8s.JobSpec,
    });
  }
}

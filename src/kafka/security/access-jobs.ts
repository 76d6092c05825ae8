import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { renderAccessScript } from './access-scripts';
import { ADMIN_USER, needsAccessJob } from './cluster-security';
import { apiCallerPolicySpec, apiServerEgressRule, dnsEgressRule, serviceEgressRule } from '../../access/egress';
import { KafkaUser } from '../../access/kafka-user';
import { AuthenticationMechanism, isSaslMechanism, loginModuleOf } from '../../access/listener-authentication';
import { unlimitedQuotaConfig } from '../../access/user-quotas';
import { addNamespacedAccess, apiCallerPod } from '../../core/api-caller';
import { CREATES_SECRETS_ANNOTATION, GeneratedSecret, renderGeneratedSecretsScript, SecretLayout } from '../../core/generated-secrets';
import { jobSpecHash } from '../../core/job-spec-hash';
import { late } from '../../core/late';
import { claimName, shortHash } from '../../core/naming';
import { brokerConnection } from '../broker-connection';
import { ClusterMembers, MembersSnapshot } from '../cluster-members';
import { ResolvedCluster } from '../cluster-model';
import { kafkaToolsContainer } from '../kafka-tools-container';
import { ListenerScope, RESERVED_LISTENERS } from '../listener';
import { addRecordAccess, OwnershipRecordSpec, ownershipRecordSpec, RECORD_DIR, recordedJobPod, RecordedJobSpec, RecordKind } from '../ownership/ownership-record';
import { accessJobSelector, brokerSelector, clusterLabels } from '../pod-labels';


/** Attempts of one credentials pod per Secret while the API server does not answer. */
const CREDENTIAL_ATTEMPTS = 24;

/** What the helper Jobs are built from. */
export interface AccessJobsProps {
  readonly cluster: ResolvedCluster;
  /** Users and pools, rendered at synth. */
  readonly members: ClusterMembers;
  /** The access Job, rendered at synth from them (`renderAccessJob`). */
  readonly job: () => RecordedJobSpec;
}

/**
 * Whether the cluster has an access Job: when it has credentials to register, ACLs or
 * quotas to set (`needsAccessJob`), or prunes users, ACLs or quotas (so removing the
 * last one deletes it too; the Job connects with the nodes' certificate, so only with TLS).
 */
export function hasAccessJob(m: Pick<ResolvedCluster, 'security' | 'prune'>, users: readonly KafkaUser[]): boolean {
  return needsAccessJob(m.security, users) || (m.security.tls !== undefined && (m.prune.users || m.prune.acls || m.prune.quotas));
}

/**
 * The cluster's helper Jobs:
 * - credentials: creates each generated credentials Secret once (random inside the
 *   cluster, never overwritten), with a ServiceAccount whose Role may only create
 *   Secrets in this namespace;
 * - access: registers SCRAM users, adds ACLs and sets quotas, as the cluster itself (the
 *   nodes' certificate on the replication listener), so it needs no credential to
 *   start; it records what it made (`<cluster>-kafka-access-owned`), and deletes what the
 *   program no longer declares for the kinds `prune` names.
 * Each Job's name carries a hash of its spec: a change (a new user, an ACL) is a new
 * Job that runs; an unchanged one is the same finished Job, until Kubernetes deletes it
 * (`finishedJobTtl`) and the next apply runs it again, so users, ACLs and Secrets lost
 * with a recreated cluster or a deleted Secret come back. Both are idempotent: the
 * credentials Job keeps a Secret that exists (409), the access Job sets a SCRAM
 * password again and adds an ACL that exists as no-ops.
 */
export class AccessJobs extends Construct {
  private readonly props: AccessJobsProps;
  private credentialsCreated = false;

  constructor(scope: Construct, id: string, props: AccessJobsProps) {
    super(scope, id);
    this.props = props;
    const m = props.cluster;
    const labels = clusterLabels(m, 'access');
    const job = props.job;
    // The account first: the manifests list it before the Job whose pod uses it.
    addRecordAccess(this, accessRecord(m), labels);
    new k8s.KubeJob(this, 'AccessJob', {
      metadata: { name: late(() => `${m.name}-kafka-access-${jobSpecHash(job().spec)}`), labels },
      spec: late(() => job().spec),
    });
    if (m.network.policy) this.addNetworkPolicy();
    if (generatedSecrets(m, props.members.snapshot().users).length > 0) this.ensureCredentialsJob();
  }

  /**
   * The Jobs serve nothing: no ingress at all. With egress rules, the access Job reaches
   * the brokers' replication port and DNS (the credentials Job has its own policy).
   */
  private addNetworkPolicy(): void {
    const m = this.props.cluster;
    const labels = clusterLabels(m, 'access');
    const name = claimName(this, 'NetworkPolicy', `${m.name}-kafka-access`);
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name, labels },
      spec: !m.network.egress
        ? { podSelector: { matchLabels: accessJobSelector(m.name) }, policyTypes: ['Ingress'], ingress: [] }
        : {
          podSelector: { matchLabels: accessJobSelector(m.name, 'access') },
          policyTypes: ['Ingress', 'Egress'],
          ingress: [],
          egress: [
            serviceEgressRule([RESERVED_LISTENERS.REPLICATION.port], brokerSelector(m)),
            apiServerEgressRule(m.network.egressPorts),
            dnsEgressRule(m.network.egressPorts),
          ],
        },
    });
  }

  /** Adds the credentials Job, once: called when some Secret must be generated. */
  public ensureCredentialsJob(): void {
    if (this.credentialsCreated) return;
    this.credentialsCreated = true;
    const { cluster: m, members } = this.props;
    const labels = clusterLabels(m, 'access');
    if (m.network.policy && m.network.egress) {
      new k8s.KubeNetworkPolicy(this, 'CredentialsNetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', `${m.name}-kafka-credentials`), labels },
        spec: apiCallerPolicySpec(accessJobSelector(m.name, 'credentials'), m.network.egressPorts),
      });
    }
    // create cannot be limited to resourceNames; it cannot read or change a Secret.
    addNamespacedAccess(new Construct(this, 'Credentials'), credentialsAccount(m), labels, [{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }]);
    const spec = members.memo(() => renderCredentialsJobSpec(m, members.snapshot()));
    new k8s.KubeJob(this, 'CredentialsJob', {
      metadata: {
        name: late(() => `${m.name}-kafka-credentials-${jobSpecHash(spec())}`),
        labels,
        annotations: { [CREATES_SECRETS_ANNOTATION]: late(() => generatedSecrets(m, members.snapshot().users).map(s => s.name).join(',')) },
      },
      spec: late(spec),
    });
  }
}

function credentialsAccount(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka-credentials`;
}

/** The Secrets the credentials Job creates: the admin's and users' not given by the user. */
export function generatedSecrets(m: ResolvedCluster, users: readonly KafkaUser[]): GeneratedSecret[] {
  const secrets: GeneratedSecret[] = [];
  const s = m.security;
  if (s.adminSecret !== undefined && !s.adminSecretProvided) secrets.push({ name: s.adminSecret, user: ADMIN_USER, layout: SecretLayout.SASL });
  for (const u of users) {
    if (u.connection.credentialsSecret !== undefined && !u._secretProvided) {
      secrets.push({ name: u.connection.credentialsSecret, user: u.name, layout: SecretLayout.SASL });
    }
  }
  return secrets;
}

/** The client login module of the JAAS line in generated Secrets: the listener users connect through. */
function clientLoginModule(m: ResolvedCluster): string {
  const listener = m.listeners.find(l => l.scope === ListenerScope.INTERNAL && isSaslMechanism(l.authentication))
    ?? m.listeners.find(l => isSaslMechanism(l.authentication));
  return loginModuleOf(listener?.authentication ?? AuthenticationMechanism.SCRAM_SHA_512);
}

/** The credentials Job: the one pod that calls the API here, to create the Secrets. */
export function renderCredentialsJobSpec(m: ResolvedCluster, members: MembersSnapshot): k8s.JobSpec {
  return {
    backoffLimit: 6,
    ttlSecondsAfterFinished: m.finishedJobTtlSeconds,
    template: apiCallerPod({
      serviceAccount: credentialsAccount(m),
      labels: accessJobSelector(m.name, 'credentials'),
      container: 'credentials',
      imagePullPolicy: m.imagePullPolicy,
      script: renderGeneratedSecretsScript({
        secrets: generatedSecrets(m, members.users), labels: clusterLabels(m, 'access'), attempts: CREDENTIAL_ATTEMPTS, loginModule: clientLoginModule(m),
      }),
    }),
  };
}

/** The access Job's ownership record: the users, ACLs and quota keys it made. */
export function accessRecord(m: Pick<ResolvedCluster, 'name'>): OwnershipRecordSpec {
  return ownershipRecordSpec(m, 'access', [RecordKind.USERS, RecordKind.ACLS, RecordKind.QUOTAS]);
}

/**
 * The access Job: a wait for the brokers, its record's read step, the Kafka image's
 * tools with the nodes' certificate (it acts as the cluster) and each SCRAM user's
 * password mounted from its Secret, its record's write step.
 */
export function renderAccessJob(m: ResolvedCluster, members: MembersSnapshot): RecordedJobSpec {
  const connection = brokerConnection(m, members);
  // SCRAM credentials live in the cluster and are registered; PLAIN ones are read by
  // the brokers themselves from the same Secrets.
  const s = m.security;
  const scram = s.scramMechanisms.length === 0 ? [] : [
    ...(s.adminSecret === undefined ? [] : [{ user: ADMIN_USER, secret: s.adminSecret }]),
    ...members.users.filter(u => u.connection.credentialsSecret !== undefined).map(u => ({ user: u.name, secret: u.connection.credentialsSecret! })),
  ];
  const script = renderAccessScript({
    ...connection.target,
    mechanisms: s.scramMechanisms,
    users: scram.map(u => ({ user: u.user, passwordFile: `/mnt/users/${u.user}/password` })),
    acls: members.users.flatMap(u => u.acls.map(acl => ({ user: u.name, acl }))),
    quotas: [
      ...(s.defaultQuotas === undefined ? [] : [
        { user: '*', config: s.defaultQuotas },
        ...s.superUsers.map(p => ({ user: p.replace(/^User:/, ''), config: unlimitedQuotaConfig(s.defaultQuotas!) })),
      ]),
      ...members.users.filter(u => u._quotas !== undefined).map(u => ({ user: u.name, config: u._quotas! })),
    ],
    workDir: connection.workDir,
    prune: m.prune,
    recordDir: RECORD_DIR,
  });
  // User names may hold dots, volume names may not: a name with dots gets its hash, so
  // users a.b and a-b do not share a volume.
  const userVolume = (user: string) => (user.includes('.') ? `user-${user.replace(/\./g, '-')}-${shortHash(user)}` : `user-${user}`);
  const pod = recordedJobPod({
    labels: accessJobSelector(m.name, 'access'),
    spec: accessRecord(m),
    imagePullPolicy: m.imagePullPolicy,
    wait: connection.wait,
    kafka: kafkaToolsContainer(m, 'access', script, [
      ...connection.mounts,
      ...scram.map(u => ({ name: userVolume(u.user), mountPath: `/mnt/users/${u.user}`, readOnly: true })),
    ]),
    volumes: [
      ...connection.volumes,
      ...scram.map(u => ({ name: userVolume(u.user), secret: { secretName: u.secret, items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } })),
    ],
  });
  return {
    desired: pod.desired,
    spec: { backoffLimit: 10, ttlSecondsAfterFinished: m.finishedJobTtlSeconds, template: pod.template },
  };
}

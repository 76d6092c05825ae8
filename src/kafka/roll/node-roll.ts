import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { apiServerEgressRule, dnsEgressRule, serviceEgressRule } from '../../access/egress';
import { addNamespacedAccess, apiCallerPod, apiClientPreamble } from '../../core/api-caller';
import { CURL_JSON } from '../../core/curl-json';
import { jobSpecHash } from '../../core/job-spec-hash';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { CONFLUENT_APP_USER } from '../../core/pod-security';
import { envLines, mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { ClusterMembers } from '../cluster-members';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { kafkaToolsContainer, kafkaToolsVolumes } from '../kafka-tools-container';
import { RESERVED_LISTENERS } from '../listener';
import { RESTART_SAFETY } from '../nodes/node-scripts';
import { TOOL_TIMEOUT_SECONDS, VOTER_FRESHNESS_MS } from '../nodes/pre-stop-timing';
import { guardsQuorum, quorumStateName } from '../nodes/quorum-guard';
import { accessJobSelector, brokerSelector, clusterLabels, controllerSelector } from '../pod-labels';
import { KEYSTORE_SETUP, NodeTlsFiles, renderKeystoreSetup } from '../security/access-scripts';
import { listenerCertificateName, nodeCertificateInPod, nodeCertificateName } from '../security/certificates';
import { KEYSTORE_DIR } from '../security/cluster-security';

// The one way the library restarts Kafka nodes: a roll pod whose driver (node-roll.sh,
// curl image) restarts one node of the whole cluster at a time over OnDelete
// StatefulSets, asking its Kafka check container (roll-check.sh, the cluster's image)
// before each restart. A Job runs it after every change of a node's pod template; with
// TLS a CronJob runs it too, so nodes restart onto a renewed certificate. A Lease
// keeps two runs from acting at once.

const DRIVER = ScriptFile.at(__dirname, 'node-roll.sh');
const CHECK = ScriptFile.at(__dirname, 'roll-check.sh');

/** Directory the two containers of the roll pod share (requests and answers). */
const WORK_DIR = '/work';
/**
 * The check container's client settings: next to its keystore with TLS, else in the
 * image's writable /tmp.
 */
const CHECK_CLIENT_CONFIG = { tls: `${KEYSTORE_DIR}/client.properties`, plain: '/tmp/client.properties' };

/** Timing of the roll; none of it orders or excludes anything (the Lease and the checks do). */
export const ROLL_TIMING = {
  /** Seconds between rounds: how soon the roll sees a restarted node back and caught up. */
  pollSeconds: 10,
  /** Seconds between looks for the check's answer (the check container's loop too). */
  tickSeconds: 1,
  /**
   * Seconds a run that stopped renewing keeps the Lease: only how long a killed run
   * delays the next; a run renews it right before each restart, so one that lost it
   * restarts nothing.
   */
  leaseSeconds: 120,
  /** Longest wait for one answer: two tools (a combined node) at their timeout, with room to start. */
  checkTimeoutSeconds: 2 * (TOOL_TIMEOUT_SECONDS + 5),
  /** Rounds in a row the API may fail (5 minutes at the poll interval) before the run fails and the Job retries. */
  attempts: 30,
  /** Rounds after which an unchanged status is printed again (5 minutes). */
  repeat: 30,
  /**
   * Seconds after a certificate's renewal before the roll counts on every kubelet having
   * the new Secret in the pods' volumes (a minute of sync period and a minute of cache,
   * with room): a container started earlier may have read the old one.
   */
  certificateSettleSeconds: 300,
  /**
   * Seconds the driver may stay silent before the check container stops: the driver
   * shows it is alive before every API call and while it waits for an answer, so only
   * a killed driver is silent this long; the pod then ends and the Job retries.
   */
  driverSilenceSeconds: 300,
};

/** One node as the roll sees it. */
export interface RollNode {
  readonly pod: string;
  readonly statefulSet: string;
  readonly nodeId: number;
  /** `broker`, `controller` or `broker,controller`. */
  readonly roles: string;
}

/**
 * The node pods in roll order: the pools with KRaft voters first (a voter restarts
 * before any broker-only node; the active controller is put last at run time), then the
 * pools in the order they were added; in each StatefulSet the highest ordinal first, as
 * the StatefulSet controller would.
 */
export function rollNodes(pools: readonly ResolvedPool[]): RollNode[] {
  const votersFirst = [...pools].sort((a, b) => Number(hasRole(b, NodeRole.CONTROLLER)) - Number(hasRole(a, NodeRole.CONTROLLER)));
  return votersFirst.flatMap(pool => pool.statefulSets.flatMap(sts => sts.nodeIds.map((nodeId, ordinal) => ({
    pod: `${sts.name}-${ordinal}`,
    statefulSet: sts.name,
    nodeId,
    roles: pool.roles.join(','),
  })).reverse()));
}

/** The Certificates the nodes read at start, which the certificate CronJob restarts them after. */
export interface RenewedCertificates {
  /** The nodes' own, on every node. */
  readonly nodes: string;
  /** The client listeners', on brokers, when they serve TLS to clients. */
  readonly brokers?: string;
}

/** The certificates a cluster restarts its nodes after, when it does. */
export function renewedCertificates(m: ResolvedCluster): RenewedCertificates | undefined {
  if (m.certificateRolloutSchedule === undefined) return undefined;
  return { nodes: nodeCertificateName(m), brokers: m.security.tls?.listenerSecret === undefined ? undefined : listenerCertificateName(m) };
}

/** What the driver works on. */
export interface RollScriptInput {
  readonly nodes: readonly RollNode[];
  /** The Lease that serializes runs. */
  readonly lease: string;
  /** The Certificates whose renewal nodes restart after. */
  readonly certificates?: RenewedCertificates;
  /** Where the quorum's bootstrap is recorded, when the voters keep their disks. */
  readonly quorumState?: QuorumState;
  /** Where the release every node runs is recorded, for the components. */
  readonly versionRecord?: VersionRecord;
}

/**
 * The ConfigMap that records the release every node runs (components wait on it), read
 * from the StatefulSets' version label when a roll ends.
 */
export interface VersionRecord {
  readonly configMap: string;
  /** The voters' StatefulSet that owns it, so it goes with the cluster. */
  readonly owner: string;
}

/**
 * The ConfigMap that records the quorum's bootstrap (see quorum-guard.sh). It has no
 * owner: recreating the voters' StatefulSet must not delete it.
 */
export interface QuorumState {
  readonly configMap: string;
  readonly clusterId: string;
}

/**
 * The driver (node-roll.sh after api-client.sh and curl-json.sh; POSIX sh, curl image):
 * restarts outdated nodes one at a time across the whole cluster, voters first and the
 * active controller last, each only when the check container says it is safe, through
 * the Eviction API when the pod is Ready.
 */
export function renderRollScript(input: RollScriptInput): ShellScript {
  const t = ROLL_TIMING;
  return {
    command: scriptCommand(Shell.SH, apiClientPreamble(), CURL_JSON, DRIVER),
    env: scriptEnv({
      CDK8S_ROLL_STATEFULSETS: envLines([...new Set(input.nodes.map(n => n.statefulSet))].map(s => [s])),
      CDK8S_ROLL_NODES: envLines(input.nodes.map(n => [n.pod, n.statefulSet, n.nodeId, n.roles])),
      CDK8S_ROLL_LEASE: input.lease,
      CDK8S_ROLL_LEASE_SECONDS: t.leaseSeconds,
      CDK8S_ROLL_POLL_SECONDS: t.pollSeconds,
      CDK8S_ROLL_TICK_SECONDS: t.tickSeconds,
      CDK8S_ROLL_CHECK_TIMEOUT_SECONDS: t.checkTimeoutSeconds,
      CDK8S_ROLL_ATTEMPTS: t.attempts,
      CDK8S_ROLL_REPEAT: t.repeat,
      CDK8S_ROLL_WORK: WORK_DIR,
      CDK8S_ROLL_CERTIFICATE: input.certificates?.nodes,
      CDK8S_ROLL_BROKER_CERTIFICATE: input.certificates?.brokers,
      CDK8S_ROLL_CERTIFICATE_SETTLE_SECONDS: input.certificates === undefined ? undefined : t.certificateSettleSeconds,
      CDK8S_ROLL_QUORUM_STATE: input.quorumState === undefined ? undefined : `${input.quorumState.configMap} ${input.quorumState.clusterId}`,
      CDK8S_ROLL_VERSION: input.versionRecord === undefined ? undefined : `${input.versionRecord.configMap} ${input.versionRecord.owner}`,
    }),
  };
}

/** What the check container connects to. */
export interface CheckScriptInput {
  /** `host:port,...` of the brokers' replication listener. */
  readonly brokers: string;
  /** `host:port,...` of the controllers' listener. */
  readonly controllers: string;
  /** The nodes' certificate, which it connects with (it acts as the cluster). */
  readonly tls?: NodeTlsFiles;
}

/**
 * The check (roll-check.sh after keystore-setup.sh and restart-safety.sh; bash, Kafka image): answers the
 * driver's questions with the Kafka tools, each run bounded by a watchdog.
 */
export function renderCheckScript(input: CheckScriptInput): ShellScript {
  const t = ROLL_TIMING;
  return {
    command: scriptCommand(Shell.BASH, KEYSTORE_SETUP, RESTART_SAFETY, CHECK),
    env: mergeEnv(
      input.tls === undefined ? [] : renderKeystoreSetup(input.tls),
      scriptEnv({
        CDK8S_CLIENT_CONFIG: input.tls?.clientConfigFile ?? CHECK_CLIENT_CONFIG.plain,
        CDK8S_ROLL_WORK: WORK_DIR,
        CDK8S_ROLL_BROKERS: input.brokers,
        CDK8S_ROLL_CONTROLLERS: input.controllers,
        CDK8S_ROLL_TOOL_TIMEOUT_SECONDS: TOOL_TIMEOUT_SECONDS,
        CDK8S_ROLL_VOTER_FRESHNESS_MS: VOTER_FRESHNESS_MS,
        CDK8S_ROLL_TICK_SECONDS: t.tickSeconds,
        CDK8S_ROLL_DRIVER_SILENCE_SECONDS: t.driverSilenceSeconds,
      }),
    ),
  };
}

/** `host:port,...` of the nodes with `role`, on `port`, by their pods' DNS names. */
function listenerAddresses(m: ResolvedCluster, nodes: readonly RollNode[], role: NodeRole, port: number): string {
  return nodes.filter(n => n.roles.split(',').includes(role))
    .map(n => `${n.pod}.${m.headlessService}.${m.namespace}.svc.${m.clusterDomain}:${port}`)
    .sort().join(',');
}


/** The ConfigMap in which the roll records the release every node runs. */
export function versionConfigMapName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka-version`;
}

/** The pool of the KRaft voters (the controllers, or the combined brokers). */
function voterPool(pools: readonly ResolvedPool[]): ResolvedPool | undefined {
  return pools.find(p => hasRole(p, NodeRole.CONTROLLER));
}

/** Where the roll records the release every node runs, owned by the voters' first StatefulSet. */
export function versionRecord(m: ResolvedCluster, pools: readonly ResolvedPool[]): VersionRecord | undefined {
  const voters = voterPool(pools);
  return voters === undefined ? undefined : { configMap: versionConfigMapName(m), owner: voters.statefulSets[0].name };
}

/** Where the roll records the quorum's bootstrap: only when the voters run the quorum guard. */
export function quorumState(m: ResolvedCluster, pools: readonly ResolvedPool[]): QuorumState | undefined {
  const voters = voterPool(pools);
  if (voters === undefined || !guardsQuorum(voters)) return undefined;
  return { configMap: quorumStateName(m), clusterId: m.clusterId };
}

/** The namespaced rules of the roll's Role: the exact pods, StatefulSets, Lease, Certificates and version ConfigMap. */
export function renderRollRules(m: ResolvedCluster, nodes: readonly RollNode[], certificates: RenewedCertificates | undefined): k8s.PolicyRule[] {
  const certificateNames = certificates === undefined ? [] : [certificates.nodes, certificates.brokers].filter((n): n is string => n !== undefined);
  const pods = nodes.map(n => n.pod);
  return [
    { apiGroups: [''], resources: ['pods'], resourceNames: pods, verbs: ['get', 'delete'] },
    // A subresource's create can be limited to names (the pod's name is in the URL).
    { apiGroups: [''], resources: ['pods/eviction'], resourceNames: pods, verbs: ['create'] },
    { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: [...new Set(nodes.map(n => n.statefulSet))], verbs: ['get'] },
    // create cannot be limited to a name: it may create Leases, and read or change only its own.
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
    { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: [rollName(m)], verbs: ['get', 'update'] },
    ...(certificateNames.length === 0 ? [] : [{ apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: certificateNames, verbs: ['get'] }]),
    // Creates the version and quorum-state ConfigMaps (a create cannot be limited to a
    // name); it may change only the version one, and read none.
    { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [versionConfigMapName(m)], verbs: ['patch'] },
  ];
}

/**
 * The roll pod: the driver with the pod's API token, the check container with the
 * nodes' certificate (with TLS), both as the Confluent images' user so they share the
 * work directory.
 */
export function renderRollPod(
  m: ResolvedCluster, pools: readonly ResolvedPool[], renewed: RenewedCertificates | undefined,
): k8s.PodTemplateSpec {
  const nodes = rollNodes(pools);
  const tls = m.security.tls;
  const certificate = tls === undefined ? undefined : nodeCertificateInPod(m, tls, CHECK_CLIENT_CONFIG.tls);
  const check = renderCheckScript({
    brokers: listenerAddresses(m, nodes, NodeRole.BROKER, RESERVED_LISTENERS.REPLICATION.port),
    controllers: listenerAddresses(m, nodes, NodeRole.CONTROLLER, RESERVED_LISTENERS.CONTROLLER.port),
    tls: certificate?.files,
  });
  const work = { name: 'work', mountPath: WORK_DIR };
  return apiCallerPod({
    serviceAccount: rollName(m),
    labels: accessJobSelector(m.name, 'roll'),
    container: 'roll',
    user: CONFLUENT_APP_USER,
    imagePullPolicy: m.imagePullPolicy,
    script: renderRollScript({
      nodes, lease: rollName(m), certificates: renewed, quorumState: quorumState(m, pools), versionRecord: versionRecord(m, pools),
    }),
    mounts: [work],
    sidecars: [kafkaToolsContainer(m, 'kafka-check', check, [work, ...certificate?.mounts ?? []])],
    volumes: [
      ...kafkaToolsVolumes(),
      { name: 'work', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
      ...certificate?.volumes ?? [],
    ],
  });
}

/** The roll's name: its ServiceAccount, Role, CronJob, NetworkPolicy, Lease, and its Jobs' prefix. */
export function rollName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka-roll`;
}

/** What the roll is built from. */
export interface NodeRollProps {
  readonly cluster: ResolvedCluster;
  /** The pools, rendered at synth. */
  readonly members: ClusterMembers;
  /** The cluster construct, whose node StatefulSets' templates name the Job. */
  readonly nodes: Construct;
}

/**
 * The roll: ServiceAccount, Role and binding, the Job that runs after a change of any
 * node's pod template (named by a hash of the templates, so each change is a new Job),
 * with TLS the CronJob that restarts nodes onto a renewed certificate, and their
 * NetworkPolicy.
 */
export class NodeRoll extends Construct {
  constructor(scope: Construct, id: string, props: NodeRollProps) {
    super(scope, id);
    const m = props.cluster;
    const labels = clusterLabels(m, 'roll');
    const name = rollName(m);
    const pools = () => props.members.snapshot().pools;
    const certificates = renewedCertificates(m);
    addNamespacedAccess(this, name, labels, late(() => renderRollRules(m, rollNodes(pools()), certificates)));
    const jobSpec = props.members.memo((): k8s.JobSpec => ({
      backoffLimit: 6,
      // Deleted after a while, so a later apply runs it again and it finds what is left.
      ttlSecondsAfterFinished: m.finishedJobTtlSeconds,
      template: renderRollPod(m, pools(), undefined),
    }));
    new k8s.KubeJob(this, 'Job', {
      metadata: { name: late(() => `${name}-${jobSpecHash(jobSpec(), ...nodeTemplates(props.nodes))}`), labels },
      spec: late(jobSpec),
    });
    if (certificates !== undefined) {
      claimName(this, 'CronJob', name);
      new k8s.KubeCronJob(this, 'CronJob', {
        metadata: { name, labels },
        spec: {
          schedule: m.certificateRolloutSchedule!,
          // A run that is still rolling is the one that finishes; the Lease would make a second wait anyway.
          concurrencyPolicy: 'Forbid',
          successfulJobsHistoryLimit: 1,
          failedJobsHistoryLimit: 3,
          jobTemplate: { spec: { backoffLimit: 6, template: late(() => renderRollPod(m, pools(), certificates)) } },
        },
      });
    }
    if (m.network.policy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', name), labels },
        spec: {
          podSelector: { matchLabels: accessJobSelector(m.name, 'roll') },
          policyTypes: m.network.egress ? ['Ingress', 'Egress'] : ['Ingress'],
          ingress: [],
          egress: !m.network.egress ? undefined : [
            apiServerEgressRule(m.network.egressPorts),
            dnsEgressRule(m.network.egressPorts),
            serviceEgressRule([RESERVED_LISTENERS.REPLICATION.port], brokerSelector(m)),
            serviceEgressRule([RESERVED_LISTENERS.CONTROLLER.port], controllerSelector(m)),
          ],
        },
      });
    }
  }
}

/**
 * The pod templates of the node StatefulSets under `scope`, as synthesized (JSON patches
 * included), in construct order: what the roll Job's name changes with.
 */
function nodeTemplates(scope: Construct): string[] {
  // By kind: `instanceof` a generated class is true of every ApiObject (cdk8s's Symbol.hasInstance).
  return scope.node.findAll()
    .filter((c): c is ApiObject => ApiObject.isApiObject(c) && c.kind === 'StatefulSet')
    .map(sts => JSON.stringify(sts.toJson().spec?.template));
}

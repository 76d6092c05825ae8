import { Cron, Size } from 'cdk8s';
import { ImagePullPolicy } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { NodeRole, QuorumVoter, ResolvedCluster, ResolvedNetwork, ResolvedPool, ResolvedReplication } from './cluster-model';
import { KafkaClusterProps, KafkaEdition, KRaftMode } from './kafka-cluster-props';
import { checkPort, Listener, ListenerScope, resolveListeners } from './listener';
import { resolveMonitoring } from '../observability/monitoring';
import { checkBrokerProperties, UNCLEAN_WARNING, uncleanElection } from './nodes/config-overrides';
import { checkClusterId, deriveClusterId } from './nodes/node-identity';
import { NodePoolOptions } from './nodes/node-pool-options';
import { resolvePool } from './nodes/resolve-pool';
import { resolvePrune } from './prune-options';
import { resolveSecurity } from './security/cluster-security';
import { checkPeers } from '../access/client-peer';
import { AuthenticationMechanism } from '../access/listener-authentication';
import { ConfluentComponent } from '../core/component';
import { checkRules, ErrorScope, formatViolation, raise } from '../core/errors';
import { finishedJobTtlSeconds } from '../core/finished-job-ttl';
import { resolveImage } from '../core/image';
import { checkLabelValue } from '../core/labels';
import { isDnsDomain, normalize, resourceName, serviceHost } from '../core/naming';
import { cronExpression } from '../core/prop-shapes';
import { positiveSizeBytes } from '../core/quantity';
import { ConfluentVersion } from '../core/version';
import { DEFAULT_LOG_LEVELS, resolveLogging } from '../observability/logging';
import { KafkaTopic } from '../topics/kafka-topic';

/** Name of the pool every cluster has. */
export const BROKERS_POOL = 'brokers';
/** Name of the dedicated controller pool. */
export const CONTROLLERS_POOL = 'controllers';

const DEFAULT_CLIENT_LISTENER = { name: 'client', port: 9092 };
const CONTROLLER_NODE_ID_BASE = 9990;

/** Where the cluster lives: known to the construct only. */
export interface ClusterPlacement {
  /** Base of every object name (the construct's resource name). */
  readonly name: string;
  /** The chart's namespace. */
  readonly namespace?: string;
}

/** A cluster as resolved from its props: the shared model and the two pools it always has. */
export interface ResolvedClusterPlan {
  readonly cluster: ResolvedCluster;
  /** The controller pool: dedicated controllers, or the `brokers` pool in combined mode. */
  readonly controllers: ResolvedPool;
  /** The `brokers` pool with dedicated controllers (undefined in combined mode). */
  readonly brokers?: ResolvedPool;
}

/**
 * Applies defaults to a cluster's props and checks them: release, edition and mode,
 * zones, replication defaults, listeners, security, names, the controller pool and the
 * quorum it forms, and (with dedicated controllers) the `brokers` pool. Pure: it emits
 * no objects; `scope` names the construct in errors and object names.
 */
export function resolveCluster(scope: IConstruct, props: KafkaClusterProps, placement: ClusterPlacement): ResolvedClusterPlan {
  const { name, namespace } = placement;
  const version = props.version ?? ConfluentVersion.LATEST;
  if (!(version instanceof ConfluentVersion)) {
    raise(scope, 'version', version, 'it is not a ConfluentVersion', 'Use ConfluentVersion.V8_0 or ConfluentVersion.of("8.0.4")');
  }
  const edition = props.edition ?? KafkaEdition.COMMUNITY;
  const mode = props.mode ?? KRaftMode.DEDICATED;
  checkRules(scope, [
    { when: !Object.values(KafkaEdition).includes(edition), prop: 'edition', value: edition, why: 'it is not a KafkaEdition', fix: 'Use KafkaEdition.COMMUNITY or KafkaEdition.CONFLUENT_SERVER' },
    { when: !Object.values(KRaftMode).includes(mode), prop: 'mode', value: mode, why: 'it is not a KRaftMode', fix: 'Use KRaftMode.DEDICATED or KRaftMode.COMBINED' },
    { when: mode === KRaftMode.COMBINED && props.controllers !== undefined, prop: 'controllers', value: props.controllers, why: 'combined mode has no separate controller pool', fix: 'Remove controllers, or use mode: KRaftMode.DEDICATED' },
  ]);

  const zones = resolveZones(scope, props.zones);
  const replication = resolveReplication(scope, props);
  const listeners = resolveListeners(scope, props.listeners ?? [Listener.internal(DEFAULT_CLIENT_LISTENER)]);
  const clusterDomain = props.clusterDomain ?? 'cluster.local';
  if (!isDnsDomain(clusterDomain)) {
    raise(scope, 'clusterDomain', clusterDomain, 'it is not a DNS domain', 'Use the domain your cluster DNS serves, e.g. "cluster.local"');
  }
  const security = resolveSecurity(scope, props, name, namespace, listeners);
  const clusterId = props.clusterId === undefined ? deriveClusterId(namespace ?? 'default', name) : checkClusterId(scope, 'clusterId', props.clusterId);
  const network = resolveNetwork(scope, props);
  const rolloutSchedule = resolveRolloutSchedule(scope, props);

  const bootstrapService = `${name}-kafka-bootstrap`;
  const firstInternal = listeners.find(l => l.scope === ListenerScope.INTERNAL);
  const base = {
    name,
    namespace,
    dedicatedControllers: mode === KRaftMode.DEDICATED,
    clusterId,
    version,
    confluentServer: edition === KafkaEdition.CONFLUENT_SERVER,
    image: resolveImage(scope, 'image', edition, version.version, props.image),
    imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
    clusterDomain,
    headlessService: `${name}-kafka-nodes`,
    bootstrapService,
    serviceAccount: `${name}-kafka`,
    metricsConfigMap: `${name}-kafka-metrics`,
    bootstrapServers: firstInternal === undefined ? '' : `${serviceHost(bootstrapService, namespace, clusterDomain)}:${firstInternal.port}`,
    listeners,
    metricsPeers: checkPeers(scope, 'metricsPeers', props.metricsPeers),
    monitoring: props.monitoring === undefined ? undefined : resolveMonitoring(scope, 'monitoring', props.monitoring),
    logging: props.logging === undefined ? undefined : resolveLogging(scope, 'logging', props.logging, version, DEFAULT_LOG_LEVELS[ConfluentComponent.KAFKA]),
    loggingConfigMap: `${name}-kafka-logging`,
    zones,
    replication,
    properties: checkBrokerProperties(scope, version, 'properties', props.properties, 'customProperties', props.customProperties),
    security,
    network,
    certificateRolloutSchedule: security.tls !== undefined && (props.certificateRollout ?? true) ? rolloutSchedule : undefined,
    finishedJobTtlSeconds: finishedJobTtlSeconds(scope, 'finishedJobTtl', props.finishedJobTtl),
    prune: resolvePrune(props.prune),
    finalizedVersion: resolveFinalizedVersion(scope, version, props.finalizedVersion),
    reassignmentThrottleBytes: positiveSizeBytes(scope, 'reassignmentThrottle', props.reassignmentThrottle ?? Size.mebibytes(50)),
    balanceReplicas: props.balanceReplicas ?? true,
  };

  // The quorum is known before any pool is assembled: the voters are the controller pool.
  const combined = mode === KRaftMode.COMBINED;
  const controllers = resolveClusterPool(scope, { version, zones }, combined ? BROKERS_POOL : CONTROLLERS_POOL,
    combined ? [NodeRole.BROKER, NodeRole.CONTROLLER] : [NodeRole.CONTROLLER],
    (combined ? props.brokers : props.controllers) ?? {}, combined ? 0 : CONTROLLER_NODE_ID_BASE);
  const voters: QuorumVoter[] = controllers.statefulSets.flatMap(sts => sts.nodeIds.map((id, ordinal) => ({ id, pod: `${sts.name}-${ordinal}` })));
  const brokers = combined ? undefined
    : resolveClusterPool(scope, { version, zones }, BROKERS_POOL, [NodeRole.BROKER], props.brokers ?? {}, 0);
  return { cluster: { ...base, voters }, controllers, brokers };
}

/**
 * Resolves a pool of the cluster: its objects are named and its errors reported under
 * `<cluster>/<pool>`. A pool resolves the same whatever pools came before it.
 */
export function resolveClusterPool(
  scope: IConstruct,
  cluster: { readonly version: ConfluentVersion; readonly zones: readonly string[] },
  poolName: string,
  roles: readonly NodeRole[],
  options: NodePoolOptions,
  defaultNodeIdBase: number | undefined,
): ResolvedPool {
  return resolvePool(`${scope.node.path}/${poolName}`, poolName, roles, options ?? {}, {
    version: cluster.version,
    resourceName: resourceName(scope, [poolName]),
    zones: cluster.zones,
    defaultNodeIdBase,
  });
}

/** Minimal release whose features a Job turns on: 7.9's are those a 7.9 cluster is created with. */
const FIRST_FINALIZED = ConfluentVersion.of('8.0.0');

/**
 * Checks `finalizedVersion`: a release the nodes run (not above `version`: a feature
 * needs every node to support it, and below it the images cannot go back), from 8.0.
 */
function resolveFinalizedVersion(
  scope: IConstruct, version: ConfluentVersion, finalized: ConfluentVersion | undefined,
): ConfluentVersion | undefined {
  if (finalized === undefined) return undefined;
  checkRules(scope, [
    {
      when: finalized.line !== version.line && finalized.compareTo(version) > 0,
      prop: 'finalizedVersion',
      value: finalized.version,
      why: `it is above version ${version.version}: a release's features need every node to run it, and metadata turned on for it cannot go back`,
      fix: `Keep version at ${finalized.line} or later, and set finalizedVersion only once every node runs it`,
    },
    {
      when: !finalized.isAtLeast(FIRST_FINALIZED),
      prop: 'finalizedVersion',
      value: finalized.version,
      why: 'a cluster made with 7.9 already has its features (kafka-storage format sets them)',
      fix: 'Remove it, or set it to 8.0 or later once every node runs that release',
    },
  ]);
  return finalized;
}

/** Legal but risky choices of the cluster, for the user to see at synth. */
export function clusterWarnings(cluster: ResolvedCluster, controllers: ResolvedPool): string[] {
  const warnings: string[] = [];
  const { factor } = cluster.replication;
  if (factor < 3) {
    warnings.push(`replicationFactor ${factor} keeps ${factor === 1 ? 'one copy: a lost broker or disk loses its partitions' : 'two copies: with min ISR 1 a single failure can lose acknowledged writes'}. Use 3 outside dev.`);
  }
  for (const l of cluster.listeners.filter(x => x.authentication === AuthenticationMechanism.NONE)) {
    warnings.push(cluster.security.authorizer
      ? `listener ${l.name} does not authenticate: its clients are User:ANONYMOUS, which is granted nothing, so they can do nothing. Authenticate it, or remove it.`
      : `listener ${l.name} does not authenticate and no listener does, so nothing is authorized: anyone who reaches it can read, write and delete every topic. Use ListenerAuthentication.scramSha512() outside dev.`);
  }
  if (cluster.security.tls === undefined) {
    warnings.push('the cluster has no TLS: records, and the replication and controller traffic, cross the network in clear. Keep tls (the default) outside dev.');
  }
  if (uncleanElection(cluster.properties)) warnings.push(UNCLEAN_WARNING);
  if (cluster.monitoring !== undefined && cluster.network.policy && cluster.metricsPeers.length === 0) {
    warnings.push('monitoring is on but metricsPeers is empty: the NetworkPolicy admits nobody to the metrics port (9404), so Prometheus cannot scrape. '
      + 'Give metricsPeers, e.g. [ClientPeer.namespace(\'monitoring\')].');
  }
  if (controllers.replicas === 1) {
    warnings.push('a single KRaft controller is a single point of failure: losing it stops all metadata changes. Use 3 controllers outside dev.');
  }
  return warnings;
}

/**
 * Violations when topics could not be created: fewer brokers (over every pool) than the
 * replication factor. Checked at synth, once every pool is added.
 */
/** Brokers the pools keep: their replicas, less those being drained (`drainTo`). */
function keptBrokers(pools: readonly ResolvedPool[]): number {
  return pools.filter(p => p.roles.includes(NodeRole.BROKER)).reduce((n, p) => n + p.replicas - p.draining.length, 0);
}

export function brokerCountViolations(path: string, cluster: ResolvedCluster, pools: readonly ResolvedPool[]): string[] {
  const brokers = keptBrokers(pools);
  const { factor } = cluster.replication;
  if (brokers >= factor) return [];
  return [formatViolation({
    path,
    prop: 'replicationFactor',
    value: factor,
    why: `the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}${pools.some(p => p.draining.length > 0) ? ' once the drain is done' : ''}, so topics and the internal topics could not be created`,
    fix: `Set replicationFactor to at most ${Math.max(1, brokers)} (and minInSyncReplicas below it), or add brokers`,
  })];
}

/** Violations of topics whose replication factor exceeds the brokers (checked at synth: pools may be added later). */
export function topicReplicationViolations(path: string, topics: readonly KafkaTopic[], pools: readonly ResolvedPool[]): string[] {
  const brokers = keptBrokers(pools);
  return topics.filter(t => t.replicationFactor > brokers).map(t => formatViolation({
    path: `${path}/topic ${t.name}`,
    prop: 'replicationFactor',
    value: t.replicationFactor,
    why: `the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}${pools.some(p => p.draining.length > 0) ? ' once the drain is done' : ''}, and Kafka places each copy of a partition on a different broker`,
    fix: `Use at most ${Math.max(1, brokers)}, or add brokers`,
  }));
}

function resolveNetwork(scope: ErrorScope, props: KafkaClusterProps): ResolvedNetwork {
  const policy = props.networkPolicy ?? true;
  const egress = props.egressPolicy ?? false;
  const egressPorts = {
    dns: checkPortList(scope, 'egressDnsPorts', props.egressDnsPorts === undefined ? [53] : props.egressDnsPorts),
    apiServer: checkPortList(scope, 'egressApiServerPorts', props.egressApiServerPorts === undefined ? [443, 6443] : props.egressApiServerPorts),
  };
  if (egress && !policy) {
    raise(scope, 'egressPolicy', true, 'egress rules live in the cluster\'s NetworkPolicy, and networkPolicy is false', 'Remove egressPolicy, or keep networkPolicy');
  }
  return { policy, egress, egressPorts };
}

function resolveRolloutSchedule(scope: ErrorScope, props: KafkaClusterProps): string {
  return cronExpression(scope, 'certificateRolloutSchedule', props.certificateRolloutSchedule, Cron.schedule({ minute: '17' }),
    'Use e.g. Cron.schedule({ minute: \'17\', hour: \'3\' }) (daily at 03:17)');
}

function resolveZones(scope: ErrorScope, zones: string[] | undefined): string[] {
  if (zones === undefined) return [];
  if (!Array.isArray(zones)) {
    raise(scope, 'zones', zones, 'it must be a list of zone names', "Write it like ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']");
  }
  const seen = new Map<string, number>();
  zones.forEach((zone, i) => {
    if (typeof zone !== 'string' || zone.length === 0) {
      raise(scope, `zones[${i}]`, zone, 'a zone is a non-empty value of the topology.kubernetes.io/zone label', "Use e.g. 'eu-west-1a'");
    }
    checkLabelValue(`zones[${i}]`, zone, scope);
    const key = normalize(zone);
    const previous = seen.get(key);
    if (previous !== undefined) {
      raise(scope, `zones[${i}]`, zone, `it repeats zones[${previous}]${zones[previous] === zone ? '' : ` ("${zones[previous]}" names the same zone)`}`, 'List every zone once');
    }
    seen.set(key, i);
  });
  return [...zones];
}

function resolveReplication(scope: ErrorScope, props: KafkaClusterProps): ResolvedReplication {
  const factor = props.replicationFactor ?? 3;
  const minInSync = props.minInSyncReplicas ?? defaultMinInSync(factor);
  const partitions = props.defaultPartitions ?? 3;
  const whole = (v: number) => Number.isInteger(v) && v >= 1;
  checkRules(scope, [
    { when: !whole(factor) || factor > 32767, prop: 'replicationFactor', value: factor, why: 'it is a whole number of replicas, at least 1', fix: 'Use 3 in production' },
    { when: !whole(minInSync), prop: 'minInSyncReplicas', value: minInSync, why: 'it is a whole number of replicas, at least 1', fix: 'Use 2 with replication factor 3' },
    {
      when: whole(factor) && whole(minInSync) && factor > 1 && minInSync >= factor,
      prop: 'minInSyncReplicas',
      value: minInSync,
      why: `it must be below replicationFactor (${factor}): otherwise losing any one broker stops all acks=all writes`,
      fix: `Use ${factor - 1}`,
    },
    { when: whole(factor) && factor === 1 && minInSync !== 1, prop: 'minInSyncReplicas', value: minInSync, why: 'with replicationFactor 1 only one copy exists', fix: 'Use 1' },
    { when: !whole(partitions) || partitions > 100000, prop: 'defaultPartitions', value: partitions, why: 'it is a whole number of partitions, at least 1', fix: 'Use e.g. 3' },
  ]);
  return { factor, minInSync, partitions };
}

function checkPortList(scope: ErrorScope, prop: string, ports: number[]): number[] {
  if (!Array.isArray(ports) || ports.length === 0) {
    raise(scope, prop, ports, 'it is a non-empty list of ports', 'Write it like [53]');
  }
  ports.forEach((port, i) => checkPort(scope, `${prop}[${i}]`, port));
  return [...ports];
}

/**
 * The default `min.insync.replicas` for a replication factor: 2 from 3 copies on (one
 * broker can be down and acks=all writes go on, an acknowledged write is on two
 * brokers), otherwise 1 (with 2 copies, 2 would stop writes whenever one broker is down).
 */
export function defaultMinInSync(factor: number): number {
  return factor >= 3 ? 2 : 1;
}

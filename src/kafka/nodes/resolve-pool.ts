import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { PlacedBroker, NodeRole, PoolStatefulSet, ResolvedPool } from '../cluster-model';
import { checkBrokerProperties } from './config-overrides';
import { checkNodeIdBase, nodeIdsByZone } from './node-identity';
import { MAX_POOL_REPLICAS, NodePoolOptions, SpreadPolicy } from './node-pool-options';
import { preStopBudget } from './pre-stop-timing';
import { Storage } from './storage';
import { ErrorScope, raise } from '../../core/errors';
import { fitName, NameLimit, normalize } from '../../core/naming';
import { ReservedEnv, resolvePodSettings } from '../../core/pod-settings';
import { HEAP_RULES, heapForMemory, resolveResources } from '../../core/resources';
import { ConfluentVersion } from '../../core/version';


/**
 * What `extraEnv` may not set on a node: the image turns `KAFKA_*` and `CONFLUENT_*`
 * into properties, except the JVM and logging variables its template excludes
 * (kafka-images kafka.properties.template), which stay the user's; the start script's
 * own inputs (the node identity comes from HOSTNAME, the pod's name) are the library's.
 */
const NODE_ENV: ReservedEnv = {
  prefixes: ['KAFKA_', 'CONFLUENT_'],
  names: ['CLUSTER_ID', 'HOSTNAME', 'POD_NAMESPACE', 'NODE_ID_BASE', 'NODE_ID_STRIDE', 'KAFKA_HEAP_OPTS', 'LOG_DIR'],
  allowed: ['KAFKA_OPTS', 'KAFKA_JVM_PERFORMANCE_OPTS', 'KAFKA_GC_LOG_OPTS', 'KAFKA_JMX_OPTS', 'KAFKA_LOG4J_ROOT_LOGLEVEL', 'KAFKA_LOG4J_LOGGERS', 'KAFKA_TOOLS_LOG4J_LOGLEVEL'],
};

/** Role-specific defaults of a pool. */
interface PoolDefaults {
  readonly replicas: number;
  readonly memory: Size;
  readonly cpu: Cpu;
  readonly storage: () => Storage;
  readonly terminationGrace: Duration;
}

const BROKER_DEFAULTS: PoolDefaults = {
  replicas: 3,
  memory: Size.gibibytes(4),
  cpu: Cpu.millis(1000),
  storage: () => Storage.persistent({ size: Size.gibibytes(100) }),
  terminationGrace: Duration.minutes(5),
};

const CONTROLLER_DEFAULTS: PoolDefaults = {
  replicas: 3,
  memory: Size.gibibytes(2),
  cpu: Cpu.millis(500),
  storage: () => Storage.persistent({ size: Size.gibibytes(10) }),
  terminationGrace: Duration.minutes(2),
};

/** What resolving a pool needs from the cluster. */
export interface PoolContext {
  readonly version: ConfluentVersion;
  /** Base name of the pool's objects (`events-brokers`). */
  readonly resourceName: string;
  readonly zones: readonly string[];
  /** Node id base when the options give none (undefined: the options must give one). */
  readonly defaultNodeIdBase?: number;
}

/**
 * Applies defaults to a pool's options and checks them. Pure: the result decides every
 * object the pool renders.
 */
export function resolvePool(scope: ErrorScope, name: string, roles: readonly NodeRole[], options: NodePoolOptions, ctx: PoolContext): ResolvedPool {
  if (options === null || typeof options !== 'object') {
    raise(scope, name, options, 'pool options must be an object', 'Pass e.g. { replicas: 3 }');
  }
  const controller = roles.includes(NodeRole.CONTROLLER);
  const broker = roles.includes(NodeRole.BROKER);
  const defaults = broker ? BROKER_DEFAULTS : CONTROLLER_DEFAULTS;

  const replicas = options.replicas ?? defaults.replicas;
  if (!Number.isInteger(replicas) || replicas < 0 || replicas > MAX_POOL_REPLICAS) {
    raise(scope, 'replicas', replicas, `a pool has a whole number of nodes from 0 to ${MAX_POOL_REPLICAS}`, 'Use e.g. 3');
  }
  if (controller && (replicas < 1 || replicas % 2 === 0)) {
    raise(scope, 'replicas', replicas,
      'a KRaft quorum needs an odd number of voters: an even count tolerates no more failures than the odd number below it, and 0 has no quorum',
      `Use ${replicas < 1 ? 3 : replicas + 1} (or ${Math.max(1, replicas - 1)})`);
  }

  const nodeIdBase = options.nodeIdBase ?? ctx.defaultNodeIdBase;
  if (nodeIdBase === undefined) {
    raise(scope, 'nodeIdBase', nodeIdBase, 'every added pool needs its own node-id range, fixed for its life',
      'Set nodeIdBase to a value clear of the other pools, e.g. 1000');
  }
  checkNodeIdBase(scope, 'nodeIdBase', nodeIdBase, replicas);

  // Brokers get one StatefulSet per zone: fewer brokers than zones would leave a zone
  // listed for racks and topology but without a broker (a StatefulSet of 0 replicas).
  if (broker && ctx.zones.length > 1 && replicas > 0 && replicas < ctx.zones.length) {
    raise(scope, 'replicas', replicas, `with ${ctx.zones.length} zones each zone gets its own StatefulSet of brokers, and ${ctx.zones.length - replicas} of them would have none`,
      `Use at least ${ctx.zones.length} brokers (one per zone; a multiple of ${ctx.zones.length} keeps the zones even), or list fewer zones`);
  }

  const resources = resolveResources(scope, 'resources', options.resources, {
    memory: { request: defaults.memory },
    cpu: { request: defaults.cpu },
  });
  const heapBytes = heapForMemory(scope, 'resources.memory.request', resources.memoryRequestBytes, HEAP_RULES.KAFKA);

  const storage = (options.storage ?? defaults.storage());
  if (!(storage instanceof Storage)) {
    raise(scope, 'storage', storage, 'it is not a Storage', 'Use Storage.persistent(...), Storage.jbod(...) or Storage.ephemeral()');
  }

  const hostSpread = options.hostSpread ?? SpreadPolicy.REQUIRED;
  if (!Object.values(SpreadPolicy).includes(hostSpread)) {
    raise(scope, 'hostSpread', hostSpread, 'it is not a SpreadPolicy', 'Use SpreadPolicy.REQUIRED or SpreadPolicy.PREFERRED');
  }

  const grace = seconds(scope, 'terminationGracePeriod', options.terminationGracePeriod ?? defaults.terminationGrace, 30);
  const startupSeconds = seconds(scope, 'startupTimeout', options.startupTimeout ?? Duration.minutes(5), 30);

  if (!broker && options.readyMaxFetcherLag !== undefined) {
    raise(scope, 'readyMaxFetcherLag', options.readyMaxFetcherLag, 'dedicated controllers replicate no partitions, so they have no fetcher lag',
      'Remove it from the controllers; their readiness is leader or follower of the quorum');
  }
  const statefulSets = broker ? planStatefulSets(ctx, replicas, nodeIdBase) : planSpreadStatefulSet(ctx, replicas, nodeIdBase);
  const draining = resolveDrain(scope, options.drainTo, { broker, controller, replicas, nodeIdBase, statefulSets }, ctx);
  const maxFetcherLag = options.readyMaxFetcherLag ?? 10000;
  if (!Number.isInteger(maxFetcherLag) || maxFetcherLag < 0) {
    raise(scope, 'readyMaxFetcherLag', maxFetcherLag, 'it is a number of records, a whole number from 0', 'Use e.g. 10000');
  }

  return {
    name,
    resourceName: ctx.resourceName,
    roles,
    replicas,
    nodeIdBase,
    // Dedicated controllers need no rack, so with zones they stay one StatefulSet spread
    // over the zones: the StatefulSet then rolls them strictly one at a time, where
    // per-zone StatefulSets would restart voters of different zones together.
    statefulSets,
    storage: storage._resolve(scope, 'storage'),
    resources,
    heapBytes,
    properties: checkBrokerProperties(scope, ctx.version, 'properties', options.properties, 'customProperties', options.customProperties),
    hostSpread,
    pod: resolvePodSettings(scope, options, NODE_ENV),
    terminationGraceSeconds: grace,
    preStopMaxWaitSeconds: preStopBudget(grace, { broker, controller }),
    startupSeconds,
    maxFetcherLag,
    draining,
  };
}

/**
 * The brokers `drainTo` empties: those a pool of `drainTo` replicas would not have (the
 * highest ordinals of each zone's StatefulSet, which Kubernetes removes first).
 */
function resolveDrain(
  scope: ErrorScope, drainTo: number | undefined,
  pool: { broker: boolean; controller: boolean; replicas: number; nodeIdBase: number; statefulSets: readonly PoolStatefulSet[] },
  ctx: PoolContext,
): PlacedBroker[] {
  if (drainTo === undefined) return [];
  if (!pool.broker || pool.controller) {
    raise(scope, 'drainTo', drainTo, 'only a pool of brokers alone is drained: controllers hold no partitions, and a voter set changes differently',
      'Remove it; see docs/operations.md for changing the controllers');
  }
  if (!Number.isInteger(drainTo) || drainTo < 0 || drainTo > pool.replicas) {
    raise(scope, 'drainTo', drainTo, `it is the replica count the pool shrinks to: a whole number from 0 to its replicas (${pool.replicas})`, `Use e.g. ${Math.max(0, pool.replicas - 1)}`);
  }
  if (ctx.zones.length > 1 && drainTo > 0 && drainTo < ctx.zones.length) {
    raise(scope, 'drainTo', drainTo, `with ${ctx.zones.length} zones each zone keeps its own StatefulSet of brokers, and ${ctx.zones.length - drainTo} of them would have none`,
      `Keep at least ${ctx.zones.length} brokers (one per zone), or 0 to empty the pool`);
  }
  const kept = new Set(planStatefulSets(ctx, drainTo, pool.nodeIdBase).flatMap(s => s.nodeIds));
  return pool.statefulSets.flatMap(s => s.nodeIds.filter(id => !kept.has(id)).map(id => ({ id, zone: s.zone })));
}

/** One StatefulSet per zone (or one without zones), with the pods' node ids. */
export function planStatefulSets(ctx: Pick<PoolContext, 'resourceName' | 'zones'>, replicas: number, nodeIdBase: number): PoolStatefulSet[] {
  const zones = ctx.zones.length > 0 ? ctx.zones : [undefined];
  const ids = nodeIdsByZone({ base: nodeIdBase, stride: zones.length }, replicas);
  return zones.map((zone, i) => {
    const zoneLabel = zone === undefined ? undefined : normalize(zone);
    const name = fitName(zone === undefined ? ctx.resourceName : `${ctx.resourceName}-${zoneLabel}`, NameLimit.STATEFUL_SET);
    return {
      name,
      zone,
      zoneLabel,
      replicas: ids[i].length,
      nodeIdBase: nodeIdBase + i,
      nodeIdStride: zones.length,
      nodeIds: ids[i],
    };
  });
}

/** One StatefulSet for the whole pool, spread over the zones when there are some. */
export function planSpreadStatefulSet(ctx: Pick<PoolContext, 'resourceName' | 'zones'>, replicas: number, nodeIdBase: number): PoolStatefulSet[] {
  const [single] = planStatefulSets({ ...ctx, zones: [] }, replicas, nodeIdBase);
  return [ctx.zones.length > 0 ? { ...single, spreadZones: ctx.zones } : single];
}

function seconds(scope: ErrorScope, prop: string, duration: Duration, minimum: number): number {
  const value = duration instanceof Duration ? duration.toSeconds({ integral: false }) : NaN;
  if (!Number.isInteger(value) || value < minimum) {
    raise(scope, prop, duration instanceof Duration ? `${value}s` : duration, `it must be a whole number of seconds, at least ${minimum}`,
      `Use e.g. Duration.minutes(${Math.ceil(minimum / 60) + 1})`);
  }
  return value;
}

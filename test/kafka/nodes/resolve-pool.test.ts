import { Chart, Duration, Size, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ConfluentVersion, ExternalAccess, KafkaClusterProps, KRaftMode, Listener, SpreadPolicy, Storage } from '../../../src';
import { NodeRole, ResolvedPool } from '../../../src/kafka/cluster-model';
import { NodePoolOptions, MAX_POOL_REPLICAS } from '../../../src/kafka/nodes/node-pool-options';
import { checkPoolInCluster, poolWarnings } from '../../../src/kafka/nodes/pool-checks';
import {
  gateWorstCaseSeconds, lookSeconds, minimumGraceSeconds, preStopBudget, shutdownReserveSeconds, TOOL_TIMEOUT_SECONDS,
} from '../../../src/kafka/nodes/pre-stop-timing';
import { planSpreadStatefulSet, planStatefulSets, PoolContext, resolvePool } from '../../../src/kafka/nodes/resolve-pool';
import { StorageKind } from '../../../src/kafka/nodes/storage';
import { resolveCluster, resolveClusterPool } from '../../../src/kafka/resolve-cluster';
import { configErrorOf } from '../../support/errors';

const SCOPE = 'c/events/brokers';
const BROKER = [NodeRole.BROKER];
const CONTROLLER = [NodeRole.CONTROLLER];
const COMBINED = [NodeRole.BROKER, NodeRole.CONTROLLER];
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

function context(overrides: Partial<PoolContext> = {}): PoolContext {
  return { version: ConfluentVersion.LATEST, resourceName: 'events-brokers', zones: [], defaultNodeIdBase: 0, ...overrides };
}

function pool(options: NodePoolOptions = {}, roles: NodeRole[] = BROKER, ctx: Partial<PoolContext> = {}): ResolvedPool {
  return resolvePool(SCOPE, 'brokers', roles, options, context(ctx));
}

const errorOf = configErrorOf;

const ids = (p: ResolvedPool) => p.statefulSets.flatMap(s => s.nodeIds);

describe('resolvePool', () => {
  test('broker defaults: 3 nodes, 4Gi, 100Gi persistent, required host spread, 5 minutes grace', () => {
    const p = pool();
    expect(p).toMatchObject({
      name: 'brokers',
      resourceName: 'events-brokers',
      roles: BROKER,
      replicas: 3,
      nodeIdBase: 0,
      storage: { kind: StorageKind.PERSISTENT, disks: [{ size: '100Gi' }] },
      heapBytes: 2 * 2 ** 30,
      properties: {},
      hostSpread: SpreadPolicy.REQUIRED,
      pod: { annotations: {}, env: [] },
      terminationGraceSeconds: 300,
      preStopMaxWaitSeconds: preStopBudget(300, { broker: true, controller: false }),
      startupSeconds: 300,
      maxFetcherLag: 10000,
    });
    expect(p.resources.memoryRequestBytes).toBe(4 * 2 ** 30);
  });

  test('controller defaults: 2Gi, 10Gi persistent, 2 minutes grace', () => {
    expect(pool({}, CONTROLLER)).toMatchObject({
      roles: CONTROLLER,
      replicas: 3,
      storage: { kind: StorageKind.PERSISTENT, disks: [{ size: '10Gi' }] },
      heapBytes: 2 ** 30,
      terminationGraceSeconds: 120,
      preStopMaxWaitSeconds: preStopBudget(120, { broker: false, controller: true }),
    });
  });

  test('combined nodes take the broker defaults; their gate runs two tools a look, so it waits 20s less', () => {
    expect(pool({}, COMBINED)).toMatchObject({ roles: COMBINED, heapBytes: 2 * 2 ** 30, terminationGraceSeconds: 300, preStopMaxWaitSeconds: 140 });
    expect(pool().preStopMaxWaitSeconds).toBe(160);
    expect(pool({}, CONTROLLER).preStopMaxWaitSeconds).toBe(70);
  });

  test('the options override the defaults', () => {
    const p = pool({
      replicas: 6,
      nodeIdBase: 100,
      resources: { memory: { request: Size.gibibytes(8) } },
      storage: Storage.jbod([{ size: Size.gibibytes(500), storageClass: 'gp3' }, { size: Size.gibibytes(500), storageClass: 'gp3' }]),
      hostSpread: SpreadPolicy.PREFERRED,
      terminationGracePeriod: Duration.minutes(10),
      startupTimeout: Duration.minutes(15),
      readyMaxFetcherLag: 0,
      properties: { 'log.retention.hours': '24' },
      customProperties: { 'acme.plugin': 'x' },
      podAnnotations: { 'example.com/owner': 'team' },
      extraEnv: { KAFKA_OPTS: EnvValue.fromValue('-Dx=y') },
      priorityClassName: 'kafka',
    });
    expect(p).toMatchObject({
      replicas: 6,
      nodeIdBase: 100,
      heapBytes: 4 * 2 ** 30,
      storage: { kind: StorageKind.PERSISTENT, disks: [{ size: '500Gi', storageClass: 'gp3' }, { size: '500Gi', storageClass: 'gp3' }] },
      hostSpread: SpreadPolicy.PREFERRED,
      terminationGraceSeconds: 600,
      preStopMaxWaitSeconds: 460,
      startupSeconds: 900,
      maxFetcherLag: 0,
      properties: { 'acme.plugin': 'x', 'log.retention.hours': '24' },
      pod: { annotations: { 'example.com/owner': 'team' }, env: [{ name: 'KAFKA_OPTS', value: '-Dx=y' }], priorityClassName: 'kafka' },
    });
    expect(ids(p)).toEqual([100, 101, 102, 103, 104, 105]);
  });

  test('the heap is half the memory request, at most 6Gi', () => {
    expect(pool({ resources: { memory: { request: Size.gibibytes(16) } } }).heapBytes).toBe(6 * 2 ** 30);
    expect(pool({ resources: { memory: { request: Size.mebibytes(1536) } } }).heapBytes).toBe(768 * 2 ** 20);
  });

  test('a broker pool may have no nodes', () => {
    const p = pool({ replicas: 0 });
    expect(p.statefulSets).toEqual([expect.objectContaining({ replicas: 0, nodeIds: [] })]);
  });

  test('a broker pool with zones has one StatefulSet per zone; a controller pool one spread over them', () => {
    expect(pool({}, BROKER, { zones: ZONES }).statefulSets.map(s => s.zone)).toEqual(ZONES);
    expect(pool({}, COMBINED, { zones: ZONES }).statefulSets.map(s => s.zone)).toEqual(ZONES);
    expect(pool({}, CONTROLLER, { zones: ZONES }).statefulSets).toEqual([expect.objectContaining({ zone: undefined, spreadZones: ZONES })]);
  });

  test.each([-1, 1.5, MAX_POOL_REPLICAS + 1])('fails if replicas is %p', replicas => {
    expect(errorOf(() => pool({ replicas }))).toContain(`c/events/brokers: replicas = ${replicas} is invalid: a pool has a whole number of nodes from 0 to 1000`);
  });

  test.each([
    [0, 'Use 3 (or 1)'],
    [2, 'Use 3 (or 1)'],
    [4, 'Use 5 (or 3)'],
  ])('fails if a controller pool has %p nodes: %s', (replicas, fix) => {
    for (const roles of [CONTROLLER, COMBINED]) {
      expect(errorOf(() => pool({ replicas }, roles)))
        .toBe(`c/events/brokers: replicas = ${replicas} is invalid: a KRaft quorum needs an odd number of voters: an even count tolerates no more failures than the odd number below it, and 0 has no quorum. ${fix}.`);
    }
  });

  test('fails if an added pool has no node id base', () => {
    expect(errorOf(() => pool({}, BROKER, { defaultNodeIdBase: undefined }))).toBe(
      'c/events/brokers: nodeIdBase = undefined is invalid: every added pool needs its own node-id range, fixed for its life. Set nodeIdBase to a value clear of the other pools, e.g. 1000.');
  });

  test.each([-1, 0.5, 2 ** 31 - 2])('fails if the node id base is %p', nodeIdBase => {
    expect(errorOf(() => pool({ nodeIdBase }))).toContain(`c/events/brokers: nodeIdBase = ${nodeIdBase} is invalid: node ids are whole numbers from 0 to 2147483647`);
  });

  test('fails if the memory request leaves too small a heap', () => {
    expect(errorOf(() => pool({ resources: { memory: { request: Size.mebibytes(256) } } })))
      .toContain('c/events/brokers: resources.memory.request = "256Mi" is invalid: it leaves a JVM heap of 128m, below the 256m minimum');
  });

  test('fails if storage is not a Storage', () => {
    expect(errorOf(() => pool({ storage: { size: '10Gi' } as unknown as Storage })))
      .toContain('c/events/brokers: storage = {"size":"10Gi"} is invalid: it is not a Storage');
  });

  test('fails if hostSpread is not a SpreadPolicy', () => {
    expect(errorOf(() => pool({ hostSpread: 'always' as SpreadPolicy }))).toContain('c/events/brokers: hostSpread = "always" is invalid: it is not a SpreadPolicy');
  });

  test.each([
    ['terminationGracePeriod', { terminationGracePeriod: Duration.seconds(20) }, '20s'],
    ['terminationGracePeriod', { terminationGracePeriod: Duration.millis(60500) }, '60.5s'],
    ['startupTimeout', { startupTimeout: Duration.seconds(10) }, '10s'],
  ])('fails if %s is too short or not whole seconds (%p)', (prop, options, shown) => {
    expect(errorOf(() => pool(options)))
      .toBe(`c/events/brokers: ${prop} = "${shown}" is invalid: it must be a whole number of seconds, at least 30. Use e.g. Duration.minutes(2).`);
  });

  test.each([-1, 1.5])('fails if readyMaxFetcherLag is %p', readyMaxFetcherLag => {
    expect(errorOf(() => pool({ readyMaxFetcherLag }))).toContain(`c/events/brokers: readyMaxFetcherLag = ${readyMaxFetcherLag} is invalid`);
  });

  test('fails if a property is owned by the library', () => {
    expect(errorOf(() => pool({ properties: { 'log.dirs': '/data' } })))
      .toContain("c/events/brokers: properties['log.dirs'] = \"/data\" is invalid: the library sets log.dirs itself");
  });

  test('fails if a property is unknown to the Kafka line (custom properties are not checked)', () => {
    expect(errorOf(() => pool({ properties: { 'acme.plugin': 'x' } }))).toContain("c/events/brokers: properties['acme.plugin'] = \"x\" is invalid: acme.plugin is not a broker configuration");
  });

  test.each(['NODE_ID_BASE', 'CLUSTER_ID', 'HOSTNAME', 'CDK8S_NODE_ROLES', 'KAFKA_LOG_DIRS', 'CONFLUENT_X'])('fails if extraEnv sets %s', name => {
    expect(errorOf(() => pool({ extraEnv: { [name]: EnvValue.fromValue('1') } }))).toContain(`c/events/brokers: extraEnv.${name} = "${name}" is invalid`);
  });

  test('fails if the options are not an object', () => {
    expect(errorOf(() => resolvePool(SCOPE, 'brokers', BROKER, null as unknown as NodePoolOptions, context())))
      .toContain('c/events/brokers: brokers = null is invalid: pool options must be an object');
  });
});

describe('planStatefulSets', () => {
  test('without zones: one StatefulSet named after the pool, ids from the base', () => {
    expect(planStatefulSets({ resourceName: 'events-brokers', zones: [] }, 3, 10)).toEqual([
      { name: 'events-brokers', zone: undefined, zoneLabel: undefined, replicas: 3, nodeIdBase: 10, nodeIdStride: 1, nodeIds: [10, 11, 12] },
    ]);
  });

  test('with zones: one per zone, ids interleaved by zone', () => {
    expect(planStatefulSets({ resourceName: 'events-brokers', zones: ZONES }, 5, 0)).toEqual([
      { name: 'events-brokers-eu-west-1a', zone: 'eu-west-1a', zoneLabel: 'eu-west-1a', replicas: 2, nodeIdBase: 0, nodeIdStride: 3, nodeIds: [0, 3] },
      { name: 'events-brokers-eu-west-1b', zone: 'eu-west-1b', zoneLabel: 'eu-west-1b', replicas: 2, nodeIdBase: 1, nodeIdStride: 3, nodeIds: [1, 4] },
      { name: 'events-brokers-eu-west-1c', zone: 'eu-west-1c', zoneLabel: 'eu-west-1c', replicas: 1, nodeIdBase: 2, nodeIdStride: 3, nodeIds: [2] },
    ]);
  });

  test('zone labels are the zones made name-safe', () => {
    const [sts] = planStatefulSets({ resourceName: 'events-brokers', zones: ['EU_West.1a'] }, 1, 0);
    expect([sts.zone, sts.zoneLabel, sts.name]).toEqual(['EU_West.1a', 'eu-west-1a', 'events-brokers-eu-west-1a']);
  });

  test('the ids of every replica count fill the pool range exactly', () => {
    for (let replicas = 0; replicas <= 10; replicas++) {
      const all = planStatefulSets({ resourceName: 'p', zones: ZONES }, replicas, 1000).flatMap(s => s.nodeIds);
      expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: replicas }, (_, i) => 1000 + i));
    }
  });

  test('names are fitted to 52 characters, stay distinct per zone and keep a readable head', () => {
    const resourceName = `events-${'x'.repeat(40)}`;
    const sets = planStatefulSets({ resourceName, zones: ZONES }, 3, 0);
    for (const sts of sets) {
      expect(sts.name.length).toBeLessThanOrEqual(52);
      expect(sts.name).toMatch(/^events-x+-[0-9a-f]{8}$/);
    }
    expect(new Set(sets.map(s => s.name)).size).toBe(3);
    expect(planStatefulSets({ resourceName: 'x'.repeat(52), zones: [] }, 1, 0)[0].name).toBe('x'.repeat(52));
  });
});

describe('planSpreadStatefulSet', () => {
  test('without zones: the same single StatefulSet, no spread zones', () => {
    const [sts] = planSpreadStatefulSet({ resourceName: 'events-controllers', zones: [] }, 3, 9990);
    expect(sts).toEqual({ name: 'events-controllers', zone: undefined, zoneLabel: undefined, replicas: 3, nodeIdBase: 9990, nodeIdStride: 1, nodeIds: [9990, 9991, 9992] });
    expect('spreadZones' in sts).toBe(false);
  });

  test('with zones: one StatefulSet spread over them, ids consecutive (stride 1)', () => {
    expect(planSpreadStatefulSet({ resourceName: 'events-controllers', zones: ZONES }, 5, 9990)).toEqual([{
      name: 'events-controllers',
      zone: undefined,
      zoneLabel: undefined,
      spreadZones: ZONES,
      replicas: 5,
      nodeIdBase: 9990,
      nodeIdStride: 1,
      nodeIds: [9990, 9991, 9992, 9993, 9994],
    }]);
  });
});

describe('pre-stop timing', () => {
  const BROKER_ROLES = { broker: true, controller: false };
  const CONTROLLER_ROLES = { broker: false, controller: true };
  const COMBINED_ROLES = { broker: true, controller: true };

  test('a look runs one tool per role, each up to the tool timeout (20s)', () => {
    expect(TOOL_TIMEOUT_SECONDS).toBe(20);
    expect([BROKER_ROLES, CONTROLLER_ROLES, COMBINED_ROLES].map(r => lookSeconds(r))).toEqual([20, 20, 40]);
    expect(lookSeconds(COMBINED_ROLES, 1)).toBe(2);
  });

  test('the shutdown reserve: brokers (combined nodes too) 120s, controllers 30s', () => {
    expect([BROKER_ROLES, CONTROLLER_ROLES, COMBINED_ROLES].map(shutdownReserveSeconds)).toEqual([120, 30, 120]);
  });

  test('the max wait is the grace less the shutdown reserve and one look', () => {
    expect(preStopBudget(300, BROKER_ROLES)).toBe(300 - 120 - 20);
    expect(preStopBudget(300, COMBINED_ROLES)).toBe(300 - 120 - 40);
    expect(preStopBudget(120, CONTROLLER_ROLES)).toBe(120 - 30 - 20);
    expect(preStopBudget(30, BROKER_ROLES)).toBe(0);
  });

  test.each([
    ['broker', BROKER_ROLES], ['controller', CONTROLLER_ROLES], ['combined', COMBINED_ROLES],
  ])('for any grace period, a %s gate\'s worst case leaves the shutdown reserve', (_name, roles) => {
    for (let grace = minimumGraceSeconds(roles); grace <= 3600; grace += 7) {
      expect(grace - gateWorstCaseSeconds(preStopBudget(grace, roles), roles)).toBe(shutdownReserveSeconds(roles));
    }
  });

  test('the minimum grace holds a max wait of one look on top of the worst case', () => {
    expect([BROKER_ROLES, CONTROLLER_ROLES, COMBINED_ROLES].map(minimumGraceSeconds)).toEqual([160, 70, 200]);
    for (const roles of [BROKER_ROLES, CONTROLLER_ROLES, COMBINED_ROLES]) {
      expect(preStopBudget(minimumGraceSeconds(roles), roles)).toBe(lookSeconds(roles));
    }
  });

  test('the default grace periods hold the gate: brokers 300s (160s wait), combined 300s (140s), controllers 120s (70s)', () => {
    for (const [p, roles] of [[pool(), BROKER_ROLES], [pool({}, COMBINED), COMBINED_ROLES], [pool({}, CONTROLLER), CONTROLLER_ROLES]] as const) {
      expect(p.terminationGraceSeconds).toBeGreaterThanOrEqual(minimumGraceSeconds(roles));
      expect(p.terminationGraceSeconds - gateWorstCaseSeconds(p.preStopMaxWaitSeconds, roles)).toBe(shutdownReserveSeconds(roles));
    }
  });
});

describe('checkPoolInCluster', () => {
  function clusterWith(props: KafkaClusterProps = {}) {
    const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
    const plan = resolveCluster(scope, props, { name: 'events', namespace: 'kafka' });
    const existing = [plan.controllers, ...(plan.brokers ? [plan.brokers] : [])];
    const add = (name: string, options: NodePoolOptions) => resolveClusterPool(scope, plan.cluster, name, BROKER, options, undefined);
    return { ...plan, existing, add };
  }

  test('the default pools pass, each against the ones before it', () => {
    const { cluster, controllers, brokers } = clusterWith();
    expect(() => checkPoolInCluster('c', cluster, controllers, [])).not.toThrow();
    expect(() => checkPoolInCluster('c', cluster, brokers!, [controllers])).not.toThrow();
  });

  test('a pool clear of the others passes', () => {
    const { cluster, existing, add } = clusterWith();
    expect(() => checkPoolInCluster('c/events/more', cluster, add('more', { nodeIdBase: 1000 }), existing)).not.toThrow();
  });

  test('fails if node ids overlap another pool\'s, suggesting a free base', () => {
    const { cluster, existing, add } = clusterWith();
    expect(errorOf(() => checkPoolInCluster('c/events/more', cluster, add('more', { nodeIdBase: 1 }), existing))).toBe(
      'c/events/more: nodeIdBase = 1 is invalid: node ids 1..2 are already used by pool brokers. Give this pool a range clear of the others, e.g. nodeIdBase: 1000.');
  });

  test('the suggested base skips ranges other pools hold', () => {
    const { cluster, existing, add } = clusterWith();
    const second = add('second', { nodeIdBase: 1000 });
    const third = add('third', { nodeIdBase: 1002, replicas: 3 });
    expect(errorOf(() => checkPoolInCluster('c/events/third', cluster, third, [...existing, second])))
      .toContain('node ids 1002..1002 are already used by pool second. Give this pool a range clear of the others, e.g. nodeIdBase: 2000.');
  });

  test('fails if a pool overlaps the controllers', () => {
    const { cluster, existing, add } = clusterWith();
    expect(errorOf(() => checkPoolInCluster('c/events/more', cluster, add('more', { nodeIdBase: 9989 }), existing)))
      .toContain('node ids 9990..9991 are already used by pool controllers');
  });

  // With zones the ids of a pool are not ascending in StatefulSet order; the message
  // names the overlap from its lowest to its highest id.
  test('names the overlapping ids in ascending order', () => {
    const { cluster, existing, add } = clusterWith({ zones: ['a', 'b', 'c'] });
    const first = add('first', { nodeIdBase: 1001, replicas: 4 });
    const second = add('second', { nodeIdBase: 1000, replicas: 6 });
    expect(errorOf(() => checkPoolInCluster('c/events/second', cluster, second, [...existing, first]))).toContain('node ids 1001..1004 are already used by pool first');
  });

  test('node ports of brokers must fall in 30000-32767', () => {
    const { cluster, existing, add } = clusterWith({
      listeners: [Listener.external({ name: 'external', port: 9094, access: ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com', basePort: 32760 }) })],
    });
    expect(() => checkPoolInCluster('c/events/more', cluster, add('more', { nodeIdBase: 5, replicas: 3 }), existing)).not.toThrow();
    expect(errorOf(() => checkPoolInCluster('c/events/more', cluster, add('more', { nodeIdBase: 6, replicas: 3 }), existing))).toBe(
      'c/events/more: listeners[0].access.basePort = 32760 is invalid: broker 8 of pool more would get node port 32768, outside Kubernetes\' node-port range 30000-32767. ' +
      'Lower basePort or the pool\'s nodeIdBase so basePort + node id stays in the range.');
  });

  test('node ports below the range are refused too; controllers get none, so they are not checked', () => {
    const { cluster, controllers, brokers } = clusterWith({
      listeners: [Listener.external({ name: 'external', port: 9094, access: ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com', basePort: 29999 }) })],
    });
    expect(() => checkPoolInCluster('c/events/controllers', cluster, controllers, [])).not.toThrow();
    expect(errorOf(() => checkPoolInCluster('c/events/brokers', cluster, brokers!, [controllers]))).toContain('broker 0 of pool brokers would get node port 29999');
  });

  test('fails if the grace period cannot hold the pre-stop gate: one look of wait and a last look over the shutdown reserve', () => {
    const { cluster, existing, add } = clusterWith({ zones: ['a', 'b', 'c'] });
    // The same for every pool and StatefulSet: no StatefulSet waits on another's timing.
    const more = add('more', { nodeIdBase: 1000, terminationGracePeriod: Duration.seconds(150) });
    expect(errorOf(() => checkPoolInCluster('c/events/more', cluster, more, existing))).toBe(
      'c/events/more: terminationGracePeriod = "150s" is invalid: the pre-stop gate of this pool needs 10s more: a wait of one look (20s) and a last look that may run past it (20s), ' +
      'on top of the broker shutdown reserve. Use at least Duration.seconds(160).');
    expect(() => checkPoolInCluster('c/events/more', cluster, add('more', { nodeIdBase: 1000, terminationGracePeriod: Duration.seconds(160) }), existing)).not.toThrow();
  });

  test('a combined pool\'s gate runs two tools a look, so it needs more', () => {
    const { cluster, controllers } = clusterWith({ mode: KRaftMode.COMBINED, brokers: { terminationGracePeriod: Duration.seconds(180) } });
    expect(errorOf(() => checkPoolInCluster('c/events/brokers', cluster, controllers, [])))
      .toContain('terminationGracePeriod = "180s" is invalid: the pre-stop gate of this pool needs 20s more: a wait of one look (40s) and a last look that may run past it (40s), on top of the broker shutdown reserve. Use at least Duration.seconds(200).');
  });

  test('fails if a controller pool\'s grace is below its reserve and two looks', () => {
    const { cluster, controllers } = clusterWith({ controllers: { terminationGracePeriod: Duration.seconds(60) } });
    expect(errorOf(() => checkPoolInCluster('c/events/controllers', cluster, controllers, [])))
      .toContain('terminationGracePeriod = "60s" is invalid: the pre-stop gate of this pool needs 10s more: a wait of one look (20s) and a last look that may run past it (20s), on top of the controller shutdown reserve. Use at least Duration.seconds(70).');
  });
});

describe('poolWarnings', () => {
  test('ephemeral storage warns', () => {
    expect(poolWarnings(pool({ storage: Storage.ephemeral() }))).toEqual([
      'ephemeral storage loses this pool\'s data whenever a pod is deleted or rescheduled, and all of it on a cluster-wide restart. Use Storage.persistent() outside dev.',
    ]);
  });

  test('persistent storage does not', () => {
    expect(poolWarnings(pool())).toEqual([]);
    expect(poolWarnings(pool({ storage: Storage.jbod([{ size: Size.gibibytes(1) }, { size: Size.gibibytes(1) }]) }))).toEqual([]);
  });
});

import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  ClientPeer, ConfluentVersion, ExternalAccess, KafkaClusterProps, KafkaEdition, KRaftMode, Listener, ListenerAuthentication, SpreadPolicy, Storage,
} from '../../src';
import { KafkaConfigError } from '../../src/core/errors';
import { NodeRole, ResolvedPool } from '../../src/kafka/cluster-model';
import { deriveClusterId } from '../../src/kafka/nodes/node-identity';
import { StorageKind } from '../../src/kafka/nodes/storage';
import {
  brokerCountViolations, BROKERS_POOL, clusterWarnings, CONTROLLERS_POOL, resolveCluster, resolveClusterPool,
} from '../../src/kafka/resolve-cluster';

// resolveCluster() and what derives from its result, called directly: no chart is
// synthesized. The scope is a plain construct `events` in chart `c` (path `c/events`).

const PLAINTEXT = () => [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })];

/** Namespace `kafka` unless told; `null` for a chart without a namespace. */
type Namespace = string | null;

function scopeIn(namespace: Namespace = 'kafka'): Construct {
  return new Construct(new Chart(Testing.app(), 'c', { namespace: namespace ?? undefined }), 'events');
}

function resolve(props: KafkaClusterProps = {}, namespace: Namespace = 'kafka') {
  return resolveCluster(scopeIn(namespace), props, { name: 'events', namespace: namespace ?? undefined });
}

function errorOf(props: KafkaClusterProps, namespace: Namespace = 'kafka'): KafkaConfigError {
  try {
    resolve(props, namespace);
  } catch (e) {
    if (e instanceof KafkaConfigError) return e;
    throw e;
  }
  throw new Error('expected a KafkaConfigError');
}

const allIds = (pool: ResolvedPool) => pool.statefulSets.flatMap(s => s.nodeIds);

describe('created with default properties', () => {
  const { cluster, controllers, brokers } = resolve();

  test('names every object after the cluster', () => {
    expect({
      name: cluster.name,
      namespace: cluster.namespace,
      headlessService: cluster.headlessService,
      bootstrapService: cluster.bootstrapService,
      serviceAccount: cluster.serviceAccount,
      metricsConfigMap: cluster.metricsConfigMap,
    }).toEqual({
      name: 'events',
      namespace: 'kafka',
      headlessService: 'events-kafka-nodes',
      bootstrapService: 'events-kafka-bootstrap',
      serviceAccount: 'events-kafka',
      metricsConfigMap: 'events-kafka-metrics',
    });
  });

  test('dedicated controllers, the community image of the newest release, pulled if not present', () => {
    expect(cluster.dedicatedControllers).toBe(true);
    expect(cluster.version).toBe(ConfluentVersion.LATEST);
    expect(cluster.confluentServer).toBe(false);
    expect(cluster.image).toBe(`docker.io/confluentinc/cp-kafka:${ConfluentVersion.LATEST.version}`);
    expect(cluster.imagePullPolicy).toBe('IfNotPresent');
  });

  test('the cluster id derives from namespace and name', () => {
    expect(cluster.clusterId).toBe(deriveClusterId('kafka', 'events'));
  });

  test('cluster.local, no zones, no metrics peers, no user properties', () => {
    expect(cluster.clusterDomain).toBe('cluster.local');
    expect(cluster.zones).toEqual([]);
    expect(cluster.metricsPeers).toEqual([]);
    expect(cluster.properties).toEqual({});
  });

  test('replication factor 3, min ISR 2, 3 partitions', () => {
    expect(cluster.replication).toEqual({ factor: 3, minInSync: 2, partitions: 3 });
  });

  test('one internal listener CLIENT on 9092 with TLS and SCRAM-SHA-512, and its bootstrap address', () => {
    expect(cluster.listeners).toEqual([{
      name: 'CLIENT',
      portName: 'client',
      port: 9092,
      scope: 'internal',
      access: undefined,
      advertisedPort: 9092,
      peers: [],
      tls: true,
      authentication: 'SCRAM-SHA-512',
      protocol: 'SASL_SSL',
    }]);
    expect(cluster.bootstrapServers).toBe('events-kafka-bootstrap.kafka.svc.cluster.local:9092');
  });

  test('security: certificates from two self-signed roots (clients\', nodes\'), authorization, the node and admin super users', () => {
    const { tls, ...rest } = cluster.security;
    expect(tls).toMatchObject({
      clientAuthority: { issuer: { name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' } },
      nodeAuthority: { issuer: { name: 'events-kafka-nodes-ca', kind: 'Issuer', group: 'cert-manager.io' } },
      nodeSecret: 'events-kafka-tls',
      nodePrincipal: 'events-kafka',
      durationHours: 365 * 24,
      renewBeforeHours: 30 * 24,
    });
    expect(rest).toEqual({
      authorizer: true,
      superUsers: ['User:events-kafka', 'User:admin'],
      scramMechanisms: ['SCRAM-SHA-512'],
      plainListeners: [],
      adminSecret: 'events-kafka-admin',
      adminSecretProvided: false,
    });
  });

  test('an ingress NetworkPolicy, no egress rules, DNS on 53 and the API server on 443/6443', () => {
    expect(cluster.network).toEqual({ policy: true, egress: false, egressPorts: { dns: [53], apiServer: [443, 6443] } });
  });

  test('finished Jobs are kept an hour, then deleted so the next apply runs them again', () => {
    expect(cluster.finishedJobTtlSeconds).toBe(3600);
    expect(resolve({ finishedJobTtl: Duration.days(1) }).cluster.finishedJobTtlSeconds).toBe(86400);
  });

  test('certificates are rolled hourly at minute 17', () => {
    expect(cluster.certificateRolloutSchedule).toBe('17 * * * *');
  });

  test('the voters are the three controllers, ids from 9990, by pod name', () => {
    expect(cluster.voters).toEqual([
      { id: 9990, pod: 'events-controllers-0' },
      { id: 9991, pod: 'events-controllers-1' },
      { id: 9992, pod: 'events-controllers-2' },
    ]);
  });

  test('controllers: 3 voters from 9990, 2Gi / 500m, heap 1Gi, 10Gi disk, 2 minutes to stop', () => {
    expect(controllers).toMatchObject({
      name: CONTROLLERS_POOL,
      resourceName: 'events-controllers',
      roles: [NodeRole.CONTROLLER],
      replicas: 3,
      nodeIdBase: 9990,
      storage: { kind: StorageKind.PERSISTENT, disks: [{ size: '10Gi', sizeBytes: 10 * 2 ** 30, storageClass: undefined }] },
      heapBytes: 2 ** 30,
      properties: {},
      hostSpread: SpreadPolicy.REQUIRED,
      pod: { annotations: {}, env: [] },
      terminationGraceSeconds: 120,
      preStopMaxWaitSeconds: 70,
      startupSeconds: 300,
      maxFetcherLag: 10000,
    });
    expect(controllers.resources.requirements).toEqual({
      requests: { memory: k8s.Quantity.fromString('2Gi'), cpu: k8s.Quantity.fromString('500m') },
      limits: { memory: k8s.Quantity.fromString('2Gi') },
    });
    expect(controllers.statefulSets).toEqual([
      { name: 'events-controllers', zone: undefined, zoneLabel: undefined, replicas: 3, nodeIdBase: 9990, nodeIdStride: 1, nodeIds: [9990, 9991, 9992] },
    ]);
  });

  test('brokers: 3 from id 0, 4Gi / 1 CPU, heap 2Gi, 100Gi disk, 5 minutes to stop', () => {
    expect(brokers).toMatchObject({
      name: BROKERS_POOL,
      resourceName: 'events-brokers',
      roles: [NodeRole.BROKER],
      replicas: 3,
      nodeIdBase: 0,
      storage: { kind: StorageKind.PERSISTENT, disks: [{ size: '100Gi', sizeBytes: 100 * 2 ** 30, storageClass: undefined }] },
      heapBytes: 2 * 2 ** 30,
      hostSpread: SpreadPolicy.REQUIRED,
      terminationGraceSeconds: 300,
      preStopMaxWaitSeconds: 160,
      startupSeconds: 300,
      maxFetcherLag: 10000,
    });
    expect(brokers!.resources.requirements).toEqual({
      requests: { memory: k8s.Quantity.fromString('4Gi'), cpu: k8s.Quantity.fromString('1') },
      limits: { memory: k8s.Quantity.fromString('4Gi') },
    });
    expect(brokers!.statefulSets).toEqual([
      { name: 'events-brokers', zone: undefined, zoneLabel: undefined, replicas: 3, nodeIdBase: 0, nodeIdStride: 1, nodeIds: [0, 1, 2] },
    ]);
  });

  test('controller and broker node ids do not overlap', () => {
    const controllerIds = new Set(allIds(controllers));
    expect(allIds(brokers!).filter(id => controllerIds.has(id))).toEqual([]);
  });
});

describe('release, edition and mode', () => {
  test('Confluent Server runs cp-server', () => {
    const { cluster } = resolve({ edition: KafkaEdition.CONFLUENT_SERVER, version: ConfluentVersion.V8_0 });
    expect(cluster.confluentServer).toBe(true);
    expect(cluster.image).toBe(`docker.io/confluentinc/cp-server:${ConfluentVersion.V8_0.version}`);
  });

  test('a registry mirror and a pull policy are taken', () => {
    const { cluster } = resolve({ image: { registry: 'mirror.example.com/cp/' }, imagePullPolicy: ImagePullPolicy.ALWAYS });
    expect(cluster.image).toBe(`mirror.example.com/cp/cp-kafka:${ConfluentVersion.LATEST.version}`);
    expect(cluster.imagePullPolicy).toBe('Always');
  });

  test('a given cluster id is kept; without a namespace the id derives from "default"', () => {
    expect(resolve({ clusterId: '5L6g3nShT-eMCtK--X86sw' }).cluster.clusterId).toBe('5L6g3nShT-eMCtK--X86sw');
    expect(resolve({ listeners: PLAINTEXT() }, null).cluster.clusterId).toBe(deriveClusterId('default', 'events'));
  });

  test('combined mode: the brokers pool is the controller pool, ids from 0, no separate brokers', () => {
    const { cluster, controllers, brokers } = resolve({ mode: KRaftMode.COMBINED });
    expect(cluster.dedicatedControllers).toBe(false);
    expect(brokers).toBeUndefined();
    expect(controllers).toMatchObject({
      name: BROKERS_POOL,
      resourceName: 'events-brokers',
      roles: [NodeRole.BROKER, NodeRole.CONTROLLER],
      nodeIdBase: 0,
      // Broker defaults: the nodes serve clients.
      heapBytes: 2 * 2 ** 30,
      terminationGraceSeconds: 300,
    });
    expect(cluster.voters).toEqual([
      { id: 0, pod: 'events-brokers-0' },
      { id: 1, pod: 'events-brokers-1' },
      { id: 2, pod: 'events-brokers-2' },
    ]);
  });

  test('the controllers\' node id base and count are the user\'s', () => {
    const { cluster, controllers } = resolve({ controllers: { nodeIdBase: 500, replicas: 5 } });
    expect(allIds(controllers)).toEqual([500, 501, 502, 503, 504]);
    expect(cluster.voters.map(v => v.id)).toEqual([500, 501, 502, 503, 504]);
  });

  test('pool options reach the pools', () => {
    const { controllers, brokers } = resolve({
      controllers: { resources: { memory: { request: Size.gibibytes(4) }, cpu: { request: Cpu.units(1) } } },
      brokers: { replicas: 6, storage: Storage.ephemeral(), hostSpread: SpreadPolicy.PREFERRED },
    });
    expect(controllers.heapBytes).toBe(2 * 2 ** 30);
    expect(brokers).toMatchObject({ replicas: 6, storage: { kind: StorageKind.EPHEMERAL }, hostSpread: SpreadPolicy.PREFERRED });
  });

  test('fails if the version is not a ConfluentVersion', () => {
    expect(errorOf({ version: '8.0.0' as unknown as ConfluentVersion }).message)
      .toBe('c/events: version = "8.0.0" is invalid: it is not a ConfluentVersion. Use ConfluentVersion.V8_0 or ConfluentVersion.of("8.0.4").');
  });

  test('fails if edition, mode and controllers are wrong, all reported at once', () => {
    const error = errorOf({ edition: 'cp-enterprise' as KafkaEdition, mode: 'zk' as KRaftMode });
    expect(error.violations.map(v => v.prop)).toEqual(['edition', 'mode']);
  });

  test('fails if combined mode is given a controller pool', () => {
    expect(errorOf({ mode: KRaftMode.COMBINED, controllers: { replicas: 3 } }).message)
      .toContain('c/events: controllers = {"replicas":3} is invalid: combined mode has no separate controller pool. Remove controllers, or use mode: KRaftMode.DEDICATED.');
  });

  test('fails if combined mode has an even number of brokers (they are the voters)', () => {
    expect(errorOf({ mode: KRaftMode.COMBINED, brokers: { replicas: 4 } }).message)
      .toContain('c/events/brokers: replicas = 4 is invalid: a KRaft quorum needs an odd number of voters');
  });

  test('fails if the cluster domain is not a DNS domain', () => {
    expect(errorOf({ clusterDomain: 'Cluster.Local' }).message).toContain('c/events: clusterDomain = "Cluster.Local" is invalid: it is not a DNS domain');
  });
});

describe('zones', () => {
  const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

  test('are kept in order (a copy, not the caller\'s array)', () => {
    const zones = [...ZONES];
    const { cluster } = resolve({ zones });
    expect(cluster.zones).toEqual(ZONES);
    expect(cluster.zones).not.toBe(zones);
  });

  test('dedicated controllers stay one StatefulSet spread over the zones; brokers get one per zone', () => {
    const { cluster, controllers, brokers } = resolve({ zones: ZONES });
    expect(controllers.statefulSets).toEqual([expect.objectContaining({ name: 'events-controllers', zone: undefined, spreadZones: ZONES, nodeIdStride: 1 })]);
    expect(brokers!.statefulSets.map(s => [s.name, s.zone, s.nodeIds])).toEqual([
      ['events-brokers-eu-west-1a', 'eu-west-1a', [0]],
      ['events-brokers-eu-west-1b', 'eu-west-1b', [1]],
      ['events-brokers-eu-west-1c', 'eu-west-1c', [2]],
    ]);
    expect(cluster.voters.map(v => v.pod)).toEqual(['events-controllers-0', 'events-controllers-1', 'events-controllers-2']);
  });

  test('combined mode with zones: the voters are the pods of every zone\'s StatefulSet, each id its pod\'s', () => {
    const { cluster, controllers } = resolve({ mode: KRaftMode.COMBINED, zones: ZONES, brokers: { replicas: 5 } });
    expect(cluster.voters).toEqual([
      { id: 0, pod: 'events-brokers-eu-west-1a-0' },
      { id: 3, pod: 'events-brokers-eu-west-1a-1' },
      { id: 1, pod: 'events-brokers-eu-west-1b-0' },
      { id: 4, pod: 'events-brokers-eu-west-1b-1' },
      { id: 2, pod: 'events-brokers-eu-west-1c-0' },
    ]);
    for (const sts of controllers.statefulSets) {
      sts.nodeIds.forEach((id, ordinal) => expect(cluster.voters).toContainEqual({ id, pod: `${sts.name}-${ordinal}` }));
    }
  });

  test('fails if zones is not a list', () => {
    expect(errorOf({ zones: 'eu-west-1a' as unknown as string[] }).message).toContain('c/events: zones = "eu-west-1a" is invalid: it must be a list of zone names');
  });

  test('fails if a zone is empty', () => {
    expect(errorOf({ zones: ['eu-west-1a', ''] }).message).toContain('c/events: zones[1] = "" is invalid: a zone is a non-empty value of the topology.kubernetes.io/zone label');
  });

  test('fails if a zone is not a label value', () => {
    expect(errorOf({ zones: ['eu west 1a'] }).message).toContain('c/events: zones[0] = "eu west 1a" is invalid: a label value has at most 63 characters');
  });

  test('fails if a zone repeats', () => {
    expect(errorOf({ zones: ['a', 'b', 'a'] }).message).toBe('c/events: zones[2] = "a" is invalid: it repeats zones[0]. List every zone once.');
  });

  test('fails if two zones name the same StatefulSet', () => {
    expect(errorOf({ zones: ['zone_a', 'zone.a'] }).message)
      .toBe('c/events: zones[1] = "zone.a" is invalid: it repeats zones[0] ("zone_a" names the same zone). List every zone once.');
  });
});

describe('replication defaults', () => {
  test('are the user\'s', () => {
    expect(resolve({ replicationFactor: 5, minInSyncReplicas: 3, defaultPartitions: 12 }).cluster.replication)
      .toEqual({ factor: 5, minInSync: 3, partitions: 12 });
  });

  test('replication factor 1 defaults min ISR to 1', () => {
    expect(resolve({ replicationFactor: 1 }).cluster.replication).toEqual({ factor: 1, minInSync: 1, partitions: 3 });
  });

  test('a replication factor above 3 keeps min ISR 2', () => {
    expect(resolve({ replicationFactor: 4 }).cluster.replication.minInSync).toBe(2);
  });

  // With 2 copies a min ISR of 2 would stop writes whenever one broker is down, and
  // fail the "below RF" rule on a prop the user never set: the default is 1.
  test('replication factor 2 defaults min ISR to 1', () => {
    expect(resolve({ replicationFactor: 2 }).cluster.replication).toEqual({ factor: 2, minInSync: 1, partitions: 3 });
  });

  test('fails if min ISR is not below the replication factor', () => {
    expect(errorOf({ replicationFactor: 3, minInSyncReplicas: 3 }).message).toBe(
      'c/events: minInSyncReplicas = 3 is invalid: it must be below replicationFactor (3): otherwise losing any one broker stops all acks=all writes. Use 2.');
  });

  test('fails if replication factor 1 has a min ISR other than 1', () => {
    expect(errorOf({ replicationFactor: 1, minInSyncReplicas: 2 }).message)
      .toBe('c/events: minInSyncReplicas = 2 is invalid: with replicationFactor 1 only one copy exists. Use 1.');
  });

  test.each([
    ['replicationFactor', { replicationFactor: 0, minInSyncReplicas: 1 }],
    ['replicationFactor', { replicationFactor: 2.5 }],
    ['replicationFactor', { replicationFactor: 32768 }],
    ['minInSyncReplicas', { minInSyncReplicas: 0 }],
    ['defaultPartitions', { defaultPartitions: 0 }],
    ['defaultPartitions', { defaultPartitions: 100001 }],
  ])('fails if %s is out of range (%p)', (prop, props) => {
    expect(errorOf(props).violations.map(v => v.prop)).toEqual([prop]);
  });

  test('fails with every violation at once', () => {
    const error = errorOf({ replicationFactor: 0, minInSyncReplicas: -1, defaultPartitions: 0 });
    expect(error.violations.map(v => [v.prop, v.value])).toEqual([
      ['replicationFactor', 0],
      ['minInSyncReplicas', -1],
      ['defaultPartitions', 0],
    ]);
    expect(error.message.split('\n')).toHaveLength(3);
  });
});

describe('listeners and the bootstrap address', () => {
  test('the bootstrap address is the first internal listener\'s, fully qualified in the namespace', () => {
    const { cluster } = resolve({
      listeners: [
        Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }) }),
        Listener.internal({ name: 'internal', port: 9095 }),
        Listener.internal({ name: 'other', port: 9096 }),
      ],
      clusterDomain: 'corp.internal',
    });
    expect(cluster.listeners.map(l => l.name)).toEqual(['EXTERNAL', 'INTERNAL', 'OTHER']);
    expect(cluster.bootstrapServers).toBe('events-kafka-bootstrap.kafka.svc.corp.internal:9095');
  });

  test('without a namespace the bootstrap address is the bare Service name', () => {
    expect(resolve({ listeners: PLAINTEXT() }, null).cluster.bootstrapServers).toBe('events-kafka-bootstrap:9092');
  });

  test('without an internal listener there is no bootstrap address', () => {
    const { cluster } = resolve({
      listeners: [Listener.external({ name: 'external', port: 9094, access: ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com' }) })],
    });
    expect(cluster.bootstrapServers).toBe('');
  });

  test('metrics peers are kept', () => {
    const peer = ClientPeer.namespace('monitoring');
    expect(resolve({ metricsPeers: [peer] }).cluster.metricsPeers).toEqual([peer]);
  });

  test('fails if a listener is invalid, naming its index', () => {
    expect(errorOf({ listeners: [Listener.internal({ name: 'client', port: 9091 })] }).message)
      .toContain('c/events: listeners[0].port = 9091 is invalid: listener REPLICATION already uses it');
  });

  test('fails if TLS is needed and the chart has no namespace', () => {
    expect(errorOf({}, null).message).toContain('c/events: namespace = undefined is invalid: certificates name the namespace');
  });
});

describe('user properties', () => {
  test('cluster properties and custom properties merge, sorted', () => {
    const { cluster } = resolve({ properties: { 'log.retention.hours': '24' }, customProperties: { 'acme.plugin.mode': 'on' } });
    expect(cluster.properties).toEqual({ 'acme.plugin.mode': 'on', 'log.retention.hours': '24' });
  });

  test('fails if a property is one the library owns', () => {
    expect(errorOf({ properties: { 'min.insync.replicas': '1' } }).message)
      .toContain("c/events: properties['min.insync.replicas'] = \"1\" is invalid: the library sets min.insync.replicas itself");
  });
});

describe('network', () => {
  test('no NetworkPolicy when turned off', () => {
    expect(resolve({ networkPolicy: false }).cluster.network).toMatchObject({ policy: false, egress: false });
  });

  test('egress rules with their ports', () => {
    expect(resolve({ egressPolicy: true, egressDnsPorts: [5353], egressApiServerPorts: [8443] }).cluster.network)
      .toEqual({ policy: true, egress: true, egressPorts: { dns: [5353], apiServer: [8443] } });
  });

  test('fails if egress rules are asked for without a NetworkPolicy', () => {
    expect(errorOf({ networkPolicy: false, egressPolicy: true }).message).toBe(
      'c/events: egressPolicy = true is invalid: egress rules live in the cluster\'s NetworkPolicy, and networkPolicy is false. Remove egressPolicy, or keep networkPolicy.');
  });

  test('fails if a port list is empty', () => {
    expect(errorOf({ egressDnsPorts: [] }).message).toContain('c/events: egressDnsPorts = [] is invalid: it is a non-empty list of ports');
  });

  test('fails if a port is out of range', () => {
    expect(errorOf({ egressApiServerPorts: [443, 70000] }).message).toContain('c/events: egressApiServerPorts[1] = 70000 is invalid: a port is a whole number');
  });
});

describe('certificate rollout schedule', () => {
  test('is the user\'s Cron', () => {
    expect(resolve({ certificateRolloutSchedule: Cron.schedule({ minute: '5', hour: '3' }) }).cluster.certificateRolloutSchedule).toBe('5 3 * * *');
  });

  test('is off without TLS', () => {
    expect(resolve({ listeners: PLAINTEXT() }).cluster.certificateRolloutSchedule).toBeUndefined();
  });

  test('is off when certificateRollout is false', () => {
    expect(resolve({ certificateRollout: false }).cluster.certificateRolloutSchedule).toBeUndefined();
  });

  test('fails if the schedule does not have five fields', () => {
    expect(errorOf({ certificateRolloutSchedule: Cron.schedule({ minute: '0 0' }) }).message)
      .toContain('c/events: certificateRolloutSchedule = "0 0 * * * *" is invalid: it is not a cron schedule of five fields');
  });

  test('fails if the schedule is not a Cron', () => {
    expect(errorOf({ certificateRolloutSchedule: '17 * * * *' as unknown as Cron }).message)
      .toContain('c/events: certificateRolloutSchedule = "17 * * * *" is invalid: it is not a cron schedule of five fields');
  });
});

describe('clusterWarnings', () => {
  const warnings = (props: KafkaClusterProps) => {
    const { cluster, controllers } = resolve(props);
    return clusterWarnings(cluster, controllers);
  };

  test('none by default', () => {
    expect(warnings({})).toEqual([]);
  });

  test('replication factor 1: one copy', () => {
    expect(warnings({ replicationFactor: 1 })).toEqual([
      'replicationFactor 1 keeps one copy: a lost broker or disk loses its partitions. Use 3 outside dev.',
    ]);
  });

  test('replication factor 2: two copies', () => {
    expect(warnings({ replicationFactor: 2, minInSyncReplicas: 1 })).toEqual([
      'replicationFactor 2 keeps two copies: with min ISR 1 a single failure can lose acknowledged writes. Use 3 outside dev.',
    ]);
  });

  test('an unauthenticated listener beside an authenticated one: its clients get nothing', () => {
    expect(warnings({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.internal({ name: 'open', port: 9095, authentication: ListenerAuthentication.none() })],
    })).toEqual([
      'listener OPEN does not authenticate: its clients are User:ANONYMOUS, which is granted nothing, so they can do nothing. Authenticate it, or remove it.',
    ]);
  });

  test('no listener authenticates: nothing is authorized (TLS alone does not help)', () => {
    expect(warnings({ listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.none() })] })).toEqual([
      'listener CLIENT does not authenticate and no listener does, so nothing is authorized: anyone who reaches it can read, write and delete every topic. Use ListenerAuthentication.scramSha512() outside dev.',
    ]);
  });

  test('no TLS (which means no listener encrypts or authenticates)', () => {
    expect(warnings({ listeners: PLAINTEXT() })).toContain(
      'the cluster has no TLS: records, and the replication and controller traffic, cross the network in clear. Keep tls (the default) outside dev.',
    );
    expect(warnings({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false })] })).toEqual([]);
  });

  test('a single controller, dedicated or combined', () => {
    const single = 'a single KRaft controller is a single point of failure: losing it stops all metadata changes. Use 3 controllers outside dev.';
    expect(warnings({ controllers: { replicas: 1 } })).toEqual([single]);
    expect(warnings({ mode: KRaftMode.COMBINED, brokers: { replicas: 1 }, replicationFactor: 3 })).toEqual([single]);
  });

  test('a dev cluster gets every warning, in a fixed order', () => {
    expect(warnings({ listeners: PLAINTEXT(), replicationFactor: 1, mode: KRaftMode.COMBINED, brokers: { replicas: 1 } }).map(w => w.split(' ').slice(0, 3).join(' ')))
      .toEqual(['replicationFactor 1 keeps', 'listener CLIENT does', 'the cluster has', 'a single KRaft']);
  });
});

describe('brokerCountViolations', () => {
  test('none when the brokers hold the replication factor', () => {
    const { cluster, controllers, brokers } = resolve();
    expect(brokerCountViolations('c/events', cluster, [controllers, brokers!])).toEqual([]);
  });

  test('too few brokers for the replication factor; controllers do not count', () => {
    const { cluster, controllers, brokers } = resolve({ brokers: { replicas: 2 }, controllers: { replicas: 5 } });
    expect(brokerCountViolations('c/events', cluster, [controllers, brokers!])).toEqual([
      'c/events: replicationFactor = 3 is invalid: the cluster has 2 brokers, so topics and the internal topics could not be created. ' +
      'Set replicationFactor to at most 2 (and minInSyncReplicas below it), or add brokers.',
    ]);
  });

  test('one broker is named in the singular; no broker suggests at most 1', () => {
    const one = resolve({ brokers: { replicas: 1 } });
    expect(brokerCountViolations('p', one.cluster, [one.controllers, one.brokers!])[0]).toContain('the cluster has 1 broker, so');
    const none = resolve({ brokers: { replicas: 0 } });
    expect(brokerCountViolations('p', none.cluster, [none.controllers, none.brokers!])[0]).toContain('Set replicationFactor to at most 1');
  });

  test('brokers of every pool count, combined nodes included', () => {
    const scope = scopeIn();
    const { cluster, controllers, brokers } = resolveCluster(scope, { brokers: { replicas: 1 } }, { name: 'events', namespace: 'kafka' });
    const more = resolveClusterPool(scope, cluster, 'more', [NodeRole.BROKER], { replicas: 2, nodeIdBase: 1000 }, undefined);
    expect(brokerCountViolations('p', cluster, [controllers, brokers!])).toHaveLength(1);
    expect(brokerCountViolations('p', cluster, [controllers, brokers!, more])).toEqual([]);

    const combined = resolve({ mode: KRaftMode.COMBINED });
    expect(brokerCountViolations('p', combined.cluster, [combined.controllers])).toEqual([]);
  });
});

describe('resolveClusterPool', () => {
  const ZONES = ['a', 'b', 'c'];

  test('names the pool after the cluster and reports its errors under the pool', () => {
    const scope = scopeIn();
    const { cluster } = resolveCluster(scope, {}, { name: 'events', namespace: 'kafka' });
    const pool = resolveClusterPool(scope, cluster, 'analytics', [NodeRole.BROKER], { nodeIdBase: 1000 }, undefined);
    expect(pool).toMatchObject({ name: 'analytics', resourceName: 'events-analytics', nodeIdBase: 1000 });
    expect(() => resolveClusterPool(scope, cluster, 'analytics', [NodeRole.BROKER], {}, undefined))
      .toThrow('c/events/analytics: nodeIdBase = undefined is invalid: every added pool needs its own node-id range');
  });

  test('takes the cluster\'s zones and version', () => {
    const scope = scopeIn();
    const { cluster } = resolveCluster(scope, { zones: ZONES, version: ConfluentVersion.V7_9 }, { name: 'events', namespace: 'kafka' });
    const pool = resolveClusterPool(scope, cluster, 'p', [NodeRole.BROKER], { nodeIdBase: 1000, replicas: 3 }, undefined);
    expect(pool.statefulSets.map(s => s.zone)).toEqual(ZONES);
    expect(pool.statefulSets.flatMap(s => s.nodeIds).sort()).toEqual([1000, 1001, 1002]);
  });

  test('a default node id base applies when the options give none', () => {
    const scope = scopeIn();
    const { cluster } = resolveCluster(scope, {}, { name: 'events', namespace: 'kafka' });
    expect(resolveClusterPool(scope, cluster, 'p', [NodeRole.BROKER], {}, 7).nodeIdBase).toBe(7);
  });
});

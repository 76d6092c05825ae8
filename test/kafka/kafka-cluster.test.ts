import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-27';
import { configOf, envValue, find, findAll, kafkaContainer, property, synthCluster } from './fixture';
import {
  ConfluentVersion, ExternalAccess, KafkaCluster, KafkaEdition, KRaftMode, Listener, ListenerAuthentication, SpreadPolicy, Storage,
} from '../../src';
import { KafkaConfigError } from '../../src/core/errors';
import { warningsOf } from '../../src/core/warnings';
import { expectDeterministic } from '../support/validate';

const statefulSets = (objects: any[]) => findAll(objects, 'StatefulSet');

describe('created with default properties', () => {
  const { objects, cluster } = synthCluster();

  test('renders 3 dedicated controllers and 3 brokers, each pool a StatefulSet', () => {
    expect(statefulSets(objects).map(s => [s.metadata.name, s.spec.replicas])).toEqual([
      ['events-controllers', 3],
      ['events-brokers', 3],
    ]);
  });

  test('runs the community image of the newest catalog release, pinned by tag', () => {
    for (const sts of statefulSets(objects)) {
      expect(kafkaContainer(sts).image).toBe(`docker.io/confluentinc/cp-kafka:${ConfluentVersion.LATEST.version}`);
      expect(kafkaContainer(sts).imagePullPolicy).toBe('IfNotPresent');
    }
  });

  test('has one internal client listener on 9092 and a bootstrap address', () => {
    expect(cluster.bootstrapServers).toBe('events-kafka-bootstrap.kafka.svc.cluster.local:9092');
    const svc = find(objects, 'Service', 'events-kafka-bootstrap');
    expect(svc.spec.ports).toEqual([{ name: 'client', port: 9092, targetPort: 9092, protocol: 'TCP' }]);
    expect(svc.spec.selector).toEqual({ 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/broker': 'true' });
  });

  test('replication defaults: RF 3, min ISR 2, 3 partitions, internal topics alike, no unclean election, no auto-create', () => {
    const brokers = find(objects, 'StatefulSet', 'events-brokers');
    expect(Object.fromEntries([
      'default.replication.factor', 'min.insync.replicas', 'num.partitions', 'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor', 'transaction.state.log.min.isr', 'unclean.leader.election.enable', 'auto.create.topics.enable',
    ].map(k => [k, property(objects, brokers, k)]))).toEqual({
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'num.partitions': '3',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
    });
  });

  test('controllers carry the topic defaults too (the active controller applies them in KRaft)', () => {
    const controllers = find(objects, 'StatefulSet', 'events-controllers');
    expect(property(objects, controllers, 'default.replication.factor')).toBe('3');
    expect(property(objects, controllers, 'num.partitions')).toBe('3');
    expect(property(objects, controllers, 'min.insync.replicas')).toBe('2');
  });

  test('heap is half the memory request; memory limit equals the request; no CPU limit', () => {
    const brokers = kafkaContainer(find(objects, 'StatefulSet', 'events-brokers'));
    expect(brokers.resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } });
    expect(configOf(objects, find(objects, 'StatefulSet', 'events-brokers')).KAFKA_HEAP_OPTS).toBe('-Xms2048m -Xmx2048m');
    const controllers = kafkaContainer(find(objects, 'StatefulSet', 'events-controllers'));
    expect(controllers.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } });
    expect(configOf(objects, find(objects, 'StatefulSet', 'events-controllers')).KAFKA_HEAP_OPTS).toBe('-Xms1024m -Xmx1024m');
  });

  test('persistent storage retained on delete and scale-down: 100Gi brokers, 10Gi controllers', () => {
    for (const [name, size] of [['events-brokers', '100Gi'], ['events-controllers', '10Gi']]) {
      const sts = find(objects, 'StatefulSet', name);
      expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
      expect(sts.spec.volumeClaimTemplates).toEqual([{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: size } } },
      }]);
      expect(property(objects, sts, 'log.dirs')).toBe('/var/lib/kafka/data/logs');
    }
  });

  test('one PodDisruptionBudget over all brokers and one over the controllers, one node at a time', () => {
    expect(findAll(objects, 'PodDisruptionBudget').map(p => [p.metadata.name, p.spec.maxUnavailable, p.spec.selector.matchLabels])).toEqual([
      ['events-kafka-brokers', 1, { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/broker': 'true' }],
      ['events-kafka-controllers', 1, { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/controller': 'true' }],
    ]);
  });

  test('pods: no service links, no API token, dedicated ServiceAccount, restricted', () => {
    const sa = find(objects, 'ServiceAccount', 'events-kafka');
    expect(sa.automountServiceAccountToken).toBe(false);
    for (const sts of statefulSets(objects)) {
      const spec = sts.spec.template.spec;
      expect(spec.enableServiceLinks).toBe(false);
      expect(spec.automountServiceAccountToken).toBe(false);
      expect(spec.serviceAccountName).toBe('events-kafka');
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
      expect(kafkaContainer(sts).securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  test('a NetworkPolicy admits only cluster nodes (and the roll\'s check) to replication and controller ports, nobody else by default', () => {
    const np = find(objects, 'NetworkPolicy', 'events-kafka');
    expect(np.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' } });
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress).toEqual([
      {
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'roll' } } },
        ],
        ports: [{ protocol: 'TCP', port: 9091 }, { protocol: 'TCP', port: 9093 }],
      },
      {
        // The access Job registers users and ACLs as the cluster itself.
        from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'access' } } }],
        ports: [{ protocol: 'TCP', port: 9091 }],
      },
      {
        // The maintenance Jobs: unregister removes brokers the program no longer declares, balance evens the brokers.
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'unregister' } } },
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'balance' } } },
        ],
        ports: [{ protocol: 'TCP', port: 9091 }],
      },
    ]);
  });

  test('no cluster-scoped object', () => {
    expect(objects.filter(o => ['ClusterRole', 'ClusterRoleBinding', 'Namespace'].includes(o.kind))).toEqual([]);
  });

  test('brokers spread over hosts (required) and zones (preferred)', () => {
    const spec = find(objects, 'StatefulSet', 'events-brokers').spec.template.spec;
    expect(spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([{
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/pool': 'brokers' } },
    }]);
    expect(spec.topologySpreadConstraints).toEqual([expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 1 })]);
  });

  test('is deterministic', () => {
    expectDeterministic(() => {
      const app = Testing.app();
      const kafka = new KafkaCluster(new Chart(app, 'c', { namespace: 'kafka' }), 'events', { zones: ['a', 'b', 'c'] });
      kafka.addNodePool('big', { nodeIdBase: 1000 });
      return app;
    });
  });

  test('prints no warning for production defaults', () => {
    expect(warningsOf(cluster)).toEqual([]);
  });
});

test('wired clients get their own rule to the internal client listeners', () => {
  const { objects } = synthCluster({}, c => {
    c.allowClient({ 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' });
    c.allowClient({ 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/name': 'kafka' });
  });
  const rules = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress;
  expect(rules).toHaveLength(4);
  expect(rules[3]).toEqual({
    from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/name': 'kafka' } } }],
    ports: [{ protocol: 'TCP', port: 9092 }],
  });
});

test('an imported cluster ignores allowClient', () => {
  const chart = new Chart(Testing.app(), 'c');
  const imported = KafkaCluster.fromBootstrap(chart, 'ext', { bootstrapServers: 'kafka.example.com:9092', version: ConfluentVersion.V8_0 });
  imported.allowClient({ a: 'b' });
  expect(chart.toJson()).toEqual([]);
  expect(imported.replicationFactor).toBe(3);
  expect(imported.minInSyncReplicas).toBe(2);
});

test('fails on a malformed imported address', () => {
  const chart = new Chart(Testing.app(), 'c');
  expect(() => KafkaCluster.fromBootstrap(chart, 'ext', { bootstrapServers: 'kafka.example.com', version: ConfluentVersion.V8_0 }))
    .toThrow('c/ext: bootstrapServers = "kafka.example.com" is invalid: it must be a comma-separated list of host:port');
});

test('the NetworkPolicy can be left out', () => {
  expect(findAll(synthCluster({ networkPolicy: false }).objects, 'NetworkPolicy')).toEqual([]);
});

test('an external listener is open to any source by default, an internal one only to its peers', () => {
  const { objects } = synthCluster({
    listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'ext', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com' }) })],
  });
  expect(find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress.slice(3)).toEqual([{ ports: [{ protocol: 'TCP', port: 9094 }] }]);
});

describe('identity', () => {
  test('node ids: controllers from 9990, brokers from 0, added pools from their base; unique across pools', () => {
    const { cluster, objects } = synthCluster({}, c => {
      c.addNodePool('analytics', { nodeIdBase: 1000, replicas: 2 });
    });
    expect(cluster.controllers.nodeIds).toEqual([9990, 9991, 9992]);
    expect(cluster.brokers.nodeIds).toEqual([0, 1, 2]);
    const env = (name: string) => {
      const c = kafkaContainer(find(objects, 'StatefulSet', name));
      return [envValue(c, 'NODE_ID_BASE'), envValue(c, 'NODE_ID_STRIDE')];
    };
    expect(env('events-controllers')).toEqual(['9990', '1']);
    expect(env('events-brokers')).toEqual(['0', '1']);
    expect(env('events-analytics')).toEqual(['1000', '1']);
  });

  test('cluster id is derived from namespace and name, the same on every pool', () => {
    const { cluster, objects } = synthCluster();
    expect(cluster.clusterId).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    for (const sts of statefulSets(objects)) expect(configOf(objects, sts).CLUSTER_ID).toBe(cluster.clusterId);
    expect(synthCluster().cluster.clusterId).toBe(cluster.clusterId);
  });

  test('a given cluster id is used as is', () => {
    const { objects } = synthCluster({ clusterId: '5L6g3nShT-eMCtK--X86sw' });
    expect(configOf(objects, find(objects, 'StatefulSet', 'events-brokers')).CLUSTER_ID).toBe('5L6g3nShT-eMCtK--X86sw');
  });

  test('fails if the cluster id is malformed', () => {
    expect(() => synthCluster({ clusterId: 'not-an-id' })).toThrow('test/events: clusterId = "not-an-id" is invalid: a KRaft cluster id is 16 bytes');
  });
});

describe('quorum', () => {
  const { objects } = synthCluster();
  const voters = [9990, 9991, 9992].map((id, i) => `${id}@events-controllers-${i}.events-kafka-nodes.$(POD_NAMESPACE).svc.cluster.local:9093`).join(',');

  test('every node has the static voters, namespace expanded by Kubernetes from POD_NAMESPACE', () => {
    for (const sts of statefulSets(objects)) {
      const c = kafkaContainer(sts);
      expect(envValue(c, 'KAFKA_CONTROLLER_QUORUM_VOTERS')).toBe(voters);
      const names = c.env.map((e: any) => e.name);
      expect(names.indexOf('POD_NAMESPACE')).toBeLessThan(names.indexOf('KAFKA_CONTROLLER_QUORUM_VOTERS'));
    }
  });

  test('controllers listen on CONTROLLER with an empty host and advertise nothing', () => {
    const sts = find(objects, 'StatefulSet', 'events-controllers');
    expect(property(objects, sts, 'process.roles')).toBe('controller');
    expect(property(objects, sts, 'listeners')).toBe('CONTROLLER://:9093');
    expect(property(objects, sts, 'controller.listener.names')).toBe('CONTROLLER');
    expect(property(objects, sts, 'listener.security.protocol.map')).toBe('CONTROLLER:SSL');
    // The start script unsets KAFKA_ADVERTISED_LISTENERS when it is given nothing to advertise.
    expect(kafkaContainer(sts).command[2]).toContain('unset KAFKA_ADVERTISED_LISTENERS');
    expect(envValue(kafkaContainer(sts), 'CDK8S_ADVERTISED')).toBeUndefined();
  });

  test('the headless Service publishes not-ready pods, so voters and followers find each other', () => {
    const svc = find(objects, 'Service', 'events-kafka-nodes');
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.publishNotReadyAddresses).toBe(true);
    for (const sts of statefulSets(objects)) expect(sts.spec.serviceName).toBe('events-kafka-nodes');
  });

  test('pods start in parallel, so a new quorum can form', () => {
    for (const sts of statefulSets(objects)) expect(sts.spec.podManagementPolicy).toBe('Parallel');
  });

  test.each([0, 2, 4])('fails if the controller count is %d', replicas => {
    expect(() => synthCluster({ controllers: { replicas } })).toThrow(KafkaConfigError);
    expect(() => synthCluster({ controllers: { replicas } })).toThrow(`test/events/controllers: replicas = ${replicas} is invalid: a KRaft quorum needs an odd number of voters`);
  });

  test('one controller is allowed with a warning', () => {
    const { cluster } = synthCluster({ controllers: { replicas: 1 } });
    expect(warningsOf(cluster).join('\n')).toContain('a single KRaft controller is a single point of failure');
  });
});

describe('listeners', () => {
  test('brokers listen on REPLICATION and the client listeners, and advertise their own pod DNS names', () => {
    const { objects } = synthCluster();
    const sts = find(objects, 'StatefulSet', 'events-brokers');
    expect(property(objects, sts, 'listeners')).toBe('REPLICATION://:9091,CLIENT://:9092');
    expect(property(objects, sts, 'inter.broker.listener.name')).toBe('REPLICATION');
    // CONTROLLER must be mapped on brokers too: Kafka rejects a map missing a name in controller.listener.names.
    expect(property(objects, sts, 'listener.security.protocol.map')).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL');
    expect(property(objects, sts, 'controller.listener.names')).toBe('CONTROLLER');
    const c = kafkaContainer(sts);
    // {pod}: the pod's DNS name, ${HOSTNAME}.<headless Service>.${POD_NAMESPACE}.svc.<domain> (node-start.sh).
    expect(envValue(c, 'CDK8S_HEADLESS_SERVICE')).toBe('events-kafka-nodes');
    expect(envValue(c, 'CDK8S_CLUSTER_DOMAIN')).toBe('cluster.local');
    expect(envValue(c, 'CDK8S_ADVERTISED')).toBe('REPLICATION {pod} 9091\nCLIENT {pod} 9092');
    expect(c.command[2]).toContain('exec /etc/confluent/docker/launch');
  });

  test('external access by load balancer: one Service per broker with its advertised host for external-dns, plus bootstrap', () => {
    const { objects } = synthCluster({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'broker-{id}.kafka.example.com', bootstrapHost: 'bootstrap.kafka.example.com', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } }) }),
      ],
    });
    const perBroker = findAll(objects, 'Service').filter(s => /^events-external-\d+$/.test(s.metadata.name));
    expect(perBroker.map(s => s.metadata.name)).toEqual(['events-external-0', 'events-external-1', 'events-external-2']);
    const svc = find(objects, 'Service', 'events-external-1');
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', publishNotReadyAddresses: true, selector: { 'statefulset.kubernetes.io/pod-name': 'events-brokers-1' } });
    expect(svc.spec.ports).toEqual([{ name: 'external', port: 9094, targetPort: 9094, protocol: 'TCP' }]);
    expect(svc.metadata.annotations).toEqual({ 'external-dns.alpha.kubernetes.io/hostname': 'broker-1.kafka.example.com', 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    const bootstrap = find(objects, 'Service', 'events-external-bootstrap');
    expect(bootstrap.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe('bootstrap.kafka.example.com');
    expect(envValue(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers')), 'CDK8S_ADVERTISED')).toContain('\nEXTERNAL broker-{id}.kafka.example.com 9094');
  });

  test('external access by node port: broker id maps to basePort + id', () => {
    const { objects } = synthCluster({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'nodes', port: 9095, access: ExternalAccess.nodePort({ hostPattern: 'kafka-{id}.example.com', basePort: 31100 }) })],
    });
    const svc = find(objects, 'Service', 'events-nodes-2');
    expect(svc.spec.type).toBe('NodePort');
    expect(svc.spec.ports[0]).toMatchObject({ port: 31102, nodePort: 31102, targetPort: 9095 });
    expect(envValue(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers')), 'CDK8S_ADVERTISED')).toContain('\nNODES kafka-{id}.example.com 9095 31100');
    expect(() => find(objects, 'Service', 'events-nodes-bootstrap')).toThrow();
  });

  test.each([
    [[Listener.internal({ name: 'client', port: 9091 })], 'listeners[0].port = 9091 is invalid: listener REPLICATION already uses it'],
    [[Listener.internal({ name: 'replication', port: 9000 })], "listeners[0].name = \"replication\" is invalid: REPLICATION is the cluster's own listener"],
    [[Listener.internal({ name: 'a', port: 9000 }), Listener.internal({ name: 'A', port: 9001 })], 'listeners[1].name = "A" is invalid: listeners[0] has the same name'],
    [[], 'listeners = [] is invalid: the cluster needs at least one client listener'],
  ])('fails on bad listeners (%#)', (listeners, message) => {
    expect(() => synthCluster({ listeners })).toThrow(`test/events: ${message}`);
  });

  // The factories check what a listener alone can tell, where the user wrote it.
  test.each([
    [() => Listener.internal({ name: 'bad-name', port: 9000 }), 'Listener.internal: options.name = "bad-name" is invalid'],
    [() => Listener.internal({ name: 'client', port: 70000 }), 'Listener.internal: options.port = 70000 is invalid: it must be a whole number from 1 to 65535'],
    [() => ExternalAccess.loadBalancer({ hostPattern: 'broker.example.com' }), 'ExternalAccess.loadBalancer: options.hostPattern = "broker.example.com" is invalid: it must be a DNS name containing "{id}"'],
  ])('fails on a bad listener where it is made (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  test('fails if node ports fall outside the node-port range', () => {
    const listeners = [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'nodes', port: 9095, access: ExternalAccess.nodePort({ hostPattern: 'k-{id}.example.com' }) })];
    expect(() => synthCluster({ listeners }, c => c.addNodePool('far', { nodeIdBase: 5000 })))
      .toThrow("test/events/far: listeners[1].access.basePort = 31000 is invalid: broker 5000 of pool far would get node port 36000, outside Kubernetes' node-port range 30000-32767");
  });
});

describe('storage', () => {
  test('JBOD: one claim per disk, one log dir per disk, metadata on the first', () => {
    const { objects } = synthCluster({
      brokers: { storage: Storage.jbod([{ size: Size.gibibytes(500), storageClass: 'gp3' }, { size: Size.tebibytes(1), storageClass: 'gp3' }]) },
    });
    const sts = find(objects, 'StatefulSet', 'events-brokers');
    expect(sts.spec.volumeClaimTemplates.map((t: any) => [t.metadata.name, t.spec.storageClassName, t.spec.resources.requests.storage]))
      .toEqual([['data', 'gp3', '500Gi'], ['data-1', 'gp3', '1Ti']]);
    expect(property(objects, sts, 'log.dirs')).toBe('/var/lib/kafka/data/logs,/var/lib/kafka/data-1/logs');
    expect(kafkaContainer(sts).volumeMounts.slice(0, 2)).toEqual([
      { name: 'data', mountPath: '/var/lib/kafka/data' },
      { name: 'data-1', mountPath: '/var/lib/kafka/data-1' },
    ]);
  });

  test('ephemeral storage is an emptyDir with a limit, and a loud warning', () => {
    const { objects, cluster } = synthCluster({ brokers: { storage: Storage.ephemeral() } });
    const sts = find(objects, 'StatefulSet', 'events-brokers');
    expect(sts.spec.volumeClaimTemplates).toBeUndefined();
    expect(sts.spec.template.spec.volumes).toContainEqual({ name: 'data', emptyDir: { sizeLimit: '10Gi' } });
    expect(warningsOf(cluster).join('\n')).toContain('test/events/brokers: ephemeral storage loses this pool\'s data');
  });

  test.each([
    [() => Storage.persistent({ size: Size.gibibytes(0) }), 'Storage.persistent: options.size = "0 bytes" is invalid: it must be a cdk8s Size'],
    [() => Storage.jbod([]), 'Storage.jbod: disks = [] is invalid: it is empty'],
    [() => Storage.persistent({ size: '100Gi' as never }), 'Storage.persistent: options.size = "100Gi" is invalid: it must be a cdk8s Size'],
    [() => Storage.persistent({ size: Size.gibibytes(1), storageClass: 'Fast SSD' }), 'Storage.persistent: options.storageClass = "Fast SSD" is invalid'],
  ])('fails on bad storage where it is made (%#)', (make, message) => {
    expect(make).toThrow(message);
  });
});

describe('zones', () => {
  const { objects, cluster } = synthCluster({ zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], brokers: { replicas: 6 } });
  const threeZones = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

  test('fails with fewer brokers than zones: a zone would have none', () => {
    expect(() => synthCluster({ zones: threeZones, brokers: { replicas: 1 }, replicationFactor: 1 }))
      .toThrow('test/events/brokers: replicas = 1 is invalid: with 3 zones each zone gets its own StatefulSet of brokers, and 2 of them would have none. Use at least 3 brokers');
  });

  test('brokers that do not divide evenly over the zones warn', () => {
    const uneven = synthCluster({ zones: threeZones, brokers: { replicas: 4 } });
    expect(warningsOf(uneven.cluster).join('\n')).toContain('test/events/brokers: 4 brokers over 3 zones are uneven (eu-west-1a: 2, eu-west-1b: 1, eu-west-1c: 1)');
    expect(warningsOf(cluster).join('\n')).not.toContain('uneven');
  });

  test('brokers: one StatefulSet per zone, pinned to its zone', () => {
    expect(statefulSets(objects).map(s => [s.metadata.name, s.spec.replicas])).toEqual([
      ['events-controllers', 3],
      ['events-brokers-eu-west-1a', 2], ['events-brokers-eu-west-1b', 2], ['events-brokers-eu-west-1c', 2],
    ]);
    const sts = find(objects, 'StatefulSet', 'events-brokers-eu-west-1b');
    expect(sts.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1b'] }] }]);
    expect(sts.spec.selector.matchLabels['cdk8s-kafka/zone']).toBe('eu-west-1b');
  });

  test('controllers: one StatefulSet (so they roll strictly one at a time), spread evenly over the zones', () => {
    const spec = find(objects, 'StatefulSet', 'events-controllers').spec.template.spec;
    expect(spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms)
      .toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] }] }]);
    expect(spec.topologySpreadConstraints).toEqual([
      expect.objectContaining({ topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', maxSkew: 1 }),
    ]);
    expect(cluster.controllers.nodeIds).toEqual([9990, 9991, 9992]);
  });

  test('brokers get a static broker.rack of their zone; controllers none', () => {
    expect(envValue(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers-eu-west-1c')), 'KAFKA_BROKER_RACK')).toBe('eu-west-1c');
    expect(envValue(kafkaContainer(find(objects, 'StatefulSet', 'events-controllers')), 'KAFKA_BROKER_RACK')).toBeUndefined();
  });

  test('node ids interleave across zones and stay unique', () => {
    expect(cluster.brokers.nodeIds).toEqual([0, 1, 2, 3, 4, 5]);
    const c = kafkaContainer(find(objects, 'StatefulSet', 'events-brokers-eu-west-1b'));
    expect([envValue(c, 'NODE_ID_BASE'), envValue(c, 'NODE_ID_STRIDE')]).toEqual(['1', '3']);
    expect(envValue(c, 'KAFKA_CONTROLLER_QUORUM_VOTERS')).toContain('9991@events-controllers-1.');
  });

  test('the broker PDB spans every zone and pool', () => {
    expect(findAll(objects, 'PodDisruptionBudget').map(p => p.metadata.name)).toEqual(['events-kafka-brokers', 'events-kafka-controllers']);
  });

  test('zones need no RBAC: the only Roles are the roll\'s, the credentials Job\'s and the access Job\'s record', () => {
    expect(objects.filter(o => /Role$/.test(o.kind)).map(o => o.metadata.name)).toEqual(['events-kafka-roll', 'events-kafka-access', 'events-kafka-credentials']);
    expect(objects.filter(o => /^Cluster/.test(o.kind))).toEqual([]);
  });

  test('combined mode with zones: one StatefulSet per zone, voters interleaved', () => {
    const combined = synthCluster({ mode: KRaftMode.COMBINED, zones: ['a', 'b', 'c'] });
    expect(statefulSets(combined.objects).map(s => s.metadata.name)).toEqual(['events-brokers-a', 'events-brokers-b', 'events-brokers-c']);
    expect(envValue(kafkaContainer(statefulSets(combined.objects)[0]), 'KAFKA_CONTROLLER_QUORUM_VOTERS'))
      .toMatch(/^0@events-brokers-a-0\..*,1@events-brokers-b-0\..*,2@events-brokers-c-0\./);
  });

  test.each([
    [['a', 'b', 'a'], 'zones[2] = "a" is invalid: it repeats zones[0]'],
    [['a', 'A'], 'zones[1] = "A" is invalid: it repeats zones[0] ("a" names the same zone)'],
    [['a', ''], 'zones[1] = "" is invalid'],
  ])('fails on bad zones %p', (zones, message) => {
    expect(() => synthCluster({ zones })).toThrow(`test/events: ${message}`);
  });
});

describe('broker configuration', () => {
  test('user properties apply to every pool, pool properties over them', () => {
    const { objects } = synthCluster({
      properties: { 'log.retention.hours': '72', 'compression.type': 'zstd' },
      brokers: { properties: { 'log.retention.hours': '24' } },
    });
    const brokers = find(objects, 'StatefulSet', 'events-brokers');
    expect(property(objects, brokers, 'log.retention.hours')).toBe('24');
    expect(property(objects, brokers, 'compression.type')).toBe('zstd');
    expect(property(objects, find(objects, 'StatefulSet', 'events-controllers'), 'log.retention.hours')).toBe('72');
  });

  test('custom properties for plugins skip the known-key check', () => {
    const { objects } = synthCluster({ customProperties: { 'my.plugin.setting': 'on' } });
    expect(configOf(objects, find(objects, 'StatefulSet', 'events-brokers')).KAFKA_MY_PLUGIN_SETTING).toBe('on');
  });

  test('listener-family keys are known', () => {
    expect(() => synthCluster({ properties: { 'listener.name.client.max.connections': '1000' } })).not.toThrow();
  });

  test.each([
    [{ 'node.id': '5' }, "properties['node.id'] = \"5\" is invalid: the library sets node.id itself (node ids follow the pool rule; set nodeIdBase on the pool). Remove it from the map."],
    [{ 'default.replication.factor': '2' }, 'the library sets default.replication.factor itself (set replicationFactor on the cluster)'],
    [{ 'num.partitionz': '6' }, "properties['num.partitionz'] = \"6\" is invalid: num.partitionz is not a broker configuration of CP 8.1 (Kafka 4.1). Did you mean 'num.partitions'"],
    [{ 'log.retention.hours': 72 as never }, 'properties.log.retention.hours = 72 is invalid: it must be a string, as in a properties file. Use e.g. "604800000".'],
  ])('fails on bad properties (%#)', (properties, message) => {
    expect(() => synthCluster({ properties })).toThrow(message);
  });

  test('keys removed in Kafka 4.0 are refused on 8.x but accepted on 7.9', () => {
    expect(() => synthCluster({ version: ConfluentVersion.V8_0, properties: { 'log.message.format.version': '3.0' } }))
      .toThrow('log.message.format.version is not a broker configuration of CP 8.0 (Kafka 4.0)');
    expect(() => synthCluster({ version: ConfluentVersion.V7_9, properties: { 'log.message.format.version': '3.0' } })).not.toThrow();
  });

  test('owned keys are refused in custom properties too', () => {
    expect(() => synthCluster({ customProperties: { 'log.dirs': '/x' } })).toThrow("customProperties['log.dirs'] = \"/x\" is invalid: the library sets log.dirs itself");
  });
});

describe('replication', () => {
  test('fails if the replication factor exceeds the brokers (checked at synth, after all pools)', () => {
    expect(() => synthCluster({ replicationFactor: 3, brokers: { replicas: 2 } }))
      .toThrow('test/events: replicationFactor = 3 is invalid: the cluster has 2 brokers, so topics and the internal topics could not be created. Set replicationFactor to at most 2');
  });

  test('more pools count toward the broker total', () => {
    expect(() => synthCluster({ brokers: { replicas: 1 } }, c => c.addNodePool('more', { nodeIdBase: 100, replicas: 2 }))).not.toThrow();
  });

  test('fails if min ISR is not below the replication factor', () => {
    expect(() => synthCluster({ replicationFactor: 3, minInSyncReplicas: 3 }))
      .toThrow('test/events: minInSyncReplicas = 3 is invalid: it must be below replicationFactor (3): otherwise losing any one broker stops all acks=all writes. Use 2.');
  });

  // Values of the wrong type or out of range are reported together, before the rules
  // between props (which need values of the right type) run.
  test('fails with every value of the wrong type or range at once', () => {
    expect(() => synthCluster({ replicationFactor: '3' as never, minInSyncReplicas: 0, defaultPartitions: 0 }))
      .toThrow('test/events: replicationFactor = "3" is invalid: it must be a whole number from 1 to 32767. Use e.g. 3.\n'
        + 'test/events: minInSyncReplicas = 0 is invalid: it must be a whole number from 1 to 32767. Use e.g. 2.\n'
        + 'test/events: defaultPartitions = 0 is invalid: it must be a whole number from 1 to 2147483647. Use e.g. 3.');
  });

  test('a single-broker dev cluster works with RF 1 and says why it is risky', () => {
    const { objects, cluster } = synthCluster({
      mode: KRaftMode.COMBINED,
      brokers: { replicas: 1, hostSpread: SpreadPolicy.PREFERRED },
      replicationFactor: 1,
    });
    expect(property(objects, find(objects, 'StatefulSet', 'events-brokers'), 'min.insync.replicas')).toBe('1');
    expect(warningsOf(cluster).join('\n')).toContain('replicationFactor 1 keeps one copy');
  });
});

describe('combined mode', () => {
  const { objects, cluster } = synthCluster({ mode: KRaftMode.COMBINED });

  test('the brokers pool is the quorum: no controller pool', () => {
    expect(statefulSets(objects).map(s => s.metadata.name)).toEqual(['events-brokers']);
    expect(cluster.controllers).toBe(cluster.brokers);
    const sts = find(objects, 'StatefulSet', 'events-brokers');
    expect(property(objects, sts, 'process.roles')).toBe('broker,controller');
    expect(property(objects, sts, 'listeners')).toBe('CONTROLLER://:9093,REPLICATION://:9091,CLIENT://:9092');
    expect(envValue(kafkaContainer(sts), 'KAFKA_CONTROLLER_QUORUM_VOTERS')).toMatch(/^0@events-brokers-0\..*,1@.*,2@/);
    expect(sts.spec.template.metadata.labels['app.kubernetes.io/component']).toBe('broker-controller');
  });

  test('readiness and pre-stop check both sides', () => {
    const c = kafkaContainer(find(objects, 'StatefulSet', 'events-brokers'));
    expect(c.readinessProbe.exec.command[2]).toContain('not RUNNING (3)');
    expect(c.readinessProbe.exec.command[2]).toContain('not leader or follower');
    expect(c.lifecycle.preStop.exec.command[2]).toContain('kafka-topics');
    expect(c.lifecycle.preStop.exec.command[2]).toContain('kafka-metadata-quorum');
    // The scripts check the sides of the roles they are given.
    expect(envValue(c, 'CDK8S_NODE_ROLES')).toBe('broker,controller');
    expect(envValue(c, 'CDK8S_PRE_STOP_BROKER_BOOTSTRAP')).toMatch(/:9091$/);
    expect(envValue(c, 'CDK8S_PRE_STOP_CONTROLLER_BOOTSTRAP')).toMatch(/:9093$/);
  });

  test('fails if a controller pool is also given', () => {
    expect(() => synthCluster({ mode: KRaftMode.COMBINED, controllers: { replicas: 3 } }))
      .toThrow('test/events: controllers = {"replicas":3} is invalid: combined mode has no separate controller pool');
  });

  test('fails on an even number of combined nodes', () => {
    expect(() => synthCluster({ mode: KRaftMode.COMBINED, brokers: { replicas: 4 } })).toThrow('test/events/brokers: replicas = 4 is invalid: a KRaft quorum needs an odd number');
  });
});

describe('node pools', () => {
  test('heterogeneous pools: own size, resources, storage and config', () => {
    const { objects, cluster } = synthCluster({}, c => {
      c.addNodePool('analytics', {
        nodeIdBase: 1000,
        replicas: 2,
        resources: { memory: { request: Size.gibibytes(32) }, cpu: { request: Cpu.units(8) } },
        storage: Storage.persistent({ size: Size.tebibytes(2), storageClass: 'io2' }),
        properties: { 'num.io.threads': '16' },
      });
    });
    const sts = find(objects, 'StatefulSet', 'events-analytics');
    expect(sts.spec.replicas).toBe(2);
    expect(kafkaContainer(sts).resources.requests).toEqual({ cpu: '8', memory: '32Gi' });
    expect(configOf(objects, sts).KAFKA_HEAP_OPTS).toBe('-Xms6144m -Xmx6144m');
    expect(property(objects, sts, 'num.io.threads')).toBe('16');
    expect(property(objects, find(objects, 'StatefulSet', 'events-brokers'), 'num.io.threads')).toBeUndefined();
    expect(find(objects, 'Service', 'events-kafka-bootstrap').spec.selector['cdk8s-kafka/broker']).toBe('true');
    expect(sts.spec.template.metadata.labels['cdk8s-kafka/broker']).toBe('true');
    expect(cluster.node.tryFindChild('analytics')).toBeDefined();
  });

  test('fails if an added pool has no node id base', () => {
    expect(() => synthCluster({}, c => c.addNodePool('more', {}))).toThrow('test/events/more: nodeIdBase = undefined is invalid: every added pool needs its own node-id range');
  });

  test('fails if node id ranges overlap, naming a free base', () => {
    expect(() => synthCluster({}, c => c.addNodePool('more', { nodeIdBase: 2 })))
      .toThrow('test/events/more: nodeIdBase = 2 is invalid: node ids 2..2 are already used by pool brokers. Give this pool a range clear of the others, e.g. nodeIdBase: 1000.');
  });

  test('fails on a duplicate pool name', () => {
    expect(() => synthCluster({}, c => c.addNodePool('brokers', { nodeIdBase: 100 }))).toThrow('test/events: addNodePool.name = "brokers" is invalid: the cluster already has a pool called brokers');
  });

  test.each(['Big', '1st', 'x'.repeat(31), 'a_b'])('fails on pool name %p', name => {
    expect(() => synthCluster({}, c => c.addNodePool(name, { nodeIdBase: 100 }))).toThrow(`addNodePool.name = "${name}" is invalid`);
  });

  test('fails on a bad replica count', () => {
    expect(() => synthCluster({ brokers: { replicas: -1 } })).toThrow('test/events: brokers.replicas = -1 is invalid: it must be a whole number from 0 to 1000');
    expect(() => synthCluster({ brokers: { replicas: 2.5 } })).toThrow('replicas = 2.5 is invalid');
  });

  test('fails on bad resources, naming the smallest request that works', () => {
    expect(() => synthCluster({ brokers: { resources: { memory: { request: Size.mebibytes(256) } } } }))
      .toThrow('test/events/brokers: resources.memory.request = "256Mi" is invalid: it leaves a JVM heap of 128m, below the 256m minimum');
  });
});

describe('rolling changes', () => {
  const hashOf = (props: Parameters<typeof synthCluster>[0]) => {
    const { objects } = synthCluster(props);
    return find(objects, 'StatefulSet', 'events-brokers').spec.template.metadata.annotations['cdk8s-kafka/config-hash'];
  };

  test('the config hash changes when and only when the configuration changes', () => {
    const base = hashOf({});
    expect(hashOf({})).toBe(base);
    expect(hashOf({ properties: { 'log.retention.hours': '72' } })).not.toBe(base);
    expect(hashOf({ defaultPartitions: 6 })).not.toBe(base);
    expect(hashOf({ brokers: { resources: { memory: { request: Size.gibibytes(8) } } } })).not.toBe(base); // heap changes
    // Not read from a ConfigMap: changes the pod template directly, not the hash.
    expect(hashOf({ brokers: { replicas: 5 } })).toBe(base);
    expect(hashOf({ brokers: { resources: { memory: { request: Size.gibibytes(4) }, cpu: { request: Cpu.units(2) } } } })).toBe(base);
  });

  test('pods restart only when deleted (by the roll Job), ready means caught up', () => {
    const { objects } = synthCluster();
    const sts = find(objects, 'StatefulSet', 'events-brokers');
    expect(sts.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    const c = kafkaContainer(sts);
    expect(c.readinessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 3, exec: { command: ['/bin/bash', '-c', expect.stringContaining('(Ready at <= ${CDK8S_MAX_FETCHER_LAG})')] } });
    expect(envValue(c, 'CDK8S_MAX_FETCHER_LAG')).toBe('10000');
    expect(c.livenessProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 6, exec: { command: ['/bin/bash', '-c', expect.stringContaining('Kafka reports no broker state yet')] } });
    expect(c.startupProbe).toMatchObject({ periodSeconds: 10, failureThreshold: 30, exec: { command: ['/bin/bash', '-c', expect.stringContaining('Kafka reports no broker state yet')] } });
  });

  test('brokers get 5 minutes to stop: the gate starts checks for 160s, 2 minutes stay for shutdown; controllers 2 minutes and 70s', () => {
    const { objects } = synthCluster();
    const brokers = find(objects, 'StatefulSet', 'events-brokers').spec.template.spec;
    expect(brokers.terminationGracePeriodSeconds).toBe(300);
    expect(envValue(brokers.containers[0], 'CDK8S_PRE_STOP_MAX_WAIT_SECONDS')).toBe('160');
    const controllers = find(objects, 'StatefulSet', 'events-controllers').spec.template.spec;
    expect(controllers.terminationGracePeriodSeconds).toBe(120);
    expect(envValue(controllers.containers[0], 'CDK8S_PRE_STOP_MAX_WAIT_SECONDS')).toBe('70');
  });

  test('per-broker load balancers keep traffic on the broker\'s node', () => {
    const { objects } = synthCluster({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'ext', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com' }) })],
    });
    expect(find(objects, 'Service', 'events-ext-0').spec.externalTrafficPolicy).toBe('Local');
  });

  test('timings are props', () => {
    const { objects } = synthCluster({
      brokers: { terminationGracePeriod: Duration.minutes(10), startupTimeout: Duration.minutes(20), readyMaxFetcherLag: 0 },
    });
    const spec = find(objects, 'StatefulSet', 'events-brokers').spec.template.spec;
    expect(spec.terminationGracePeriodSeconds).toBe(600);
    expect(spec.containers[0].startupProbe.failureThreshold).toBe(120);
    expect(envValue(spec.containers[0], 'CDK8S_MAX_FETCHER_LAG')).toBe('0');
  });

  test('fails on a grace period too short to stop cleanly', () => {
    expect(() => synthCluster({ brokers: { terminationGracePeriod: Duration.seconds(5) } }))
      .toThrow('test/events/brokers: terminationGracePeriod = "5s" is invalid: it must be a whole number of seconds, at least 30');
  });

  test('the metrics agent exports only what the probes read', () => {
    const { objects } = synthCluster();
    const rules = find(objects, 'ConfigMap', 'events-kafka-metrics').data['jmx-exporter.yaml'];
    expect(rules).toContain('whitelistObjectNames:');
    expect(rules).toContain('kafka.server:type=KafkaServer,name=BrokerState');
    expect(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers')).volumeMounts).toContainEqual({ name: 'metrics-config', mountPath: '/etc/cdk8s-kafka/metrics', readOnly: true });
  });
});

describe('images and versions', () => {
  test.each([ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1])('%s synthesizes a valid cluster', version => {
    const { objects } = synthCluster({ version });
    expect(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers')).image).toBe(`docker.io/confluentinc/cp-kafka:${version.version}`);
  });

  test('Confluent Server, a private registry and pull policy', () => {
    const { objects } = synthCluster({ edition: KafkaEdition.CONFLUENT_SERVER, image: { registry: 'registry.example.com/confluentinc' }, imagePullPolicy: ImagePullPolicy.ALWAYS });
    const c = kafkaContainer(find(objects, 'StatefulSet', 'events-brokers'));
    expect(c.image).toBe(`registry.example.com/confluentinc/cp-server:${ConfluentVersion.LATEST.version}`);
    expect(c.imagePullPolicy).toBe('Always');
  });

  test('Confluent Server\'s internal topics follow the cluster replication factor', () => {
    const { objects } = synthCluster({
      edition: KafkaEdition.CONFLUENT_SERVER,
      mode: KRaftMode.COMBINED,
      brokers: { replicas: 1, hostSpread: SpreadPolicy.PREFERRED },
      replicationFactor: 1,
    });
    const sts = find(objects, 'StatefulSet', 'events-brokers');
    expect(property(objects, sts, 'confluent.license.topic.replication.factor')).toBe('1');
    expect(property(objects, sts, 'confluent.balancer.topic.replication.factor')).toBe('1');
    expect(property(synthCluster().objects, find(synthCluster().objects, 'StatefulSet', 'events-brokers'), 'confluent.license.topic.replication.factor')).toBeUndefined();
  });

  test('fails on an untagged image override', () => {
    expect(() => synthCluster({ image: { image: 'registry.example.com/kafka' } })).toThrow('test/events: image.image = "registry.example.com/kafka" is invalid: it has no tag or digest');
  });

  test('fails on a version that is not a ConfluentVersion', () => {
    expect(() => synthCluster({ version: '8.0.0' as never })).toThrow('test/events: version = "8.0.0" is invalid: it must be a ConfluentVersion');
  });
});

describe('naming', () => {
  test('two clusters in one chart never share an object', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    new KafkaCluster(chart, 'a');
    new KafkaCluster(chart, 'b');
    const names = chart.toJson().map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
  });

  test('fails if two cluster ids normalize to the same names', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    new KafkaCluster(chart, 'Events');
    expect(() => new KafkaCluster(chart, 'events')).toThrow(/c\/events: id = "events" is invalid: its \w+ would be named "events-kafka-[a-z]+", which c\/Events already uses/);
  });

  test('without a chart namespace, bootstrapServers is the short Service name (same-namespace clients)', () => {
    const chart = new Chart(Testing.app(), 'c');
    const listeners = [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })];
    expect(new KafkaCluster(chart, 'events', { listeners }).bootstrapServers).toBe('events-kafka-bootstrap:9092');
  });

  test('a cluster with TLS needs a namespace: certificates name it', () => {
    expect(() => new KafkaCluster(new Chart(Testing.app(), 'c'), 'events')).toThrow(
      'c/events: namespace = undefined is invalid: certificates name the namespace in every address they cover, so a cluster with TLS needs its chart\'s namespace. '
      + 'Create the chart with a namespace: new Chart(app, id, { namespace: "kafka" }).');
  });
});

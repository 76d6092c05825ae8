import { Chart, Duration, Size, Testing } from 'cdk8s';
import { EnvValue, k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KafkaClusterProps, KRaftMode, Listener, ListenerAuthentication, SpreadPolicy, Storage } from '../../../src';
import { ResolvedPool } from '../../../src/kafka/cluster-model';
import { NodeStatefulSetInput, renderNodeStatefulSet } from '../../../src/kafka/nodes/node-statefulset';
import { renderQuorumVoters } from '../../../src/kafka/nodes/server-properties';
import { poolLabels, poolSelector, statefulSetSelector } from '../../../src/kafka/pod-labels';
import { resolveCluster } from '../../../src/kafka/resolve-cluster';

// The StatefulSet of a node pool as plain data. The scripts it carries (start command,
// probes, pre-stop gate) and their parameters are tested elsewhere: here only the
// fields around them.

type Which = 'brokers' | 'controllers';

function resolve(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  return resolveCluster(scope, props, { name: 'events', namespace: 'kafka' });
}

/** Every StatefulSet of a pool of the cluster, rendered. */
function render(props: KafkaClusterProps = {}, which: Which = 'brokers', plainUsers: NodeStatefulSetInput['plainUsers'] = []) {
  const { cluster, controllers, brokers } = resolve(props);
  const pool: ResolvedPool = which === 'controllers' || brokers === undefined ? controllers : brokers;
  return pool.statefulSets.map(sts => ({
    cluster,
    pool,
    sts,
    spec: renderNodeStatefulSet({ cluster, pool, sts, configMap: `${pool.resourceName}-config`, configHash: '0123456789abcdef', plainUsers }),
  }));
}

function one(props: KafkaClusterProps = {}, which: Which = 'brokers', plainUsers: NodeStatefulSetInput['plainUsers'] = []) {
  const all = render(props, which, plainUsers);
  expect(all).toHaveLength(1);
  return all[0];
}

const podSpec = (sts: k8s.KubeStatefulSetProps) => sts.spec!.template.spec!;
const container = (sts: k8s.KubeStatefulSetProps) => podSpec(sts).containers.find(c => c.name === 'kafka')!;
const volume = (sts: k8s.KubeStatefulSetProps, name: string) => (podSpec(sts).volumes ?? []).find(v => v.name === name);
const mount = (sts: k8s.KubeStatefulSetProps, name: string) => (container(sts).volumeMounts ?? []).find(m => m.name === name);
const env = (sts: k8s.KubeStatefulSetProps, name: string) => (container(sts).env ?? []).find(e => e.name === name);
const PLAINTEXT = () => [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })];
const ZONES = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

describe('metadata and selector', () => {
  test('named after its StatefulSet plan, labelled as its pool, in the headless Service', () => {
    const { cluster, pool, sts, spec } = one();
    expect(spec.metadata).toEqual({ name: 'events-brokers', labels: poolLabels(cluster, pool) });
    expect(spec.spec!.serviceName).toBe('events-kafka-nodes');
    expect(spec.spec!.replicas).toBe(sts.replicas);
  });

  test('the selector is the StatefulSet\'s, and the pod template carries it with the role flags and no version', () => {
    for (const [props, which] of [[{}, 'brokers'], [{}, 'controllers'], [{ zones: ZONES }, 'brokers'], [{ mode: KRaftMode.COMBINED }, 'brokers']] as const) {
      for (const { cluster, pool, sts, spec } of render(props, which)) {
        const selector = statefulSetSelector(cluster, pool, sts);
        expect(spec.spec!.selector).toEqual({ matchLabels: selector });
        expect(spec.spec!.template.metadata!.labels).toMatchObject(selector);
        expect(spec.spec!.template.metadata!.labels).not.toHaveProperty(['app.kubernetes.io/version']);
      }
    }
  });

  test('role flags on the pods: brokers, controllers, or both', () => {
    const labels = (props: KafkaClusterProps, which: Which) => one(props, which).spec.spec!.template.metadata!.labels!;
    expect(labels({}, 'brokers')).toMatchObject({ 'cdk8s-kafka/broker': 'true', 'app.kubernetes.io/component': 'broker' });
    expect(labels({}, 'brokers')).not.toHaveProperty(['cdk8s-kafka/controller']);
    expect(labels({}, 'controllers')).toMatchObject({ 'cdk8s-kafka/controller': 'true', 'app.kubernetes.io/component': 'controller' });
    expect(labels({}, 'controllers')).not.toHaveProperty(['cdk8s-kafka/broker']);
    expect(labels({ mode: KRaftMode.COMBINED }, 'brokers'))
      .toMatchObject({ 'cdk8s-kafka/broker': 'true', 'cdk8s-kafka/controller': 'true', 'app.kubernetes.io/component': 'broker-controller' });
  });

  test('with zones each StatefulSet selects its zone only', () => {
    expect(render({ zones: ZONES }).map(r => r.spec.spec!.selector.matchLabels!['cdk8s-kafka/zone'])).toEqual(ZONES);
  });

  test('the pod template carries the config hash and the user\'s annotations', () => {
    const { spec } = one({ brokers: { podAnnotations: { 'example.com/owner': 'team' } } });
    expect(spec.spec!.template.metadata!.annotations).toEqual({ 'example.com/owner': 'team', 'cdk8s-kafka/config-hash': '0123456789abcdef' });
  });
});

describe('rollout and storage', () => {
  test('Parallel pod management, OnDelete (the roll Job restarts pods), claims retained on delete and scale-down', () => {
    const { spec } = one();
    expect(spec.spec!.minReadySeconds).toBeUndefined();
    expect(spec.spec).toMatchObject({
      podManagementPolicy: 'Parallel',
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
  });

  test('one claim template per disk, mounted at its data path', () => {
    const { spec } = one({ brokers: { storage: Storage.jbod([{ size: Size.gibibytes(500), storageClass: 'gp3' }, { size: Size.tebibytes(1) }]) } });
    expect(spec.spec!.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: k8s.Quantity.fromString('500Gi') } } } },
      { metadata: { name: 'data-1' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: undefined, resources: { requests: { storage: k8s.Quantity.fromString('1Ti') } } } },
    ]);
    expect([mount(spec, 'data'), mount(spec, 'data-1')]).toEqual([
      { name: 'data', mountPath: '/var/lib/kafka/data' },
      { name: 'data-1', mountPath: '/var/lib/kafka/data-1' },
    ]);
    expect(volume(spec, 'data')).toBeUndefined();
  });

  test('controllers get their 10Gi claim', () => {
    expect(one({}, 'controllers').spec.spec!.volumeClaimTemplates!.map(t => [t.metadata!.name, t.spec!.resources!.requests!.storage]))
      .toEqual([['data', k8s.Quantity.fromString('10Gi')]]);
  });

  test('ephemeral storage: no claim templates, a sized emptyDir at the data path', () => {
    const { spec } = one({ brokers: { storage: Storage.ephemeral({ sizeLimit: Size.gibibytes(2) }) } });
    expect(spec.spec!.volumeClaimTemplates).toBeUndefined();
    expect(volume(spec, 'data')).toEqual({ name: 'data', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } });
    expect(mount(spec, 'data')).toEqual({ name: 'data', mountPath: '/var/lib/kafka/data' });
  });
});

describe('scheduling', () => {
  test('by default: pods of the pool on different hosts (required), spread over whatever zones exist', () => {
    const { cluster, pool, spec } = one();
    expect(podSpec(spec).affinity).toEqual({
      nodeAffinity: undefined,
      podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: poolSelector(cluster, pool) } }],
      },
    });
    expect(podSpec(spec).topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: poolSelector(cluster, pool) } },
    ]);
  });

  test('preferred host spread: no anti-affinity, a host spread constraint the scheduler may break', () => {
    const { cluster, pool, spec } = one({ brokers: { hostSpread: SpreadPolicy.PREFERRED } });
    expect(podSpec(spec).affinity).toBeUndefined();
    expect(podSpec(spec).topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: poolSelector(cluster, pool) } },
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: poolSelector(cluster, pool) } },
    ]);
  });

  test('brokers with zones: each StatefulSet pinned to its zone, hosts apart across the whole pool, no zone spread', () => {
    const rendered = render({ zones: ZONES });
    rendered.forEach(({ cluster, pool, spec }, i) => {
      expect(podSpec(spec).affinity).toEqual({
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [ZONES[i]] }] }],
          },
        },
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: poolSelector(cluster, pool) } }],
        },
      });
      expect(podSpec(spec).topologySpreadConstraints).toBeUndefined();
    });
  });

  test('controllers with zones: kept to the zones and spread evenly over them (DoNotSchedule)', () => {
    const { cluster, pool, spec } = one({ zones: ZONES }, 'controllers');
    expect(podSpec(spec).affinity!.nodeAffinity).toEqual({
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: ZONES }] }],
      },
    });
    expect(podSpec(spec).topologySpreadConstraints).toEqual([
      { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: poolSelector(cluster, pool) } },
    ]);
  });

  test('node selector, tolerations and priority class are the user\'s', () => {
    const tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }];
    const { spec } = one({ brokers: { nodeSelector: { pool: 'kafka' }, tolerations, priorityClassName: 'kafka-critical' } });
    expect(podSpec(spec)).toMatchObject({ nodeSelector: { pool: 'kafka' }, tolerations, priorityClassName: 'kafka-critical' });
  });

  test('nothing of the sort by default', () => {
    const spec = podSpec(one().spec);
    expect([spec.nodeSelector, spec.tolerations, spec.priorityClassName]).toEqual([undefined, undefined, undefined]);
  });
});

describe('pod', () => {
  test('its own ServiceAccount without a token, no service links, the pool\'s grace period', () => {
    expect(podSpec(one().spec)).toMatchObject({
      serviceAccountName: 'events-kafka',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 300,
    });
    expect(podSpec(one({}, 'controllers').spec).terminationGracePeriodSeconds).toBe(120);
    expect(podSpec(one({ brokers: { terminationGracePeriod: Duration.minutes(10) } }).spec).terminationGracePeriodSeconds).toBe(600);
  });

  test('the container: the cluster\'s image, the pool\'s ConfigMap and resources', () => {
    const { cluster, pool, spec } = one();
    expect(container(spec)).toMatchObject({
      image: cluster.image,
      imagePullPolicy: 'IfNotPresent',
      envFrom: [{ configMapRef: { name: 'events-brokers-config' } }],
      resources: pool.resources.requirements,
    });
  });

  test('the metrics exporter rules are mounted read-only', () => {
    const { spec } = one();
    expect(volume(spec, 'metrics-config')).toEqual({ name: 'metrics-config', configMap: { name: 'events-kafka-metrics' } });
    expect(mount(spec, 'metrics-config')).toMatchObject({ readOnly: true });
  });
});

describe('TLS and PLAIN volumes', () => {
  test('with TLS: the node certificate read-only, and a memory-backed keystore directory', () => {
    for (const which of ['brokers', 'controllers'] as const) {
      const { spec } = one({}, which);
      expect(volume(spec, 'tls')).toEqual({ name: 'tls', secret: { secretName: 'events-kafka-tls', defaultMode: 0o440 } });
      expect(volume(spec, 'keystore')).toEqual({ name: 'keystore', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } });
      expect(mount(spec, 'tls')).toEqual({ name: 'tls', mountPath: '/mnt/kafka-tls', readOnly: true });
      expect(mount(spec, 'keystore')).toEqual({ name: 'keystore', mountPath: '/var/run/kafka-keystore' });
    }
  });

  test('without TLS: neither', () => {
    const { spec } = one({ listeners: PLAINTEXT() });
    expect([volume(spec, 'tls'), volume(spec, 'keystore'), mount(spec, 'tls'), mount(spec, 'keystore')]).toEqual([undefined, undefined, undefined, undefined]);
  });

  test('a PLAIN listener: brokers mount one file per user from the users\' Secrets', () => {
    const props = { listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.plain() })] };
    const users = [{ user: 'admin', secret: 'events-kafka-admin' }, { user: 'orders', secret: 'orders-credentials' }];
    const { spec } = one(props, 'brokers', users);
    expect(volume(spec, 'plain-users')).toEqual({
      name: 'plain-users',
      projected: {
        defaultMode: 0o440,
        sources: [
          { secret: { name: 'events-kafka-admin', items: [{ key: 'password', path: 'admin' }] } },
          { secret: { name: 'orders-credentials', items: [{ key: 'password', path: 'orders' }] } },
        ],
      },
    });
    expect(mount(spec, 'plain-users')).toEqual({ name: 'plain-users', mountPath: '/mnt/kafka-plain-users', readOnly: true });
    expect(volume(one(props, 'controllers', users).spec, 'plain-users')).toBeUndefined();
  });

  test('no PLAIN listener: no user files, whatever users exist', () => {
    expect(volume(one({}, 'brokers', [{ user: 'orders', secret: 'x' }]).spec, 'plain-users')).toBeUndefined();
  });
});

describe('container ports', () => {
  test('brokers: replication, every client listener, metrics', () => {
    const { spec } = one({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.internal({ name: 'internal_apps', port: 9095 })],
    });
    expect(container(spec).ports).toEqual([
      { name: 'replication', containerPort: 9091, protocol: 'TCP' },
      { name: 'client', containerPort: 9092, protocol: 'TCP' },
      { name: 'internal-apps', containerPort: 9095, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9404, protocol: 'TCP' },
    ]);
  });

  test('controllers: controller and metrics only', () => {
    expect(container(one({}, 'controllers').spec).ports).toEqual([
      { name: 'controller', containerPort: 9093, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9404, protocol: 'TCP' },
    ]);
  });

  test('combined nodes: controller, replication, clients, metrics', () => {
    expect(container(one({ mode: KRaftMode.COMBINED }).spec).ports!.map(p => p.name)).toEqual(['controller', 'replication', 'client', 'metrics']);
  });

  test('port names are unique and at most 15 characters', () => {
    for (const which of ['brokers', 'controllers'] as const) {
      const names = container(one({ mode: which === 'brokers' ? KRaftMode.COMBINED : KRaftMode.DEDICATED }, which).spec).ports!.map(p => p.name!);
      expect(new Set(names).size).toBe(names.length);
      expect(names.every(n => n.length <= 15)).toBe(true);
    }
  });
});

describe('environment', () => {
  test('node id base and stride of the StatefulSet, the namespace from the downward API', () => {
    const { spec } = one();
    expect(env(spec, 'POD_NAMESPACE')).toEqual({ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } });
    expect([env(spec, 'NODE_ID_BASE')?.value, env(spec, 'NODE_ID_STRIDE')?.value]).toEqual(['0', '1']);
    expect(env(one({}, 'controllers').spec, 'NODE_ID_BASE')?.value).toBe('9990');
  });

  test('with zones each StatefulSet has its base and the zone count as stride', () => {
    expect(render({ zones: ZONES }).map(({ spec }) => [env(spec, 'NODE_ID_BASE')?.value, env(spec, 'NODE_ID_STRIDE')?.value]))
      .toEqual([['0', '3'], ['1', '3'], ['2', '3']]);
  });

  test('the quorum voters, after POD_NAMESPACE so Kubernetes expands it', () => {
    for (const which of ['brokers', 'controllers'] as const) {
      const { cluster, spec } = one({}, which);
      const names = container(spec).env!.map(e => e.name);
      expect(env(spec, 'KAFKA_CONTROLLER_QUORUM_VOTERS')?.value).toBe(renderQuorumVoters(cluster));
      expect(names.indexOf('POD_NAMESPACE')).toBeLessThan(names.indexOf('KAFKA_CONTROLLER_QUORUM_VOTERS'));
    }
  });

  test('broker.rack: the zone of a broker StatefulSet, none without zones, none for dedicated controllers', () => {
    expect(render({ zones: ZONES }).map(({ spec }) => env(spec, 'KAFKA_BROKER_RACK')?.value)).toEqual(ZONES);
    expect(render({ mode: KRaftMode.COMBINED, zones: ZONES }).map(({ spec }) => env(spec, 'KAFKA_BROKER_RACK')?.value)).toEqual(ZONES);
    expect(env(one().spec, 'KAFKA_BROKER_RACK')).toBeUndefined();
    expect(env(one({ zones: ZONES }, 'controllers').spec, 'KAFKA_BROKER_RACK')).toBeUndefined();
  });

  test('the user\'s extra variables come after the library\'s', () => {
    const { spec } = one({ brokers: { extraEnv: { KAFKA_OPTS: EnvValue.fromValue('-Dfoo=bar') } } });
    const names = container(spec).env!.map(e => e.name);
    expect(env(spec, 'KAFKA_OPTS')).toEqual({ name: 'KAFKA_OPTS', value: '-Dfoo=bar' });
    for (const own of ['POD_NAMESPACE', 'NODE_ID_BASE', 'NODE_ID_STRIDE', 'KAFKA_CONTROLLER_QUORUM_VOTERS']) {
      expect(names.indexOf(own)).toBeLessThan(names.indexOf('KAFKA_OPTS'));
    }
  });
});

import { Chart, Testing } from 'cdk8s';
import { ConfluentVersion, KafkaCluster, KafkaClusterProps } from '../../../src';
import { configErrorOf } from '../../support/errors';
import { findAll } from '../../support/objects';
import { envValue, synthCluster } from '../fixture';

// The drain and unregister Jobs as synthesized, and the synth-time rules of drainTo.

const jobs = (objects: any[], kind: string) => findAll(objects, 'Job').filter((j: any) => j.metadata.name.startsWith(`events-kafka-${kind}-`));
const step = (job: any) => job.spec.template.spec.containers[0];
/** The error of constructing (a KafkaConfigError) or synthesizing (cdk8s's validation) the cluster. */
const error = (props: KafkaClusterProps, more?: (c: KafkaCluster) => void) => {
  try {
    return configErrorOf(() => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
      const cluster = new KafkaCluster(chart, 'events', props);
      more?.(cluster);
      Testing.synth(chart);
    });
  } catch (e) {
    return (e as Error).message;
  }
};

describe('drainTo', () => {
  test('drains the brokers a smaller pool would not have: the highest ordinal of each zone, with their zones; the others stay', () => {
    const { objects } = synthCluster({ zones: ['a', 'b', 'c'], brokers: { replicas: 6, drainTo: 3 }, reassignmentThrottle: undefined });
    const [job] = jobs(objects, 'drain');
    expect(envValue(step(job), 'CDK8S_DRAINING')).toBe('3 a\n4 b\n5 c');
    expect(envValue(step(job), 'CDK8S_KEPT')).toBe('0 a\n1 b\n2 c');
    // 50 MiB/s by default.
    expect(envValue(step(job), 'CDK8S_THROTTLE')).toBe('52428800');
    expect(job.spec.template.spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-brokers']);
    // The pods stay until replicas is lowered.
    expect(findAll(objects, 'StatefulSet').filter((s: any) => s.metadata.name.startsWith('events-brokers-')).map((s: any) => s.spec.replicas)).toEqual([2, 2, 2]);
    const brokers = findAll(objects, 'NetworkPolicy').find((p: any) => p.metadata.name === 'events-kafka');
    expect(brokers.spec.ingress.some((r: any) => r.from.some((f: any) => f.podSelector?.matchLabels['app.kubernetes.io/component'] === 'drain'))).toBe(true);
  });

  test('no Job without drainTo, or with nothing to drain (replicas already at it)', () => {
    expect(jobs(synthCluster().objects, 'drain')).toEqual([]);
    expect(jobs(synthCluster({ brokers: { replicas: 3, drainTo: 3 } }).objects, 'drain')).toEqual([]);
  });

  test('an added pool can be drained to 0 (removed), when the other brokers are enough', () => {
    const { objects } = synthCluster({}, c => c.addNodePool('old', { nodeIdBase: 1000, replicas: 2, drainTo: 0 }));
    expect(envValue(step(jobs(objects, 'drain')[0]), 'CDK8S_DRAINING')).toBe('1000 -\n1001 -');
    expect(envValue(step(jobs(objects, 'drain')[0]), 'CDK8S_KEPT')).toBe('0 -\n1 -\n2 -');
  });

  test('refused: on controllers, above replicas, leaving a zone without brokers, or fewer brokers than the replication factor', () => {
    expect(error({ controllers: { replicas: 3, drainTo: 1 } as any })).toContain('controllers: drainTo = 1 is invalid: only a pool of brokers alone is drained');
    expect(error({ brokers: { replicas: 3, drainTo: 4 } })).toContain('drainTo = 4 is invalid');
    expect(error({ zones: ['a', 'b', 'c'], brokers: { replicas: 6, drainTo: 2 } })).toContain('with 3 zones each zone keeps its own StatefulSet of brokers, and 1 of them would have none');
    expect(error({ brokers: { replicas: 3, drainTo: 2 } })).toContain('replicationFactor = 3 is invalid: the cluster has 2 brokers once the drain is done');
    expect(error({ replicationFactor: 2, minInSyncReplicas: 1, brokers: { replicas: 3, drainTo: 2 } }, c => c.addTopic('orders', { replicationFactor: 3, minInSyncReplicas: 2 })))
      .toContain('topic orders: replicationFactor = 3 is invalid: the cluster has 2 brokers once the drain is done');
  });
});

describe('the unregister Job', () => {
  test('from 8.0, always: it knows the declared brokers, so a scale-in or a removed pool is a new Job', () => {
    const ids = (props: KafkaClusterProps) => envValue(step(jobs(synthCluster({ version: ConfluentVersion.V8_0, ...props }).objects, 'unregister')[0]), 'CDK8S_BROKER_IDS');
    expect(ids({})).toBe('0 1 2');
    expect(ids({ zones: ['a', 'b', 'c'], brokers: { replicas: 6 } })).toBe('0 1 2 3 4 5');
    const name = (replicas: number) => jobs(synthCluster({ version: ConfluentVersion.V8_0, brokers: { replicas } }).objects, 'unregister')[0].metadata.name;
    expect(name(4)).not.toBe(name(3));
    expect(name(3)).toBe(name(3));
  });

  test('not on 7.9, whose tools cannot list fenced brokers (the manual step is documented)', () => {
    expect(jobs(synthCluster({ version: ConfluentVersion.V7_9 }).objects, 'unregister')).toEqual([]);
  });
});

describe('the balance Job', () => {
  test('by default: it evens the declared brokers with their zones, but not those being drained; adding brokers is a new Job', () => {
    const { objects } = synthCluster({ zones: ['a', 'b', 'c'], brokers: { replicas: 6, drainTo: 3 } });
    expect(envValue(step(jobs(objects, 'balance')[0]), 'CDK8S_BROKERS')).toBe('0 a\n1 b\n2 c');
    const name = (replicas: number) => jobs(synthCluster({ brokers: { replicas } }).objects, 'balance')[0].metadata.name;
    expect(name(4)).not.toBe(name(3));
    expect(name(3)).toBe(name(3));
    expect(envValue(step(jobs(synthCluster().objects, 'balance')[0]), 'CDK8S_THROTTLE')).toBe('52428800');
  });

  test('balanceReplicas: false leaves the replicas where they are', () => {
    expect(jobs(synthCluster({ balanceReplicas: false }).objects, 'balance')).toEqual([]);
  });
});

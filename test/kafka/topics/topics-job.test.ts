import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { CleanupPolicy, KafkaCluster, Listener, ListenerAuthentication } from '../../../src';
import { findAll, kafkaStepOf, waitStepOf } from '../../support/objects';
import { envValue, synthCluster } from '../fixture';

// The topics Job as synthesized: one per cluster, named from its spec, acting as the
// cluster on the replication listener, admitted there by the cluster's NetworkPolicy
// and nowhere else; and the synth-time refusals of addTopic.

const topicsJobs = (objects: any[]) => findAll(objects, 'Job').filter((j: any) => j.metadata.name.startsWith('events-kafka-topics-'));
const container = (job: any) => kafkaStepOf(job);

function errorOf(build: (c: KafkaCluster) => void, synth = false): string {
  try {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    build(new KafkaCluster(chart, 'events'));
    if (synth) Testing.synth(chart);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('the topics Job', () => {
  const { objects, cluster } = synthCluster({}, c => {
    c.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
    c.addTopic('customers', { cleanupPolicy: CleanupPolicy.COMPACT });
  });
  const job = topicsJobs(objects)[0];

  test('one Job, named from what it applies, listing every topic in the order declared', () => {
    expect(topicsJobs(objects)).toHaveLength(1);
    expect(envValue(container(job), 'CDK8S_TOPICS')).toBe('orders 12 3\ncustomers 3 3');
    expect(envValue(container(job), 'CDK8S_TOPIC_CONFIGS')).toBe('orders retention.ms 604800000\ncustomers cleanup.policy compact');
    expect(cluster.node.tryFindChild('Topics')).toBeDefined();
  });

  test('acts as the cluster: the nodes\' certificate, the brokers\' replication listener, no API token in the Kafka step', () => {
    expect(envValue(container(job), 'CDK8S_BOOTSTRAP')).toMatch(/^events-brokers-0\.events-kafka-nodes\.kafka\.svc\.cluster\.local:9091,/);
    // The wait step writes the keystore and client settings the Kafka step reads.
    expect(envValue(waitStepOf(job), 'CDK8S_TLS_DIR')).toBe('/mnt/kafka-tls');
    expect(envValue(waitStepOf(job), 'CDK8S_CLIENT_CONFIG')).toBe(envValue(container(job), 'CDK8S_CLIENT_CONFIG'));
    expect(container(job).volumeMounts).toEqual([...waitStepOf(job).volumeMounts, { name: 'record', mountPath: '/var/run/cdk8s-kafka/record' }]);
    expect(job.spec.template.spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'events-kafka-tls', defaultMode: 0o440 } });
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(container(job).volumeMounts.map((v: any) => v.name)).not.toContain('api-token');
    expect(job.spec.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  test('records what it creates: wait, read step, Kafka step, write step; a Role that may read and patch its record only', () => {
    const pod = job.spec.template.spec;
    expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-brokers', 'record-read', 'topics']);
    expect(pod.containers.map((c: any) => c.name)).toEqual(['record-write']);
    expect(pod.serviceAccountName).toBe('events-kafka-topics');
    for (const step of [pod.initContainers[1], pod.containers[0]]) {
      expect(envValue(step, 'CDK8S_RECORD')).toBe('events-kafka-topics-owned');
      expect(step.volumeMounts.map((v: any) => v.name)).toEqual(['api-tmp', 'api-token', 'record']);
    }
    expect(envValue(container(job), 'CDK8S_RECORD_DIR')).toBe('/var/run/cdk8s-kafka/record');
    const record = findAll(objects, 'ConfigMap').find((c: any) => c.metadata.name === 'events-kafka-topics-owned');
    // The record names this apply's desired state: the one this Job's read step compares.
    expect(record.data).toEqual({ desired: envValue(pod.initContainers[1], 'CDK8S_RECORD_DESIRED') });
    // Listed before the Job, as its account is.
    const order = objects.map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(order.indexOf('ConfigMap/events-kafka-topics-owned')).toBeLessThan(order.indexOf(`Job/${job.metadata.name}`));
    expect(order.indexOf('Role/events-kafka-topics')).toBeLessThan(order.indexOf(`Job/${job.metadata.name}`));
    const role = findAll(objects, 'Role').find((r: any) => r.metadata.name === 'events-kafka-topics');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['events-kafka-topics-owned'], verbs: ['get', 'patch'] }]);
  });

  test('with egress policies, it reaches the brokers\' replication port, the API server (its record) and DNS', () => {
    const egress = findAll(synthCluster({ egressPolicy: true }, c => c.addTopic('orders')).objects, 'NetworkPolicy')
      .find((p: any) => p.metadata.name === 'events-kafka-topics').spec.egress;
    expect(egress.map((r: any) => r.ports.map((p: any) => p.port))).toEqual([[9091], [443, 6443], [53, 53]]);
  });

  test('deletes nothing by default; prune.topics turns deletion on, and only that changes', () => {
    expect(envValue(container(job), 'CDK8S_PRUNE_TOPICS')).toBe('false');
    const pruned = topicsJobs(synthCluster({ prune: { topics: true } }, c => {
      c.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
      c.addTopic('customers', { cleanupPolicy: CleanupPolicy.COMPACT });
    }).objects)[0];
    expect(envValue(container(pruned), 'CDK8S_PRUNE_TOPICS')).toBe('true');
    expect(pruned.metadata.name).not.toBe(job.metadata.name);
  });

  test('a changed topic is a new Job; the same program, the same name', () => {
    const again = synthCluster({}, c => {
      c.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
      c.addTopic('customers', { cleanupPolicy: CleanupPolicy.COMPACT });
    }).objects;
    expect(topicsJobs(again)[0].metadata.name).toBe(job.metadata.name);
    const changed = synthCluster({}, c => c.addTopic('orders', { partitions: 24 })).objects;
    expect(topicsJobs(changed)[0].metadata.name).not.toBe(job.metadata.name);
  });

  test('the brokers admit it on the replication port; its own policy admits nothing', () => {
    const brokers = findAll(objects, 'NetworkPolicy').find((p: any) => p.metadata.name === 'events-kafka');
    expect(brokers.spec.ingress).toContainEqual({
      from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'topics' } } }],
      ports: [{ protocol: 'TCP', port: 9091 }],
    });
    const own = findAll(objects, 'NetworkPolicy').find((p: any) => p.metadata.name === 'events-kafka-topics');
    expect(own.spec.ingress).toEqual([]);
  });

  test('the documented Argo CD ordering: a sync wave on the Job through its construct path', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    kafka.addTopic('orders');
    ApiObject.of(kafka.node.findChild('Topics').node.findChild('Job')).metadata.addAnnotation('argocd.argoproj.io/sync-wave', '1');
    expect(topicsJobs(Testing.synth(chart))[0].metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-wave': '1' });
  });

  test('none without topics, but the record stays (what it lists is not forgotten); with prune.topics the Job stays, so removing the last topic deletes it too', () => {
    const none = synthCluster().objects;
    expect(topicsJobs(none)).toEqual([]);
    expect(findAll(none, 'ConfigMap').find((c: any) => c.metadata.name === 'events-kafka-topics-owned').data).toEqual({ desired: '' });
    const pruningObjects = synthCluster({ prune: { topics: true } }).objects;
    const pruning = topicsJobs(pruningObjects);
    expect(pruning).toHaveLength(1);
    // The brokers admit it, topics or not.
    const brokers = findAll(pruningObjects, 'NetworkPolicy').find((p: any) => p.metadata.name === 'events-kafka');
    expect(brokers.spec.ingress.some((r: any) => r.from.some((f: any) => f.podSelector?.matchLabels['app.kubernetes.io/component'] === 'topics'))).toBe(true);
    expect(envValue(container(pruning[0]), 'CDK8S_TOPICS')).toBeUndefined();
  });

  test('a plaintext cluster: no certificate, an empty client config', () => {
    const plain = synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] },
      c => c.addTopic('orders')).objects;
    const j = topicsJobs(plain)[0];
    expect(envValue(container(j), 'CDK8S_TLS_DIR')).toBeUndefined();
    expect(j.spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('tls');
  });
});

describe('addTopic refuses', () => {
  test('a topic declared twice, or two names Kafka treats as one', () => {
    expect(errorOf(c => { c.addTopic('orders'); c.addTopic('orders'); })).toContain('the cluster already declares this topic');
    expect(errorOf(c => { c.addTopic('orders.v1'); c.addTopic('orders_v1'); }))
      .toContain('c/events.addTopic(orders_v1): name = "orders_v1" is invalid: Kafka treats it as the same name as orders.v1');
  });

  test('a replication factor above the brokers, at synth (pools may be added later)', () => {
    expect(errorOf(c => c.addTopic('orders', { replicationFactor: 4 }), true))
      .toContain('c/events/topic orders: replicationFactor = 4 is invalid: the cluster has 3 brokers');
    expect(errorOf(c => {
      c.addTopic('orders', { replicationFactor: 4 });
      c.addNodePool('more', { nodeIdBase: 1000, replicas: 1 });
    }, true)).toBe('');
  });

  test('options of the wrong shape', () => {
    expect(errorOf(c => c.addTopic('orders', { partitions: 0 }))).toContain('partitions');
    expect(errorOf(c => c.addTopic('orders', { cleanupPolicy: 'compacted' as never }))).toContain('cleanupPolicy');
  });
});

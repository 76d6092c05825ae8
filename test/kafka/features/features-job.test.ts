import { Chart, Testing } from 'cdk8s';
import { ConfluentVersion, KafkaCluster, KafkaClusterProps } from '../../../src';
import { configErrorOf } from '../../support/errors';
import { findAll } from '../../support/objects';
import { envValue, synthCluster } from '../fixture';

// The features Job as synthesized: only when finalizedVersion is set, waiting for the
// roll's record of the cluster's release, acting as the cluster on the replication
// listener; and the synth-time refusals.

const featuresJobs = (objects: any[]) => findAll(objects, 'Job').filter((j: any) => j.metadata.name.startsWith('events-kafka-features-'));

test('none by default: the features stay as they are', () => {
  expect(featuresJobs(synthCluster({ version: ConfluentVersion.V8_1 }).objects)).toEqual([]);
});

test('finalizedVersion 8.0 on 8.1 nodes: waits for every node to run 8.1, then turns on Kafka 4.0\'s features as the cluster', () => {
  const { objects } = synthCluster({ version: ConfluentVersion.V8_1, finalizedVersion: ConfluentVersion.V8_0 });
  const [job] = featuresJobs(objects);
  const pod = job.spec.template.spec;
  expect(pod.initContainers.map((c: any) => c.name)).toEqual(['wait-for-kafka', 'wait-for-brokers']);
  expect(envValue(pod.initContainers[0], 'CDK8S_KAFKA_VERSION')).toBe(ConfluentVersion.V8_1.version);
  expect(envValue(pod.initContainers[0], 'CDK8S_KAFKA_VERSION_CONFIGMAP')).toBe('events-kafka-version');
  expect(envValue(pod.initContainers[1], 'CDK8S_TLS_DIR')).toBe('/mnt/kafka-tls');
  expect(pod.containers.map((c: any) => [c.name, envValue(c, 'CDK8S_FEATURES_RELEASE')])).toEqual([['features', '4.0']]);
  expect(pod.automountServiceAccountToken).toBe(false);
  // The brokers admit it on the replication port.
  const brokers = findAll(objects, 'NetworkPolicy').find((p: any) => p.metadata.name === 'events-kafka');
  const maintenance = brokers.spec.ingress.find((r: any) => r.from.some((f: any) => f.podSelector?.matchLabels['app.kubernetes.io/component'] === 'unregister'));
  expect(maintenance.ports).toEqual([{ protocol: 'TCP', port: 9091 }]);
  expect(maintenance.from).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'features' } } });
});

test('a new finalizedVersion is a new Job; the same, the same Job', () => {
  const name = (props: KafkaClusterProps) => featuresJobs(synthCluster({ version: ConfluentVersion.V8_1, ...props }).objects)[0].metadata.name;
  expect(name({ finalizedVersion: ConfluentVersion.V8_0 })).toBe(name({ finalizedVersion: ConfluentVersion.V8_0 }));
  expect(name({ finalizedVersion: ConfluentVersion.V8_1 })).not.toBe(name({ finalizedVersion: ConfluentVersion.V8_0 }));
});

test('refused: a release above the nodes\' version, and 7.9 (a 7.9 cluster is created with its features)', () => {
  const error = (props: KafkaClusterProps) => configErrorOf(() => new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events', props));
  expect(error({ version: ConfluentVersion.V8_0, finalizedVersion: ConfluentVersion.V8_1 })).toBe(
    `c/events: finalizedVersion = "${ConfluentVersion.V8_1.version}" is invalid: it is above version ${ConfluentVersion.V8_0.version}: a release's features need every node to run it, `
    + 'and metadata turned on for it cannot go back. Keep version at 8.1 or later, and set finalizedVersion only once every node runs it.');
  expect(error({ version: ConfluentVersion.V8_0, finalizedVersion: ConfluentVersion.V7_9 })).toContain('a cluster made with 7.9 already has its features (kafka-storage format sets them)');
  expect(error({ version: ConfluentVersion.V8_0, finalizedVersion: ConfluentVersion.of('8.0.1') })).toBe('');
});

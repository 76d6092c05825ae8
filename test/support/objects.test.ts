import { kafkaSet } from './fixtures';
import { find, findAll, podSpecOf, requirePodSpecOf } from './objects';

describe('object finders', () => {
  test('find returns the one object of that kind and name', () => {
    expect(find(kafkaSet(), 'Service', 'kafka-headless').spec.clusterIP).toBe('None');
  });

  test('find lists what is available when nothing matches', () => {
    expect(() => find(kafkaSet(), 'Service', 'kafka')).toThrow(
      'find: no Service named "kafka" in the synthesized objects. Available: ConfigMap/kafka-config, ConfigMap/kafka-env, ' +
      'NetworkPolicy/kafka, PodDisruptionBudget/kafka, Secret/kafka-secret, Service/kafka-headless, ServiceAccount/kafka, StatefulSet/kafka');
  });

  test('find refuses ambiguity', () => {
    const objects = [...kafkaSet(), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kafka-headless', namespace: 'other' } }];
    expect(() => find(objects, 'Service', 'kafka-headless')).toThrow(/^find: 2 Service named "kafka-headless"/);
  });

  test('findAll keeps synth order', () => {
    expect(findAll(kafkaSet(), 'ConfigMap').map((o) => o.metadata.name)).toEqual(['kafka-config', 'kafka-env']);
  });

  const podSpec = { containers: [{ name: 'c', image: 'i' }] };
  test.each<[string, any]>([
    ['Pod', { kind: 'Pod', spec: podSpec }],
    ['Deployment', { kind: 'Deployment', spec: { template: { spec: podSpec } } }],
    ['StatefulSet', { kind: 'StatefulSet', spec: { template: { spec: podSpec } } }],
    ['DaemonSet', { kind: 'DaemonSet', spec: { template: { spec: podSpec } } }],
    ['ReplicaSet', { kind: 'ReplicaSet', spec: { template: { spec: podSpec } } }],
    ['Job', { kind: 'Job', spec: { template: { spec: podSpec } } }],
    ['CronJob', { kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: podSpec } } } } }],
  ])('podSpecOf a %s', (_kind, manifest) => {
    expect(podSpecOf(manifest)).toBe(podSpec);
  });

  test('podSpecOf is undefined for kinds without a pod template, so it can filter', () => {
    expect(podSpecOf({ kind: 'ConfigMap', metadata: { name: 'x' } })).toBeUndefined();
    expect(kafkaSet().filter((o) => podSpecOf(o) !== undefined).map((o) => o.kind)).toEqual(['StatefulSet']);
  });

  test('requirePodSpecOf throws naming the object instead', () => {
    expect(requirePodSpecOf({ kind: 'Pod', spec: podSpec })).toBe(podSpec);
    expect(() => requirePodSpecOf({ kind: 'ConfigMap', metadata: { name: 'x' } })).toThrow(/^requirePodSpecOf: ConfigMap\/x has no pod template/);
  });
});

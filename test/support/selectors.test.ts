import { kafkaSet, mutated } from './fixtures';
import { selectorMatches } from './label-selector';
import { findProblems } from './validate';

const STS = 'apps/v1 StatefulSet default/kafka';

describe('label selector semantics', () => {
  const labels = { app: 'kafka', tier: 'broker' };
  test.each([
    [{ matchLabels: { app: 'kafka' } }, true],
    [{ matchLabels: { app: 'zookeeper' } }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['broker', 'controller'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['controller'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['controller'] }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['broker'] }] }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, true],
    [{ matchExpressions: [{ key: 'zone', operator: 'Exists' }] }, false],
    [{ matchExpressions: [{ key: 'zone', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, false],
    [{ matchLabels: { app: 'kafka' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['x'] }] }, false],
    [{}, true],
  ])('%j matches: %s', (selector, expected) => {
    expect(selectorMatches(selector, labels)).toBe(expected);
  });
});

describe('controller selectors must select their own template', () => {
  test('the unmutated fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('matchLabels that the template lacks', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => { s.spec.selector.matchLabels.tier = 'broker'; });
    expect(findProblems(objects)).toContainEqual({
      object: STS,
      path: 'spec.template.metadata.labels',
      message: 'selector {app.kubernetes.io/name=kafka, tier=broker} does not match template labels {app.kubernetes.io/name=kafka, app.kubernetes.io/component=broker}',
    });
  });

  test('a matchExpression that excludes the template', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => {
      s.spec.selector.matchExpressions = [{ key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['broker'] }];
    });
    expect(findProblems(objects)).toContainEqual(expect.objectContaining({ object: STS, path: 'spec.template.metadata.labels' }));
  });

  test('an empty selector is invalid for apps/v1 controllers', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => { s.spec.selector = {}; });
    expect(findProblems(objects)).toContainEqual({ object: STS, path: 'spec.selector', message: 'empty selector is invalid for StatefulSet' });
  });
});

describe('selectors that must pick pods from the synth', () => {
  test('a Service selector matching no pod template', () => {
    const objects = mutated(kafkaSet(), 'Service', 'kafka-headless', (s) => { s.spec.selector = { app: 'kafka' }; });
    expect(findProblems(objects)).toEqual([{
      object: 'v1 Service default/kafka-headless',
      path: 'spec.selector',
      message: 'selector {"app":"kafka"} matches no pod template (pod templates in namespace: ' +
        'StatefulSet/kafka {"app.kubernetes.io/name":"kafka","app.kubernetes.io/component":"broker"})',
    }]);
  });

  test('a Service without a selector (manual endpoints) is fine', () => {
    const objects = [...kafkaSet(), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'external-db' }, spec: { ports: [{ port: 5432 }] } }];
    expect(findProblems(objects)).toEqual([]);
  });

  test('a pod in another namespace does not count', () => {
    const objects = mutated(kafkaSet(), 'Service', 'kafka-headless', (s) => { s.metadata.namespace = 'other'; });
    expect(findProblems(objects)).toContainEqual(expect.objectContaining({
      object: 'v1 Service other/kafka-headless',
      message: 'selector {"app.kubernetes.io/name":"kafka"} matches no pod template (no pod templates in namespace "other")',
    }));
  });

  test('a PodDisruptionBudget selecting nothing, or without a selector', () => {
    const objects = mutated(kafkaSet(), 'PodDisruptionBudget', 'kafka', (p) => { p.spec.selector.matchLabels = { 'app.kubernetes.io/name': 'zookeeper' }; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      object: 'policy/v1 PodDisruptionBudget default/kafka',
      path: 'spec.selector',
      message: expect.stringMatching(/^selector \{app\.kubernetes\.io\/name=zookeeper\} matches no pod template/),
    })]);
    const none = mutated(kafkaSet(), 'PodDisruptionBudget', 'kafka', (p) => { delete p.spec.selector; });
    expect(findProblems(none)).toEqual([expect.objectContaining({ path: 'spec.selector', message: 'is not set, so the PodDisruptionBudget protects no pods' })]);
  });

  test('a NetworkPolicy podSelector matching nothing; an empty one selects all pods', () => {
    const objects = mutated(kafkaSet(), 'NetworkPolicy', 'kafka', (p) => { p.spec.podSelector.matchLabels = { app: 'kafka' }; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({ path: 'spec.podSelector', message: expect.stringMatching(/^podSelector \{app=kafka\} matches no pod template/) })]);
    const all = mutated(kafkaSet(), 'NetworkPolicy', 'kafka', (p) => { p.spec.podSelector = {}; });
    expect(findProblems(all)).toEqual([]);
  });

  test('a NetworkPolicy peer podSelector matching nothing, unless it has a namespaceSelector', () => {
    const objects = mutated(kafkaSet(), 'NetworkPolicy', 'kafka', (p) => { p.spec.ingress[0].from[0].podSelector = { matchLabels: { app: 'client' } }; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.ingress[0].from[0].podSelector',
      message: expect.stringMatching(/^ingress peer podSelector \{app=client\} matches no pod template/),
    })]);
    const crossNamespace = mutated(objects, 'NetworkPolicy', 'kafka', (p) => { p.spec.ingress[0].from[0].namespaceSelector = {}; });
    expect(findProblems(crossNamespace)).toEqual([]);
  });
});

describe('StatefulSet pod identity labels', () => {
  // The StatefulSet controller labels each pod with its name and index: per-pod
  // Services (one per Kafka broker) select on them.
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      serviceName: 'web',
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x:1' }] } },
    },
  };
  const headless = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] } };
  const perPod = (pod: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${pod}`, namespace: 'default' }, spec: { selector: { 'statefulset.kubernetes.io/pod-name': pod }, ports: [{ port: 80 }] } });

  test('a Service selecting an existing pod by name matches', () => {
    expect(findProblems([sts, headless, perPod('web-1')]).filter(p => p.message.includes('matches no pod'))).toEqual([]);
  });

  test('a Service selecting a pod beyond the replicas matches nothing', () => {
    expect(findProblems([sts, headless, perPod('web-2')]).map(p => p.message).join('\n')).toMatch(/selector/);
  });
});

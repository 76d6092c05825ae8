import { kafkaSet, mutated } from './fixtures';
import { findProblems } from './validate';

const STS = 'apps/v1 StatefulSet default/kafka';

describe('labels, annotations and selector syntax', () => {
  test('the unmutated fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('a bad label value on object metadata', () => {
    const objects = mutated(kafkaSet(), 'ConfigMap', 'kafka-env', (o) => { o.metadata.labels = { version: '3.9.0 (latest)' }; });
    expect(findProblems(objects)).toEqual([{
      object: 'v1 ConfigMap default/kafka-env',
      path: 'metadata.labels.version',
      message: expect.stringMatching(/^invalid label value "3\.9\.0 \(latest\)": must be empty or consist of alphanumerics/),
    }]);
  });

  test('a too-long label value on the pod template', () => {
    const long = 'v'.repeat(64);
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => { s.spec.template.metadata.labels.build = long; });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.metadata.labels.build',
      message: `invalid label value "${long}": must be no more than 63 characters (is 64)`,
    }]);
  });

  test('a bad label key, with the key quoted in the path', () => {
    const objects = mutated(kafkaSet(), 'ConfigMap', 'kafka-env', (o) => { o.metadata.labels = { 'Example.com/app': 'x' }; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'metadata.labels["Example.com/app"]',
      message: expect.stringContaining('invalid label key "Example.com/app": prefix part'),
    })]);
  });

  test('selector values and expression keys are checked', () => {
    const objects = mutated(kafkaSet(), 'PodDisruptionBudget', 'kafka', (p) => {
      p.spec.selector.matchExpressions = [{ key: 'tier/', operator: 'In', values: ['a b'] }];
    });
    const paths = findProblems(objects).map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['spec.selector.matchExpressions[0].key', 'spec.selector.matchExpressions[0].values[0]']));
  });

  test('In without values and an unknown operator are reported', () => {
    const objects = mutated(kafkaSet(), 'NetworkPolicy', 'kafka', (p) => {
      p.spec.podSelector.matchExpressions = [{ key: 'a', operator: 'In', values: [] }, { key: 'b', operator: 'Equals' }];
    });
    expect(findProblems(objects)).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'spec.podSelector.matchExpressions[0].values', message: 'must be non-empty when operator is In' }),
      expect.objectContaining({ path: 'spec.podSelector.matchExpressions[1].operator', message: 'must be one of In, NotIn, Exists, DoesNotExist, got "Equals"' }),
    ]));
  });

  test('annotation keys must be qualified names (checked lowercased, as the API server does)', () => {
    const ok = mutated(kafkaSet(), 'ConfigMap', 'kafka-env', (o) => { o.metadata.annotations = { 'Example.COM/Checksum': 'abc' }; });
    expect(findProblems(ok)).toEqual([]);
    const bad = mutated(kafkaSet(), 'ConfigMap', 'kafka-env', (o) => { o.metadata.annotations = { 'checksum config': 'abc' }; });
    expect(findProblems(bad)).toEqual([expect.objectContaining({
      path: 'metadata.annotations["checksum config"]',
      message: expect.stringContaining('invalid annotation key "checksum config"'),
    })]);
  });
});

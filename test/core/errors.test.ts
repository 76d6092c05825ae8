import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { checkRules, describeValue, KafkaConfigError, raise } from '../../src/core/errors';

describe('KafkaConfigError', () => {
  test('message has the shape "<path>: <prop> = <value> is invalid: <why>. <fix>."', () => {
    const chart = new Chart(Testing.app(), 'chart');
    const scope = new Construct(chart, 'events');
    expect(() => raise(scope, 'controllers.replicas', 2, 'a KRaft quorum needs an odd number of voters', 'Use 3 or 5'))
      .toThrow('chart/events: controllers.replicas = 2 is invalid: a KRaft quorum needs an odd number of voters. Use 3 or 5.');
  });

  test('is a KafkaConfigError with the violation attached', () => {
    try {
      raise('ConfluentVersion.of', 'version', '6.2.0', 'why', 'fix');
      fail('expected an error');
    } catch (e) {
      expect(e).toBeInstanceOf(KafkaConfigError);
      expect((e as KafkaConfigError).name).toBe('KafkaConfigError');
      expect((e as KafkaConfigError).violations).toEqual([
        { path: 'ConfluentVersion.of', prop: 'version', value: '6.2.0', why: 'why', fix: 'fix' },
      ]);
    }
  });

  test('a rule table reports every violation at once', () => {
    const run = () => checkRules('x', [
      { when: true, prop: 'a', value: 1, why: 'first', fix: 'Fix a' },
      { when: false, prop: 'b', value: 2, why: 'never', fix: 'Fix b' },
      { when: true, prop: 'c', value: 'z', why: 'third', fix: 'Fix c' },
    ]);
    expect(run).toThrow(KafkaConfigError);
    expect(run).toThrow('x: a = 1 is invalid: first. Fix a.\nx: c = "z" is invalid: third. Fix c.');
  });

  test('a rule table with no violation passes', () => {
    expect(() => checkRules('x', [{ when: false, prop: 'a', value: 1, why: 'w', fix: 'f' }])).not.toThrow();
  });

  test.each([
    ['text', '"text"'],
    [3, '3'],
    [undefined, 'undefined'],
    [null, 'null'],
    [{ a: 1 }, '{"a":1}'],
    [() => 1, '[function]'],
    ['x'.repeat(200), `"${'x'.repeat(116)}...`],
  ])('describes %p as %s', (value, text) => {
    expect(describeValue(value)).toBe(text);
  });

  test('describes a value JSON cannot serialize', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(describeValue(cyclic)).toBe('[object Object]');
  });
});

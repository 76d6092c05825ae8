import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { warn, warningsOf } from '../../src/core/warnings';

test('warnings are recorded on the construct and listed with their path', () => {
  const chart = new Chart(Testing.app(), 'c');
  const a = new Construct(chart, 'a');
  warn(a, 'replication factor 1 loses data when a broker is lost');
  warn(new Construct(a, 'b'), 'plaintext listener');
  expect(warningsOf(chart)).toEqual([
    'c/a: replication factor 1 loses data when a broker is lost',
    'c/a/b: plaintext listener',
  ]);
});

test('warnings never reach the manifests', () => {
  const chart = new Chart(Testing.app(), 'c');
  warn(chart, 'something risky');
  expect(JSON.stringify(chart.toJson())).not.toContain('risky');
});

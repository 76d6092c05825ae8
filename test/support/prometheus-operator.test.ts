import { findProblems } from './validate';

// The harness validates the monitoring.coreos.com/v1 kinds the observability work will
// synthesize, instead of reporting them as unregistered.

const rule = (groups: unknown) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'PrometheusRule',
  metadata: { name: 'kafka', namespace: 'kafka', labels: { 'app.kubernetes.io/managed-by': 'cdk8s-kafka' } },
  spec: { groups },
});

test('a PrometheusRule is checked against its model: a valid one passes, a group without name fails', () => {
  expect(findProblems([rule([{ name: 'kafka', rules: [{ alert: 'UnderReplicatedPartitions', expr: 'sum(x) > 0', for: '5m' }] }])] as never)).toEqual([]);
  const problems = findProblems([rule([{ rules: [] }])] as never);
  expect(problems.map(p => `${p.path}: ${p.message}`)).toEqual(['spec.groups[0].name: @kubernetes-models/prometheus-operator: required field is missing']);
});

import { fixtureSeries, RULE_FIXTURES } from './rule-fixtures';
import { EXTERNAL_METRICS } from '../../src/observability/alert-rules';
import { readPromql } from '../support/promql';

// What a query may use: the metric names (and their labels) each component's exporter
// rules write over its MBean fixture, the series other exporters serve, and the labels
// the scrape adds to every series.

/** Labels every scraped series carries: Prometheus's target labels and the pod labels both scrape methods copy. */
const TARGET_LABELS = ['__name__', 'namespace', 'pod', 'container', 'instance', 'job', 'endpoint',
  'app_kubernetes_io_name', 'app_kubernetes_io_instance', 'app_kubernetes_io_component', 'cdk8s_kafka_pool'];

/** Labels of the other exporters' series (kube-state-metrics, kubelet, cert-manager). */
const EXTERNAL_LABELS = ['persistentvolumeclaim', 'job_name', 'condition', 'name', 'issuer_name', 'issuer_kind'];

/** Names and labels by the `app.kubernetes.io/name` of the pods that serve them. */
export const EXPORTED: Readonly<Record<string, Map<string, Set<string>>>> = Object.fromEntries(RULE_FIXTURES.map(f => {
  const names = new Map<string, Set<string>>();
  for (const s of fixtureSeries(f.rules, f.fixture)) {
    const labels = names.get(s.name) ?? new Set<string>();
    for (const l of Object.keys(s.labels)) labels.add(l);
    names.set(s.name, labels);
  }
  return [f.app, names];
}));

/**
 * What is wrong with a query of the component `app`: syntax errors, metric names nobody
 * serves, and labels it matches or groups by that none of its series carries. Grafana's
 * variables are replaced by values first.
 */
export function queryProblems(app: string, query: string): string[] {
  const expr = query.replace(/\$__rate_interval/g, '5m').replace(/\$(namespace|topic)/g, 'x');
  const reading = readPromql(expr);
  const names = EXPORTED[app];
  const unknown = reading.metrics.filter(n => !names.has(n) && !(n in EXTERNAL_METRICS)).map(n => `unknown metric ${n}`);
  const labels = new Set([...TARGET_LABELS, ...EXTERNAL_LABELS, ...reading.metrics.flatMap(n => [...names.get(n) ?? []])]);
  const used = [
    ...[...expr.matchAll(/\b(?:by|without|on|ignoring)\s*\(([^)]*)\)/g)].flatMap(m => m[1].split(',').map(l => l.trim()).filter(l => l !== '')),
    ...[...expr.matchAll(/[{,]\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)/g)].map(m => m[1]),
  ];
  const unknownLabels = [...new Set(used)].filter(l => !labels.has(l)).map(l => `unknown label ${l}`);
  return [...reading.errors, ...unknown, ...unknownLabels];
}

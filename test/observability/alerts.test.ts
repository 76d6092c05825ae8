import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { queryProblems } from './exported-names';
import { ClientPeer, Connect, KsqlDb, MetricsScrape, SchemaRegistry } from '../../src';
import { warningsOf } from '../../src/core/warnings';
import { RUNBOOK_BASE } from '../../src/observability/alert-rules';
import { synthCluster } from '../kafka/fixture';
import { find, findAll } from '../support/objects';

const MONITORING = { labels: { release: 'prometheus' } };
const DOC = fs.readFileSync(path.join(__dirname, '../../docs/monitoring.md'), 'utf8');

/** GitHub's anchors of the document's headings. */
const ANCHORS = new Set([...DOC.matchAll(/^#+ (.+)$/gm)].map(m => m[1].trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));

function monitoredPlatform() {
  return synthCluster({ monitoring: MONITORING, metricsPeers: [ClientPeer.namespace('monitoring')] }, cluster => {
    const chart = Chart.of(cluster);
    const registry = new SchemaRegistry(chart, 'schemas', { kafka: cluster });
    new Connect(chart, 'connect', { kafka: cluster, schemaRegistry: registry });
    new KsqlDb(chart, 'ksql', { kafka: cluster, schemaRegistry: registry });
  }).objects;
}

describe('alerts', () => {
  const objects = monitoredPlatform();
  const rules = findAll(objects, 'PrometheusRule');

  test('one PrometheusRule per cluster and component, labelled for the Prometheus', () => {
    expect(rules.map(r => r.metadata.name).sort()).toEqual(['connect', 'events-kafka', 'ksql', 'schemas']);
    for (const r of rules) expect(r.metadata.labels).toMatchObject(MONITORING.labels);
  });

  const alerts = rules.flatMap(r => r.spec.groups.flatMap((g: any) => g.rules.map((a: any) => [r.metadata.name, a])));

  test.each(alerts.map(([owner, a]) => [a.alert, owner, a]))('%s (%s) parses and uses only metrics that exist', (_name, owner, alert) => {
    const app = owner === 'events-kafka' ? 'kafka' : owner === 'schemas' ? 'schema-registry' : owner === 'connect' ? 'kafka-connect' : 'ksqldb';
    expect(queryProblems(app, alert.expr)).toEqual([]);
  });

  test('every alert has a severity, a summary naming what and where, and a runbook section', () => {
    for (const [owner, a] of alerts) {
      expect(['warning', 'critical']).toContain(a.labels.severity);
      expect(a.annotations.summary).toMatch(owner === 'events-kafka' ? /Kafka cluster events/ : new RegExp(owner));
      expect(a.annotations.runbook_url.startsWith(`${RUNBOOK_BASE}#`)).toBe(true);
      expect(ANCHORS).toContain(a.annotations.runbook_url.slice(RUNBOOK_BASE.length + 1));
    }
  });

  test('the cluster watches its own pods, disks, certificates and Jobs by name', () => {
    const byName = Object.fromEntries(alerts.map(([, a]) => [a.alert, a.expr]));
    expect(byName.KafkaDiskUsageHigh).toContain('persistentvolumeclaim=~"(data)-(events-controllers|events-brokers)-[0-9]+"');
    expect(byName.KafkaContainerRestarts).toContain('pod=~"(events-controllers|events-brokers)-[0-9]+",container="kafka"');
    expect(byName.KafkaCertificateExpiring).toContain('name=~"events-(kafka|user)(-.+)?"');
    expect(byName.KafkaJobFailed).toContain('job_name=~"events-kafka-.+"');
  });

  test('thresholds come from the props', () => {
    const custom = synthCluster({
      monitoring: { alertThresholds: { diskUsageWarningPercent: 70, diskUsageCriticalPercent: 85 } },
      metricsPeers: [ClientPeer.namespace('monitoring')],
    }).objects;
    const exprs = find(custom, 'PrometheusRule', 'events-kafka').spec.groups[0].rules.map((a: any) => a.expr).join('\n');
    expect(exprs).toMatch(/> 70$/m);
    expect(exprs).toMatch(/> 85$/m);
    // Alerts are not read by the pods: no restart (docs/operations.md, "What a change restarts").
    const hashes = (o: any[]) => findAll(o, 'StatefulSet').map(x => x.spec.template.metadata.annotations['cdk8s-kafka/config-hash']);
    expect(hashes(custom)).toEqual(hashes(synthCluster({ monitoring: {}, metricsPeers: [ClientPeer.namespace('monitoring')] }).objects));
  });
});

describe('scraping', () => {
  test('a PodMonitor selects exactly the cluster\'s nodes on their metrics port', () => {
    const objects = synthCluster({ monitoring: MONITORING, metricsPeers: [ClientPeer.namespace('monitoring')] }).objects;
    const monitor = find(objects, 'PodMonitor', 'events-kafka');
    expect(monitor.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' } });
    expect(monitor.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    for (const sts of findAll(objects, 'StatefulSet')) {
      const ports = sts.spec.template.spec.containers[0].ports.filter((p: any) => p.name === 'metrics');
      expect(ports).toEqual([{ name: 'metrics', containerPort: 9404, protocol: 'TCP' }]);
      expect(Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => sts.spec.template.metadata.labels[k] === v)).toBe(true);
    }
  });

  test('annotations instead of a PodMonitor', () => {
    const objects = synthCluster({ monitoring: { scrape: MetricsScrape.ANNOTATIONS, alerts: false }, metricsPeers: [ClientPeer.namespace('monitoring')] }).objects;
    expect(findAll(objects, 'PodMonitor')).toEqual([]);
    expect(findAll(objects, 'PrometheusRule')).toEqual([]);
    for (const sts of findAll(objects, 'StatefulSet')) {
      expect(sts.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9404', 'prometheus.io/path': '/metrics' });
    }
  });

  test('monitoring off: no scrape objects, the probes\' rules only', () => {
    const objects = synthCluster().objects;
    expect(findAll(objects, 'PodMonitor')).toEqual([]);
    expect(find(objects, 'ConfigMap', 'events-kafka-metrics').data['jmx-exporter.yaml']).not.toContain('BrokerTopicMetrics');
  });

  test('a cluster without metricsPeers warns that nothing can scrape it', () => {
    expect(warningsOf(synthCluster({ monitoring: {} }).chart).join('\n')).toMatch(/metricsPeers is empty/);
  });
});


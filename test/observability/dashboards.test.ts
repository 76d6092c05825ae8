import { Chart, Testing } from 'cdk8s';
import { queryProblems } from './exported-names';
import { ClientPeer, Connect, KafkaCluster, KsqlDb, SchemaRegistry } from '../../src';
import { findAll } from '../support/objects';
import { expectValidChart } from '../support/validate';

function platform(namespace: string | undefined, monitoring: object = {}) {
  const chart = new Chart(Testing.app(), 'test', { namespace });
  const kafka = new KafkaCluster(chart, 'events', { monitoring, metricsPeers: [ClientPeer.namespace('monitoring')] });
  const registry = new SchemaRegistry(chart, 'schemas', { kafka });
  new Connect(chart, 'connect', { kafka, schemaRegistry: registry });
  new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: registry });
  return expectValidChart(chart);
}

const dashboardMaps = (objects: any[]) => findAll(objects, 'ConfigMap').filter(c => c.metadata.labels.grafana_dashboard === '1');
const appOf: Record<string, string> = { 'events-kafka': 'kafka', 'schemas': 'schema-registry', 'connect': 'kafka-connect', 'ksql': 'ksqldb' };

describe('dashboards', () => {
  const maps = dashboardMaps(platform('kafka'));
  const dashboards = maps.map(c => {
    const [key, json] = Object.entries(c.data)[0] as [string, string];
    return { configMap: c.metadata.name, key, dashboard: JSON.parse(json), owner: c.metadata.name.replace(/-dashboard-.*$/, '') };
  });

  test('seven, one ConfigMap each, labelled for the Grafana sidecar', () => {
    expect(maps.map(c => c.metadata.name).sort()).toEqual([
      'connect-dashboard-connect',
      'events-kafka-dashboard-brokers', 'events-kafka-dashboard-overview', 'events-kafka-dashboard-quorum', 'events-kafka-dashboard-topics',
      'ksql-dashboard-ksqldb',
      'schemas-dashboard-schema-registry',
    ]);
    for (const d of dashboards) expect(d.key).toBe(`${d.configMap}.json`);
  });

  test('unique uids within Grafana\'s 40 characters, unique panel ids, panels on the 24-column grid', () => {
    const uids = dashboards.map(d => d.dashboard.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const { dashboard } of dashboards) {
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
      const ids = dashboard.panels.map((p: any) => p.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of dashboard.panels) expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  test('every variable a query uses is declared (or Grafana\'s own)', () => {
    for (const { dashboard } of dashboards) {
      const declared = new Set(dashboard.templating.list.map((v: any) => v.name));
      const used = JSON.stringify(dashboard.panels).match(/\$\{?([a-zA-Z_]+)/g)!.map(v => v.replace(/^\$\{?/, ''));
      expect([...new Set(used)].filter(v => !declared.has(v) && !v.startsWith('__'))).toEqual([]);
    }
  });

  const queries = dashboards.flatMap(d => d.dashboard.panels.flatMap((p: any) => p.targets.map((t: any) => [`${d.dashboard.title} / ${p.title}`, d.owner, t.expr])));
  test.each(queries)('%s: parses and uses only served metrics and labels', (_title, owner, expr) => {
    expect(queryProblems(appOf[owner], expr)).toEqual([]);
  });

  test('the namespace variable starts on the chart\'s namespace', () => {
    const overview = dashboards.find(d => d.configMap === 'events-kafka-dashboard-overview')!.dashboard;
    expect(overview.templating.list.find((v: any) => v.name === 'namespace').current).toEqual({ text: 'kafka', value: 'kafka' });
  });
});

test('dashboards: false leaves them out; dashboardLabels changes the sidecar label', () => {
  expect(dashboardMaps(platform('kafka', { dashboards: false }))).toEqual([]);
  const labelled = findAll(platform('kafka', { dashboardLabels: { 'grafana.example.com/dashboard': 'kafka' } }), 'ConfigMap')
    .filter(c => c.metadata.labels['grafana.example.com/dashboard'] === 'kafka');
  expect(labelled).toHaveLength(7);
});

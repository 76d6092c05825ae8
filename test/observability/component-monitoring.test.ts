import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ClientPeer, ConfluentVersion, Connect, KafkaCluster, KsqlDb, MetricsScrape, SchemaRegistry } from '../../src';
import { ConfluentComponent } from '../../src/core/component';
import { warningsOf } from '../../src/core/warnings';
import { ksqlDbDashboard } from '../../src/observability/component-dashboards';
import { KSQLDB_RULES } from '../../src/observability/component-metrics';
import { ComponentMetrics } from '../../src/observability/component-monitoring';
import { componentContainerParts } from '../../src/observability/component-start';
import { resolveLogging } from '../../src/observability/logging';
import { LoggingFile } from '../../src/observability/logging-file';
import { resolveMonitoring } from '../../src/observability/monitoring';
import { run, withText } from '../kafka/nodes/script-run';
import { find, findAll } from '../support/objects';
import { expectValidChart } from '../support/validate';

const MONITORING = { labels: { release: 'prometheus' } };
const SCRAPER = ClientPeer.namespace('monitoring');

function platform(cluster: ConstructorParameters<typeof KafkaCluster>[2], component: object = {}) {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events', cluster);
  const registry = new SchemaRegistry(chart, 'schemas', { kafka, ...component });
  new Connect(chart, 'connect', { kafka, schemaRegistry: registry, ...component });
  new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: registry, ...component });
  return { chart, objects: expectValidChart(chart) };
}

const workloads = (objects: any[]) => [find(objects, 'Deployment', 'schemas'), find(objects, 'StatefulSet', 'connect'), find(objects, 'StatefulSet', 'ksql')];
const container = (w: any) => w.spec.template.spec.containers[0];

describe('components inherit the cluster\'s monitoring', () => {
  const { objects } = platform({ monitoring: MONITORING, metricsPeers: [SCRAPER] });

  test('each serves metrics on a named port, with its own rules, from the agent its image ships', () => {
    for (const w of workloads(objects)) {
      const c = container(w);
      expect(c.ports).toContainEqual({ name: 'metrics', containerPort: 9404, protocol: 'TCP' });
      expect(c.command[2]).toContain('attach_metrics_agent "$CDK8S_JVM_OPTS_ENV"');
      expect(c.command[2]).toContain('for start in /etc/confluent/docker/entrypoint.sh /etc/confluent/docker/run');
      expect(c.volumeMounts).toContainEqual({ name: 'metrics-config', mountPath: '/etc/cdk8s-kafka/metrics', readOnly: true });
      const rules = w.spec.template.spec.volumes.find((v: any) => v.name === 'metrics-config').configMap.name;
      expect(rules).toBe(`${w.metadata.name}-metrics`);
      expect(find(objects, 'ConfigMap', rules).data['jmx-exporter.yaml']).toContain('whitelistObjectNames');
    }
    const opts = workloads(objects).map(w => container(w).env.find((e: any) => e.name === 'CDK8S_JVM_OPTS_ENV').value);
    expect(opts).toEqual(['SCHEMA_REGISTRY_OPTS', 'KAFKA_OPTS', 'KSQL_OPTS']);
  });

  test('each PodMonitor selects exactly its component\'s pods', () => {
    for (const w of workloads(objects)) {
      const monitor = find(objects, 'PodMonitor', w.metadata.name);
      expect(monitor.metadata.labels).toMatchObject(MONITORING.labels);
      expect(monitor.spec.selector.matchLabels).toEqual(w.spec.selector.matchLabels);
      // No other workload's pods carry the selector.
      const selected = findAll(objects, 'StatefulSet').concat(findAll(objects, 'Deployment'))
        .filter(o => Object.entries(monitor.spec.selector.matchLabels).every(([k, v]) => o.spec.template.metadata.labels[k] === v));
      expect(selected.map(o => o.metadata.name)).toEqual([w.metadata.name]);
    }
  });

  test('each NetworkPolicy admits the cluster\'s metrics peers to the metrics port, and only them', () => {
    for (const name of ['schemas', 'connect', 'ksql']) {
      const rules = find(objects, 'NetworkPolicy', name).spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === 9404));
      expect(rules).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9404 }] }]);
    }
  });

  test('a change to the rules restarts the pods (the agent reads them at start)', () => {
    const hashes = workloads(objects).map(w => w.spec.template.metadata.annotations['cdk8s-kafka/config-hash']);
    const off = workloads(platform({}).objects).map(w => w.spec.template.metadata.annotations['cdk8s-kafka/config-hash']);
    hashes.forEach((h, i) => expect(h).not.toEqual(off[i]));
  });
});

describe('a component\'s own setting', () => {
  test('overrides the cluster\'s: annotations instead of a PodMonitor', () => {
    const { objects } = platform({ monitoring: MONITORING, metricsPeers: [SCRAPER] }, { monitoring: { scrape: MetricsScrape.ANNOTATIONS } });
    expect(findAll(objects, 'PodMonitor').map(m => m.metadata.name)).toEqual(['events-kafka']);
    for (const w of workloads(objects)) {
      expect(w.spec.template.metadata.annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9404' });
    }
  });

  test('turns it on for a component of an unmonitored cluster', () => {
    const { objects } = platform({}, { monitoring: {}, metricsPeers: [SCRAPER] });
    expect(findAll(objects, 'PodMonitor').map(m => m.metadata.name).sort()).toEqual(['connect', 'ksql', 'schemas']);
    expect(find(objects, 'ConfigMap', 'events-kafka-metrics').data['jmx-exporter.yaml']).not.toContain('BrokerTopicMetrics');
  });

  test('a component that nobody may scrape warns', () => {
    const { chart } = platform({}, { monitoring: {} });
    expect(warningsOf(chart).filter(w => /metricsPeers is empty/.test(w)).map(w => w.split(':')[0]).sort()).toEqual(['test/connect', 'test/ksql', 'test/schemas']);
  });

  test('off: no agent, no metrics port, the image\'s own command', () => {
    for (const w of workloads(platform({}).objects)) {
      expect(container(w).command).toBeUndefined();
      expect(container(w).ports.map((p: any) => p.name)).not.toContain('metrics');
    }
  });
});

describe('component start (metrics-agent.sh, component-start.sh)', () => {
  const chart = new Chart(Testing.app(), 'test');
  const metrics = new ComponentMetrics(chart, 'Metrics', {
    monitoring: resolveMonitoring('test', 'monitoring', {}),
    rules: KSQLDB_RULES,
    heading: 'test',
    name: 'ksql',
    labels: {},
    selector: { app: 'ksql' },
    target: { prefix: 'KsqlDb', title: 'ksqlDB ksql', app: 'ksqldb', instance: 'ksql', pods: 'ksql-[0-9]+', container: 'ksqldb' },
    alerts: () => [],
    dashboard: ksqlDbDashboard,
    scrapeBlocked: false,
  });

  const logging = new LoggingFile(chart, 'Logging', {
    logging: resolveLogging('test', 'logging', {}, ConfluentVersion.V8_0, {}), configMap: 'ksql-logging', labels: {}, what: 'test',
  });

  function start(agentJar: string | undefined, env: Record<string, string>, withLogging = false, starts = ['run']) {
    const parts = componentContainerParts(ConfluentComponent.KSQLDB, metrics, withLogging ? logging : undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'component-start-'));
    fs.mkdirSync(path.join(dir, 'agent'));
    fs.mkdirSync(path.join(dir, 'docker'));
    if (agentJar !== undefined) fs.writeFileSync(path.join(dir, 'agent', agentJar), '');
    for (const name of starts) {
      fs.writeFileSync(path.join(dir, 'docker', name), `#!/bin/bash\necho "started by ${name}"\necho "KSQL_OPTS=$KSQL_OPTS"\necho "KSQL_LOG4J_OPTS=\${KSQL_LOG4J_OPTS:-}"\n`, { mode: 0o755 });
    }
    const script = withText({ command: parts.command!, env: parts.env }, t => t
      .replace(/\/usr\/share\/java\/cp-base-new/g, path.join(dir, 'agent'))
      .replace(/\/etc\/confluent\/docker\//g, `${path.join(dir, 'docker')}/`));
    return run(script, env).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
  }

  test('attaches the agent before the user\'s JVM options, then runs the image\'s start', async () => {
    const r = await start('jmx_prometheus_javaagent-0.18.0.jar', { KSQL_OPTS: '-Dfoo=bar' });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^KSQL_OPTS=-javaagent:\S+\/jmx_prometheus_javaagent-0\.18\.0\.jar=9404:\/etc\/cdk8s-kafka\/metrics\/jmx-exporter\.yaml -Dfoo=bar$/m);
  });

  test('with logging settings, points the component\'s log4j variable at the library\'s file', async () => {
    const r = await start('jmx_prometheus_javaagent-0.20.0.jar', {}, true);
    expect(r.out).toMatch(/^KSQL_LOG4J_OPTS=-Dlog4j2\.configurationFile=\/etc\/cdk8s-kafka\/logging\/log4j2\.yaml$/m);
    const without = await start('jmx_prometheus_javaagent-0.20.0.jar', {});
    expect(without.out).toMatch(/^KSQL_LOG4J_OPTS=$/m);
  });

  test('starts as the image would: its entrypoint.sh where it has one (ksqlDB\'s newer lines), else run', async () => {
    expect((await start('jmx_prometheus_javaagent-0.20.0.jar', {}, false, ['entrypoint.sh', 'run'])).out).toMatch(/^started by entrypoint\.sh$/m);
    expect((await start('jmx_prometheus_javaagent-0.20.0.jar', {}, false, ['run'])).out).toMatch(/^started by run$/m);
    const none = await start('jmx_prometheus_javaagent-0.20.0.jar', {}, false, []);
    expect(none).toMatchObject({ code: 1 });
    expect(none.out).toContain('the image has neither');
  });

  test('fails clearly when the image has no agent', async () => {
    const r = await start(undefined, {});
    expect(r.code).toBe(1);
    expect(r.out).toContain('the image has no JMX exporter agent');
  });
});

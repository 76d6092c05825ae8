import { parse } from 'yaml';
import { fixtureBeans as fixture, fixtureSeries, RULE_FIXTURES } from './rule-fixtures';
import { ExporterRuleSet, MetricType, renderExporterConfig } from '../../src/observability/exporter-config';
import { KAFKA_NODE_RULES, KAFKA_PROBE_RULES, PROBE_METRICS } from '../../src/observability/kafka-metrics';
import { exportSeries, ExportedSeries } from '../support/jmx-exporter';

const RULE_SETS: Array<[string, ExporterRuleSet, string]> = RULE_FIXTURES.map(f => [f.title, f.rules, f.fixture]);

// Names the 1.x agent strips or reserves, so a gauge ending in one would change name.
const RESERVED_SUFFIXES = ['_total', '_created', '_bucket', '_info', '_count', '_sum'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

describe.each(RULE_SETS)('%s exporter rules', (_, rules, fixtureName) => {
  const series = fixtureSeries(rules, fixtureName);

  test('every rule writes a series from the MBean fixture (none is dead)', () => {
    const used = new Set(series.map(s => s.rule));
    const dead = rules.rules.filter((_r, i) => !used.has(i)).map(r => r.pattern);
    expect(dead).toEqual([]);
  });

  test('names come out the same under the 0.x and 1.x agents', () => {
    for (const s of series) {
      expect(s.name).toMatch(METRIC_NAME);
      if (s.type === MetricType.COUNTER) expect(s.name).toMatch(/_total$/);
      else expect(RESERVED_SUFFIXES.filter(x => s.name.endsWith(x))).toEqual([]);
      for (const label of Object.keys(s.labels)) expect(label).toMatch(LABEL_NAME);
    }
  });

  test('no two MBeans write the same series (the agent would drop one)', () => {
    const keys = series.map(s => `${s.name}${JSON.stringify(s.labels)}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  test('a metric name has one type and one label set', () => {
    const byName = new Map<string, ExportedSeries>();
    for (const s of series) {
      const first = byName.get(s.name) ?? s;
      byName.set(s.name, first);
      expect([s.name, s.type, Object.keys(s.labels).sort()]).toEqual([s.name, first.type, Object.keys(first.labels).sort()]);
    }
  });

  test('the rendered configuration holds exactly the rules', () => {
    const config = parse(renderExporterConfig(rules, 'test'));
    expect(config.lowercaseOutputName).toBe(true);
    expect(config.whitelistObjectNames).toEqual(rules.objectNames);
    expect(config.rules.map((r: { pattern: string; name: string }) => [r.pattern, r.name])).toEqual(rules.rules.map(r => [r.pattern, r.name]));
  });
});

describe('Kafka node probes', () => {
  const beans = fixture('kafka-node');

  test.each([['probe-only', KAFKA_PROBE_RULES], ['monitoring', KAFKA_NODE_RULES]])('the %s rules serve every metric the probes read', (_, rules) => {
    const names = new Set(exportSeries(rules, beans).map(s => s.name));
    expect(Object.values(PROBE_METRICS).filter(n => !names.has(n))).toEqual([]);
  });

  test('without monitoring the page stays a handful of series, whatever the partitions', () => {
    const series = exportSeries(KAFKA_PROBE_RULES, beans);
    expect(series.length).toBeLessThan(20);
    expect(series.some(s => 'topic' in s.labels)).toBe(false);
  });

  test('the raft state string becomes a 1-valued series labelled with it', () => {
    const state = exportSeries(KAFKA_PROBE_RULES, beans).find(s => s.name === PROBE_METRICS.RAFT_STATE);
    expect(state).toMatchObject({ labels: { state: 'leader' }, value: 1 });
  });

  test('per-partition series are limited to the log size', () => {
    const partitioned = new Set(exportSeries(KAFKA_NODE_RULES, beans).filter(s => 'partition' in s.labels).map(s => s.name));
    expect([...partitioned]).toEqual(['kafka_log_size_bytes']);
  });

  test('units: milliseconds and nanoseconds become seconds', () => {
    const series = exportSeries(KAFKA_NODE_RULES, beans);
    expect(series.find(s => s.name === 'java_lang_gc_collection_seconds_total' && s.labels.gc === 'G1 Young Generation')!.value).toBeCloseTo(0.31);
    expect(series.find(s => s.name === 'java_lang_process_cpu_seconds_total')!.value).toBeCloseTo(123);
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { ExporterRuleSet, MetricType } from '../../src/observability/exporter-config';

// The Prometheus JMX exporter's rule engine, re-implemented for tests from its source
// (prometheus/jmx_exporter JmxScraper and JmxCollector, 0.x and 1.x alike): MBeans are
// read when an object name pattern of the allow list matches; every attribute becomes
// the string `domain<key=value, ...><composite keys>attribute: value` (keys in
// registration order), matched against each rule anchored as `^.*(?:pattern).*$`; the
// first rule that matches names the series (a cached rule is matched with `<cache>` for
// the value) ($n groups substituted, lower-cased,
// characters outside [a-zA-Z0-9:_] and runs of them turned into one "_"). A string
// value is dropped unless the rule gives a value. Running our rules over an MBean
// fixture gives the series the agent would serve, so alerts and dashboards are checked
// against names derived from the rules, not from a second hand-written list.

/** One MBean of a fixture. */
export interface MBean {
  readonly objectName: string;
  readonly domain: string;
  readonly keys: ReadonlyArray<readonly [string, string]>;
  /** Attribute name (`HeapMemoryUsage.used` for a composite key) to value. */
  readonly attributes: ReadonlyArray<readonly [string, string]>;
}

/** One series the exporter serves. */
export interface ExportedSeries {
  readonly name: string;
  readonly type: MetricType;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  /** Index of the rule that wrote it. */
  readonly rule: number;
}

const YAMMER: Record<string, string> = {
  '@gauge': 'Value=0',
  '@meter': 'Count=12 EventType=requests RateUnit=SECONDS MeanRate=0.5 OneMinuteRate=0.4 FiveMinuteRate=0.3 FifteenMinuteRate=0.2',
  '@histogram': 'Count=12 Min=1.0 Max=9.0 Mean=3.0 StdDev=1.0 50thPercentile=2.0 75thPercentile=3.0 95thPercentile=6.0 98thPercentile=7.0 99thPercentile=8.0 999thPercentile=9.0',
};

/** Reads a fixture of test/observability/mbeans (`object name | attributes`, `@include file`). */
export function readMBeans(file: string): MBean[] {
  const dir = path.dirname(file);
  const beans: MBean[] = [];
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('@include ')) {
      beans.push(...readMBeans(path.join(dir, line.slice('@include '.length))));
      continue;
    }
    const [objectName, attributeText] = line.split(' | ');
    const colon = objectName.indexOf(':');
    const keys = objectName.slice(colon + 1).split(',').map(kv => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), kv.slice(eq + 1)] as const;
    });
    const attributes = (YAMMER[attributeText] ?? attributeText).split(' ').map(kv => {
      const eq = kv.indexOf('=');
      return [kv.slice(0, eq), kv.slice(eq + 1)] as const;
    });
    beans.push({ objectName, domain: objectName.slice(0, colon), keys, attributes });
  }
  return beans;
}

/** Whether an ObjectName pattern (`domain:key=value,key=*,*`) matches the MBean. */
export function objectNameMatches(pattern: string, bean: MBean): boolean {
  const colon = pattern.indexOf(':');
  if (!wildcard(pattern.slice(0, colon)).test(bean.domain)) return false;
  const parts = pattern.slice(colon + 1).split(',');
  const open = parts[parts.length - 1] === '*';
  const wanted = (open ? parts.slice(0, -1) : parts).map(kv => kv.split('=') as [string, string]);
  const keys = new Map(bean.keys);
  if (!open && keys.size !== wanted.length) return false;
  return wanted.every(([k, v]) => keys.has(k) && wildcard(v).test(keys.get(k)!));
}

function wildcard(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

/** The exporter's safeName, lower-cased (lowercaseOutputName: true). */
export function safeName(name: string): string {
  return name.replace(/[^a-zA-Z0-9:_]+/g, '_').replace(/_+/g, '_').toLowerCase();
}

/** The series the agent serves for `beans` under `rules`. */
export function exportSeries(rules: ExporterRuleSet, beans: readonly MBean[]): ExportedSeries[] {
  const compiled = rules.rules.map(r => new RegExp(`^.*(?:${r.pattern}).*$`));
  const series: ExportedSeries[] = [];
  for (const bean of beans) {
    if (!rules.objectNames.some(p => objectNameMatches(p, bean))) continue;
    const props = bean.keys.map(([k, v]) => `${k}=${v}`).join(', ');
    for (const [attribute, value] of bean.attributes) {
      const dot = attribute.indexOf('.');
      const [attrKeys, attrName] = dot < 0 ? ['', attribute] : [attribute.slice(0, dot), attribute.slice(dot + 1)];
      const text = `${bean.domain}<${props}><${attrKeys}>${attrName}: `;
      // A cached rule is matched once per attribute name, against `<cache>` for the value.
      const index = compiled.findIndex((re, i) => re.test(`${text}${rules.rules[i].matchesValue === true ? value : '<cache>'}`));
      if (index < 0) continue;
      const rule = rules.rules[index];
      const m = compiled[index].exec(`${text}${rule.matchesValue === true ? value : '<cache>'}`)!;
      const sub = (s: string) => s.replace(/\$(\d+)/g, (_, n) => m[Number(n)] ?? '');
      const numeric = value === 'true' ? 1 : value === 'false' ? 0 : Number(value);
      if (rule.value === undefined && Number.isNaN(numeric) && value !== 'NaN') continue;
      const labels = Object.fromEntries(Object.entries(rule.labels ?? {}).map(([k, v]) => [safeName(k), sub(v)]));
      series.push({ name: safeName(sub(rule.name)), type: rule.type, labels, value: (rule.value ?? numeric) * (rule.valueFactor ?? 1), rule: index });
    }
  }
  return series;
}

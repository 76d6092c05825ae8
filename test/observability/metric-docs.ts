import { fixtureSeries, RULE_FIXTURES } from './rule-fixtures';
import { ExporterRuleSet, MetricType } from '../../src/observability/exporter-config';

// The metric tables of docs/monitoring.md: every name the exporter rules write over the
// MBean fixtures, with its type, labels and meaning (the rule's help), so the documented
// names are the served ones. scripts/monitoring-docs.ts writes them; a test compares.

/** The components whose metrics are documented, with their rules and MBean fixture. */
export const DOCUMENTED: ReadonlyArray<readonly [string, ExporterRuleSet, string]> = RULE_FIXTURES.map(f => [f.docKey, f.rules, f.fixture] as const);

/** The table of one component's metrics, in the rules' order. */
export function metricTable(rules: ExporterRuleSet, fixture: string): string {
  const series = fixtureSeries(rules, fixture);
  const rows = new Map<string, { type: MetricType; labels: Set<string>; help: string }>();
  for (const s of series) {
    const row = rows.get(s.name) ?? { type: s.type, labels: new Set<string>(), help: rules.rules[s.rule].help };
    Object.keys(s.labels).forEach(l => row.labels.add(l));
    rows.set(s.name, row);
  }
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  return [
    '| Metric | Type | Labels | Meaning |',
    '|---|---|---|---|',
    ...[...rows].map(([name, r]) => `| \`${name}\` | ${r.type.toLowerCase()} | ${[...r.labels].join(', ')} | ${escape(r.help)} |`),
  ].join('\n');
}

/** A component's block in the document, as the script writes it. */
export function metricBlock(component: string, table: string): string {
  return `<!-- metrics: ${component} (written by scripts/monitoring-docs.ts) -->\n${table}\n<!-- /metrics -->`;
}

/** The blocks of the document, by component. */
export function metricBlocks(doc: string): Map<string, string> {
  return new Map([...doc.matchAll(/<!-- metrics: ([a-z-]+) \(written by scripts\/monitoring-docs\.ts\) -->\n[\s\S]*?<!-- \/metrics -->/g)].map(m => [m[1], m[0]]));
}

// The Prometheus JMX exporter agent's configuration, as data: which MBeans it reads and
// the rules that name what it serves. Every component's rules are written with these
// types, so the tests can run the rules over an MBean fixture the way the exporter does
// and derive the metric names alerts and dashboards may use.
//
// Names are chosen to come out the same under the 0.x agent the images ship and the
// 1.x line (prometheus/jmx_exporter): a counter's name ends in `_total` (1.x appends it,
// 0.x serves the name as written), and no gauge ends in a suffix 1.x strips or reserves
// (`_total`, `_created`, `_bucket`, `_info`, `_count`, `_sum`).

/** How Prometheus treats a series. */
export enum MetricType {
  /** A value that goes up and down. */
  GAUGE = 'GAUGE',
  /** A count that only grows (read with rate()); its name ends in `_total`. */
  COUNTER = 'COUNTER',
}

/** One exporter rule: the attributes it matches and the series it writes for them. */
export interface ExporterRule {
  /**
   * Regular expression over `domain<key=value, ...><composite keys>attribute: value`,
   * keys in the order the MBean was registered (the exporter anchors it with `^.*(?:...).*$`).
   */
  readonly pattern: string;
  /** Metric name; `$1`... are the pattern's groups (lower-cased by the exporter). */
  readonly name: string;
  readonly type: MetricType;
  /** Labels; values may use the pattern's groups. */
  readonly labels?: Readonly<Record<string, string>>;
  /** A fixed value instead of the attribute's (a string attribute exported as 1). */
  readonly value?: number;
  /**
   * The pattern reads the attribute's value (a state string): the rule is matched on
   * every scrape. Every other rule is cached (`cache: true`): the agent matches each
   * attribute's name once, not on every scrape, which is most of a scrape's cost on a
   * broker with many partitions, and what the probes pay every 10 seconds.
   */
  readonly matchesValue?: boolean;
  /** Factor applied to the value (milliseconds to seconds: 0.001). */
  readonly valueFactor?: number;
  /** What the series means, served as its HELP line and listed in docs/monitoring.md. */
  readonly help: string;
}

/** What one exporter serves. */
export interface ExporterRuleSet {
  /**
   * Object name patterns of the MBeans read: nothing else is queried, so a scrape costs
   * what the rules need and not every MBean the JVM registers.
   */
  readonly objectNames: readonly string[];
  readonly rules: readonly ExporterRule[];
}

/** The rule sets one after the other: the exporter uses the first rule that matches. */
export function combineRuleSets(...sets: ExporterRuleSet[]): ExporterRuleSet {
  return { objectNames: sets.flatMap(s => s.objectNames), rules: sets.flatMap(s => s.rules) };
}

/** The agent's YAML configuration file. */
export function renderExporterConfig(set: ExporterRuleSet, heading: string): string {
  const q = (s: string) => JSON.stringify(s);
  const lines = [
    `# Prometheus JMX exporter rules written by cdk8s-kafka: ${heading}.`,
    'lowercaseOutputName: true',
    'lowercaseOutputLabelNames: true',
    // The key every agent version reads (1.x also accepts includeObjectNames).
    'whitelistObjectNames:',
    ...set.objectNames.map(n => `  - ${q(n)}`),
    'rules:',
  ];
  for (const rule of set.rules) {
    lines.push(`  - pattern: ${q(rule.pattern)}`, `    name: ${q(rule.name)}`, `    type: ${rule.type}`, `    help: ${q(rule.help)}`);
    if (rule.value !== undefined) lines.push(`    value: ${rule.value}`);
    if (rule.matchesValue !== true) lines.push('    cache: true');
    if (rule.valueFactor !== undefined) lines.push(`    valueFactor: ${rule.valueFactor}`);
    const labels = Object.entries(rule.labels ?? {});
    if (labels.length > 0) lines.push('    labels:', ...labels.map(([k, v]) => `      ${k}: ${q(v)}`));
  }
  lines.push('');
  return lines.join('\n');
}

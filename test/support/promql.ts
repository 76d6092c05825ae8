import type { Tree } from '@lezer/common';

// The package's types resolve as an ES module; its CommonJS build is what jest loads.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parser } = require('@prometheus-io/lezer-promql') as { parser: { parse(text: string): Tree } };

// PromQL as Prometheus's own grammar reads it (@prometheus-io/lezer-promql, what the
// Prometheus UI parses with): whether an alert or dashboard query parses, and which
// metric names it selects, for tests that check every name is one our exporter rules
// produce. The grammar checks syntax, not types (rate() of a gauge parses).

/** What a query holds: its syntax errors (empty when it parses) and the metric names it selects. */
export interface PromqlReading {
  readonly errors: readonly string[];
  readonly metrics: readonly string[];
}

/** Reads one PromQL expression. */
export function readPromql(expression: string): PromqlReading {
  const tree = parser.parse(expression);
  const errors: string[] = [];
  const metrics = new Set<string>();
  tree.iterate({
    enter: node => {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: ${JSON.stringify(expression.slice(Math.max(0, node.from - 10), node.to + 10))}`);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier !== null) metrics.add(expression.slice(identifier.from, identifier.to));
      }
      if (node.name === 'UnquotedLabelMatcher' || node.name === 'LabelMatcher') {
        // {__name__="x"} names a metric too.
        const text = expression.slice(node.from, node.to);
        const m = /^__name__\s*=\s*"([^"]+)"$/.exec(text);
        if (m !== null) metrics.add(m[1]);
        // {__name__=~"a|b"}: alternatives of plain names.
        const alternatives = /^__name__\s*=~\s*"([a-zA-Z0-9_:|]+)"$/.exec(text);
        if (alternatives !== null) alternatives[1].split('|').forEach(n => metrics.add(n));
      }
    },
  });
  return { errors, metrics: [...metrics].sort() };
}

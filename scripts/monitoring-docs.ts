// Writes the metric tables of docs/monitoring.md from the exporter rules run over the
// MBean fixtures (test/observability/mbeans). Run after a change to the rules:
//   npx ts-node --project scripts/tsconfig.json scripts/monitoring-docs.ts
// test/observability/metric-docs.test.ts fails while a table is out of date.
import * as fs from 'fs';
import * as path from 'path';
import { DOCUMENTED, metricBlock, metricBlocks, metricTable } from '../test/observability/metric-docs';

const doc = path.join(__dirname, '..', 'docs', 'monitoring.md');
let text = fs.readFileSync(doc, 'utf8');
const blocks = metricBlocks(text);
for (const [component, rules, fixture] of DOCUMENTED) {
  const block = blocks.get(component);
  if (block === undefined) throw new Error(`docs/monitoring.md has no block for ${component}: add "<!-- metrics: ${component} (written by scripts/monitoring-docs.ts) -->" ... "<!-- /metrics -->"`);
  text = text.replace(block, metricBlock(component, metricTable(rules, fixture)));
}
fs.writeFileSync(doc, text);

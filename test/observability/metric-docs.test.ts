import * as fs from 'fs';
import * as path from 'path';
import { DOCUMENTED, metricBlock, metricBlocks, metricTable } from './metric-docs';

const doc = fs.readFileSync(path.join(__dirname, '../../docs/monitoring.md'), 'utf8');

test.each(DOCUMENTED.map(([component, rules, fixture]) => [component, rules, fixture] as const))(
  'docs/monitoring.md lists the metrics %s serves (npx ts-node --project scripts/tsconfig.json scripts/monitoring-docs.ts rewrites it)',
  (component, rules, fixture) => {
    expect(metricBlocks(doc).get(component)).toEqual(metricBlock(component, metricTable(rules, fixture)));
  },
);

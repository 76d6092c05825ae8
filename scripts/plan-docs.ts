// Writes the plan of each day-2 operation (examples/operations) into its block of
// docs/operations.md. Run after a change to the plan's rules or the operations:
//   npx ts-node --project scripts/tsconfig.json scripts/plan-docs.ts
// test/plan/operation-plans.test.ts fails while a block is out of date.
import * as fs from 'fs';
import * as path from 'path';
import { operationPlans, planBlock, planBlocks } from '../test/plan/operation-plans';

const doc = path.join(__dirname, '..', 'docs', 'operations.md');
let text = fs.readFileSync(doc, 'utf8');
const blocks = planBlocks(text);
for (const [name, plan] of operationPlans()) {
  const block = blocks.get(name);
  if (block === undefined) throw new Error(`docs/operations.md has no block for ${name}: add "<!-- plan: ${name} (written by scripts/plan-docs.ts) -->" ... "<!-- /plan -->" to its section`);
  text = text.replace(block, planBlock(name, plan.table));
}
fs.writeFileSync(doc, text);

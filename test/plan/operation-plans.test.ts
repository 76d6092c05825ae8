import * as fs from 'fs';
import * as path from 'path';
import { operationPlans, planBlock, planBlocks } from './operation-plans';

// Each day-2 operation, done as docs/operations.md says, passes the plan's CI gate, and
// the doc shows the plan as the command prints it (scripts/plan-docs.ts writes it).

const plans = operationPlans();
const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'operations.md'), 'utf8');
const blocks = planBlocks(doc);

// Removing a topic with prune (turned on in the same change) deletes its records: the
// gate stops it until the pull request names both (--accept); every other documented
// operation passes as it is.
const MEANT: Record<string, string[]> = { 'remove-topic': ['KafkaCluster ops/events', 'KafkaCluster ops/events, topic orders-legacy'] };

test.each([...plans.keys()])('%s: the documented way passes the gate, and the doc shows its plan', name => {
  const plan = plans.get(name)!;
  expect([name, plan.dangerous]).toEqual([name, MEANT[name] ?? []]);
  expect([name, plan.exitCode]).toEqual([name, MEANT[name] === undefined ? 0 : 1]);
  expect(blocks.get(name)).toBe(planBlock(name, plan.table));
});

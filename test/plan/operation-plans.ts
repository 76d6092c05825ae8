import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { Plan } from '../../src';

// The plan of each day-2 operation of examples/operations, as docs/operations.md shows
// it: both sides synthesized into folders of their own (one namespace, as `kubectl apply`
// sees the change), compared with the command's table. Shared by the docs test and
// scripts/plan-docs.ts, which writes the blocks.

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'operations', 'main.ts');

/** The plan table of each operation, by name. */
export function operationPlans(): Map<string, { table: string; exitCode: number; dangerous: string[] }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OPERATIONS, OperationChart } = require(EXAMPLE);
  const plans = new Map<string, { table: string; exitCode: number; dangerous: string[] }>();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'operation-plans-'));
  try {
    for (const op of OPERATIONS as Array<{ name: string; before: unknown; after: unknown }>) {
      const dirs = (['before', 'after'] as const).map(when => {
        const app = Testing.app();
        new OperationChart(app, 'ops', 'ops', op[when]);
        const dir = path.join(root, op.name, when);
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, 'ops.k8s.yaml'), app.synthYaml());
        return dir;
      });
      const plan = Plan.between(dirs[0], dirs[1]);
      plans.set(op.name, { table: plan.toTable(), exitCode: plan.exitCode, dangerous: plan.changes.filter(c => c.classification === 'dangerous').map(c => c.subject) });
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return plans;
}

/** The block of `name` as docs/operations.md holds it. */
export function planBlock(name: string, table: string): string {
  return `<!-- plan: ${name} (written by scripts/plan-docs.ts) -->\n\`\`\`text\n$ npx cdk8s-kafka plan dist-before dist-after\n${table}\`\`\`\n<!-- /plan -->`;
}

/** Every plan block of a document, by name. */
export function planBlocks(doc: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of doc.matchAll(/<!-- plan: ([a-z-]+) \(written by scripts\/plan-docs\.ts\) -->\n[\s\S]*?<!-- \/plan -->/g)) out.set(m[1], m[0]);
  return out;
}

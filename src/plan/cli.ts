#!/usr/bin/env node
import { Plan } from './plan';
import { KafkaConfigError } from '../core/errors';

// `cdk8s-kafka plan <before> <after> [--json]`: the change-safety plan between two synth
// output folders. Exit codes for CI gates: 0 every change is safe or disruptive, 1 a change
// is dangerous or blocked, 2 a usage or input error.

const USAGE = 'usage: cdk8s-kafka plan <before-dir> <after-dir> [--json] [--accept <subject>#<rule>]...\n'
  + '  Compares two synth output folders (e.g. dist/ of main and of your branch) and says what the change does.\n'
  + '  --accept <subject>#<rule>  a dangerous change the plan names so is meant; a blocked one never passes\n'
  + '  Exit code: 0 safe, disruptive or accepted only, 1 a dangerous or blocked change, 2 a usage or input error.\n';

/** Runs the command with `args` (without node and the script); returns the exit code. */
export function runCli(args: readonly string[], out: (text: string) => void, err: (text: string) => void, tty: boolean): number {
  const json = args.includes('--json');
  const accepted: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--json') continue;
    if (args[i] === '--accept') {
      if (i + 1 >= args.length) {
        err(USAGE);
        return 2;
      }
      accepted.push(args[++i]);
      continue;
    }
    rest.push(args[i]);
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(USAGE);
    return 0;
  }
  if (rest[0] !== 'plan' || rest.length !== 3 || rest.some(a => a.startsWith('-'))) {
    err(USAGE);
    return 2;
  }
  try {
    const plan = Plan.between(rest[1], rest[2], accepted);
    out(json ? `${plan.toJson()}\n` : plan.toTable(tty && process.env.NO_COLOR === undefined));
    if (plan.unmatchedAccepted.length > 0) {
      err(`cdk8s-kafka plan: --accept ${plan.unmatchedAccepted.map(u => JSON.stringify(u)).join(', ')} names no dangerous change of this plan\n`);
    }
    return plan.exitCode;
  } catch (e) {
    // Any failure is an input or usage error (2), never "dangerous" (1).
    err(`cdk8s-kafka plan: ${e instanceof KafkaConfigError ? e.message : `could not plan: ${(e as Error).message ?? e}`}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runCli(process.argv.slice(2), t => process.stdout.write(t), t => process.stderr.write(t), process.stdout.isTTY === true);
}

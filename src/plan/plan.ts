import { Manifests, readManifests } from './manifests';
import { ChangeClass, clusterChanges, componentChanges, kindChanges, objectChanges, PlannedChange, rollChanges } from './rules';
import { checkArguments, Expect } from '../core/input-shape';

const FOLDER = Expect.text({ expected: 'a folder of synthesized YAML', example: '"dist"', maxLength: 4096 });
const ACCEPTED = Expect.text({ expected: 'a change as the plan names it, <subject>#<rule>', example: '"KafkaCluster kafka/events, topic orders#topic-deleted"', maxLength: 1024 });

/** How `--accept` names a change: its subject and rule. */
function acceptToken(c: PlannedChange): string {
  return `${c.subject}#${c.rule ?? ''}`;
}

const ORDER = [ChangeClass.BLOCKED, ChangeClass.DANGEROUS, ChangeClass.DISRUPTIVE, ChangeClass.SAFE];

function keys<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].sort();
}

/**
 * What a change to the program does to data and clients, from two synth output folders
 * (e.g. `dist/` of main and of a branch): every change of a Kafka cluster, component or
 * object of the library classified as safe, disruptive, dangerous or blocked, explained
 * in Kafka terms, with the safe procedure. It reads the manifests alone: each construct
 * carries its model in a `cdk8s-kafka/model` annotation, and objects of other tools are
 * ignored. The `cdk8s-kafka plan <before> <after>` command prints it.
 */
export class Plan {
  /**
   * The plan from the synth output in `beforeDir` to the one in `afterDir` (every
   * `*.yaml` below each). Throws when a folder cannot be read.
   *
   * @param beforeDir the synth output of the running program (main)
   * @param afterDir the synth output of the change (a branch)
   * @param accepted dangerous changes a pull request means, each `<subject>#<rule>` as the
   * plan names it: they no longer stop the gate (a blocked change always does)
   */
  public static between(beforeDir: string, afterDir: string, accepted: string[] = []): Plan {
    checkArguments('Plan.between', [['beforeDir', beforeDir, FOLDER], ['afterDir', afterDir, FOLDER], ['accepted', accepted, Expect.list(ACCEPTED, { maxLength: 1000 })]]);
    return new Plan(readManifests(beforeDir, 'beforeDir'), readManifests(afterDir, 'afterDir'), accepted);
  }

  /** Every change, the most serious first, then in the order the rules found them. */
  public readonly changes: PlannedChange[];
  /** The accepted changes (`<subject>#<rule>`) that name no dangerous change of this plan. */
  public readonly unmatchedAccepted: string[];
  private readonly accepted: string[];

  private constructor(before: Manifests, after: Manifests, accepted: string[]) {
    const changes: PlannedChange[] = [
      ...keys(before.clusters, after.clusters).flatMap(k => clusterChanges(before.clusters.get(k), after.clusters.get(k))),
      ...keys(before.components, after.components).flatMap(k => componentChanges(before.components.get(k), after.components.get(k))),
      ...kindChanges(before, after),
      ...keys(before.objects, after.objects).flatMap(k => [
        ...objectChanges(k, before.objects.get(k), after.objects.get(k)),
        ...rollChanges(k, before.objects.get(k), after.objects.get(k)),
      ]),
    ];
    this.changes = changes
      .map((c, i) => ({ c, i }))
      .sort((x, y) => ORDER.indexOf(x.c.classification) - ORDER.indexOf(y.c.classification) || x.i - y.i)
      .map(x => x.c);
    this.accepted = [...accepted];
    this.unmatchedAccepted = accepted.filter(a => !this.changes.some(c => c.classification === ChangeClass.DANGEROUS && acceptToken(c) === a));
  }

  /** Whether a change is dangerous and named by `accepted`. */
  private isAccepted(change: PlannedChange): boolean {
    return change.classification === ChangeClass.DANGEROUS && this.accepted.includes(acceptToken(change));
  }

  /** Whether a change is blocked, or dangerous and not accepted: a CI gate stops there. */
  public get stops(): boolean {
    return this.changes.some(c => c.classification === ChangeClass.BLOCKED || (c.classification === ChangeClass.DANGEROUS && !this.isAccepted(c)));
  }

  /** The command's exit code: 1 when it stops, else 0. */
  public get exitCode(): number {
    return this.stops ? 1 : 0;
  }

  /** The plan as JSON, for tools: `{ stops, changes: [...] }`. */
  public toJson(): string {
    return JSON.stringify({ stops: this.stops, changes: this.changes.map(c => ({ ...c, accepted: this.isAccepted(c) })) }, undefined, 2);
  }

  /**
   * The plan as a readable table: one block per change, its class first.
   *
   * @param colour colour the classes with ANSI escapes (a terminal)
   */
  public toTable(colour: boolean = false): string {
    checkArguments('Plan.toTable', [['colour', colour, Expect.boolean()]]);
    if (this.changes.length === 0) return 'No change to any Kafka cluster, component or object of cdk8s-kafka.\n';
    const paint: Record<ChangeClass, string> = {
      [ChangeClass.BLOCKED]: '\u001b[35m', [ChangeClass.DANGEROUS]: '\u001b[31m', [ChangeClass.DISRUPTIVE]: '\u001b[33m', [ChangeClass.SAFE]: '\u001b[32m',
    };
    const lines: string[] = [];
    for (const c of this.changes) {
      const label = c.classification.toUpperCase().padEnd(10);
      lines.push(`${colour ? `${paint[c.classification]}${label}\u001b[0m` : label} ${c.subject}`);
      lines.push(`           ${c.description}`);
      if (c.procedure !== undefined) lines.push(`           → ${c.procedure}`);
      if (c.classification === ChangeClass.DANGEROUS) {
        lines.push(this.isAccepted(c) ? '           (accepted)' : `           meant? --accept '${acceptToken(c)}'`);
      }
    }
    const count = (k: ChangeClass) => this.changes.filter(c => c.classification === k).length;
    lines.push('', `${count(ChangeClass.BLOCKED)} blocked, ${count(ChangeClass.DANGEROUS)} dangerous, ${count(ChangeClass.DISRUPTIVE)} disruptive, ${count(ChangeClass.SAFE)} safe`);
    return `${lines.join('\n')}\n`;
  }
}

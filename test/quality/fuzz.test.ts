import * as fc from 'fast-check';
import { apiModel } from './api-model';
import { baseline, Baseline, judge, Verdict } from './fuzz-judge';
import { buildPlatform, NO_ARGUMENTS } from './fuzz-platform';
import { fuzzTargets, Target } from './fuzz-targets';
import { BAD_KEYS, badValues } from './fuzz-values';
import { RUNS, SEED } from './generators';

// Bad input from any caller (JavaScript, or another jsii language where structs arrive
// as plain objects) must fail synth with the library's error, naming where the value
// was written and the prop; or, when a value is acceptable after all, produce valid
// manifests. Every path of every entry point's arguments comes from the declared
// types (test/quality/api-model.ts), so a new prop is fuzzed without being listed
// here. Each case is judged (test/quality/fuzz-judge.ts) and the counts printed.
//
// The default run tries a couple of values per path; CDK8S_KAFKA_PROPERTY_RUNS scales
// it (150: every fixed value of every path, plus random ones).

const model = apiModel();
const targets = fuzzTargets(model);
const perTarget = Math.max(2, Math.round((2 * RUNS) / 15));

// A path inside a struct several entry points take (MonitoringSettings, ContainerResources,
// KafkaClusterProps under ConfluentPlatform's `kafka`) is the same shape check under each:
// the default run tries all its values under the entry point that takes the struct
// most directly (KafkaCluster for KafkaClusterProps); under the others one
// value two levels below the argument at most (`props.kafka.version`, which shows the
// struct reaches its shape) and none deeper. CDK8S_KAFKA_PROPERTY_RUNS runs try all everywhere.
const firstWithin = new Map<string, Target>();
for (const t of targets) {
  if (t.within === undefined) continue;
  // The entry point that takes the struct itself (KafkaCluster's props) over one that nests it.
  const first = firstWithin.get(t.within);
  if (first === undefined || t.path.length < first.path.length) firstWithin.set(t.within, t);
}
const repeatsLimited = RUNS <= 15;

/** The values a target is tried with: fixed bad values first (shuffled by the seed), then random ones. */
function valuesFor(target: Target, index: number): unknown[] {
  const fixed = target.mapKey ? BAD_KEYS : badValues(target.type, target.required);
  const rng = fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), { seed: SEED + index, numRuns: fixed.length });
  const shuffled = fixed.map((v, i) => [rng[i], v] as const).sort((x, y) => x[0] - y[0]).map(([, v]) => v);
  const random = target.mapKey ? fc.string() : fc.anything({ withNullPrototype: false });
  const extra = perTarget > fixed.length ? fc.sample(random, { seed: SEED + index, numRuns: perTarget - fixed.length }) : [];
  const repeat = repeatsLimited && target.within !== undefined && firstWithin.get(target.within) !== target;
  return [...shuffled, ...extra].slice(0, !repeat ? perTarget : target.path.length <= 3 ? 1 : 0);
}

// CDK8S_KAFKA_FUZZ_SHOW_ACCEPTED=1 lists the values accepted, to review that they are good ones.
const SHOW_ACCEPTED = process.env.CDK8S_KAFKA_FUZZ_SHOW_ACCEPTED === '1';

const counts: Record<Verdict, number> = { clear: 0, crash: 0, valid: 0, wrong: 0 };
const failures: string[] = [];
let base: Baseline;

beforeAll(() => {
  base = baseline();
});

afterAll(() => {
  const tried = counts.clear + counts.crash + counts.valid + counts.wrong;
  process.stdout.write(`fuzz: ${tried} bad inputs over ${targets.length} paths of ${model.entryPoints.length} entry points: `
    + `${counts.clear} rejected clearly, ${counts.valid} accepted and valid, ${counts.crash} crashed, ${counts.wrong} accepted and wrong `
    + `(runs=${RUNS}, seed=${SEED})\n`);
});

test('every entry point with arguments is called by the fuzz platform', () => {
  const called = new Set<string>();
  buildPlatform((entry, args) => {
    called.add(entry);
    return args;
  });
  const missing = model.entryPoints.filter(e => e.params.length > 0 && !called.has(e.name)).map(e => e.name);
  expect(missing).toEqual([]);
  expect(model.entryPoints.filter(e => e.params.length === 0).map(e => e.name).filter(n => !NO_ARGUMENTS.has(n))).toEqual([]);
});

describe.each([...new Set(targets.map(t => t.entry))])('%s', entry => {
  test.each(targets.filter(t => t.entry === entry).map(t => [t.label, t] as const))('bad %s', (_label, target) => {
    const index = targets.indexOf(target);
    for (const bad of valuesFor(target, index)) {
      const { verdict, detail } = judge(base, target, bad);
      counts[verdict]++;
      if (verdict === 'crash' || verdict === 'wrong') failures.push(`${entry} ${target.label} = ${show(bad)}: ${verdict}: ${detail}`);
      if (verdict === 'valid' && SHOW_ACCEPTED) process.stdout.write(`accepted: ${entry} ${target.label} = ${show(bad)}\n`);
    }
  });
});

test('no bad input crashed or was accepted into a wrong manifest', () => {
  expect(failures).toEqual([]);
});

function show(value: unknown): string {
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'symbol') return String(value);
  try {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderFeaturesScript } from '../../../src/kafka/features/features-job';

// The features Job's step, run for real (bash, as in the Kafka image) against a fake
// kafka-features on PATH that keeps the finalized levels in a directory, prints what
// FeatureCommand prints (describe's tab-separated lines with metadata.version by name,
// version-mapping's "name=level" lines) and, like the controller, refuses a level some
// node does not support (a dry run fails the same way).

// version-mapping of the two releases the library finalizes (FeatureCommand, the
// Feature defaults of Kafka 4.0 and 4.1).
const FAKE_FEATURES = `#!/bin/bash
args=(); while [ $# -gt 0 ]; do case "$1" in --bootstrap-server|--command-config) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
echo "$*" >> "$CALLS"
mv_name() { case "$1" in 21) echo 3.9-IV0 ;; 25) echo 4.0-IV3 ;; 27) echo 4.1-IV1 ;; *) echo "UNKNOWN $1" ;; esac; }
case "$1" in
  version-mapping)
    case "$3" in
      4.0|4.0-IV3) printf 'metadata.version=25 (%s)\\nkraft.version=1\\ntransaction.version=2\\ngroup.version=1\\neligible.leader.replicas.version=0\\n' "$3" ;;
      4.1|4.1-IV1) printf 'metadata.version=27 (%s)\\nkraft.version=1\\ntransaction.version=2\\ngroup.version=1\\neligible.leader.replicas.version=1\\nshare.version=0\\nstreams.version=0\\n' "$3" ;;
      3.9-IV0) printf 'metadata.version=21 (%s)\\nkraft.version=1\\ntransaction.version=0\\ngroup.version=0\\n' "$3" ;;
      *) echo "Unknown release version '$3'" >&2; exit 1 ;;
    esac ;;
  describe)
    for f in $(ls "$STATE" | sort); do
      level=$(cat "$STATE/$f"); shown=$level
      [ "$f" = metadata.version ] && shown=$(mv_name "$level")
      printf 'Feature: %s\\tSupportedMinVersion: 0\\tSupportedMaxVersion: 9\\tFinalizedVersionLevel: %s\\tEpoch: 7\\n' "$f" "$shown"
    done ;;
  upgrade)
    shift; dry=0; ops=()
    while [ $# -gt 0 ]; do case "$1" in --dry-run) dry=1; shift ;; --feature) ops+=("$2"); shift 2 ;; *) echo "unexpected $1" >&2; exit 2 ;; esac; done
    for op in "\${ops[@]}"; do
      name=\${op%%=*}; level=\${op#*=}
      if [ -f "$STATE/../max-$name" ] && [ "$level" -gt "$(cat "$STATE/../max-$name")" ]; then
        echo "Could not upgrade $name to $level. Invalid update version $level for feature $name. Broker 3 only supports versions 1-$(cat "$STATE/../max-$name")"
        echo "1 out of \${#ops[@]} operation(s) failed." >&2; exit 1
      fi
    done
    for op in "\${ops[@]}"; do
      name=\${op%%=*}; level=\${op#*=}
      if [ "$dry" = 1 ]; then echo "$name can be upgraded to $level."; else echo "$level" > "$STATE/$name"; echo "$name was upgraded to $level."; fi
    done ;;
  *) echo "unexpected $*" >&2; exit 2 ;;
esac
`;

interface Cluster { dir: string; state: string; calls: string }

/** A cluster whose finalized levels are `levels` (metadata.version as a level). */
function cluster(levels: Record<string, number>): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-features-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'state'));
  fs.writeFileSync(path.join(dir, 'bin', 'kafka-features'), FAKE_FEATURES, { mode: 0o755 });
  for (const [name, level] of Object.entries(levels)) fs.writeFileSync(path.join(dir, 'state', name), `${level}\n`);
  return { dir, state: path.join(dir, 'state'), calls: path.join(dir, 'calls.log') };
}

function finalize(c: Cluster, release: string): { code: number; out: string; calls: string[]; levels: Record<string, number> } {
  if (fs.existsSync(c.calls)) fs.rmSync(c.calls);
  const script = renderFeaturesScript({ bootstrap: 'b-0:9091', clientConfigFile: path.join(c.dir, 'client.properties'), release });
  expect(script.command[0]).toBe('/bin/bash');
  const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  const r = spawnSync(script.command[0], [script.command[1], script.command[2]], {
    env: { PATH: `${path.join(c.dir, 'bin')}:/usr/bin:/bin`, HOME: c.dir, STATE: c.state, CALLS: c.calls, ...env }, encoding: 'utf8', timeout: 20000,
  });
  const calls = fs.existsSync(c.calls) ? fs.readFileSync(c.calls, 'utf8').trim().split('\n') : [];
  const levels = Object.fromEntries(fs.readdirSync(c.state).map(f => [f, Number(fs.readFileSync(path.join(c.state, f), 'utf8'))]));
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`, calls, levels };
}

/** A static-quorum cluster made with 7.9 (Kafka 3.9): kraft.version 0. */
const MADE_WITH_39 = { 'metadata.version': 21, 'kraft.version': 0 };

let c: Cluster;
afterEach(() => fs.rmSync(c.dir, { recursive: true, force: true }));

test('3.9 -> 4.0: metadata.version, group.version and transaction.version, named one by one; never kraft.version', () => {
  c = cluster(MADE_WITH_39);
  const r = finalize(c, '4.0');
  expect(r.code).toBe(0);
  expect(r.levels).toEqual({ 'metadata.version': 25, 'kraft.version': 0, 'transaction.version': 2, 'group.version': 1 });
  const upgrades = r.calls.filter(l => l.startsWith('upgrade'));
  expect(upgrades).toEqual([
    'upgrade --dry-run --feature metadata.version=25 --feature transaction.version=2 --feature group.version=1',
    'upgrade --feature metadata.version=25 --feature transaction.version=2 --feature group.version=1',
  ]);
  expect(r.calls.join('\n')).not.toMatch(/kraft\.version=/);
  expect(r.calls.some(l => l.startsWith('upgrade') && l.includes('--release-version'))).toBe(false);
  expect(r.out).toContain('turning on the features of Kafka 4.0: metadata.version 21 -> 25; transaction.version 0 -> 2; group.version 0 -> 1;');
  expect(r.out).toContain('the features of Kafka 4.0 are on');
});

test('running again changes nothing', () => {
  c = cluster(MADE_WITH_39);
  finalize(c, '4.0');
  const r = finalize(c, '4.0');
  expect(r.code).toBe(0);
  expect(r.calls.filter(l => l.startsWith('upgrade'))).toEqual([]);
  expect(r.out).toContain('every feature of Kafka 4.0 is on: nothing to do');
});

test('4.0 -> 4.1: metadata.version and eligible.leader.replicas.version; the levels at 0 (share, streams) are left off', () => {
  c = cluster({ 'metadata.version': 25, 'kraft.version': 0, 'transaction.version': 2, 'group.version': 1 });
  const r = finalize(c, '4.1');
  expect(r.code).toBe(0);
  expect(r.calls.filter(l => l.startsWith('upgrade --feature'))).toEqual(['upgrade --feature metadata.version=27 --feature eligible.leader.replicas.version=1']);
  expect(r.levels['kraft.version']).toBe(0);
});

test('a node that does not support the levels (the controller\'s dry run says so): nothing is changed, the reason is printed, the Job fails', () => {
  c = cluster(MADE_WITH_39);
  fs.writeFileSync(path.join(c.dir, 'max-metadata.version'), '21');
  const r = finalize(c, '4.0');
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('the controller refuses the levels (every registered node, fenced ones included, must support them; unregister removed brokers first)');
  expect(r.out).toContain('Broker 3 only supports versions 1-21');
  expect(r.calls.filter(l => l.startsWith('upgrade --feature'))).toEqual([]);
  expect(r.levels['metadata.version']).toBe(21);
});

test('a cluster finalized for a later release is never lowered: refused, with what to set', () => {
  c = cluster({ 'metadata.version': 27, 'kraft.version': 0, 'transaction.version': 2, 'group.version': 1, 'eligible.leader.replicas.version': 1 });
  const r = finalize(c, '4.0');
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('metadata.version is finalized at level 27, above 25 for Kafka 4.0: the cluster was finalized for a later release, and the library never lowers a feature');
  expect(r.calls.filter(l => l.startsWith('upgrade'))).toEqual([]);
});

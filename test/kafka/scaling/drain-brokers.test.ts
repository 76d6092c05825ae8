import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderDrainScript } from '../../../src/kafka/scaling/drain-job';

// The drain Job's step, run for real (bash, as in the Kafka image) against fakes on PATH
// that keep a cluster in a directory: partitions ("<topic> <partition> <replicas>"),
// kafka-topics --describe printing them as TopicCommand does; kafka-reassign-partitions
// taking a plan (--execute sets the throttle on every broker it names), reporting it in
// progress for a number of --verify calls, then applying it and clearing the throttles
// (as --verify does when nothing runs), and listing what runs; kafka-configs describing
// and deleting broker throttles.

const FAKE_TOPICS = `#!/bin/bash
while read -r topic partition replicas; do
  [ -n "$topic" ] || continue
  printf '\\tTopic: %s\\tPartition: %s\\tLeader: %s\\tReplicas: %s\\tIsr: %s\\tElr: N/A\\tLastKnownElr: N/A\\n' "$topic" "$partition" "\${replicas%%,*}" "$replicas" "$replicas"
done < "$STATE/partitions"
`;

const FAKE_REASSIGN = `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
const state = process.env.STATE;
const running = state + '/running.json';
fs.appendFileSync(process.env.CALLS, 'reassign ' + args.filter(a => !a.startsWith('/') && a !== 'b-0:9091' && !['--bootstrap-server', '--command-config'].includes(a)).join(' ') + '\\n');
const has = f => args.includes(f);
const arg = f => args[args.indexOf(f) + 1];
const partitions = () => fs.readFileSync(state + '/partitions', 'utf8').split('\\n').filter(Boolean).map(l => l.split(' '));
if (has('--list')) {
  if (!fs.existsSync(running)) { console.log('No partition reassignments found.'); process.exit(0); }
  const r = JSON.parse(fs.readFileSync(running, 'utf8'));
  console.log('Current partition reassignments:');
  for (const p of r.plan.partitions) console.log(p.topic + '-' + p.partition + ': replicas: ' + p.replicas.join(',') + '. adding: . removing: .');
} else if (has('--execute')) {
  if (fs.existsSync(running)) { console.log('Cannot execute because there is an existing partition assignment.'); process.exit(1); }
  const plan = JSON.parse(fs.readFileSync(arg('--reassignment-json-file'), 'utf8'));
  const verifies = Number(fs.readFileSync(state + '/verifies', 'utf8'));
  fs.writeFileSync(running, JSON.stringify({ plan, left: verifies }));
  const brokers = new Set(plan.partitions.flatMap(p => p.replicas));
  for (const p of partitions()) if (plan.partitions.some(q => q.topic === p[0] && String(q.partition) === p[1])) p[2].split(',').forEach(b => brokers.add(Number(b)));
  for (const b of brokers) fs.writeFileSync(state + '/throttle-' + b, arg('--throttle'));
  console.log('Successfully started partition reassignment(s)');
} else if (has('--verify')) {
  const plan = JSON.parse(fs.readFileSync(arg('--reassignment-json-file'), 'utf8'));
  console.log('Status of partition reassignment:');
  const r = fs.existsSync(running) ? JSON.parse(fs.readFileSync(running, 'utf8')) : undefined;
  if (r && r.left > 0) {
    r.left -= 1; fs.writeFileSync(running, JSON.stringify(r));
    for (const p of plan.partitions) console.log('Reassignment of partition ' + p.topic + '-' + p.partition + ' is still in progress.');
    process.exit(0);
  }
  if (r) {
    const lines = partitions().map(p => { const q = r.plan.partitions.find(x => x.topic === p[0] && String(x.partition) === p[1]); return q ? [p[0], p[1], q.replicas.join(',')] : p; });
    fs.writeFileSync(state + '/partitions', lines.map(l => l.join(' ') + '\\n').join(''));
    fs.rmSync(running);
  }
  for (const p of plan.partitions) console.log('Reassignment of partition ' + p.topic + '-' + p.partition + ' is completed.');
  for (const f of fs.readdirSync(state).filter(f => f.startsWith('throttle-'))) fs.rmSync(state + '/' + f);
  console.log('Clearing broker-level throttles on brokers ...');
}
`;

const FAKE_CONFIGS = `#!/bin/bash
args=(); while [ $# -gt 0 ]; do case "$1" in --bootstrap-server|--command-config) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
id=""; op=""; for ((i = 1; i <= $#; i++)); do case "\${!i}" in --entity-name) j=$((i + 1)); id="\${!j}" ;; --describe|--alter) op="\${!i}" ;; esac; done
case "$op" in
  --describe)
    echo "Dynamic configs for broker $id are:"
    if [ -f "$STATE/throttle-$id" ]; then r=$(cat "$STATE/throttle-$id"); echo "  leader.replication.throttled.rate=$r sensitive=false synonyms={}"; echo "  follower.replication.throttled.rate=$r sensitive=false synonyms={}"; fi ;;
  --alter) echo "configs $*" >> "$CALLS"; rm -f "$STATE/throttle-$id" ;;
esac
`;

interface Box { dir: string; state: string; calls: string }

function cluster(partitions: string[], verifies = 2): Box {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-drain-'));
  const state = path.join(dir, 'state');
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(state);
  fs.writeFileSync(path.join(dir, 'bin', 'kafka-topics'), FAKE_TOPICS, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'kafka-reassign-partitions'), FAKE_REASSIGN, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'kafka-configs'), FAKE_CONFIGS, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  fs.writeFileSync(path.join(state, 'partitions'), partitions.map(p => `${p}\n`).join(''));
  fs.writeFileSync(path.join(state, 'verifies'), String(verifies));
  return { dir, state, calls: path.join(dir, 'calls.log') };
}

/** Brokers 0-5 over zones a, b, c (0,3 in a; 1,4 in b; 2,5 in c), as a pool of 6 with zones numbers them. */
const ZONE: Record<number, string> = { 0: 'a', 1: 'b', 2: 'c', 3: 'a', 4: 'b', 5: 'c' };
const brokers = (...ids: number[]) => ids.map(id => ({ id, zone: ZONE[id] }));

function drain(b: Box, draining: number[], kept: number[], waitSeconds = 3600) {
  if (fs.existsSync(b.calls)) fs.rmSync(b.calls);
  const script = renderDrainScript({
    bootstrap: 'b-0:9091',
    clientConfigFile: path.join(b.dir, 'client.properties'),
    workDir: b.dir,
    draining: brokers(...draining),
    kept: brokers(...kept),
    throttleBytes: 52428800,
    pollSeconds: 0,
    waitSeconds,
  });
  const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  const r = spawnSync(script.command[0], [script.command[1], script.command[2]], {
    env: { PATH: `${path.join(b.dir, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin`, HOME: b.dir, STATE: b.state, CALLS: b.calls, ...env },
    encoding: 'utf8',
    timeout: 30000,
  });
  const calls = fs.existsSync(b.calls) ? fs.readFileSync(b.calls, 'utf8').trim().split('\n') : [];
  const partitions = fs.readFileSync(path.join(b.state, 'partitions'), 'utf8').trim().split('\n');
  const throttled = fs.readdirSync(b.state).filter(f => f.startsWith('throttle-')).sort();
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`, calls, partitions, throttled };
}

let b: Box;
afterEach(() => fs.rmSync(b.dir, { recursive: true, force: true }));

test('moves every replica off the draining brokers, to the same zone, keeping each list\'s order; throttled; checked until done', () => {
  b = cluster(['orders 0 0,4,5', 'orders 1 3,1,2', 'orders 2 1,2,0', '__consumer_offsets 0 5,3,1']);
  const r = drain(b, [3, 4, 5], [0, 1, 2]);
  expect(r.code).toBe(0);
  // Each replica on 3, 4 or 5 goes to the kept broker of its zone: 3 -> 0, 4 -> 1, 5 -> 2.
  expect(r.partitions).toEqual(['orders 0 0,1,2', 'orders 1 0,1,2', 'orders 2 1,2,0', '__consumer_offsets 0 2,0,1']);
  expect(r.calls).toEqual([
    'reassign --list',
    'reassign --execute --reassignment-json-file --throttle 52428800',
    'reassign --verify --reassignment-json-file', 'reassign --verify --reassignment-json-file', 'reassign --verify --reassignment-json-file',
  ]);
  expect(r.out).toContain('moving 3 partition replica set(s) off brokers 3 4 5, at most 52428800 bytes/s per broker');
  expect(r.out).toContain('brokers 3 4 5 hold no partition replica: drained');
  expect(r.throttled).toEqual([]);
});

test('drained already: nothing moves, and running again changes nothing', () => {
  b = cluster(['orders 0 0,1,2']);
  const r = drain(b, [3, 4, 5], [0, 1, 2]);
  expect([r.code, r.calls]).toEqual([0, ['reassign --list']]);
  expect(r.out).toContain('drained');
});

test('when the zone has no broker left to take a replica, the least loaded kept broker the partition lacks takes it', () => {
  b = cluster(['orders 0 3,1,2', 'orders 1 0,3,2']);
  // Zone a keeps broker 0 only, which orders-1 already has.
  const r = drain(b, [3], [0, 1, 2]);
  expect(r.code).toBe(0);
  expect(r.partitions).toEqual(['orders 0 0,1,2', 'orders 1 0,1,2']);
});

test('no broker left to take a replica: fails, saying which partition and what to do', () => {
  b = cluster(['orders 0 0,1,2,3']);
  const r = drain(b, [3], [0, 1, 2]);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('partition orders-0 (0,1,2,3) has no kept broker left to take its replica on broker 3: add brokers, or lower the topic\'s replication factor');
  expect(r.calls).toEqual(['reassign --list']);
});

test('an attempt that runs out of time ends; the next one waits for the reassignment in progress, then finds nothing left and clears the throttle', () => {
  b = cluster(['orders 0 0,4,5'], 5);
  const first = drain(b, [3, 4, 5], [0, 1, 2], 0);
  expect(first.code).not.toBe(0);
  expect(first.out).toContain('partition(s) are still moving after 0s: this attempt ends; the Job retries and resumes');
  expect(first.throttled.length).toBeGreaterThan(0);
  // The reassignment finishes while no attempt checks it (the fake applies it on a --verify of someone else's).
  fs.writeFileSync(path.join(b.state, 'running.json'), JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(b.state, 'running.json'), 'utf8')), left: 0 }));
  spawnSync(path.join(b.dir, 'bin', 'kafka-reassign-partitions'), ['--verify', '--reassignment-json-file', path.join(b.dir, 'drain.json')], {
    env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, STATE: b.state, CALLS: b.calls },
  });
  for (const id of [0, 1, 2, 4, 5]) fs.writeFileSync(path.join(b.state, `throttle-${id}`), '52428800');
  const second = drain(b, [3, 4, 5], [0, 1, 2]);
  expect(second.code).toBe(0);
  expect(second.partitions).toEqual(['orders 0 0,1,2']);
  expect(second.throttled).toEqual([]);
  expect(second.out).toContain('cleared the replication throttle of broker 4');
});

test('waits while any reassignment runs, before planning anything', () => {
  b = cluster(['orders 0 0,4,5'], 0);
  fs.writeFileSync(path.join(b.state, 'running.json'), JSON.stringify({ plan: { partitions: [{ topic: 'x', partition: 0, replicas: [0] }] }, left: 0 }));
  const r = drain(b, [3, 4, 5], [0, 1, 2], 0);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('partition reassignments are still running after 0s');
  expect(r.calls).toEqual(['reassign --list']);
});

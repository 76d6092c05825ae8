import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ShellScript } from '../../../src/core/script-file';

// A Kafka cluster for the drain and balance Jobs' scripts, kept in a directory: fakes on
// PATH. partitions ("<topic> <partition> <replicas>"), printed by kafka-topics --describe
// as TopicCommand does; kafka-reassign-partitions taking a plan (--execute sets the
// throttle on every broker it names), reporting it in progress for a number of --verify
// calls, then applying it and clearing the throttles (as --verify does when nothing
// runs), and listing what runs; kafka-configs describing and deleting broker throttles.

export const FAKE_TOPICS = `#!/bin/bash
while read -r topic partition replicas; do
  [ -n "$topic" ] || continue
  printf '\\tTopic: %s\\tPartition: %s\\tLeader: %s\\tReplicas: %s\\tIsr: %s\\tElr: N/A\\tLastKnownElr: N/A\\n' "$topic" "$partition" "\${replicas%%,*}" "$replicas" "$replicas"
done < "$STATE/partitions"
`;

export const FAKE_REASSIGN = `#!/usr/bin/env node
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

export const FAKE_CONFIGS = `#!/bin/bash
args=(); while [ $# -gt 0 ]; do case "$1" in --bootstrap-server|--command-config) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
id=""; op=""; for ((i = 1; i <= $#; i++)); do case "\${!i}" in --entity-name) j=$((i + 1)); id="\${!j}" ;; --describe|--alter) op="\${!i}" ;; esac; done
case "$op" in
  --describe)
    # Without --entity-name: every broker that has a throttle, then the default (as ConfigCommand lists them).
    for f in $(ls "$STATE" | grep '^throttle-' | sort); do
      b=\${f#throttle-}
      [ -z "$id" ] || [ "$id" = "$b" ] || continue
      r=$(cat "$STATE/$f")
      echo "Dynamic configs for broker $b are:"
      echo "  follower.replication.throttled.rate=$r sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:follower.replication.throttled.rate=$r}"
      echo "  leader.replication.throttled.rate=$r sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:leader.replication.throttled.rate=$r}"
    done
    echo "Default configs for brokers in the cluster are:" ;;
  --alter) echo "configs $*" >> "$CALLS"; rm -f "$STATE/throttle-$id" ;;
esac
`;

export interface Box { dir: string; state: string; calls: string }

export function cluster(partitions: string[], verifies = 2): Box {
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


/** What a run left: its status and output, the changing calls, the partitions and the throttled brokers. */
export interface Run { code: number; out: string; calls: string[]; partitions: string[]; throttled: string[] }

/** Runs a script (its command and environment, as its container would) against the cluster. */
export function runOn(b: Box, script: ShellScript): Run {
  if (fs.existsSync(b.calls)) fs.rmSync(b.calls);
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

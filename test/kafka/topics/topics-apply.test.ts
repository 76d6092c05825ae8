import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderTopicsScript } from '../../../src/kafka/topics/topics-script';
import { ResolvedTopic } from '../../../src/topics/kafka-topic';

// The topics Job's Kafka step, run for real (bash, as in the Kafka image) against fake
// kafka-topics and kafka-configs on PATH that keep a cluster's topics in a directory and
// print what the real tools print (TopicCommand's describe header, ConfigCommand's
// "Dynamic configs for topic" lines), recording every call that changes something.
// Between runs the test plays the record's read and write steps (their scripts have
// their own test): it hands the step the topics recorded so far, and merges in what the
// step noted it created and removed.

const FAKE_TOPICS = `#!/bin/bash
# Fake kafka-topics: state in $STATE/<topic>/{partitions,replicas,configs/<key>}.
args=(); while [ $# -gt 0 ]; do case "$1" in --bootstrap-server|--command-config) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
op="" topic="" partitions="" replicas="" configs=()
while [ $# -gt 0 ]; do
  case "$1" in
    --list|--create|--describe|--alter|--delete) op="$1"; shift ;;
    --topic) topic="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    --replication-factor) replicas="$2"; shift 2 ;;
    --config) configs+=("$2"); shift 2 ;;
    *) echo "fake kafka-topics: unexpected $1" >&2; exit 2 ;;
  esac
done
dir="$STATE/$topic"
# Like Kafka (TopicFilter.IncludeList): --describe and --alter match every topic whose
# whole name matches --topic as a regular expression.
matching() { local t; for t in $(ls "$STATE"); do [[ "$t" =~ ^($topic)$ ]] && echo "$t"; done; return 0; }
case "$op" in
  --list) ls "$STATE" ;;
  --create)
    echo "create $topic $partitions $replicas \${configs[*]}" >> "$CALLS"
    if [ -d "$dir" ]; then echo "Error while executing topic command : Topic '$topic' already exists." >&2; exit 1; fi
    mkdir -p "$dir/configs"; echo "$partitions" > "$dir/partitions"; echo "$replicas" > "$dir/replicas"
    # A new id for each topic made: T1, T2, ... (a topic made by hand has none: "HANDMADE").
    n=$(( $(cat "$STATE/../ids" 2>/dev/null || echo 0) + 1 )); echo "$n" > "$STATE/../ids"; echo "T$n" > "$dir/id"
    for c in "\${configs[@]}"; do printf '%s' "\${c#*=}" > "$dir/configs/\${c%%=*}"; done
    echo "Created topic $topic." ;;
  --describe)
    # A broker that does not know the topic yet: $STATE/../describe-fails lists topics
    # whose describe fails.
    if grep -qxF -- "$topic" "$STATE/../describe-fails" 2>/dev/null; then echo "Error while executing topic command : Topic '$topic' does not exist as expected" >&2; exit 1; fi
    found=$(matching)
    [ -n "$found" ] || { echo "Error while executing topic command : Topic '$topic' does not exist as expected" >&2; exit 1; }
    for t in $found; do
      d="$STATE/$t"
      list=""; for f in "$d"/configs/*; do [ -f "$f" ] && list="\${list:+$list,}\${f##*/}=$(cat "$f")"; done
      printf 'Topic: %s\\tTopicId: %s\\tPartitionCount: %s\\tReplicationFactor: %s\\tConfigs: %s\\n' "$t" "$(cat "$d/id" 2>/dev/null || echo HANDMADE)" "$(cat "$d/partitions")" "$(cat "$d/replicas")" "$list"
      count=$(cat "$d/partitions")
      for ((i = 0; i < count; i++)); do printf '\\tTopic: %s\\tPartition: %s\\tLeader: 0\\tReplicas: 0\\tIsr: 0\\n' "$t" "$i"; done
    done ;;
  --delete)
    for t in $(matching); do echo "delete $t" >> "$CALLS"; rm -r "$STATE/$t"; done ;;
  --alter)
    for t in $(matching); do
      d="$STATE/$t"
      echo "alter $t partitions $partitions" >> "$CALLS"
      if [ "$partitions" -le "$(cat "$d/partitions")" ]; then echo "Error while executing topic command : The topic $t currently has $(cat "$d/partitions") partition(s); $partitions would not be an increase." >&2; exit 1; fi
      echo "$partitions" > "$d/partitions"
    done ;;
esac
`;

const FAKE_CONFIGS = `#!/bin/bash
# Fake kafka-configs for topics, on the same state.
args=(); while [ $# -gt 0 ]; do case "$1" in --bootstrap-server|--command-config) shift 2 ;; *) args+=("$1"); shift ;; esac; done
set -- "\${args[@]}"
op="" name="" file=""
while [ $# -gt 0 ]; do
  case "$1" in
    --describe|--alter) op="$1"; shift ;;
    --entity-type) [ "$2" = topics ] || exit 2; shift 2 ;;
    --entity-name) name="$2"; shift 2 ;;
    --add-config-file) file="$2"; shift 2 ;;
    *) echo "fake kafka-configs: unexpected $1" >&2; exit 2 ;;
  esac
done
dir="$STATE/$name"
case "$op" in
  --describe)
    echo "Dynamic configs for topic $name are:"
    for f in "$dir"/configs/*; do [ -f "$f" ] && v=$(cat "$f") && echo "  \${f##*/}=$v sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:\${f##*/}=$v}"; done; true ;;
  --alter)
    echo "configs $name $(tr '\\n' ' ' < "$file")" >> "$CALLS"
    while IFS='=' read -r k v; do [ -n "$k" ] && printf '%s' "$v" > "$dir/configs/$k"; done < "$file"
    echo "Completed updating config for topic $name." ;;
esac
`;

interface Cluster { dir: string; state: string; calls: string; record: string[] }

function cluster(): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-topics-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.mkdirSync(path.join(dir, 'state'));
  fs.writeFileSync(path.join(bin, 'kafka-topics'), FAKE_TOPICS, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'kafka-configs'), FAKE_CONFIGS, { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'kafka-broker-api-versions'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  // The script's waits take no time here.
  fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return { dir, state: path.join(dir, 'state'), calls: path.join(dir, 'calls.log'), record: [] };
}

const lines = (file: string): string[] => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(l => l !== '') : []);

/**
 * Runs the topics script once for `topics`, as the Job's Kafka step between the record's
 * steps; returns its status (which the write step ends the pod with), output and the
 * changing calls it made, and keeps the record.
 */
function apply(c: Cluster, topics: ResolvedTopic[], prune = false): { code: number; out: string; calls: string[] } {
  if (fs.existsSync(c.calls)) fs.rmSync(c.calls);
  const recordDir = path.join(c.dir, 'record');
  fs.rmSync(recordDir, { recursive: true, force: true });
  fs.mkdirSync(recordDir);
  fs.writeFileSync(path.join(recordDir, 'owned-topics'), c.record.map(t => `${t}\n`).join(''));
  const script = renderTopicsScript({ bootstrap: 'b-0:9091', clientConfigFile: path.join(c.dir, 'client.properties'), workDir: c.dir, topics, prune, recordDir });
  expect(script.command[0]).toBe('/bin/bash');
  const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  const r = spawnSync(script.command[0], [script.command[1], script.command[2].replace(/\/tmp\/error/g, `${c.dir}/error`)], {
    env: { PATH: `${path.join(c.dir, 'bin')}:/usr/bin:/bin`, HOME: c.dir, STATE: c.state, CALLS: c.calls, ...env }, encoding: 'utf8', timeout: 30000,
  });
  // The step always ends with 0, so the write step runs; it hands on the real status.
  expect(r.status).toBe(0);
  const removed = lines(path.join(recordDir, 'removed-topics'));
  c.record = [...new Set([...c.record, ...lines(path.join(recordDir, 'added-topics'))])].filter(t => !removed.includes(t)).sort();
  const calls = fs.existsSync(c.calls) ? fs.readFileSync(c.calls, 'utf8').trim().split('\n').map(l => l.trimEnd()) : [];
  expect(fs.readFileSync(path.join(recordDir, 'log'), 'utf8')).toBe(r.stdout);
  return { code: Number(fs.readFileSync(path.join(recordDir, 'status'), 'utf8')), out: `${r.stdout}${r.stderr}`, calls };
}

function state(c: Cluster, topic: string): { partitions: number; replicas: number; configs: Record<string, string> } {
  const dir = path.join(c.state, topic);
  const configs = Object.fromEntries(fs.readdirSync(path.join(dir, 'configs')).sort().map(k => [k, fs.readFileSync(path.join(dir, 'configs', k), 'utf8')]));
  return { partitions: Number(fs.readFileSync(path.join(dir, 'partitions'), 'utf8')), replicas: Number(fs.readFileSync(path.join(dir, 'replicas'), 'utf8')), configs };
}

const ORDERS: ResolvedTopic = { name: 'orders', partitions: 6, replicationFactor: 3, configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': '604800000' } };
const AUDIT: ResolvedTopic = { name: 'audit.v1', partitions: 3, replicationFactor: 3, configs: {} };

let c: Cluster;
beforeEach(() => { c = cluster(); });
afterEach(() => fs.rmSync(c.dir, { recursive: true, force: true }));

test('the first run creates every topic with its partitions, replication factor and configs', () => {
  const r = apply(c, [ORDERS, AUDIT]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual(['create orders 6 3 cleanup.policy=compact,delete retention.ms=604800000', 'create audit.v1 3 3']);
  expect(state(c, 'orders')).toEqual({ partitions: 6, replicas: 3, configs: { 'cleanup.policy': 'compact,delete', 'retention.ms': '604800000' } });
  expect(r.out).toContain('created topic orders: 6 partitions, replication factor 3');
  expect(r.out).toContain('topics applied: 2 created, 0 changed, 0 unchanged, 0 refused, 0 deleted, 0 kept undeclared');
});

test('a second run changes nothing', () => {
  apply(c, [ORDERS, AUDIT]);
  const r = apply(c, [ORDERS, AUDIT]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual([]);
  expect(r.out).toContain('topics applied: 0 created, 0 changed, 2 unchanged, 0 refused');
});

test('a changed config alters only that config; configs set by hand and not declared stay', () => {
  apply(c, [ORDERS]);
  fs.writeFileSync(path.join(c.state, 'orders', 'configs', 'segment.ms'), '3600000');
  const r = apply(c, [{ ...ORDERS, configs: { ...ORDERS.configs, 'retention.ms': '86400000' } }]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual(['configs orders retention.ms=86400000']);
  expect(r.out).toContain('topic orders: set retention.ms (604800000 -> 86400000)');
  expect(state(c, 'orders').configs).toEqual({ 'cleanup.policy': 'compact,delete', 'retention.ms': '86400000', 'segment.ms': '3600000' });
});

test('a new declared config is set; a partition increase adds partitions', () => {
  apply(c, [AUDIT]);
  const r = apply(c, [{ ...AUDIT, partitions: 12, configs: { 'max.message.bytes': '2097152' } }]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual(['alter audit.v1 partitions 12', 'configs audit.v1 max.message.bytes=2097152']);
  expect(state(c, 'audit.v1')).toMatchObject({ partitions: 12, configs: { 'max.message.bytes': '2097152' } });
  expect(r.out).toContain('topic audit.v1: partitions 3 -> 12');
  expect(r.out).toContain('topic audit.v1: set max.message.bytes (default -> 2097152)');
});

test('a partition decrease fails with its message, after every other topic is applied; nothing is removed', () => {
  apply(c, [ORDERS, AUDIT]);
  const r = apply(c, [{ ...ORDERS, partitions: 3 }, { ...AUDIT, configs: { 'retention.ms': '1000' } }]);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('topic orders has 6 partitions and the program declares 3: Kafka cannot remove partitions. Declare 6, or create a new topic and move its clients');
  expect(r.calls).toEqual(['configs audit.v1 retention.ms=1000']);
  expect(state(c, 'orders').partitions).toBe(6);
  expect(r.out).toContain('1 refused');
});

test('another replication factor is refused with its message, never changed', () => {
  apply(c, [AUDIT]);
  const r = apply(c, [{ ...AUDIT, replicationFactor: 2 }]);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('topic audit.v1 has replication factor 3 and the program declares 2: the topics Job does not change it');
  expect(r.calls).toEqual([]);
});

test('a topic deleted by hand, or lost with the cluster, is created again on the next run', () => {
  apply(c, [ORDERS, AUDIT]);
  fs.rmSync(path.join(c.state, 'orders'), { recursive: true });
  const r = apply(c, [ORDERS, AUDIT]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual(['create orders 6 3 cleanup.policy=compact,delete retention.ms=604800000']);
});

test('a name with "." describes and alters only that topic (kafka-topics reads --topic as a regular expression)', () => {
  for (const [name, partitions] of [['orders-v1', '3'], ['orders.v1', '6']]) {
    fs.mkdirSync(path.join(c.state, name, 'configs'), { recursive: true });
    fs.writeFileSync(path.join(c.state, name, 'partitions'), partitions);
    fs.writeFileSync(path.join(c.state, name, 'replicas'), '3');
  }
  const r = apply(c, [{ name: 'orders.v1', partitions: 12, replicationFactor: 3, configs: {} }]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual(['alter orders.v1 partitions 12']);
  expect(r.out).toContain('topic orders.v1: partitions 6 -> 12');
  expect(state(c, 'orders-v1').partitions).toBe(3);
});

test('a topic with thousands of partitions is described in full (no pipe ends the script early)', () => {
  apply(c, [{ ...AUDIT, partitions: 3000 }]);
  const r = apply(c, [{ ...AUDIT, partitions: 3000 }]);
  expect([r.code, r.out]).toEqual([0, expect.stringContaining('0 created, 0 changed, 1 unchanged')]);
}, 30000);

test('topics that exist and are not declared are never touched', () => {
  fs.mkdirSync(path.join(c.state, 'legacy', 'configs'), { recursive: true });
  fs.writeFileSync(path.join(c.state, 'legacy', 'partitions'), '1');
  fs.writeFileSync(path.join(c.state, 'legacy', 'replicas'), '1');
  const r = apply(c, [AUDIT]);
  expect(r.code).toBe(0);
  expect(r.calls).toEqual(['create audit.v1 3 3']);
  expect(fs.existsSync(path.join(c.state, 'legacy'))).toBe(true);
});

describe('removal', () => {
  /** A topic made by hand (or by a client), not by the Job. */
  function byHand(name: string): void {
    fs.mkdirSync(path.join(c.state, name, 'configs'), { recursive: true });
    fs.writeFileSync(path.join(c.state, name, 'partitions'), '1');
    fs.writeFileSync(path.join(c.state, name, 'replicas'), '3');
  }
  const names = () => c.record.map(item => item.split(' ')[0]);

  test('the record lists the topics the Job created, with their ids, not those that were there before', () => {
    byHand('orders');
    apply(c, [ORDERS, AUDIT]);
    expect(c.record).toEqual(['audit.v1 T1']);
  });

  test('a topic no longer declared is kept by default, with a line that says so and how to delete it', () => {
    apply(c, [ORDERS, AUDIT]);
    const r = apply(c, [AUDIT]);
    expect([r.code, r.calls]).toEqual([0, []]);
    expect(r.out).toContain('kept topic orders: made by this library and no longer declared; prune.topics is off (turn it on to delete it, or declare it again)');
    expect(r.out).toContain('0 deleted, 1 kept undeclared');
    expect(names()).toEqual(['audit.v1', 'orders']);
  });

  test('with prune, it deletes what it created and the program no longer declares, and only that, before applying the rest', () => {
    byHand('legacy');
    apply(c, [ORDERS, AUDIT]);
    const r = apply(c, [AUDIT, { ...AUDIT, name: 'payments' }], true);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual(['delete orders', 'create payments 3 3']);
    expect(r.out).toContain('deleted topic orders: made by this library, no longer declared, and prune.topics is on');
    expect(fs.existsSync(path.join(c.state, 'legacy'))).toBe(true);
    expect(names()).toEqual(['audit.v1', 'payments']);
    // Converged: running again deletes nothing.
    expect(apply(c, [AUDIT, { ...AUDIT, name: 'payments' }], true).calls).toEqual([]);
  });

  test('a topic that was there before the program declared it is never deleted, even with prune', () => {
    byHand('orders');
    apply(c, [ORDERS]);
    const r = apply(c, [], true);
    expect(r.calls).toEqual([]);
    expect(fs.existsSync(path.join(c.state, 'orders'))).toBe(true);
  });

  test('a recorded topic someone made again (another id) is not the library\'s: kept, dropped from the record', () => {
    apply(c, [ORDERS]);
    fs.rmSync(path.join(c.state, 'orders'), { recursive: true });
    byHand('orders');
    const r = apply(c, [], true);
    expect(r.calls).toEqual([]);
    expect(r.out).toContain('topic orders was made again since this library created it (id HANDMADE, recorded T1): not the library\'s, so kept and dropped from the record');
    expect(c.record).toEqual([]);
  });

  test('a deleted name with "." deletes that topic only (--topic is a regular expression)', () => {
    apply(c, [{ ...AUDIT, name: 'audit.v1' }]);
    byHand('audit-v1');
    expect(apply(c, [], true).calls).toEqual(['delete audit.v1']);
    expect(fs.existsSync(path.join(c.state, 'audit-v1'))).toBe(true);
  });

  test('a recorded topic deleted by hand leaves the record; declared again, it is created and recorded again, once', () => {
    apply(c, [ORDERS]);
    fs.rmSync(path.join(c.state, 'orders'), { recursive: true });
    const r = apply(c, []);
    expect(r.out).toContain('topic orders, made by this library and no longer declared, is gone: dropped from the record');
    expect(c.record).toEqual([]);
    apply(c, [ORDERS]);
    expect(c.record).toEqual(['orders T2']);
    // Deleted by hand while declared: made again, and only the new id is recorded.
    fs.rmSync(path.join(c.state, 'orders'), { recursive: true });
    apply(c, [ORDERS]);
    expect(c.record).toEqual(['orders T3']);
  });

  test('a failure is still recorded: topics created before it stay in the record', () => {
    apply(c, [AUDIT]);
    const r = apply(c, [{ ...AUDIT, partitions: 1 }, ORDERS]);
    expect(r.code).not.toBe(0);
    expect(names()).toEqual(['audit.v1', 'orders']);
  });

  test('a created topic whose id cannot be read is not recorded (so never deleted), and the run fails saying so', () => {
    fs.writeFileSync(path.join(c.dir, 'describe-fails'), 'orders\n');
    const r = apply(c, [ORDERS]);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain("topic orders was created, but kafka-topics --describe did not give its id: not recorded, so prune will never delete it (Error while executing topic command : Topic 'orders' does not exist as expected)");
    expect(c.record).toEqual([]);
  });

  test('a Job of an older apply, superseded, does nothing', () => {
    const recordDir = path.join(c.dir, 'record');
    fs.mkdirSync(recordDir, { recursive: true });
    fs.writeFileSync(path.join(recordDir, 'superseded'), '');
    const script = renderTopicsScript({ bootstrap: 'b-0:9091', clientConfigFile: path.join(c.dir, 'client.properties'), workDir: c.dir, topics: [ORDERS], prune: true, recordDir });
    const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
    const r = spawnSync(script.command[0], [script.command[1], script.command[2]], { env: { PATH: `${path.join(c.dir, 'bin')}:/usr/bin:/bin`, STATE: c.state, CALLS: c.calls, ...env }, encoding: 'utf8' });
    expect([r.status, r.stdout.trim()]).toEqual([0, 'superseded by a newer apply: nothing to do']);
    expect(fs.existsSync(c.calls)).toBe(false);
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderUnregisterScript } from '../../../src/kafka/scaling/unregister-job';

// The unregister Job's step, run for real (bash, as in the Kafka image) against fake
// kafka-cluster and kafka-topics on PATH. The fake cluster is a directory: brokers/<id>
// holds "fenced" or "unfenced" (list-endpoints prints them in ClusterTool's columns),
// partitions lists "<topic> <partition> <replicas>" (kafka-topics --describe prints them
// as TopicCommand does, with 4.x's Elr fields).

const FAKE_CLUSTER = `#!/bin/bash
sub="$1"; shift
echo "$sub $*" >> "$CALLS"
case "$*" in *--command-config*) echo "kafka-cluster before 4.2 takes --config" >&2; exit 2 ;; esac
case "$sub" in
  list-endpoints)
    printf '%-10s %-9s %-10s %-10s %-10s %-15s\\n' ID HOST PORT RACK STATE ENDPOINT_TYPE
    for f in $(ls "$STATE/brokers" | sort -n); do
      state=$(cat "$STATE/brokers/$f")
      # A broker whose pod stops on the n-th look ("unfenced 2": fenced from the 2nd).
      if [[ "$state" == unfenced\\ * ]]; then n=\${state#unfenced }; if [ "$n" -le 1 ]; then state=fenced; else state="unfenced $((n - 1))"; fi; echo "$state" > "$STATE/brokers/$f"; state=\${state%% *}; fi
      printf '%-10s %-9s %-10s %-10s %-10s %-15s\\n' "$f" "b-$f" 9091 null "$state" broker
    done ;;
  unregister)
    id=""; while [ $# -gt 0 ]; do case "$1" in --id) id="$2"; shift 2 ;; *) shift ;; esac; done
    if [ -f "$STATE/../already-$id" ] || [ ! -f "$STATE/brokers/$id" ]; then echo "org.apache.kafka.common.errors.BrokerIdNotRegisteredException: Broker ID $id is not currently registered" >&2; exit 1; fi
    rm "$STATE/brokers/$id"; echo "Broker $id is no longer registered." ;;
esac
`;

const FAKE_TOPICS = `#!/bin/bash
while read -r topic partition replicas; do
  [ -n "$topic" ] || continue
  printf '\\tTopic: %s\\tPartition: %s\\tLeader: %s\\tReplicas: %s\\tIsr: %s\\tElr: N/A\\tLastKnownElr: N/A\\n' "$topic" "$partition" "\${replicas%%,*}" "$replicas" "$replicas"
done < "$STATE/partitions"
`;

interface Box { dir: string; state: string; calls: string }

function cluster(brokers: Record<number, string>, partitions: string[]): Box {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-unregister-'));
  const state = path.join(dir, 'state');
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(state, 'brokers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'bin', 'kafka-cluster'), FAKE_CLUSTER, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'kafka-topics'), FAKE_TOPICS, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'bin', 'sleep'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  for (const [id, s] of Object.entries(brokers)) fs.writeFileSync(path.join(state, 'brokers', id), `${s}\n`);
  fs.writeFileSync(path.join(state, 'partitions'), partitions.map(p => `${p}\n`).join(''));
  return { dir, state, calls: path.join(dir, 'calls.log') };
}

function unregister(b: Box, declared: number[], stopWaitSeconds = 60): { code: number; out: string; calls: string[]; registered: string[] } {
  if (fs.existsSync(b.calls)) fs.rmSync(b.calls);
  const script = renderUnregisterScript({ bootstrap: 'b-0:9091', clientConfigFile: path.join(b.dir, 'client.properties'), brokerIds: declared, stopWaitSeconds });
  const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  const r = spawnSync(script.command[0], [script.command[1], script.command[2]], {
    env: { PATH: `${path.join(b.dir, 'bin')}:/usr/bin:/bin`, HOME: b.dir, STATE: b.state, CALLS: b.calls, ...env }, encoding: 'utf8', timeout: 20000,
  });
  const calls = fs.existsSync(b.calls) ? fs.readFileSync(b.calls, 'utf8').trim().split('\n') : [];
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`, calls, registered: fs.readdirSync(path.join(b.state, 'brokers')).sort() };
}

let b: Box;
afterEach(() => fs.rmSync(b.dir, { recursive: true, force: true }));

test('every registered broker declared: nothing to do', () => {
  b = cluster({ 0: 'unfenced', 1: 'unfenced', 2: 'unfenced' }, ['orders 0 0,1,2']);
  const r = unregister(b, [0, 1, 2]);
  expect([r.code, r.registered]).toEqual([0, ['0', '1', '2']]);
  expect(r.out).toContain('every registered broker is declared: nothing to unregister');
  expect(r.calls).toEqual(['list-endpoints --bootstrap-server b-0:9091 --config ' + path.join(b.dir, 'client.properties') + ' --include-fenced-brokers']);
});

test('drained brokers removed from the program are unregistered once stopped; running again changes nothing', () => {
  b = cluster({ 0: 'unfenced', 1: 'unfenced', 2: 'unfenced', 3: 'fenced', 4: 'fenced' }, ['orders 0 0,1,2', '__consumer_offsets 7 2,0,1']);
  const r = unregister(b, [0, 1, 2]);
  expect(r.code).toBe(0);
  expect(r.registered).toEqual(['0', '1', '2']);
  expect(r.out).toContain('unregistered broker 3: no longer declared, stopped, and holding no replica');
  expect(r.out).toContain('brokers unregistered: 2; left registered: 0');
  expect(unregister(b, [0, 1, 2]).calls.filter(c => c.startsWith('unregister'))).toEqual([]);
});

test('waits for a removed broker still running (its pod terminating), then unregisters it', () => {
  b = cluster({ 0: 'unfenced', 1: 'unfenced', 2: 'unfenced', 3: 'unfenced 3' }, ['orders 0 0,1,2']);
  const r = unregister(b, [0, 1, 2]);
  expect(r.code).toBe(0);
  expect(r.out).toContain('waiting for brokers 3, no longer declared, to stop');
  expect(r.registered).toEqual(['0', '1', '2']);
});

test('a removed broker that never stops fails the attempt, saying so', () => {
  b = cluster({ 0: 'unfenced', 3: 'unfenced 1000' }, []);
  const r = unregister(b, [0], 0);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('brokers 3 are no longer declared but still running after 0s');
});

test('a broker removed without a drain (it still holds replicas) is reported with what it holds and how to recover, and stays registered', () => {
  b = cluster({ 0: 'unfenced', 1: 'unfenced', 2: 'unfenced', 3: 'fenced', 4: 'fenced' }, ['orders 0 0,1,3', 'orders 1 1,3,4', 'audit 0 0,1,2']);
  const r = unregister(b, [0, 1, 2]);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('broker 3 was removed while it still held replicas of 2 partition(s) (orders-0 orders-1): they are under-replicated, or offline where no other replica is in sync. '
    + 'Scale its pool back up so broker 3 returns with its disk, then drain it (drainTo on the pool) before lowering replicas. It stays registered');
  expect(r.out).toContain('broker 4 was removed while it still held replicas of 1 partition(s) (orders-1)');
  expect(r.registered).toEqual(['0', '1', '2', '3', '4']);
});

test('an id another run unregistered meanwhile ("is not currently registered") counts as done', () => {
  b = cluster({ 0: 'unfenced', 3: 'fenced' }, []);
  fs.writeFileSync(path.join(b.dir, 'already-3'), '');
  const r = unregister(b, [0]);
  expect(r.code).toBe(0);
  expect(r.out).toContain('unregistered broker 3');
});

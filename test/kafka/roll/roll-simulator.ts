import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { RollNode, renderCheckScript, renderRollScript } from '../../../src/kafka/roll/node-roll';

// A small simulated cluster for the roll scripts: an HTTP server in the test process
// answers the Kubernetes API the driver calls (pods, StatefulSets, the Lease, the
// Certificate, evictions) and the Kafka tools the check runs (fakes on PATH that ask
// the same server). Pods move through stopping → recreated (not Ready) → Ready as the
// driver looks at them; a partition's ISR is its replicas whose node is Ready and has
// rejoined. After every change it records how many nodes are down, so a test can
// assert "never more than one".

export interface SimNode extends RollNode {
  /** Revision label of the running pod. */
  revision: string;
  /** Bumped whenever the pod object changes (recreated, turns Ready). */
  resourceVersion?: number;
  uid?: number;
  phase: 'ready' | 'not-ready' | 'stopping' | 'missing';
  /** Looks at a recreated pod before it is Ready. */
  readyAfter: number;
  /** A node that never rejoins an ISR (a lagging replica), whatever its restarts. */
  outOfSync?: boolean;
  /** Kafka checks before a Ready node rejoins the ISRs. */
  syncAfter: number;
  /** A pod that never turns Ready (a crash-looping node), until restarted. */
  broken?: boolean;
  startedAt: string;
}

export interface Partition { topic: string; partition: number; replicas: number[]; minIsr: number }

export interface SimState {
  updateRevision: Record<string, string>;
  /** The StatefulSets' version label (the last apply's release). */
  version?: string;
  /** StatefulSets whose controller has not yet seen their latest spec. */
  unobserved?: string[];
  /** The Kafka tools fail (no quorum, say). */
  toolsFail?: boolean;
  /** Pods the run's Role no longer names (a newer apply removed them): 403. */
  forbidden?: string[];
  nodes: SimNode[];
  partitions: Partition[];
  leader: number;
  lease?: { rv: number; body: any };
  /** The nodes' Certificate's status.notBefore. */
  notBefore?: string;
  /** The client listeners' Certificate's status.notBefore. */
  listenerNotBefore?: string;
  /** ConfigMaps the roll created, by name. */
  configMaps?: Record<string, any>;
  /** Evictions to refuse with 429 (a PodDisruptionBudget with no room). */
  refuseEvictions: number;
  /** What was done, in order: `evict <pod> (leader <id>)` or `delete <pod> ...`. */
  events: string[];
  maxDown: number;
}

export function simNodes(nodes: RollNode[], revision: string): SimNode[] {
  return nodes.map(n => ({ ...n, revision, phase: 'ready', readyAfter: 0, syncAfter: 0, startedAt: '2026-11-01T00:00:00Z' }));
}

function down(s: SimState): number {
  return s.nodes.filter(n => n.phase !== 'ready').length;
}

function inSync(n: SimNode): boolean {
  return n.phase === 'ready' && !n.outOfSync && n.syncAfter <= 0;
}

function podJson(n: SimNode): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: n.pod,
      namespace: 'kafka',
      uid: `uid-${n.pod}-${n.uid ?? 0}`,
      resourceVersion: String(n.resourceVersion ?? 1),
      labels: { 'controller-revision-hash': n.revision, 'statefulset.kubernetes.io/pod-name': n.pod },
      ...(n.phase === 'stopping' ? { deletionTimestamp: '2026-12-01T10:00:00Z' } : {}),
    },
    status: {
      conditions: [
        { type: 'Initialized', status: 'True' },
        { type: 'Ready', status: n.phase === 'ready' ? 'True' : 'False', lastProbeTime: null },
      ],
      containerStatuses: [{ name: 'kafka', ready: n.phase === 'ready', state: { running: { startedAt: n.startedAt } } }],
    },
  };
}

/** A look at a pod moves it along: a stopping pod is recreated at its StatefulSet's revision, a new one turns Ready. */
function advance(s: SimState, n: SimNode): void {
  if (n.phase === 'stopping') {
    n.uid = (n.uid ?? 0) + 1;
    n.resourceVersion = (n.resourceVersion ?? 1) + 1;
    n.phase = 'not-ready';
    n.revision = s.updateRevision[n.statefulSet];
    n.readyAfter = 1;
    n.syncAfter = 1;
    n.broken = false;
    n.startedAt = '2026-12-01T10:00:01Z';
    if (s.leader === n.nodeId) {
      const next = s.nodes.find(o => o.roles.includes('controller') && o.phase === 'ready');
      if (next) s.leader = next.nodeId;
    }
  } else if (n.phase === 'not-ready' && !n.broken) {
    n.readyAfter -= 1;
    if (n.readyAfter <= 0) { n.phase = 'ready'; n.resourceVersion = (n.resourceVersion ?? 1) + 1; }
  }
}

function topicsOutput(s: SimState): string {
  for (const n of s.nodes) if (n.phase === 'ready') n.syncAfter -= 1;
  return s.partitions.map(p => {
    const isr = p.replicas.filter(r => { const n = s.nodes.find(o => o.nodeId === r); return n !== undefined && inSync(n); });
    return isr.length > p.minIsr ? '' : `\tTopic: ${p.topic}\tPartition: ${p.partition}\tLeader: ${isr[0] ?? 'none'}\tReplicas: ${p.replicas.join(',')}\tIsr: ${isr.join(',')}\tElr: \tLastKnownElr: \n`;
  }).join('');
}

function replicationOutput(s: SimState): string {
  const now = Date.now();
  const rows = s.nodes.filter(n => n.roles.includes('controller')).map(n => {
    const t = n.phase === 'ready' ? now : now - 60000;
    return `${n.nodeId}\tAAAAAAAAAAAAAAAAAAAAAA\t100\t0\t${t}\t${t}\t${n.nodeId === s.leader ? 'Leader' : 'Follower'}`;
  });
  return ['NodeId\tDirectoryId\tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus', ...rows].join('\n') + '\n';
}

/** The roll always sends both; the API server checks them. */
function preconditionsHold(n: SimNode, p: { uid?: string; resourceVersion?: string } | undefined): boolean {
  return p !== undefined && p.uid === `uid-${n.pod}-${n.uid ?? 0}` && p.resourceVersion === String(n.resourceVersion ?? 1);
}

function handle(s: SimState, method: string, url: string, body: string): { code: number; body: string } {
  const json = (code: number, value: unknown) => ({ code, body: JSON.stringify(value, null, 2) });
  let m: RegExpExecArray | null;
  if (url.startsWith('/kafka/') && s.toolsFail) return { code: 200, body: 'FAIL' };
  if (url === '/kafka/topics') return { code: 200, body: topicsOutput(s) };
  if (url === '/kafka/quorum/status') return { code: 200, body: `ClusterId: x\nLeaderId: ${s.leader}\nLeaderEpoch: 3\n` };
  if (url === '/kafka/quorum/replication') return { code: 200, body: replicationOutput(s) };
  if ((m = /^\/apis\/apps\/v1\/namespaces\/kafka\/statefulsets\/([^/?]+)$/.exec(url))) {
    const rev = s.updateRevision[m[1]];
    if (rev === undefined) return json(404, { reason: 'NotFound' });
    const seen = s.unobserved?.includes(m[1]) ? 6 : 7;
    return json(200, {
      metadata: { name: m[1], uid: `uid-${m[1]}`, generation: 7, labels: { 'app.kubernetes.io/version': s.version ?? '8.1.1' } },
      spec: { replicas: 1, template: { metadata: { labels: { 'cdk8s-kafka/pool': 'x' } } } },
      status: { observedGeneration: seen, currentRevision: 'old', updateRevision: rev },
    });
  }
  if ((m = /^\/api\/v1\/namespaces\/kafka\/pods\/([^/?]+)(\/eviction)?$/.exec(url))) {
    if (s.forbidden?.includes(m[1])) return json(403, { reason: 'Forbidden' });
    const n = s.nodes.find(o => o.pod === m![1]);
    if (n === undefined || n.phase === 'missing') return json(404, { reason: 'NotFound' });
    if (method === 'GET') { advance(s, n); return json(200, podJson(n)); }
    if (method === 'POST' && m[2]) {
      const eviction = JSON.parse(body);
      if (eviction.kind !== 'Eviction' || eviction.metadata.name !== n.pod) return json(400, { reason: 'BadRequest' });
      if (!preconditionsHold(n, eviction.deleteOptions?.preconditions)) return json(409, { reason: 'Conflict', message: 'Precondition failed' });
      if (s.refuseEvictions > 0) { s.refuseEvictions -= 1; return json(429, { reason: 'TooManyRequests', message: 'Cannot evict pod as it would violate the pod\'s disruption budget.' }); }
    } else if (method === 'DELETE') {
      if (!preconditionsHold(n, JSON.parse(body || '{}').preconditions)) return json(409, { reason: 'Conflict', message: 'Precondition failed' });
    } else {
      return json(405, {});
    }
    s.events.push(`${m[2] ? 'evict' : 'delete'} ${n.pod} (leader ${s.leader})`);
    n.phase = 'stopping';
    s.maxDown = Math.max(s.maxDown, down(s));
    return json(m[2] ? 201 : 200, {});
  }
  if ((m = /^\/apis\/coordination.k8s.io\/v1\/namespaces\/kafka\/leases(\/([^/?]+))?$/.exec(url))) {
    if (method === 'GET') return s.lease === undefined ? json(404, { reason: 'NotFound' }) : json(200, { ...s.lease.body, metadata: { ...s.lease.body.metadata, resourceVersion: String(s.lease.rv) } });
    const lease = JSON.parse(body);
    if (method === 'POST') {
      if (s.lease !== undefined) return json(409, { reason: 'AlreadyExists' });
      s.lease = { rv: 1, body: lease };
      return json(201, lease);
    }
    if (method === 'PUT') {
      if (s.lease === undefined || lease.metadata.resourceVersion !== String(s.lease.rv)) return json(409, { reason: 'Conflict' });
      s.lease = { rv: s.lease.rv + 1, body: lease };
      return json(200, lease);
    }
  }
  if ((m = /^\/api\/v1\/namespaces\/kafka\/configmaps\/([^/?]+)$/.exec(url)) && method === 'PATCH') {
    const existing = s.configMaps?.[m[1]];
    if (existing === undefined) return json(404, { reason: 'NotFound' });
    existing.data = { ...existing.data, ...JSON.parse(body).data };
    return json(200, existing);
  }
  if (url === '/api/v1/namespaces/kafka/configmaps' && method === 'POST') {
    const cm = JSON.parse(body);
    s.configMaps ??= {};
    if (s.configMaps[cm.metadata.name] !== undefined) return json(409, { reason: 'AlreadyExists' });
    s.configMaps[cm.metadata.name] = cm;
    return json(201, cm);
  }
  if (/^\/apis\/cert-manager.io\/v1\/namespaces\/kafka\/certificates\/events-kafka$/.test(url)) return json(200, { status: s.notBefore === undefined ? {} : { notBefore: s.notBefore } });
  if (/^\/apis\/cert-manager.io\/v1\/namespaces\/kafka\/certificates\/events-kafka-listeners$/.test(url)) {
    return json(200, { status: s.listenerNotBefore === undefined ? {} : { notBefore: s.listenerNotBefore } });
  }
  return json(404, { reason: `no such path ${method} ${url}` });
}

// curl and the Kafka tools, in bash over /dev/tcp, so the tests need neither.
const FAKE_CURL = `#!/bin/bash
export LC_ALL=C
method=GET out="" fmt="" data="" url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -X) method="$2"; shift 2 ;;
    -o) out="$2"; shift 2 ;;
    -w) fmt="$2"; shift 2 ;;
    --data-binary) data="\${2#@}"; shift 2 ;;
    -H|--cacert|--max-time) shift 2 ;;
    http://*) url="$1"; shift ;;
    *) shift ;;
  esac
done
rest="\${url#http://}"; hostport="\${rest%%/*}"; target="/\${rest#*/}"
body=""; if [ -n "$data" ]; then body=$(<"$data"); fi
exec 3<>"/dev/tcp/\${hostport%:*}/\${hostport#*:}" || { [ -n "$fmt" ] && printf 000; exit 7; }
printf '%s %s HTTP/1.0\\r\\nHost: sim\\r\\nContent-Length: %s\\r\\n\\r\\n%s' "$method" "$target" "\${#body}" "$body" >&3
IFS=' ' read -r _ code _ <&3
while IFS= read -r line <&3; do line="\${line%$'\\r'}"; [ -n "$line" ] || break; done
if [ -n "$out" ]; then cat <&3 > "$out"; else cat <&3; fi
if [ -n "$fmt" ]; then printf '%s' "$code"; fi
`;

export interface Sim {
  readonly state: SimState;
  /** Starts the driver and the check as pod `host`; resolves with the driver's exit code and output. */
  run(host: string, options?: RunOptions): Promise<{ code: number | null; out: string; check: string }>;
  close(): Promise<void>;
}

export interface RunOptions {
  /** Kills both (SIGKILL, no traps) once the driver's output matches. */
  readonly killWhen?: (out: string, state: SimState) => boolean;
  readonly certificate?: boolean;
  readonly leaseSeconds?: number;
  readonly timeoutMs?: number;
  /** Rounds after which the driver prints an unchanged status again. */
  readonly repeat?: number;
  /** Record the quorum's bootstrap in this ConfigMap, owned by the controllers' StatefulSet. */
  readonly quorumState?: string;
  /** Record the release the nodes run in this ConfigMap. */
  readonly versionRecord?: string;
  /** Seconds after a renewal before certificate restarts (production: 300). */
  readonly certificateSettleSeconds?: number;
}

export async function simulate(state: SimState): Promise<Sim> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', d => { body += d; });
    req.on('end', () => {
      const r = handle(state, req.method ?? 'GET', req.url ?? '/', body);
      res.writeHead(r.code, { 'Content-Type': 'application/json' });
      res.end(r.body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-roll-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const tool = (name: string, text: string) => fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });
  tool('curl', FAKE_CURL);
  // Like the real tools: a failure is an error on stderr and exit 1.
  const answer = 'if [ "$out" = FAIL ]; then echo "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment." >&2; exit 1; fi; printf \'%s\\n\' "$out"';
  tool('kafka-topics', `#!/bin/bash\necho "$*" >> ${dir}/tools.log\nout=$(curl -s http://127.0.0.1:${port}/kafka/topics)\n${answer}\n`);
  tool('kafka-metadata-quorum', `#!/bin/bash\necho "$*" >> ${dir}/tools.log\ncase "$*" in *--status*) path=status ;; *) path=replication ;; esac\nout=$(curl -s http://127.0.0.1:${port}/kafka/quorum/$path)\n${answer}\n`);
  tool('hostname', '#!/bin/sh\necho "$SIM_HOSTNAME"\n');
  const sa = path.join(dir, 'sa');
  fs.mkdirSync(sa);
  fs.writeFileSync(path.join(sa, 'namespace'), 'kafka');
  fs.writeFileSync(path.join(sa, 'token'), 'tok');
  fs.writeFileSync(path.join(sa, 'ca.crt'), 'ca');

  const run: Sim['run'] = (host, options = {}) => {
    const work = path.join(dir, `work-${host}`);
    const tmp = path.join(dir, `tmp-${host}`);
    fs.mkdirSync(work);
    fs.mkdirSync(tmp);
    const nodes: RollNode[] = state.nodes.map(({ pod, statefulSet, nodeId, roles }) => ({ pod, statefulSet, nodeId, roles }));
    const driver = renderRollScript({
      nodes,
      lease: 'events-kafka-roll',
      certificates: options.certificate ? { nodes: 'events-kafka', brokers: 'events-kafka-listeners' } : undefined,
      quorumState: options.quorumState === undefined ? undefined : { configMap: options.quorumState, clusterId: 'Zm9vYmFyYmF6cXV4cXV1eA' },
      versionRecord: options.versionRecord === undefined ? undefined : { configMap: options.versionRecord, owner: 'events-controllers' },
    });
    const check = renderCheckScript({ brokers: 'b:9091', controllers: 'c:9093' });
    const fast = {
      CDK8S_ROLL_WORK: work,
      CDK8S_ROLL_POLL_SECONDS: '0.05',
      CDK8S_ROLL_TICK_SECONDS: '0.02',
      CDK8S_ROLL_CHECK_TIMEOUT_SECONDS: '10',
      CDK8S_ROLL_ATTEMPTS: '5',
      CDK8S_ROLL_REPEAT: String(options.repeat ?? 1000),
      CDK8S_ROLL_LEASE_SECONDS: String(options.leaseSeconds ?? 120),
      CDK8S_CLIENT_CONFIG: path.join(work, 'client.properties'),
      CDK8S_ROLL_TOOL_TIMEOUT_SECONDS: '5',
    };
    type Script = { command: string[]; env: Array<{ name: string; value?: string }> };
    const start = (script: Script, text: string): ChildProcess => spawn(script.command[0], [script.command[1], text], {
      env: { PATH: `${bin}:/usr/bin:/bin`, SIM_HOSTNAME: host, ...Object.fromEntries(script.env.map(e => [e.name, e.value!])), ...fast },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const driverText = driver.command[2]
      .replace(/\/tmp\//g, `${tmp}/`)
      .replace('sa=/var/run/secrets/kubernetes.io/serviceaccount', `sa=${sa}`)
      .replace('https://kubernetes.default.svc', `http://127.0.0.1:${port}`);
    const checker = start(check, check.command[2]);
    const roller = start(driver, driverText);
    let out = '';
    let checkOut = '';
    checker.stdout!.on('data', d => { checkOut += d; });
    checker.stderr!.on('data', d => { checkOut += d; });
    return new Promise(resolve => {
      // A guard against a hang, not a timing assertion: generous, so a loaded machine
      // (the whole suite on 2 cores, CI beside other work) still finishes a full roll.
      const timer = setTimeout(() => { roller.kill('SIGKILL'); checker.kill('SIGKILL'); }, options.timeoutMs ?? 150000);
      const onData = (d: Buffer) => {
        out += d;
        if (options.killWhen?.(out, state)) { roller.kill('SIGKILL'); checker.kill('SIGKILL'); }
      };
      roller.stdout!.on('data', onData);
      roller.stderr!.on('data', onData);
      roller.on('close', code => {
        clearTimeout(timer);
        // The check stops once the driver wrote done; a killed driver leaves it to us.
        const stopped = setTimeout(() => checker.kill('SIGKILL'), 3000);
        if (checker.exitCode !== null || checker.signalCode !== null) { clearTimeout(stopped); resolve({ code, out, check: checkOut }); return; }
        checker.on('close', () => { clearTimeout(stopped); resolve({ code, out, check: checkOut }); });
      });
    });
  };
  return {
    state,
    run,
    close: () => new Promise<void>(resolve => { fs.rmSync(dir, { recursive: true, force: true }); server.close(() => resolve()); }),
  };
}

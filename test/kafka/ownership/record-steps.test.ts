import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { KafkaCluster } from '../../../src';
import { findAll } from '../../support/objects';

// The ownership record's two API steps, run for real (POSIX sh, as in the curl image)
// against a fake curl that plays the API server for one ConfigMap: JSON answers as the
// API server gives them to curl (pretty-printed unless the request says pretty=false;
// the last-applied annotation included), merge patches
// with the resourceVersion precondition (409 when it moved), and faults on request
// (one a request: ok, an HTTP code, 000 for no answer, or "409 <item>" for another Job
// recording <item> just before).
// The commands and environment are the synthesized Job's own.

const FAKE_API = `#!/usr/bin/env node
// Fake curl: the ConfigMap in $API_STATE ({ resourceVersion, data }; absent: 404).
const fs = require('fs');
const args = process.argv.slice(2);
let out, method = 'GET', body, url;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '-o') out = args[++i];
  else if (a === '-X') method = args[++i];
  else if (a === '--data-binary') body = fs.readFileSync(args[++i].slice(1), 'utf8');
  else if (['-w', '-H', '--max-time', '--cacert'].includes(a)) i++;
  else if (!a.startsWith('-')) url = a;
}
fs.appendFileSync(process.env.API_LOG, method + ' ' + url + (body ? ' ' + body : '') + '\\n');
const faults = fs.existsSync(process.env.API_FAULTS) ? fs.readFileSync(process.env.API_FAULTS, 'utf8').split('\\n').filter(Boolean) : [];
// The API server pretty-prints for a User-Agent starting with "curl" (isPrettyPrint,
// k8s.io/apiserver negotiate.go) unless the query says pretty=false; API_PRETTY=always
// ignores the query, to show the scripts read either form.
const pretty = process.env.API_PRETTY === 'always' || !/[?&]pretty=false/.test(url);
const answer = (code, object) => { fs.writeFileSync(out, JSON.stringify(object ?? { kind: 'Status', code }, null, pretty ? 2 : 0)); process.stdout.write(String(code)); };
if (faults.length > 0) {
  fs.writeFileSync(process.env.API_FAULTS, faults.slice(1).join('\\n'));
  const [code, change] = faults[0].split(' ');
  // "409 <item>": another Job records <item> first, so this request's resourceVersion is old.
  if (code === 'ok') {
    // this request is answered as usual
  } else if (change !== undefined) {
    const s = JSON.parse(fs.readFileSync(process.env.API_STATE, 'utf8'));
    s.data.topics = [s.data.topics, change].filter(Boolean).join('\\n');
    s.resourceVersion = String(Number(s.resourceVersion) + 1);
    fs.writeFileSync(process.env.API_STATE, JSON.stringify(s));
  } else if (code === '000') { process.stdout.write('000'); process.exit(7); }
  else { answer(Number(code)); process.exit(0); }
}
if (!fs.existsSync(process.env.API_STATE)) { answer(404); process.exit(0); }
const s = JSON.parse(fs.readFileSync(process.env.API_STATE, 'utf8'));
const object = () => ({
  kind: 'ConfigMap', apiVersion: 'v1',
  metadata: { name: 'events-kafka-topics-owned', namespace: 'kafka', resourceVersion: s.resourceVersion,
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ data: { desired: 'old' } }) } },
  data: s.data,
});
if (method === 'GET') { answer(200, object()); process.exit(0); }
const patch = JSON.parse(body);
if (patch.metadata.resourceVersion !== s.resourceVersion) { answer(409); process.exit(0); }
Object.assign(s.data, patch.data);
s.resourceVersion = String(Number(s.resourceVersion) + 1);
fs.writeFileSync(process.env.API_STATE, JSON.stringify(s));
answer(200, object());
`;

interface Pod { read: any; write: any; record: any }

/** The synthesized topics Job's record steps and its record ConfigMap. */
function synthesizedSteps(): Pod {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  new KafkaCluster(chart, 'events').addTopic('orders');
  const objects = Testing.synth(chart);
  const job = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-topics-'));
  const record = findAll(objects, 'ConfigMap').find((c: any) => c.metadata.name === 'events-kafka-topics-owned');
  return { read: job.spec.template.spec.initContainers[1], write: job.spec.template.spec.containers[0], record };
}

const POD = synthesizedSteps();

interface Box { dir: string; state: string; log: string; faults: string; recordDir: string }

function box(data?: Record<string, string>): Box {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-record-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.writeFileSync(path.join(dir, 'bin', 'curl'), FAKE_API, { mode: 0o755 });
  const sa = path.join(dir, 'sa');
  fs.mkdirSync(sa);
  fs.writeFileSync(path.join(sa, 'namespace'), 'kafka');
  fs.writeFileSync(path.join(sa, 'token'), 'tok');
  fs.writeFileSync(path.join(sa, 'ca.crt'), 'ca');
  fs.mkdirSync(path.join(dir, 'record'));
  const b = { dir, state: path.join(dir, 'state.json'), log: path.join(dir, 'api.log'), faults: path.join(dir, 'faults'), recordDir: path.join(dir, 'record') };
  if (data !== undefined) fs.writeFileSync(b.state, JSON.stringify({ resourceVersion: '7', data }));
  return b;
}

/** Runs a step's command with its environment, its fixed paths pointed into the sandbox. */
function run(b: Box, container: any, faults: string[] = [], prettyAlways = false): { code: number; out: string; requests: string[] } {
  fs.writeFileSync(b.faults, faults.join('\n'));
  const env = Object.fromEntries(container.env.map((e: any) => [e.name, e.value]));
  const text = (container.command[2] as string)
    .replace(/\/tmp\//g, `${b.dir}/`)
    .replace('sa=/var/run/secrets/kubernetes.io/serviceaccount', `sa=${b.dir}/sa`)
    .replace(/sleep [0-9]+/g, 'sleep 0');
  const r = spawnSync(container.command[0], [container.command[1], text], {
    env: { PATH: `${b.dir}/bin:${path.dirname(process.execPath)}:/usr/bin:/bin`, API_STATE: b.state, API_LOG: b.log, API_FAULTS: b.faults, API_PRETTY: prettyAlways ? 'always' : '', ...env, CDK8S_RECORD_DIR: b.recordDir },
    encoding: 'utf8',
    timeout: 20000,
  });
  const requests = fs.existsSync(b.log) ? fs.readFileSync(b.log, 'utf8').trim().split('\n') : [];
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`, requests };
}

const desired = POD.record.data.desired as string;
const file = (b: Box, name: string) => fs.readFileSync(path.join(b.recordDir, name), 'utf8');
const data = (b: Box) => JSON.parse(fs.readFileSync(b.state, 'utf8')).data;
const done = (b: Box, status: number, added: string[], removed: string[] = [], log = 'topics applied\n') => {
  fs.writeFileSync(path.join(b.recordDir, 'status'), `${status}\n`);
  fs.writeFileSync(path.join(b.recordDir, 'added-topics'), added.map(t => `${t}\n`).join(''));
  fs.writeFileSync(path.join(b.recordDir, 'removed-topics'), removed.map(t => `${t}\n`).join(''));
  fs.writeFileSync(path.join(b.recordDir, 'log'), log);
};

describe('record-read', () => {
  test('hands the Kafka step the items recorded, one a line', () => {
    const b = box({ desired, topics: 'audit.v1\norders' });
    const r = run(b, POD.read);
    expect(r.code).toBe(0);
    expect(file(b, 'owned-topics')).toBe('audit.v1\norders\n');
    expect(r.out).toContain('ConfigMap events-kafka-topics-owned records 2 topics made by this library');
    expect(r.requests).toEqual(['GET https://kubernetes.default.svc/api/v1/namespaces/kafka/configmaps/events-kafka-topics-owned?pretty=false']);
  });

  test('reads a pretty-printed answer alike (what the API server gives curl without pretty=false)', () => {
    const b = box({ desired, topics: 'audit.v1 T1\norders T2' });
    const r = run(b, POD.read, [], true);
    expect(r.code).toBe(0);
    expect(file(b, 'owned-topics')).toBe('audit.v1 T1\norders T2\n');
  });

  test('an empty record (the first run): nothing owned', () => {
    const b = box({ desired });
    expect(run(b, POD.read).code).toBe(0);
    expect(file(b, 'owned-topics')).toBe('');
  });

  test('a Job of an older apply finds another desired state: superseded, nothing handed on', () => {
    const b = box({ desired: 'newer12345', topics: 'orders' });
    const r = run(b, POD.read);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(b.recordDir, 'superseded'))).toBe(true);
    expect(fs.existsSync(path.join(b.recordDir, 'owned-topics'))).toBe(false);
    expect(r.out).toContain(`superseded: ConfigMap events-kafka-topics-owned names the desired state newer12345 and this Job applies ${desired}`);
  });

  test('waits for the ConfigMap (kubectl may create it after the Job) and for the API server', () => {
    const b = box({ desired, topics: 'orders' });
    const r = run(b, POD.read, ['404', '000', '503']);
    expect(r.code).toBe(0);
    expect(file(b, 'owned-topics')).toBe('orders\n');
  });

  test('fails at once when refused (403), so the pod fails and the Job retries', () => {
    const r = run(box({ desired }), POD.read, ['403']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('reading ConfigMap events-kafka-topics-owned failed (HTTP 403)');
  });
});

describe('record-write', () => {
  test('prints the Kafka step\'s log, merges what it made and removed into the record, ends with its status', () => {
    const b = box({ desired, topics: 'audit.v1\nlegacy' });
    done(b, 0, ['orders'], ['legacy'], 'created topic orders\n');
    const r = run(b, POD.write);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^created topic orders\n/);
    expect(data(b)).toEqual({ desired, topics: 'audit.v1\norders' });
    expect(r.out).toContain('recorded in ConfigMap events-kafka-topics-owned: +1 -1 topics');
    // A merge patch that only the version it was merged against may apply.
    expect(r.requests[1]).toBe('PATCH https://kubernetes.default.svc/api/v1/namespaces/kafka/configmaps/events-kafka-topics-owned?fieldManager=cdk8s-kafka&pretty=false '
      + '{"metadata":{"resourceVersion":"7"},"data":{"topics":"audit.v1\\norders"}}');
  });

  test('a pretty-printed answer: the same merge, with the resourceVersion it was read with', () => {
    const b = box({ desired, topics: 'audit.v1' });
    done(b, 0, ['orders']);
    const r = run(b, POD.write, [], true);
    expect(r.code).toBe(0);
    expect(data(b).topics).toBe('audit.v1\norders');
    expect(r.requests[1]).toContain('{"metadata":{"resourceVersion":"7"}');
  });

  test('a newer apply came while the Job ran: recorded all the same, with a line that says so', () => {
    const b = box({ desired: 'newer12345' });
    done(b, 0, ['orders T1']);
    const r = run(b, POD.write);
    expect(r.code).toBe(0);
    expect(data(b).topics).toBe('orders T1');
    expect(r.out).toContain('a newer apply (desired state newer12345) came while this Job ran');
  });

  test('another Job recorded first (409): reads again and merges again, losing neither', () => {
    const b = box({ desired, topics: 'audit.v1' });
    done(b, 0, ['orders']);
    const r = run(b, POD.write, ['ok', '409 payments']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('changed since it was read');
    expect(data(b).topics).toBe('audit.v1\norders\npayments');
  });

  test('records what was made before a failure, then fails the pod with the Kafka step\'s status', () => {
    const b = box({ desired });
    done(b, 3, ['orders']);
    expect(run(b, POD.write).code).toBe(3);
    expect(data(b).topics).toBe('orders');
  });

  test('items with spaces (ACLs) survive the round trip', () => {
    const access = box({ desired });
    const acl = 'orders-app --topic orders --resource-pattern-type literal --operation Read';
    const env = (c: any) => ({ ...c, env: c.env.map((e: any) => (e.name === 'CDK8S_RECORD_KINDS' ? { ...e, value: 'acls' } : e)) });
    fs.writeFileSync(path.join(access.recordDir, 'status'), '0\n');
    fs.writeFileSync(path.join(access.recordDir, 'added-acls'), `${acl}\n`);
    expect(run(access, env(POD.write)).code).toBe(0);
    expect(run(access, env(POD.read)).code).toBe(0);
    expect(file(access, 'owned-acls')).toBe(`${acl}\n`);
  });

  test('refuses an item JSON would need escaping for', () => {
    const b = box({ desired });
    done(b, 0, ['or"ders']);
    const r = run(b, POD.write);
    expect(r.code).not.toBe(0);
    expect(data(b)).toEqual({ desired });
  });

  test('superseded: nothing recorded, the pod succeeds', () => {
    const b = box({ desired: 'newer12345' });
    fs.writeFileSync(path.join(b.recordDir, 'superseded'), '');
    const r = run(b, POD.write);
    expect([r.code, r.requests]).toEqual([0, []]);
  });

  test('a Kafka step that left no status (killed) fails the pod, saying what may be missing', () => {
    const b = box({ desired });
    const r = run(b, POD.write);
    expect(r.code).toBe(1);
    expect(r.out).toContain('the Kafka step ended without a status');
  });
});

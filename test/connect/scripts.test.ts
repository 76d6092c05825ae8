import { spawn } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { renderApplyScript, renderInstallScript } from '../../src/connect/connector-job-script';
import { ShellScript } from '../../src/core/script-file';
import { issueServerCertificate, leafKeyPem, makeAuthority } from '../support/x509';

// The connector apply and plugin install scripts run for real (sh + curl) against a
// server on loopback, each with the environment the render function gives it; /tmp is
// pointed into the test's directory.

/** The script with its text changed (fixed paths pointed into the test's directory). */
function withText(script: ShellScript, change: (text: string) => string): ShellScript {
  return { ...script, command: [script.command[0], '-c', change(script.command[2])] };
}

function run(script: ShellScript | string, cwd: string): Promise<{ code: number; out: string }> {
  const command = typeof script === 'string' ? ['/bin/sh', '-c', script] : script.command;
  const env = typeof script === 'string' ? {} : Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  return new Promise(resolve => {
    const child = spawn(command[0], command.slice(1), {
      cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000,
    });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    child.on('close', code => resolve({ code: code ?? 1, out }));
  });
}

let server: http.Server;
let base: string;
let responses: Array<{ status: number; body: string }> = [];
const requests: Array<{ method: string; url: string; body: string; type?: string }> = [];
let files: Record<string, Buffer> = {};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', d => { body += d; });
    req.on('end', () => {
      requests.push({ method: req.method!, url: req.url!, body, type: req.headers['content-type'] });
      if (req.url!.startsWith('/files/')) {
        const file = files[req.url!.slice('/files/'.length)];
        res.writeHead(file ? 200 : 404);
        res.end(file);
        return;
      }
      const next = responses.shift() ?? { status: 500, body: 'no response queued' };
      res.writeHead(next.status, { 'Content-Type': 'application/json' });
      res.end(next.body);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>(r => server.close(() => r())));
beforeEach(() => { requests.length = 0; responses = []; files = {}; });

describe('connector apply script', () => {
  let dir: string;
  const CONFIG = '{"connector.class":"x.Y","query":"SELECT \\"a\\", b","tasks.max":"1"}';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-'));
    fs.writeFileSync(path.join(dir, 'connector.json'), CONFIG);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const script = () => withText(renderApplyScript({ restUrl: base, connector: 'orders-sink', configFile: path.join(dir, 'connector.json'), retryDelaySeconds: 0, attempts: 4 }),
    text => text.replace(/\/tmp\/(response|current)/g, `${dir}/$1`));
  const NOT_FOUND = { status: 404, body: '{"error_code":404,"message":"Connector orders-sink not found"}' };
  const GET = { method: 'GET', url: '/connectors/orders-sink/config', body: '', type: undefined };
  const PUT = { method: 'PUT', url: '/connectors/orders-sink/config', body: CONFIG, type: 'application/json' };

  test('a new connector: reads its config (404), then PUTs the config to /connectors/<name>/config', async () => {
    responses = [NOT_FOUND, { status: 201, body: '{}' }];
    const r = await run(script(), dir);
    expect(r).toEqual({ code: 0, out: 'connector orders-sink applied (HTTP 201)\n' });
    expect(requests).toEqual([GET, PUT]);
  });

  test('a re-run whose config Connect has (keys in another order, its own "name", pretty-printed) PUTs nothing, so nothing restarts', async () => {
    responses = [{ status: 200, body: '{\n  "tasks.max": "1",\n  "name": "orders-sink",\n  "query": "SELECT \\"a\\", b",\n  "connector.class": "x.Y"\n}' }];
    const r = await run(script(), dir);
    expect(r).toEqual({ code: 0, out: 'connector orders-sink unchanged: Connect has this config\n' });
    expect(requests).toEqual([GET]);
  });

  test.each([
    ['a value differs', '{"connector.class":"x.Y","name":"orders-sink","query":"SELECT \\"a\\", c","tasks.max":"1"}'],
    ['Connect has a key more', '{"connector.class":"x.Y","name":"orders-sink","query":"SELECT \\"a\\", b","tasks.max":"1","extra":"1"}'],
    ['Connect has a key less', '{"connector.class":"x.Y","name":"orders-sink","tasks.max":"1"}'],
  ])('a changed config is PUT (an update, 200): %s', async (_why, current) => {
    responses = [{ status: 200, body: current }, { status: 200, body: '{}' }];
    const r = await run(script(), dir);
    expect(r).toEqual({ code: 0, out: 'connector orders-sink applied (HTTP 200)\n' });
    expect(requests).toEqual([GET, PUT]);
  });

  test('retries while Connect rebalances (409) or fails (5xx), reading the config again each time', async () => {
    responses = [{ status: 503, body: '' }, { status: 409, body: 'rebalance' }, NOT_FOUND, { status: 503, body: 'starting' }, NOT_FOUND, { status: 201, body: '{}' }];
    const r = await run(script(), dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('attempt 1: Connect answered HTTP 409; retrying');
    expect(r.out).toContain('attempt 2: Connect answered HTTP 503; retrying');
    expect(requests.map(q => q.method)).toEqual(['GET', 'PUT', 'GET', 'PUT', 'GET', 'PUT']);
  });

  test('retries while the workers refuse its credentials (401: they restart onto a new password)', async () => {
    responses = [{ status: 401, body: '' }, { status: 401, body: '' }, NOT_FOUND, { status: 201, body: '{}' }];
    const r = await run(script(), dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('attempt 1: Connect refused the credentials (HTTP 401');
  });

  test('fails at once on a rejected config, showing why', async () => {
    responses = [NOT_FOUND, { status: 400, body: '{"message":"Connector configuration is invalid"}' }];
    const r = await run(script(), dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('connector orders-sink rejected (HTTP 400):\n{"message":"Connector configuration is invalid"}');
    expect(requests).toHaveLength(2);
  });

  test('gives up after its attempts', async () => {
    responses = Array(10).fill({ status: 409, body: '' });
    const r = await run(script(), dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('giving up after 4 attempts');
  });
});

describe('plugin install script', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugins-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
  const script = (steps: Parameters<typeof renderInstallScript>[1]) =>
    withText(renderInstallScript(path.join(dir, 'plugins'), steps), text => text.replace('file="/tmp/', `file="${dir}/`));

  test('downloads, verifies and unpacks archives and jars into one directory each', async () => {
    const src = fs.mkdtempSync(path.join(os.tmpdir(), 'src-'));
    fs.mkdirSync(path.join(src, 'my-plugin', 'lib'), { recursive: true });
    fs.writeFileSync(path.join(src, 'my-plugin', 'lib', 'a.jar'), 'jar a');
    await run(`tar -czf ${path.join(src, 'p.tgz')} -C ${src} my-plugin`, src);
    files['p.tgz'] = fs.readFileSync(path.join(src, 'p.tgz'));
    files['single.jar'] = Buffer.from('single jar');
    fs.rmSync(src, { recursive: true, force: true });
    const r = await run(script([
      { directory: 'tarred', url: `${base}/files/p.tgz`, sha256: sha(files['p.tgz']), format: 'tar' },
      { directory: 'one-jar', url: `${base}/files/single.jar`, sha256: sha(files['single.jar']), format: 'jar' },
    ]), dir);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'plugins', 'tarred', 'my-plugin', 'lib', 'a.jar'), 'utf8')).toBe('jar a');
    expect(fs.readFileSync(path.join(dir, 'plugins', 'one-jar', 'one-jar.jar'), 'utf8')).toBe('single jar');
  });

  test('refuses a download whose checksum differs, so the worker does not start', async () => {
    files['x.jar'] = Buffer.from('tampered');
    const r = await run(script([{ directory: 'x', url: `${base}/files/x.jar`, sha256: sha(Buffer.from('original')), format: 'jar' }]), dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`SHA-256 of ${base}/files/x.jar is not ${sha(Buffer.from('original'))}: refusing it`);
    expect(fs.existsSync(path.join(dir, 'plugins', 'x'))).toBe(false);
  });

  test('fails when the download fails', async () => {
    const r = await run(script([{ directory: 'x', url: `${base}/files/missing.jar`, format: 'jar' }]), dir);
    expect(r.code).not.toBe(0);
  });
});

describe('connector apply script over HTTPS with HTTP basic', () => {
  const authority = makeAuthority('clients-ca');
  let tls: https.Server;
  let url: string;
  let dir: string;
  const seen: Array<{ url: string; authorization?: string }> = [];
  beforeAll(async () => {
    tls = https.createServer({ key: leafKeyPem(), cert: issueServerCertificate(authority, ['localhost']) }, (req, res) => {
      seen.push({ url: req.url!, authorization: req.headers.authorization });
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'GET' ? 404 : 201, { 'Content-Type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>(r => tls.listen(0, '127.0.0.1', () => r()));
    url = `https://localhost:${(tls.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>(r => tls.close(() => r())));
  beforeEach(() => {
    seen.length = 0;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apply-tls-'));
    fs.writeFileSync(path.join(dir, 'connector.json'), '{"connector.class":"x.Y"}');
    fs.writeFileSync(path.join(dir, 'user-info'), 'admin:s3cretPassw0rd');
    // curl on PATH logs its arguments, then runs the real one.
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(path.join(dir, 'bin', 'curl'), `#!/bin/sh\necho "$*" >> ${dir}/argv\nexec ${REAL_CURL} "$@"\n`, { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const REAL_CURL = ['/usr/bin/curl', '/bin/curl'].find(p => fs.existsSync(p))!;

  function script(ca: string): ShellScript {
    fs.writeFileSync(path.join(dir, 'ca.crt'), ca);
    const s = withText(renderApplyScript({
      restUrl: url,
      connector: 'orders-sink',
      configFile: path.join(dir, 'connector.json'),
      retryDelaySeconds: 0,
      attempts: 1,
      caFile: path.join(dir, 'ca.crt'),
      userInfoFile: path.join(dir, 'user-info'),
    }), text => text.replace(/\/tmp\/(response|current|rest-auth)/g, `${dir}/$1`));
    return { ...s, env: [...s.env, { name: 'PATH', value: `${dir}/bin:${process.env.PATH}` }] };
  }

  test('verifies the server against the CA and sends the credentials as a header read from a file, never on curl\'s command line', async () => {
    const r = await run(script(authority.pem), dir);
    expect(r).toEqual({ code: 0, out: 'connector orders-sink applied (HTTP 201)\n' });
    const expected = `Basic ${Buffer.from('admin:s3cretPassw0rd').toString('base64')}`;
    expect(seen).toEqual([
      { url: '/connectors/orders-sink/config', authorization: expected },
      { url: '/connectors/orders-sink/config', authorization: expected },
    ]);
    const argv = fs.readFileSync(path.join(dir, 'argv'), 'utf8');
    expect(argv).not.toContain('s3cret');
    expect(argv).toContain(`--cacert ${dir}/ca.crt`);
    // The header file is private to the pod's user.
    expect((fs.statSync(path.join(dir, 'rest-auth')).mode % 0o100).toString(8)).toBe('0');
  });

  test('a server whose certificate another CA signed gets nothing: the request fails before any credential is sent', async () => {
    const r = await run(script(makeAuthority('someone-else').pem), dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('attempt 1: Connect answered HTTP 000');
    expect(seen).toEqual([]);
  });
});

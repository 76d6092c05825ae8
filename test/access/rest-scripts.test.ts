import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { KafkaCluster, SchemaRegistry } from '../../src';
import { find } from '../support/objects';
import { serviceAccount } from '../support/script-sandbox';
import { synthObjects } from '../support/validate';

// The scripts behind a component's REST security, run for real (POSIX sh) with the
// command and environment the synthesized pods have: the users init container against
// mounted caller files, and the certificate restart CronJob against a fake API server
// (curl on PATH that answers from files and records what it was asked).

function registryPods() {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  const registry = new SchemaRegistry(chart, 'schemas', { kafka });
  registry.addCaller('orders-app');
  const objects = synthObjects(chart);
  return {
    users: find(objects, 'Deployment', 'schemas').spec.template.spec.initContainers.find((c: any) => c.name === 'rest-users'),
    restart: find(objects, 'CronJob', 'schemas-rest-tls-restart').spec.jobTemplate.spec.template.spec.containers[0],
  };
}

const { users, restart } = registryPods();

function envOf(container: any, overrides: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', ...Object.fromEntries(container.env.map((e: any) => [e.name, e.value])), ...overrides };
}

describe('the REST users init container', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-users-'));
    fs.mkdirSync(path.join(dir, 'callers'));
    fs.mkdirSync(path.join(dir, 'auth'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(passwords: Record<string, string>, env: Record<string, string> = {}) {
    for (const [caller, pw] of Object.entries(passwords)) fs.writeFileSync(path.join(dir, 'callers', caller), pw);
    const r = spawnSync(users.command[0], users.command.slice(1), {
      env: envOf(users, {
        CDK8S_REST_CALLERS_DIR: `${dir}/callers`, CDK8S_REST_USERS_FILE: `${dir}/auth/users.properties`, CDK8S_REST_JAAS_FILE: `${dir}/auth/jaas.conf`, ...env,
      }),
      encoding: 'utf8',
    });
    const read = (f: string) => (fs.existsSync(path.join(dir, 'auth', f)) ? fs.readFileSync(path.join(dir, 'auth', f), 'utf8') : undefined);
    return { code: r.status, out: `${r.stdout}${r.stderr}`, users: read('users.properties'), jaas: read('jaas.conf'), dir };
  }

  test('writes one `user: password,role` line per caller (Jetty\'s PropertyUserStore format) and the JAAS section the realm names', () => {
    const r = run({ 'admin': 'A1b2C3', 'orders-app': 'Z9y8X7' });
    expect(r.code).toBe(0);
    expect(r.users).toBe('admin: A1b2C3,caller\norders-app: Z9y8X7,caller\n');
    expect(r.jaas).toBe(`SchemaRegistry-Props {\n  org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule required\n  file="${dir}/auth/users.properties";\n};\n`);
    // Read by the server only: written with umask 077 as the server's own user.
    expect((fs.statSync(path.join(dir, 'auth', 'users.properties')).mode % 0o100).toString(8)).toBe('0');
    expect(users.securityContext.runAsUser).toBe(1000);
    // The users the file names are exactly the server's roles' holders: the realm's config asks for that role.
    expect(r.out).toContain('wrote the users file for 2 REST callers');
  });

  test('Connect\'s module reads `user: password` without roles', () => {
    const r = run({ admin: 'A1b2C3', connect: 'Q1w2E3' }, { CDK8S_REST_CALLERS: 'admin\nconnect', CDK8S_REST_ROLE: '' });
    expect(r.users).toBe('admin: A1b2C3\nconnect: Q1w2E3\n');
  });

  test('fails, and writes no users file, when a caller\'s Secret is missing or holds characters a properties file would read otherwise', () => {
    const missing = run({ admin: 'A1b2C3' });
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('no password for REST caller orders-app');
    expect(missing.users).toBeUndefined();
    const odd = run({ 'admin': 'A1b2C3', 'orders-app': 'a=b' });
    expect(odd.code).toBe(1);
    expect(odd.out).toContain('the password of REST caller orders-app holds characters other than letters and digits');
    expect(odd.users).toBeUndefined();
  });

  test('never writes an empty users file (Connect\'s module admits every request then)', () => {
    const r = run({}, { CDK8S_REST_CALLERS: '' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('refusing to write an empty users file');
    expect(r.users).toBeUndefined();
  });
});

describe('the REST certificate restart CronJob', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rest-restart-'));
    fs.mkdirSync(path.join(dir, 'bin'));
    serviceAccount({ dir });
    // The fake API: GET certificate and pods from files, PATCH recorded with its body.
    fs.writeFileSync(path.join(dir, 'bin', 'curl'), [
      '#!/bin/sh',
      `echo "$*" >> ${dir}/calls`,
      'out=""; url=""; body=""',
      'while [ "$#" -gt 0 ]; do case "$1" in -o) out="$2"; shift 2 ;; --data-binary) body="$2"; shift 2 ;; https://*) url="$1"; shift ;; *) shift ;; esac; done',
      'case "$url" in',
      `  */certificates/*) cp ${dir}/certificate.json "$out"; cat ${dir}/certificate.code ;;`,
      `  */pods\\?*) cp ${dir}/pods.json "$out"; printf 200 ;;`,
      `  */deployments/*) cp "\${body#@}" ${dir}/patch.json; echo '{}' > "$out"; printf 200 ;;`,
      'esac',
    ].join('\n'), { mode: 0o755 });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

  function run(certificate: { code: number; notBefore?: string }, podStarts: string[], notStarted: object[] = []) {
    fs.writeFileSync(path.join(dir, 'certificate.code'), String(certificate.code));
    fs.writeFileSync(path.join(dir, 'certificate.json'), JSON.stringify({ status: certificate.notBefore === undefined ? {} : { notBefore: certificate.notBefore } }));
    // As the API returns pods: the kubelet's startTime (before the volumes are mounted), a
    // finished init container, the main container running since the given time.
    fs.writeFileSync(path.join(dir, 'pods.json'), JSON.stringify({
      items: podStarts.map(t => ({
        status: {
          startTime: iso(30 * 86_400_000),
          initContainerStatuses: [{ name: 'rest-users', state: { terminated: { exitCode: 0, startedAt: iso(30 * 86_400_000), finishedAt: iso(30 * 86_400_000) } } }],
          containerStatuses: [{ name: 'schema-registry', state: { running: { startedAt: t } } }],
        },
      })).concat(notStarted.map(status => ({ status: { startTime: iso(30 * 86_400_000), containerStatuses: [status] } })) as never[]),
    }));
    const text = restart.command[2].replace(/\/tmp\//g, `${dir}/`).replace('sa=/var/run/secrets/kubernetes.io/serviceaccount', `sa=${dir}/sa`);
    const r = spawnSync(restart.command[0], [restart.command[1], text], { env: envOf(restart, { PATH: `${dir}/bin:${process.env.PATH}` }), encoding: 'utf8' });
    const calls = fs.existsSync(path.join(dir, 'calls')) ? fs.readFileSync(path.join(dir, 'calls'), 'utf8') : '';
    const patch = fs.existsSync(path.join(dir, 'patch.json')) ? JSON.parse(fs.readFileSync(path.join(dir, 'patch.json'), 'utf8')) : undefined;
    return { code: r.status, out: `${r.stdout}${r.stderr}`, calls, patch };
  }

  test('a pod started before a renewal that every kubelet has: the template annotation is set to the renewal, and the Deployment rolls', () => {
    const renewed = iso(600_000);
    const r = run({ code: 200, notBefore: renewed }, [iso(86_400_000), iso(60_000)]);
    expect(r.code).toBe(0);
    expect(r.patch).toEqual({ spec: { template: { metadata: { annotations: { 'cdk8s-kafka/rest-certificate-renewed': renewed } } } } });
    expect(r.calls).toContain('-X PATCH');
    expect(r.calls).toContain('/apis/apps/v1/namespaces/kafka/deployments/schemas');
    // The pods of the component only, by its selector.
    expect(r.calls).toContain('labelSelector=app.kubernetes.io%2Fcomponent%3Dschema-registry%2Capp.kubernetes.io%2Finstance%3Dschemas%2Capp.kubernetes.io%2Fname%3Dschema-registry');
    expect(r.out).toContain('restarting the pods of deployments/schemas one at a time');
  });

  test('every container started after the renewal reached its kubelet: nothing changes (the run after a restart, or a first install, where pods wait for the Secret)', () => {
    const r = run({ code: 200, notBefore: iso(3_600_000) }, [iso(60_000), iso(120_000)]);
    expect(r.code).toBe(0);
    expect(r.patch).toBeUndefined();
    expect(r.out).toContain('every pod started after the certificate renewed');
  });

  test('a renewal kubelets may not have yet: waits for a later run, restarts nothing', () => {
    const r = run({ code: 200, notBefore: iso(10_000) }, [iso(86_400_000)]);
    expect(r.code).toBe(0);
    expect(r.patch).toBeUndefined();
    expect(r.out).toContain('waiting until every kubelet has it');
  });

  test('pods whose containers are not running yet are left alone: they start on the Secret as it is', () => {
    const r = run({ code: 200, notBefore: iso(3_600_000) }, [], [{ name: 'schema-registry', state: { waiting: { reason: 'ContainerCreating' } } }]);
    expect(r.out).toContain('no container is running: nothing to restart');
    expect(r.patch).toBeUndefined();
  });

  test('no Certificate yet, or not issued: nothing to restart; an API error fails the run (the CronJob tries again)', () => {
    expect(run({ code: 404 }, []).out).toContain('does not exist yet: nothing to restart');
    expect(run({ code: 200 }, []).out).toContain('is not issued yet');
    const failed = run({ code: 500 }, []);
    expect(failed.code).toBe(1);
    expect(failed.out).toContain('reading Certificate schemas-rest-tls failed (HTTP 500)');
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { GeneratedSecret, renderGeneratedSecretsScript, SecretLayout } from '../../src/core/generated-secrets';
import { run, sandbox, serviceAccount, tool } from '../support/script-sandbox';

// The script that makes Secrets with a password inside the cluster, run for real (POSIX
// sh, as the curl image) against a fake curl on PATH that keeps every body it is sent.
// Fixed paths (the ServiceAccount mount, /tmp) are pointed into the sandbox.

const KAFKA_USERS: GeneratedSecret[] = [
  { name: 'events-kafka-admin', user: 'admin', layout: SecretLayout.SASL },
  { name: 'events-user-schemas', user: 'schemas', layout: SecretLayout.SASL },
];

describe('generated-secrets script', () => {
  /** Runs it with the service account files under the sandbox and a fake curl answering `codes` in turn. */
  type Run = { code: number; out: string; bodies: any[]; calls: string[]; leftover: boolean; authHeader?: string };
  function credentials(codes: string[], secrets: GeneratedSecret[] = KAFKA_USERS): Run {
    const box = sandbox();
    const sa = serviceAccount(box);
    fs.writeFileSync(path.join(box.dir, 'codes'), codes.join('\n') + '\n');
    // The fake curl keeps each body it was sent and answers the next code.
    tool(box, 'curl', [
      `n=$(wc -l < ${box.log} 2>/dev/null || echo 0); n=$((n + 1))`,
      `echo "$*" >> ${box.log}`,
      'for a in "$@"; do case "$a" in @*/auth) ;; @*) cp "${a#@}" ' + `${box.dir}/body-$n.json ;; esac; done`,
      `code=$(sed -n "\${n}p" ${box.dir}/codes)`,
      'echo "{\\"reason\\":\\"test\\"}" > /tmp/response-fake 2>/dev/null || true',
      'printf "%s" "$code"',
    ].join('\n'));
    const script = renderGeneratedSecretsScript({
      secrets,
      labels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' },
      attempts: 3,
      loginModule: 'org.apache.kafka.common.security.scram.ScramLoginModule',
    });
    expect(script.command[0]).toBe('/bin/sh');
    const r = run(script, box, text => text.replace(/\/tmp\/(secret\.json|response|auth)/g, `${box.dir}/$1`)
      .replace('sa=/var/run/secrets/kubernetes.io/serviceaccount', `sa=${sa}`).replace(/sleep 5/g, 'sleep 0'));
    const bodies = fs.readdirSync(box.dir).filter(f => f.startsWith('body-')).sort().map(f => JSON.parse(fs.readFileSync(path.join(box.dir, f), 'utf8')));
    const calls = fs.existsSync(box.log) ? fs.readFileSync(box.log, 'utf8').trim().split('\n') : [];
    const leftover = fs.existsSync(path.join(box.dir, 'secret.json'));
    const authHeader = fs.existsSync(path.join(box.dir, 'auth')) ? fs.readFileSync(path.join(box.dir, 'auth'), 'utf8') : undefined;
    fs.rmSync(box.dir, { recursive: true, force: true });
    return { ...r, bodies, calls, leftover, authHeader };
  }

  test('creates each Secret with a random 32-character password, the user name and a matching JAAS line', () => {
    const r = credentials(['201', '201']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('created Secret events-kafka-admin');
    expect(r.bodies).toHaveLength(2);
    const [admin, schemas] = r.bodies;
    expect(admin.metadata).toEqual({ name: 'events-kafka-admin', labels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' } });
    expect(admin.stringData.username).toBe('admin');
    expect(admin.stringData.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(admin.stringData['sasl.jaas.config']).toBe(
      `org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="${admin.stringData.password}";`);
    expect(schemas.stringData.password).not.toBe(admin.stringData.password);
    expect(r.calls[0]).toContain('-X POST');
    // The token is read from a header file, never on curl's command line.
    expect(r.calls[0]).toContain(`-H @${''}`);
    expect(r.calls[0]).not.toContain('tok ');
    expect(r.authHeader).toBe('Authorization: Bearer tok\n');
    expect(r.calls[0]).toContain('/api/v1/namespaces/kafka/secrets');
  });

  test('a Secret that exists (409) is kept: the next one is still created', () => {
    const r = credentials(['409', '201']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Secret events-kafka-admin exists: kept as it is');
    expect(r.out).toContain('created Secret events-user-schemas');
  });

  test('retries while the API server does not answer, gives up after the attempts', () => {
    expect(credentials(['503', '000', '201', '201']).code).toBe(0);
    const r = credentials(['503', '503', '503']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('giving up on Secret events-kafka-admin');
  });

  test('fails at once when the API refuses (403), and leaves no body with the password behind', () => {
    const r = credentials(['403']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('creating Secret events-kafka-admin failed (HTTP 403)');
    expect(r.leftover).toBe(false);
    expect(credentials(['201', '201']).leftover).toBe(false);
  });

  test('a REST caller\'s Secret holds its user name, password and the user-info line; a keystore\'s only its password', () => {
    const r = credentials(['201', '201'], [
      { name: 'schemas-rest-connect', user: 'connect', layout: SecretLayout.BASIC },
      { name: 'schemas-rest-keystore', user: '-', layout: SecretLayout.PASSWORD },
    ]);
    expect(r.code).toBe(0);
    const [caller, keystore] = r.bodies;
    expect(Object.keys(caller.stringData).sort()).toEqual(['password', 'user-info', 'username']);
    expect(caller.stringData.username).toBe('connect');
    expect(caller.stringData['user-info']).toBe(`connect:${caller.stringData.password}`);
    expect(caller.stringData.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(Object.keys(keystore.stringData)).toEqual(['password']);
    expect(keystore.stringData.password).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(keystore.metadata.name).toBe('schemas-rest-keystore');
  });

  test('an unknown layout fails before anything is sent', () => {
    const r = credentials(['201'], [{ name: 'x', user: 'x', layout: 'other' as SecretLayout }]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('unknown layout other for Secret x');
    expect(r.calls).toEqual([]);
  });

  test('a password another Secret was made from, made anew: the derived Secret is deleted so its maker writes it again; kept (409): nothing is deleted', () => {
    const secrets: GeneratedSecret[] = [{ name: 'schemas-rest-keystore', user: '-', layout: SecretLayout.PASSWORD, derived: 'schemas-rest-tls' }];
    const created = credentials(['201', '200'], secrets);
    expect(created.code).toBe(0);
    expect(created.calls[1]).toContain('-X DELETE');
    expect(created.calls[1]).toContain('/api/v1/namespaces/kafka/secrets/schemas-rest-tls');
    expect(created.out).toContain('deleted Secret schemas-rest-tls, made from the previous password of schemas-rest-keystore');
    const kept = credentials(['409'], secrets);
    expect(kept.calls).toHaveLength(1);
    // The first install: nothing was made from a password that did not exist.
    expect(credentials(['201', '404'], secrets).code).toBe(0);
    expect(credentials(['201', '403'], secrets).code).toBe(1);
  });
});

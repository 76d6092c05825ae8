import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { ConfluentVersion, KafkaCluster, Listener, ListenerAuthentication } from '../../src';
import { renderSecretCopyScript } from '../../src/access/secret-copy';
import { configErrorOf } from '../support/errors';
import { findAll } from '../support/objects';
import { restrictedProblems } from '../support/restricted';
import { run, sandbox, serviceAccount, tool } from '../support/script-sandbox';
import { synthObjects } from '../support/synth';
import { validateManifests } from '../support/validate';

// A user's Secrets for an application in another namespace: the copy script run for
// real (POSIX sh, as the curl image) against a fake API server (a curl on PATH that
// answers each call with the next prepared code and body), and the objects it runs in.

const LABELS = { 'app.kubernetes.io/managed-by': 'cdk8s-kafka', 'app.kubernetes.io/instance': 'events' };
const SOURCE = (data: string, type = 'Opaque') =>
  `{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","namespace":"kafka","managedFields":[{"fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{}}}}]},"data":${data},"type":"${type}"}`;
// A copy in the application's namespace: the library's of kafka/events-user-orders, another source's, or someone else's Secret.
const COPY = (data: string, origin: string | null = 'kafka/events-user-orders') =>
  `{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","namespace":"orders","labels":{"app.kubernetes.io/managed-by":"cdk8s-kafka"}${origin === null ? '' : `,"annotations":{"cdk8s-kafka/copy-of":"${origin}"}`}},"data":${data},"type":"Opaque"}`;
const DATA = '{"password":"c2VjcmV0","sasl.jaas.config":"b3JnLmFwYWNoZQ==","username":"b3JkZXJz"}';

interface Answer { code: string; body?: string }

function copy(answers: Answer[], secrets = ['events-user-orders']) {
  const box = sandbox();
  const sa = serviceAccount(box);
  fs.writeFileSync(path.join(sa, 'namespace'), 'orders');
  answers.forEach((a, i) => {
    fs.writeFileSync(path.join(box.dir, `code-${i + 1}`), a.code);
    fs.writeFileSync(path.join(box.dir, `resp-${i + 1}`), a.body ?? '{"kind":"Status"}');
  });
  // The fake curl: the next answer's body into -o's file, its code on stdout; each call and body kept.
  tool(box, 'curl', [
    `n=$(wc -l < ${box.log} 2>/dev/null || echo 0); n=$((n + 1))`,
    `echo "$*" >> ${box.log}`,
    'out=""; prev=""; for a in "$@"; do [ "$prev" = "-o" ] && out="$a"; case "$a" in @*/auth) ;; @*) cp "${a#@}" ' + `${box.dir}/body-$n.json ;; esac; prev="$a"; done`,
    `[ -f ${box.dir}/code-$n ] || exit 7`,
    `cp ${box.dir}/resp-$n "$out"`,
    `cat ${box.dir}/code-$n`,
  ].join('\n'));
  const script = renderSecretCopyScript({ sourceNamespace: 'kafka', secrets, labels: LABELS, attempts: 3 });
  const r = run(script, box, text => text.replace(/\/tmp\/(secret\.json|response|auth)/g, `${box.dir}/$1`)
    .replace('sa=/var/run/secrets/kubernetes.io/serviceaccount', `sa=${sa}`).replace(/sleep 10/g, 'sleep 0'));
  const bodies = fs.readdirSync(box.dir).filter(f => f.startsWith('body-')).sort().map(f => JSON.parse(fs.readFileSync(path.join(box.dir, f), 'utf8')));
  const calls = fs.existsSync(box.log) ? fs.readFileSync(box.log, 'utf8').trim().split('\n') : [];
  const leftovers = ['secret.json', 'response'].filter(f => fs.existsSync(path.join(box.dir, f)));
  fs.rmSync(box.dir, { recursive: true, force: true });
  return { ...r, bodies, calls, leftovers };
}

describe('secret-copy script', () => {
  test('reads the Secret in the cluster\'s namespace and creates the copy, same name, data and type, with the library\'s labels', () => {
    const r = copy([{ code: '200', body: SOURCE(DATA, 'kubernetes.io/tls') }, { code: '404' }, { code: '201' }]);
    expect(r.code).toBe(0);
    expect(r.calls[0]).toMatch(/-X GET .*\/api\/v1\/namespaces\/kafka\/secrets\/events-user-orders$/);
    expect(r.calls[1]).toMatch(/-X GET .*\/api\/v1\/namespaces\/orders\/secrets\/events-user-orders$/);
    expect(r.calls[2]).toMatch(/-X POST .*\/api\/v1\/namespaces\/orders\/secrets$/);
    expect(r.bodies).toEqual([{
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'kubernetes.io/tls',
      metadata: { name: 'events-user-orders', labels: LABELS, annotations: { 'cdk8s-kafka/copy-of': 'kafka/events-user-orders' } },
      data: JSON.parse(DATA),
    }]);
    expect(r.out).toContain('created Secret events-user-orders from namespace kafka');
    // The data is never printed, and no file with it stays behind.
    expect(r.out).not.toContain('c2VjcmV0');
    expect(r.leftovers).toEqual([]);
  });

  test('a copy that is already the same is kept: nothing is written', () => {
    const r = copy([{ code: '200', body: SOURCE(DATA) }, { code: '200', body: COPY(DATA) }]);
    expect(r.code).toBe(0);
    expect(r.calls).toHaveLength(2);
    expect(r.out).toContain('Secret events-user-orders is the same as in namespace kafka: kept');
  });

  test('a copy of the library\'s that differs (a renewed certificate) is replaced', () => {
    const r = copy([{ code: '200', body: SOURCE(DATA) }, { code: '200', body: COPY('{"password":"b2xk"}') }, { code: '200' }]);
    expect(r.code).toBe(0);
    expect(r.calls[2]).toMatch(/-X PUT .*\/namespaces\/orders\/secrets\/events-user-orders$/);
    expect(r.bodies[0].data).toEqual(JSON.parse(DATA));
    expect(r.out).toContain('updated Secret events-user-orders');
  });

  test('a Secret of the same name that is not this copy (someone else\'s, or another cluster\'s copy) is never replaced', () => {
    for (const origin of [null, 'kafka-b/events-user-orders']) {
      const r = copy([{ code: '200', body: SOURCE(DATA) }, { code: '200', body: COPY('{"password":"b3RoZXI="}', origin) }]);
      expect(r.code).toBe(1);
      expect(r.calls).toHaveLength(2);
      expect(r.out).toContain('Secret events-user-orders exists in namespace orders and is not this library\'s copy of kafka/events-user-orders: not replaced');
      expect(r.leftovers).toEqual([]);
    }
  });

  test('waits for a Secret not made yet, and gives up after the attempts', () => {
    const waited = copy([{ code: '404' }, { code: '503' }, { code: '200', body: SOURCE(DATA) }, { code: '404' }, { code: '201' }]);
    expect(waited.code).toBe(0);
    expect(waited.out).toContain('attempt 1: Secret events-user-orders is not in namespace kafka yet; waiting');
    const gone = copy([{ code: '404' }, { code: '404' }, { code: '404' }]);
    expect(gone.code).toBe(1);
    expect(gone.out).toContain('giving up on Secret events-user-orders');
  });

  test('waits while reading is refused (the Role not applied yet), printing the API\'s message only; fails at once on other refusals', () => {
    const status = '{"kind":"Status","apiVersion":"v1","status":"Failure","message":"secrets is forbidden: no","code":403}';
    const denied = copy([{ code: '403', body: status }, { code: '200', body: SOURCE(DATA) }, { code: '404' }, { code: '201' }]);
    expect(denied.code).toBe(0);
    expect(denied.out).toContain('attempt 1: reading Secret events-user-orders in namespace kafka is not allowed (yet): secrets is forbidden: no');
    const gone = copy([{ code: '401', body: '{"kind":"Status","message":"Unauthorized"}' }]);
    expect([gone.code, gone.out]).toEqual([1, expect.stringContaining('failed (HTTP 401): Unauthorized')]);
    const odd = copy([{ code: '200', body: SOURCE('{"k":"not base64!"}') }]);
    expect(odd.code).toBe(1);
    expect(odd.out).toContain('has no data this script can copy');
  });

  test('an error after the source was read never prints it: a write refused, or no answer about the copy', () => {
    const refused = copy([{ code: '200', body: SOURCE(DATA) }, { code: '404' }, { code: '422', body: '{"kind":"Status","message":"invalid"}' }]);
    expect([refused.code, refused.out]).toEqual([1, expect.stringContaining('writing Secret events-user-orders failed (HTTP 422): invalid')]);
    const silent = copy([{ code: '200', body: SOURCE(DATA) }]);
    expect(silent.code).toBe(1);
    expect(silent.out).toContain('reading the copy of Secret events-user-orders in namespace orders failed');
    for (const r of [refused, silent]) {
      expect(r.out).not.toContain('c2VjcmV0');
      expect(r.leftovers).toEqual([]);
    }
  });

  test('copies every Secret of the user in turn', () => {
    const r = copy([
      { code: '200', body: SOURCE(DATA) }, { code: '404' }, { code: '201' },
      { code: '200', body: SOURCE('{"ca.crt":"Y2E=","tls.crt":"Y3J0","tls.key":"a2V5"}', 'kubernetes.io/tls') }, { code: '404' }, { code: '201' },
    ], ['events-user-orders', 'events-user-orders-tls']);
    expect(r.code).toBe(0);
    expect(r.bodies.map(b => [b.metadata.name, b.type, Object.keys(b.data)])).toEqual([
      ['events-user-orders', 'Opaque', ['password', 'sasl.jaas.config', 'username']],
      ['events-user-orders-tls', 'kubernetes.io/tls', ['ca.crt', 'tls.crt', 'tls.key']],
    ]);
  });
});

describe('KafkaUserOptions.appNamespaces', () => {
  const synth = () => {
    const app = new App();
    const chart = new Chart(app, 'c', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    const user = kafka.addUser('orders-app', { appNamespaces: ['orders'] });
    return { objects: synthObjects(app), user };
  };

  test('the application\'s namespace gets a Job and a CronJob that may write only there, and read exactly the user\'s Secrets', () => {
    const { objects, user } = synth();
    validateManifests(objects);
    expect(restrictedProblems(objects)).toEqual([]);
    const secrets = [user.connection.credentialsSecret, user.connection.certificateSecret];
    expect(secrets).toEqual(['events-user-orders-app', 'events-user-orders-app-tls']);
    const inOrders = objects.filter(o => o.metadata.namespace === 'orders').map(o => `${o.kind}/${o.metadata.name.replace(/-[0-9a-f]{10}$/, '-<hash>')}`).sort();
    expect(inOrders).toEqual([
      'CronJob/events-orders-app-secrets', 'Job/events-orders-app-secrets-<hash>', 'NetworkPolicy/events-orders-app-secrets',
      'Role/events-orders-app-secrets', 'RoleBinding/events-orders-app-secrets', 'ServiceAccount/events-orders-app-secrets',
    ]);
    const reader = findAll(objects, 'Role').find(r => r.metadata.name === 'events-orders-app-to-orders')!;
    expect(reader.metadata.namespace).toBe('kafka');
    expect(reader.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], resourceNames: secrets, verbs: ['get'] }]);
    const binding = findAll(objects, 'RoleBinding').find(r => r.metadata.name === 'events-orders-app-to-orders')!;
    expect([binding.metadata.namespace, binding.subjects]).toEqual(['kafka', [{ kind: 'ServiceAccount', name: 'events-orders-app-secrets', namespace: 'orders' }]]);
    const writer = findAll(objects, 'Role').find(r => r.metadata.namespace === 'orders')!;
    expect(writer.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: secrets, verbs: ['get', 'update'] },
    ]);
    // Nothing cluster-scoped, no credential in any manifest: only the Secrets' names.
    expect(objects.filter(o => o.metadata.namespace === undefined)).toEqual([]);
    const job = findAll(objects, 'Job').find(j => j.metadata.namespace === 'orders')!;
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect([env.CDK8S_SOURCE_NAMESPACE, env.CDK8S_COPY]).toEqual(['kafka', secrets.join('\n')]);
    const cron = findAll(objects, 'CronJob').find(j => j.metadata.namespace === 'orders')!;
    expect(cron.spec.jobTemplate.spec).toEqual(job.spec);
    const policy = findAll(objects, 'NetworkPolicy').find(p => p.metadata.namespace === 'orders')!;
    expect(policy.spec.podSelector.matchLabels).toEqual({ 'cdk8s-kafka/job': 'events-orders-app-secrets' });
    expect(policy.spec.ingress).toEqual([]);
  });

  test('refuses the cluster\'s own namespace, a namespace named twice, and a user with nothing to copy', () => {
    const chart = new Chart(new App(), 'c', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    expect(configErrorOf(() => kafka.addUser('a', { appNamespaces: ['kafka'] })))
      .toMatch(/^c\/events: addUser\(a\).options.appNamespaces\[0\] = "kafka" is invalid: it is the cluster's own namespace/);
    const plain = new KafkaCluster(new Chart(new App(), 'p', { namespace: 'kafka' }), 'events', {
      listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })],
    });
    expect(configErrorOf(() => plain.addUser('a', { appNamespaces: ['orders'] }))).toContain('the user has no Secret to copy');
    expect(configErrorOf(() => kafka.addUser('b', { appNamespaces: ['orders', 'orders'] }))).toContain('appNamespaces');
  });

  test('two clusters of one name in two namespaces cannot both copy a user of one name into one namespace', () => {
    const app = new App();
    new KafkaCluster(new Chart(app, 'a', { namespace: 'kafka-a' }), 'events').addUser('orders-app', { appNamespaces: ['orders'] });
    const b = new KafkaCluster(new Chart(app, 'b', { namespace: 'kafka-b' }), 'events');
    expect(configErrorOf(() => b.addUser('orders-app', { appNamespaces: ['orders'] }))).toMatch(/would be named "events-orders-app-secrets", which a\/events\/SecretCopy-orders-app-orders already uses/);
  });
});

test('an imported cluster\'s user refuses appNamespaces: its Secrets are the user\'s own', () => {
  const chart = new Chart(new App(), 'c', { namespace: 'kafka' });
  const remote = KafkaCluster.fromBootstrap(chart, 'remote', { bootstrapServers: 'kafka.example.com:9092', version: ConfluentVersion.V8_0 });
  expect(configErrorOf(() => remote.addUser('a', { appNamespaces: ['orders'] })))
    .toMatch(/^c\/remote.addUser: appNamespaces = \["orders"\] is invalid: remote is imported/);
});

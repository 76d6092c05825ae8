import { Chart, Cron, Testing } from 'cdk8s';
import {
  ConfluentVersion, Connect, ConnectConverter, KafkaCluster, KsqlDb, RestAuthentication, SchemaRegistry,
} from '../../src';
import { warningsOf } from '../../src/core/warnings';
import { PLAINTEXT_LISTENERS } from '../kafka/fixture';
import { selectorMatches } from '../support/label-selector';
import { find, findAll } from '../support/objects';
import { expectValidChart } from '../support/validate';

// The REST security every component shares (access/rest-security.ts, rest-server.ts):
// defaults and refusals, the certificate and the names it covers, the credentials Job,
// the restart CronJob, and what reaches the pods.

type Kind = 'schemas' | 'connect' | 'ksql';
const KINDS: Kind[] = ['schemas', 'connect', 'ksql'];

function chart(): Chart {
  return new Chart(Testing.app(), 'test', { namespace: 'kafka' });
}

function make(c: Chart, kind: Kind, props: Record<string, unknown> = {}, kafka = new KafkaCluster(c, 'events')) {
  const all = { kafka, ...props } as never;
  return kind === 'schemas' ? new SchemaRegistry(c, kind, all) : kind === 'connect' ? new Connect(c, kind, all) : new KsqlDb(c, kind, all);
}

function errorOf(build: () => void): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe.each(KINDS)('%s', kind => {
  const c = chart();
  const component = make(c, kind);
  component.addCaller('orders-app');
  const objects = expectValidChart(c);
  const workload = find(objects, kind === 'schemas' ? 'Deployment' : 'StatefulSet', kind);
  const pod = workload.spec.template.spec;
  const container = pod.containers[0];

  test('a cluster with TLS: HTTPS and HTTP basic by default, no warning about either', () => {
    expect(component.url).toMatch(/^https:\/\//);
    expect(warningsOf(c).filter(w => w.startsWith(`test/${kind}:`) && /REST|restTls/.test(w))).toEqual([]);
  });

  test('its certificate comes from the cluster\'s clients\' authority, names every address it is called by, and is a PKCS#12 keystore', () => {
    const cert = find(objects, 'Certificate', `${kind}-rest-tls`).spec;
    expect(cert.issuerRef).toEqual({ name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(cert.usages).toEqual(['server auth', 'digital signature', 'key encipherment']);
    expect(cert.keystores).toEqual({ pkcs12: { create: true, passwordSecretRef: { name: `${kind}-rest-keystore`, key: 'password' } } });
    expect(cert.privateKey).toMatchObject({ rotationPolicy: 'Always' });
    // The URL clients use, and the Service in every form a pod of the namespace may use.
    const host = new URL(component.url).hostname;
    expect(cert.dnsNames).toEqual(expect.arrayContaining([host, kind, `${kind}.kafka`, `${kind}.kafka.svc`, `${kind}.kafka.svc.cluster.local`]));
    // Instances that call each other by their advertised pod DNS name find it under a wildcard.
    if (kind !== 'schemas') {
      const advertised = container.env.find((e: any) => /ADVERTISED_(HOST_NAME|LISTENER)$/.test(e.name)).value as string;
      const podHost = advertised.replace(/^https:\/\//, '').replace(/:\d+$/, '').replace('$(POD_NAME)', `${kind}-0`);
      expect(cert.dnsNames.some((n: string) => n.startsWith('*.') && podHost.endsWith(n.slice(1)) && !podHost.slice(0, -n.length + 1).includes('.'))).toBe(true);
    }
  });

  test('the server reads the keystore and the callers\' users; passwords only by Secret reference', () => {
    expect(pod.volumes).toContainEqual({
      name: 'rest-tls',
      secret: { secretName: `${kind}-rest-tls`, items: ['ca.crt', 'keystore.p12', 'truststore.p12'].map(key => ({ key, path: key })), defaultMode: 0o440 },
    });
    const callers = pod.volumes.find((v: any) => v.name === 'rest-callers').projected.sources.map((s: any) => s.secret);
    expect(callers).toEqual(['admin', 'orders-app'].map(caller => ({ name: `${kind}-rest-${caller}`, items: [{ key: 'password', path: caller }] })));
    const passwords = container.env.filter((e: any) => /PASSWORD$/.test(e.name) && /SSL/.test(e.name));
    expect(passwords.length).toBeGreaterThanOrEqual(2);
    for (const e of passwords) expect(e).toEqual({ name: e.name, valueFrom: { secretKeyRef: { name: `${kind}-rest-keystore`, key: 'password' } } });
    expect(container.env).toContainEqual({ name: 'JDK_JAVA_OPTIONS', value: '-Djava.security.auth.login.config=/mnt/rest-auth/jaas.conf' });
    // The users init container runs the component's own image: nothing more to pull.
    expect(pod.initContainers.find((i: any) => i.name === 'rest-users').image).toBe(container.image);
  });

  test('the credentials Job makes the keystore password and each caller\'s Secret; it may create Secrets and delete only the keystore\'s', () => {
    const job = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith(`${kind}-rest-credentials-`));
    expect(job.metadata.annotations['cdk8s-kafka/creates-secrets']).toBe(`${kind}-rest-keystore,${kind}-rest-admin,${kind}-rest-orders-app`);
    const env = Object.fromEntries(job.spec.template.spec.containers[0].env.map((e: any) => [e.name, e.value]));
    expect(env.CDK8S_GENERATE).toBe(`- ${kind}-rest-keystore password ${kind}-rest-tls\nadmin ${kind}-rest-admin basic\norders-app ${kind}-rest-orders-app basic`);
    expect(find(objects, 'Role', `${kind}-rest-credentials`).rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [`${kind}-rest-tls`], verbs: ['delete'] },
    ]);
  });

  test('the restart CronJob runs hourly, one run at a time, and may patch only its workload', () => {
    const cron = find(objects, 'CronJob', `${kind}-rest-tls-restart`).spec;
    expect(cron).toMatchObject({ schedule: '23 * * * *', concurrencyPolicy: 'Forbid' });
    const rules = find(objects, 'Role', `${kind}-rest-tls-restart`).rules;
    expect(rules.filter((r: any) => r.verbs.includes('patch'))).toEqual([
      { apiGroups: ['apps'], resources: [kind === 'schemas' ? 'deployments' : 'statefulsets'], resourceNames: [kind], verbs: ['patch'] },
    ]);
  });

  test('no Service, budget or NetworkPolicy of the component selects the Jobs\' pods', () => {
    const jobPods = [
      ...findAll(objects, 'Job').filter((j: any) => j.metadata.name.startsWith(`${kind}-rest-`)).map((j: any) => j.spec.template.metadata.labels),
      find(objects, 'CronJob', `${kind}-rest-tls-restart`).spec.jobTemplate.spec.template.metadata.labels,
    ];
    const selectors = [
      ...findAll(objects, 'Service').filter((s: any) => s.metadata.name.startsWith(kind)).map((s: any) => ({ matchLabels: s.spec.selector })),
      find(objects, 'NetworkPolicy', kind).spec.podSelector,
    ];
    for (const labels of jobPods) for (const selector of selectors) expect(selectorMatches(selector, labels)).toBe(false);
  });

  test('restCertificateRolloutSchedule sets when the CronJob runs', () => {
    const c2 = chart();
    make(c2, kind, { restCertificateRolloutSchedule: Cron.schedule({ minute: '5', hour: '3' }) });
    expect(find(expectValidChart(c2), 'CronJob', `${kind}-rest-tls-restart`).spec.schedule).toBe('5 3 * * *');
  });

  test('restTls: false on a TLS cluster serves plain HTTP without authentication, and says so', () => {
    const c2 = chart();
    const plain = make(c2, kind, { restTls: false });
    const objs = expectValidChart(c2);
    expect(plain.url).toMatch(/^http:\/\//);
    // ksqlDB keeps its certificate for the truststore alone (see below); nothing restarts onto it.
    expect(findAll(objs, 'Certificate').map((x: any) => x.metadata.name).includes(`${kind}-rest-tls`)).toBe(kind === 'ksql');
    expect(findAll(objs, 'CronJob').map((x: any) => x.metadata.name)).not.toContain(`${kind}-rest-tls-restart`);
    const warnings = warningsOf(c2).filter(w => w.startsWith(`test/${kind}:`));
    expect(warnings).toContain(`test/${kind}: restTls is false on a cluster with TLS: the REST API serves plain HTTP, readable on the way`);
    expect(warnings.some(w => w.includes('the REST API does not authenticate'))).toBe(true);
  });

  test('HTTPS without authentication is allowed, with a warning', () => {
    const c2 = chart();
    make(c2, kind, { restAuthentication: RestAuthentication.none() });
    const objs = expectValidChart(c2);
    expect(findAll(objs, 'Certificate').map((x: any) => x.metadata.name)).toContain(`${kind}-rest-tls`);
    expect(warningsOf(c2).some(w => w.startsWith(`test/${kind}: the REST API does not authenticate`))).toBe(true);
  });

  test('fails if HTTP basic is asked for without HTTPS: the password would cross the network in clear', () => {
    expect(errorOf(() => make(chart(), kind, { restTls: false, restAuthentication: RestAuthentication.basic() }))).toBe(
      `test/${kind}: restAuthentication = "RestAuthentication.basic()" is invalid: HTTP basic sends the password with every request, and without restTls it would cross the network in clear. ` +
      'Keep restTls (the default with a TLS cluster), or use RestAuthentication.none().');
  });

  test('fails if HTTPS is asked for where no issuer is known (a cluster without TLS)', () => {
    const c2 = chart();
    const kafka = new KafkaCluster(c2, 'events', { listeners: PLAINTEXT_LISTENERS });
    expect(errorOf(() => make(c2, kind, { restTls: true }, kafka))).toContain(`test/${kind}: restTls = true is invalid: the certificate comes from the Kafka cluster's clients' authority`);
  });

  test('fails on a bad caller name, naming it', () => {
    expect(errorOf(() => component.addCaller('Orders_App'))).toContain(`test/${kind}: addCaller.name = "Orders_App" is invalid`);
  });
});

test('a cluster without TLS: components serve plain HTTP without authentication by default, and warn', () => {
  const c = chart();
  const kafka = new KafkaCluster(c, 'events', { listeners: PLAINTEXT_LISTENERS });
  const registry = new SchemaRegistry(c, 'schemas', { kafka });
  expect(registry.url).toBe('http://schemas.kafka.svc.cluster.local:8081');
  expect(registry.addCaller('app')).toMatchObject({ name: 'app', credentialsSecret: undefined, trustSecret: undefined });
  expect(warningsOf(c).some(w => w.startsWith('test/schemas: the REST API does not authenticate'))).toBe(true);
});

test('a caller of a registry imported by URL presents the Secret given at import', () => {
  const c = chart();
  const { Secret } = jest.requireActual('cdk8s-plus-27');
  const registry = SchemaRegistry.fromUrl(c, 'cloud', {
    url: 'https://psrc-1.eu-west-1.aws.confluent.cloud', version: ConfluentVersion.V8_0, credentialsSecret: Secret.fromSecretName(c, 'key', 'cloud-sr-key'),
  });
  expect(registry.addCaller('connect')).toMatchObject({ url: 'https://psrc-1.eu-west-1.aws.confluent.cloud', credentialsSecret: 'cloud-sr-key', trustSecret: undefined });
});

test('a ksqlDB in application mode serves no REST API: REST settings and callers are refused', () => {
  const refused = chart();
  expect(errorOf(() => new KsqlDb(refused, 'ksql', { kafka: new KafkaCluster(refused, 'events'), queries: 'CREATE STREAM s AS SELECT * FROM t;', restTls: true })))
    .toBe('test/ksql: restTls = true is invalid: in application mode (queries) ksqlDB serves no REST API. Remove restTls.');
  const c = chart();
  const kafka = new KafkaCluster(c, 'events');
  const headless = new KsqlDb(c, 'batch', { kafka, queries: 'CREATE STREAM s AS SELECT * FROM t;' });
  expect(errorOf(() => headless.addCaller('x'))).toContain('in application mode (queries) ksqlDB serves no REST API');
  expect(findAll(expectValidChart(c), 'Certificate').map((x: any) => x.metadata.name)).not.toContain('batch-rest-tls');
});

test('two callers of one name are refused: they would share one password', () => {
  const c = chart();
  const kafka = new KafkaCluster(c, 'events');
  const registry = new SchemaRegistry(c, 'schemas', { kafka });
  registry.addCaller('orders');
  // The program may ask again for its own caller.
  expect(registry.addCaller('orders').credentialsSecret).toBe('schemas-rest-orders');
  expect(errorOf(() => new KsqlDb(c, 'orders', { kafka, schemaRegistry: registry }))).toBe(
    'test/schemas: addCaller.name = "orders" is invalid: addCaller already calls the REST API as orders, and two callers with one name would share one password. Give each caller its own name.');
});

test('Connect calls the registry only when a converter of its own uses it', () => {
  const c = chart();
  const kafka = new KafkaCluster(c, 'events');
  const registry = new SchemaRegistry(c, 'schemas', { kafka });
  new Connect(c, 'connect', { kafka, schemaRegistry: registry, converter: ConnectConverter.JSON });
  const objects = expectValidChart(c);
  const users = find(objects, 'Deployment', 'schemas').spec.template.spec.initContainers.find((i: any) => i.name === 'rest-users');
  expect(users.env).toContainEqual({ name: 'CDK8S_REST_CALLERS', value: 'admin' });
});

describe('ksqlDB reads its Kafka truststore through its REST settings, which take no PEM', () => {
  test('without restTls on a TLS cluster: plain HTTP, and the certificate kept for its PKCS#12 truststore alone', () => {
    const c = chart();
    const kafka = new KafkaCluster(c, 'events');
    new KsqlDb(c, 'ksql', { kafka, restTls: false });
    const objects = expectValidChart(c);
    const config = find(objects, 'ConfigMap', 'ksql-config').data;
    expect(config).toMatchObject({ KSQL_LISTENERS: 'http://0.0.0.0:8088', KSQL_SSL_TRUSTSTORE_TYPE: 'PKCS12', KSQL_SSL_TRUSTSTORE_LOCATION: '/mnt/rest-tls/truststore.p12' });
    expect(config.KSQL_SSL_KEYSTORE_LOCATION).toBeUndefined();
    // No store type KsqlRestConfig refuses (it takes JKS, PKCS12 or BCFKS), anywhere.
    expect(Object.entries(config).filter(([k, v]) => /_TYPE$/.test(k) && /SSL/.test(k) && v === 'PEM')).toEqual([]);
    const env = find(objects, 'StatefulSet', 'ksql').spec.template.spec.containers[0].env;
    expect(env.filter((e: any) => /PASSWORD$/.test(e.name)).map((e: any) => e.name)).toEqual(['KSQL_SSL_TRUSTSTORE_PASSWORD']);
    expect(findAll(objects, 'CronJob').map((x: any) => x.metadata.name)).not.toContain('ksql-rest-tls-restart');
  });

  test('fails on an imported cluster whose CA comes as PEM, in interactive mode; application mode takes it', () => {
    const c = chart();
    const { Secret } = jest.requireActual('cdk8s-plus-27');
    const kafka = KafkaCluster.fromBootstrap(c, 'remote', {
      bootstrapServers: 'kafka.example.com:9093', version: ConfluentVersion.V8_0, tls: true, caSecret: Secret.fromSecretName(c, 'ca', 'remote-ca'),
    });
    expect(errorOf(() => new KsqlDb(c, 'ksql', { kafka }))).toContain(
      'test/ksql: kafka = "test/remote" is invalid: its CA comes as PEM (caSecret), and ksqlDB reads its Kafka truststore through the settings of its REST listener');
    new KsqlDb(c, 'batch', { kafka, queries: 'CREATE STREAM s AS SELECT * FROM t;' });
  });
});

test('a caller named like the component\'s own Secrets is refused (its Secret would be the certificate\'s)', () => {
  const c = chart();
  const registry = new SchemaRegistry(c, 'schemas', { kafka: new KafkaCluster(c, 'events') });
  expect(errorOf(() => registry.addCaller('tls'))).toContain('it would name a Secret that already holds the REST certificate');
  expect(errorOf(() => registry.addCaller('keystore'))).toContain('the REST keystore\'s password');
});

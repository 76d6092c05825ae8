import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { kafkaConfigProblems } from './kafka/kafka-config-rules';
import { selectorMatches } from './support/label-selector';
import { find, findAll, kafkaStepOf } from './support/objects';
import { restrictedProblems } from './support/restricted';
import { expectDeterministic, findProblems, synthObjects, ValidationOptions } from './support/validate';

// Every example under examples/ synthesizes, passes the harness, runs restricted pods
// and is deterministic. The YAML snapshot is only a change detector.

const dir = path.join(__dirname, '..', 'examples');
const examples = fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, 'main.ts'))).sort();

interface ExampleModule { build: (app: App) => void; external?: ValidationOptions['external'] }

function module(name: string): ExampleModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(dir, name, 'main.ts')) as ExampleModule;
}

function load(name: string): (app: App) => void {
  return module(name).build;
}

test('there are examples', () => {
  expect(examples).toEqual(expect.arrayContaining(['quickstart', 'production']));
});

describe.each(examples)('example %s', name => {
  const build = load(name);
  const app = Testing.app();
  build(app);
  const objects = synthObjects(app);

  test('every object passes the harness', () => {
    expect(findProblems(objects, { external: module(name).external })).toEqual([]);
  });

  test('every Kafka node gets a configuration Kafka accepts', () => {
    expect(kafkaConfigProblems(objects)).toEqual([]);
  });

  test('every pod meets the restricted Pod Security Standard', () => {
    expect(restrictedProblems(objects)).toEqual([]);
  });

  test('is deterministic, and matches its snapshot', () => {
    const yaml = expectDeterministic(() => {
      const again = Testing.app();
      build(again);
      return again;
    });
    expect(yaml).toMatchSnapshot();
  });
});

describe('quickstart', () => {
  const app = Testing.app();
  load('quickstart')(app);
  const objects = synthObjects(app);

  test('is three combined nodes with RF 3 and min ISR 2', () => {
    expect(findAll(objects, 'StatefulSet').map(s => [s.metadata.name, s.spec.replicas])).toEqual([['events-brokers', 3]]);
    const config = find(objects, 'ConfigMap', 'events-brokers-config').data;
    expect(config.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(config.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('3');
    expect(config.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
  });
});

describe('production', () => {
  const app = Testing.app();
  load('production')(app);
  const objects = synthObjects(app);

  test('spreads controllers and both broker pools over three zones', () => {
    expect(findAll(objects, 'StatefulSet').map(s => s.metadata.name)).toEqual([
      'events-controllers',
      'events-brokers-eu-west-1a', 'events-brokers-eu-west-1b', 'events-brokers-eu-west-1c',
      'events-archive-eu-west-1a', 'events-archive-eu-west-1b', 'events-archive-eu-west-1c',
    ]);
  });

  test('gives every broker its own external Service and host', () => {
    const hosts = findAll(objects, 'Service')
      .map(s => s.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'])
      .filter((h): h is string => h !== undefined)
      .sort();
    expect(hosts).toEqual([
      'bootstrap.kafka.example.com',
      ...[0, 1, 2, 3, 4, 5, 1000, 1001, 1002].map(id => `broker-${id}.kafka.example.com`),
    ].sort());
  });

  test('the archive pool is a JBOD of two disks', () => {
    const config = find(objects, 'ConfigMap', 'events-archive-config').data;
    expect(config.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data/logs,/var/lib/kafka/data-1/logs');
  });
});

describe('streaming-platform', () => {
  const app = Testing.app();
  load('streaming-platform')(app);
  const objects = synthObjects(app);
  const bootstrap = 'events-kafka-bootstrap.streaming.svc.cluster.local:9092';
  const registry = 'https://schemas.streaming.svc.cluster.local:8081';

  test('every component points at the one cluster and the registry', () => {
    expect(find(objects, 'ConfigMap', 'schemas-config').data.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS).toBe(`SASL_SSL://${bootstrap}`);
    const connect = find(objects, 'ConfigMap', 'connect-config').data;
    expect(connect.CONNECT_BOOTSTRAP_SERVERS).toBe(bootstrap);
    expect(connect.CONNECT_VALUE_CONVERTER).toBe('io.confluent.connect.avro.AvroConverter');
    expect(connect.CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL).toBe(registry);
    const ksql = find(objects, 'ConfigMap', 'ksql-config').data;
    expect(ksql.KSQL_BOOTSTRAP_SERVERS).toBe(bootstrap);
    expect(ksql.KSQL_KSQL_SCHEMA_REGISTRY_URL).toBe(registry);
    // The processing log's Kafka appender has no security settings in the image's
    // log4j2 template: on this SASL_SSL cluster it is left out.
    expect(ksql.KSQL_LOG4J_PROCESSING_LOG_BROKERLIST).toBeUndefined();
    for (const c of [find(objects, 'ConfigMap', 'schemas-config').data.SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL, connect.CONNECT_SECURITY_PROTOCOL, ksql.KSQL_SECURITY_PROTOCOL]) {
      expect(c).toBe('SASL_SSL');
    }
  });

  test('the connector password comes from a Secret, never a literal', () => {
    const config = JSON.parse(find(objects, 'ConfigMap', 'connect-orders-sink-connector').data['connector.json']);
    expect(config['connection.password']).toBe('${directory:/mnt/connector-secrets/orders-db:password}');
    expect(find(objects, 'StatefulSet', 'connect').spec.template.spec.volumes).toContainEqual({ name: 'connector-secret-orders-db', secret: { secretName: 'orders-db', optional: true } });
  });

  test('the cluster\'s NetworkPolicy names each wired component', () => {
    const rules = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress;
    const wired = rules.filter((r: any) => r.from?.[0].podSelector && !r.from[0].namespaceSelector && r.ports[0].port === 9092)
      .map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name']);
    expect(wired.sort()).toEqual(['kafka-connect', 'ksqldb', 'schema-registry']);
  });
});

describe('secure', () => {
  const app = Testing.app();
  load('secure')(app);
  const objects = synthObjects(app);
  const pods = objects.flatMap((o: any) => (['StatefulSet', 'Deployment', 'Job'].includes(o.kind)
    ? [{ owner: `${o.kind}/${o.metadata.name}`, labels: o.spec.template.metadata?.labels ?? {} }] : []));
  const matched = (selector: any) => pods.filter(p => selectorMatches(selector, p.labels)).map(p => p.owner).sort();
  const accessEnv = (name: string): string => kafkaStepOf(findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-')))
    .env.find((e: any) => e.name === name)?.value ?? '';

  test('every client listener is encrypted; the cluster\'s own are mutual TLS; SCRAM and mutual TLS as declared', () => {
    const config = find(objects, 'ConfigMap', 'events-brokers-config').data;
    expect(config.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL,MTLS:SSL,PARTNERS:SASL_SSL');
    expect(config.KAFKA_LISTENER_NAME_MTLS_SSL_CLIENT_AUTH).toBe('required');
    expect(config.KAFKA_LISTENER_NAME_PARTNERS_SASL_ENABLED_MECHANISMS).toBe('SCRAM-SHA-512');
  });

  test('access removed from code is removed from the cluster (prune users, ACLs, quotas); topics are kept', () => {
    expect(['CDK8S_PRUNE_USERS', 'CDK8S_PRUNE_ACLS', 'CDK8S_PRUNE_QUOTAS'].map(accessEnv)).toEqual(['true', 'true', 'true']);
    const topics = kafkaStepOf(findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-topics-')));
    expect(topics.env.find((e: any) => e.name === 'CDK8S_PRUNE_TOPICS').value).toBe('false');
  });

  test('the access Job registers every SCRAM user and grants each principal its ACLs', () => {
    // One a line (access.sh): <user> <password file>, and <user> <kafka-acls arguments>.
    for (const user of ['admin', 'orders', 'schemas', 'connect']) expect(accessEnv('CDK8S_SCRAM_USERS').split('\n')).toContain(`${user} /mnt/users/${user}/password`);
    const grants = accessEnv('CDK8S_ACLS').split('\n').map(line => line.replace(' ', ': '));
    expect(grants).toEqual([
      'orders: --topic orders. --resource-pattern-type prefixed --operation Describe --operation Read --operation Write',
      'orders: --group orders- --resource-pattern-type prefixed --operation Read',
      'schemas: --topic _schemas --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      'schemas: --group schema-registry --resource-pattern-type prefixed --operation Describe --operation Read',
      ...['configs', 'offsets', 'status'].map(t => `connect: --topic payments.connect-${t} --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write`),
      'connect: --group payments.connect --resource-pattern-type literal --operation Describe --operation Read',
      'connect: --group connect- --resource-pattern-type prefixed --operation Describe --operation Read',
      'connect: --topic payments.cdc. --resource-pattern-type prefixed --operation Create --operation Describe --operation Write',
    ]);
  });

  test('NetworkPolicy pod selectors match the intended pods and nothing else', () => {
    const rules = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress;
    const byPort = (port: number) => rules.filter((r: any) => r.ports.some((p: any) => p.port === port));
    const podRules = (port: number) => byPort(port)
      .flatMap((r: any) => (r.from ?? []).filter((f: any) => f.podSelector && !f.namespaceSelector))
      .map((f: any) => matched(f.podSelector));
    // The roll's Kafka check (its Job; the certificate CronJob's pods carry the same labels).
    const roll = [expect.stringMatching(/^Job\/events-kafka-roll-/)];
    expect(podRules(9093)).toEqual([['StatefulSet/events-brokers', 'StatefulSet/events-controllers'], roll]);
    expect(podRules(9091)).toEqual([
      ['StatefulSet/events-brokers', 'StatefulSet/events-controllers'], roll,
      [expect.stringMatching(/^Job\/events-kafka-access-/)], [expect.stringMatching(/^Job\/events-kafka-topics-/)],
      [expect.stringMatching(/^Job\/events-kafka-unregister-/)], [expect.stringMatching(/^Job\/events-kafka-balance-/)],
    ]);
    expect(podRules(9092)).toEqual([['StatefulSet/connect'], ['Deployment/schemas']]);
    // The other listeners and the metrics port admit only what the program names.
    expect(byPort(9095)).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ledger' } } }], ports: [{ protocol: 'TCP', port: 9095 }] }]);
    expect(byPort(9096)).toEqual([{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 9096 }] }]);
    expect(byPort(9404)).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9404 }] }]);
    // Schema Registry admits its instances and Connect (wired), nobody else by pod.
    const sr = find(objects, 'NetworkPolicy', 'schemas').spec.ingress.flatMap((r: any) => r.from.filter((f: any) => f.podSelector && !f.namespaceSelector)).map((f: any) => matched(f.podSelector));
    expect(sr).toEqual([['Deployment/schemas'], ['StatefulSet/connect']]);
  });

  test('the REST APIs serve HTTPS only and every caller authenticates: Connect to the registry, the connector Jobs, the declared callers', () => {
    const config = (name: string) => find(objects, 'ConfigMap', `${name}-config`).data;
    expect(config('schemas')).toMatchObject({ SCHEMA_REGISTRY_LISTENERS: 'https://0.0.0.0:8081', SCHEMA_REGISTRY_AUTHENTICATION_METHOD: 'BASIC' });
    expect(config('connect')).toMatchObject({
      CONNECT_LISTENERS: 'https://0.0.0.0:8083',
      CONNECT_REST_EXTENSION_CLASSES: 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
      CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL: 'https://schemas.payments.svc.cluster.local:8081',
      CONNECT_VALUE_CONVERTER_BASIC_AUTH_CREDENTIALS_SOURCE: 'USER_INFO',
    });
    const callers = (kind: string, name: string) => find(objects, kind, name).spec.template.spec.initContainers
      .find((c: any) => c.name === 'rest-users').env.find((e: any) => e.name === 'CDK8S_REST_CALLERS').value;
    expect(callers('Deployment', 'schemas')).toBe('admin\nconnect\norders');
    expect(callers('StatefulSet', 'connect')).toBe('admin\nplatform-tools');
    const made = findAll(objects, 'Job').flatMap((j: any) => (j.metadata.annotations?.['cdk8s-kafka/creates-secrets'] ?? '').split(',')).filter(Boolean);
    expect(made).toEqual(expect.arrayContaining(['schemas-rest-orders', 'schemas-rest-connect', 'connect-rest-platform-tools', 'connect-rest-admin']));
  });

  test('no password, key or JAAS line with a password anywhere in the manifests', () => {
    const yaml = JSON.stringify(objects);
    expect(yaml).not.toMatch(/password="[^$"]/);
    expect(yaml).not.toMatch(/BEGIN (RSA |EC )?PRIVATE KEY/);
  });
});

describe('operations: each operation is a change the API server accepts, doing what its docs say', () => {
  // Each side in its own app, in one namespace: what `kubectl apply` sees change.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OPERATIONS, OperationChart } = require(path.join(dir, 'operations', 'main.ts'));
  const side = (op: string, when: 'before' | 'after') => {
    const app = Testing.app();
    new OperationChart(app, 'ops', 'ops', OPERATIONS.find((o: any) => o.name === op)[when]);
    return synthObjects(app);
  };
  const byName = (list: any[], kind: string) => new Map(findAll(list, kind).map((o: any) => [o.metadata.name, o]));

  test('grow-disks: every StatefulSet is unchanged (claim templates cannot change, no restart); each pod\'s claim is declared at the new size', () => {
    const beforeObjects = side('grow-disks', 'before');
    const afterObjects = side('grow-disks', 'after');
    const before = byName(beforeObjects, 'StatefulSet');
    const after = byName(afterObjects, 'StatefulSet');
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, sts] of after) expect([name, sts.spec]).toEqual([name, before.get(name).spec]);
    expect(findAll(beforeObjects, 'PersistentVolumeClaim')).toEqual([]);
    expect(findAll(afterObjects, 'PersistentVolumeClaim').map((c: any) => `${c.metadata.name} ${c.spec.resources.requests.storage}`)).toEqual([
      'data-events-brokers-0 200Gi', 'data-events-brokers-1 200Gi', 'data-events-brokers-2 200Gi', 'state-ksql-0 20Gi', 'state-ksql-1 20Gi',
    ]);
  });

  test('restart: only the brokers\' and Schema Registry\'s pod templates change, by the trigger alone', () => {
    const workloads = (list: any[]) => [...findAll(list, 'StatefulSet'), ...findAll(list, 'Deployment')];
    const before = workloads(side('restart', 'before'));
    const after = workloads(side('restart', 'after'));
    const changed = after.filter((o: any, i: number) => JSON.stringify(o.spec.template) !== JSON.stringify(before[i].spec.template))
      .map((o: any) => o.metadata.name);
    expect(changed).toEqual(['events-brokers', 'schemas']);
    for (const o of after.filter((x: any) => changed.includes(x.metadata.name))) {
      const { ['cdk8s-kafka/restart-trigger']: trigger, ...rest } = o.spec.template.metadata.annotations;
      expect(trigger).toBe('CHG-1042 new truststore');
      const was = before.find((b: any) => b.metadata.name === o.metadata.name);
      expect({ ...o.spec.template, metadata: { ...o.spec.template.metadata, annotations: rest } }).toEqual(was.spec.template);
    }
  });

  test('upgrade: every node\'s and Schema Registry\'s image moves to 8.1; no features Job (the features stay)', () => {
    const images = (list: any[]) => [...findAll(list, 'StatefulSet'), ...findAll(list, 'Deployment')]
      .map((o: any) => `${o.metadata.name} ${o.spec.template.spec.containers[0].image.replace(/^.*:/, '')}`);
    const after = side('upgrade', 'after');
    expect(images(side('upgrade', 'before'))).toEqual(['events-controllers 8.0.4', 'events-brokers 8.0.4', 'schemas 8.0.4']);
    expect(images(after)).toEqual(['events-controllers 8.1.1', 'events-brokers 8.1.1', 'schemas 8.1.1']);
    expect(findAll(after, 'Job').filter((j: any) => j.metadata.name.includes('-features-'))).toEqual([]);
  });

  test('finalize-upgrade: only a features Job is added (nothing restarts)', () => {
    const before = side('finalize-upgrade', 'before');
    const after = side('finalize-upgrade', 'after');
    const names = (list: any[]) => list.map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(names(after).filter(n => !names(before).includes(n))).toEqual([expect.stringMatching(/^Job\/events-kafka-features-/), 'NetworkPolicy/events-kafka-features']);
    for (const kind of ['StatefulSet', 'Deployment']) expect(findAll(after, kind)).toEqual(findAll(before, kind));
  });

  test('scale-out: one more pod per zone, no template changes, and a new balance Job over all six brokers', () => {
    const before = byName(side('scale-out', 'before'), 'StatefulSet');
    const afterObjects = side('scale-out', 'after');
    for (const [name, sts] of byName(afterObjects, 'StatefulSet')) expect([name, sts.spec.template]).toEqual([name, before.get(name).spec.template]);
    const balance = findAll(afterObjects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-balance-'));
    expect(balance.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CDK8S_BROKERS').value).toBe('0 a\n1 b\n2 c\n3 a\n4 b\n5 c');
    const beforeBalance = findAll(side('scale-out', 'before'), 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-balance-'));
    expect(balance.metadata.name).not.toBe(beforeBalance.metadata.name);
  });

  test('drain: a drain Job for the highest broker of each zone; nothing else changes, no pod restarts', () => {
    const before = side('drain', 'before');
    const after = side('drain', 'after');
    const drain = findAll(after, 'Job').filter((j: any) => j.metadata.name.startsWith('events-kafka-drain-'));
    expect(drain.map((j: any) => j.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CDK8S_DRAINING').value)).toEqual(['3 a\n4 b\n5 c']);
    for (const kind of ['StatefulSet', 'ConfigMap']) expect(findAll(after, kind)).toEqual(findAll(before, kind));
  });

  test('scale-in: each zone\'s StatefulSet loses its highest pod, no template changes; the unregister Job declares brokers 0-2 only', () => {
    const before = byName(side('scale-in', 'before'), 'StatefulSet');
    const afterObjects = side('scale-in', 'after');
    for (const [name, sts] of byName(afterObjects, 'StatefulSet')) {
      expect([name, sts.spec.template]).toEqual([name, before.get(name).spec.template]);
      if (name.startsWith('events-brokers-')) expect([name, before.get(name).spec.replicas, sts.spec.replicas]).toEqual([name, 2, 1]);
    }
    const unregister = findAll(afterObjects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-unregister-'));
    expect(unregister.spec.template.spec.containers[0].env.find((e: any) => e.name === 'CDK8S_BROKER_IDS').value).toBe('0 1 2');
    expect(findAll(afterObjects, 'Job').filter((j: any) => j.metadata.name.startsWith('events-kafka-drain-'))).toEqual([]);
  });

  test('remove-topic: the topics Job no longer declares it and may delete what it created', () => {
    const topics = (when: 'before' | 'after') => kafkaStepOf(findAll(side('remove-topic', when), 'Job')
      .find((j: any) => j.metadata.name.startsWith('events-kafka-topics-')));
    const env = (c: any, name: string) => c.env.find((e: any) => e.name === name)?.value;
    expect(env(topics('before'), 'CDK8S_TOPICS')).toBe('orders 12 3\norders-legacy 3 3');
    expect([env(topics('after'), 'CDK8S_TOPICS'), env(topics('after'), 'CDK8S_PRUNE_TOPICS')]).toEqual(['orders 12 3', 'true']);
  });
});

describe('platform-repo', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build, external } = require(path.join(dir, 'platform-repo', 'main.ts')) as { build: (app: App, env?: string) => void; external: ValidationOptions['external'] };
  const synth = (env: string) => {
    const app = Testing.app();
    build(app, env);
    return synthObjects(app);
  };
  const production = synth('production');
  const copy = synth('feature/42-Orders');

  test('a branch copy passes the harness, runs restricted pods and is deterministic', () => {
    expect(findProblems(copy, { external })).toEqual([]);
    expect(kafkaConfigProblems(copy)).toEqual([]);
    expect(restrictedProblems(copy)).toEqual([]);
    expectDeterministic(() => {
      const again = Testing.app();
      build(again, 'feature/42-Orders');
      return again;
    });
  });

  test('production spreads six brokers over three zones; the copy is one combined node in its branch namespace', () => {
    const sets = (objects: any[]) => findAll(objects, 'StatefulSet').filter(s => s.metadata.labels['app.kubernetes.io/name'] === 'kafka')
      .map(s => [s.metadata.namespace, s.metadata.name, s.spec.replicas]);
    expect(sets(production)).toEqual([
      ['kafka', 'events-controllers', 3],
      ['kafka', 'events-brokers-eu-west-1a', 2], ['kafka', 'events-brokers-eu-west-1b', 2], ['kafka', 'events-brokers-eu-west-1c', 2],
    ]);
    expect(sets(copy)).toEqual([['events-feature-42-orders', 'events-brokers', 1]]);
  });

  test('the copy mirrors the chosen topics and the schemas, and declares the same topics and users', () => {
    const source = JSON.parse(findAll(copy, 'ConfigMap').find(m => m.data?.['connector.json']?.includes('MirrorSourceConnector'))!.data['connector.json']);
    expect([source['source.cluster.alias'], source.topics]).toEqual(['production', 'orders,customers,_schemas']);
    const registry = find(copy, 'ConfigMap', 'events-schema-registry-config').data;
    expect([registry.SCHEMA_REGISTRY_KAFKASTORE_TOPIC, registry.SCHEMA_REGISTRY_LEADER_ELIGIBILITY]).toEqual(['production._schemas', 'false']);
    const env = (objects: any[], job: string, name: string) => kafkaStepOf(findAll(objects, 'Job').find(j => j.metadata.name.startsWith(job))!)
      .env.find((e: any) => e.name === name)?.value as string;
    const topics = (objects: any[]) => env(objects, 'events-kafka-topics-', 'CDK8S_TOPICS').split('\n').map(l => l.split(' ')[0]);
    expect(topics(copy)).toEqual(topics(production));
    // Production adds the read-only user the copies read as; the rest is the same.
    const users = (objects: any[]) => env(objects, 'events-kafka-access-', 'CDK8S_SCRAM_USERS').split('\n').map(l => l.split(' ')[0]);
    expect(users(production).filter(u => u !== 'test-copies')).toEqual(users(copy).filter(u => !u.includes('mirror')));
  });
});

import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { kafkaConfigProblems } from './kafka/kafka-config-rules';
import { find, findAll } from './support/objects';
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
  const registry = 'http://schemas.streaming.svc.cluster.local:8081';

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
    expect(find(objects, 'Deployment', 'connect').spec.template.spec.volumes).toContainEqual({ name: 'connector-secret-0', secret: { secretName: 'orders-db', optional: true } });
  });

  test('the cluster\'s NetworkPolicy names each wired component', () => {
    const rules = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress;
    const wired = rules.filter((r: any) => r.from?.[0].podSelector && !r.from[0].namespaceSelector && r.ports[0].port === 9092)
      .map((r: any) => r.from[0].podSelector.matchLabels['app.kubernetes.io/name']);
    expect(wired.sort()).toEqual(['kafka-connect', 'ksqldb', 'schema-registry']);
  });
});

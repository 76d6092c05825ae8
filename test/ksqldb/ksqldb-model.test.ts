import { Size } from 'cdk8s';
import { ConfluentVersion } from '../../src';
import { configKeyCatalog, ConfigScope } from '../../src/core/config-keys';
import { envPropertyName, propertiesToEnv } from '../../src/core/image-env';
import { headlessProbes, interactiveProbes, STARTUP_SECONDS } from '../../src/ksqldb/probes';
import { stripSqlComments } from '../../src/ksqldb/resolve-ksqldb';
import {
  advertisedListenerEnv, KSQLDB_PROPERTY_RULES, KsqlServerPropertiesInput, renderServerProperties, STATE_DIR,
} from '../../src/ksqldb/server-properties';
import { checkServiceId, deriveServiceId, MAX_SERVICE_ID_LENGTH } from '../../src/ksqldb/service-id';
import { KsqlStateStore, KsqlStateStoreKind } from '../../src/ksqldb/state-store';
import { PLAIN_REST } from '../support/client-security';

const INPUT: KsqlServerPropertiesInput = {
  bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
  serviceId: 'kafka-ksql_',
  replicationFactor: 3,
  minInSyncReplicas: 2,
  replicas: 2,
  interactive: true,
  properties: {},
};

describe('renderServerProperties', () => {
  test('renders the owned keys and the production defaults, sorted', () => {
    const props = renderServerProperties({ ...INPUT, schemaRegistryUrl: 'http://sr:8081' });
    expect(props).toEqual({
      'bootstrap.servers': 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      'ksql.heartbeat.enable': 'true',
      'ksql.internal.topic.min.insync.replicas': '2',
      'ksql.internal.topic.replicas': '3',
      'ksql.lag.reporting.enable': 'true',
      'ksql.logging.processing.stream.auto.create': 'true',
      'ksql.logging.processing.topic.auto.create': 'true',
      'ksql.logging.processing.topic.replication.factor': '3',
      'ksql.query.pull.enable.standby.reads': 'true',
      'ksql.schema.registry.url': 'http://sr:8081',
      'ksql.service.id': 'kafka-ksql_',
      'ksql.streams.num.standby.replicas': '1',
      'ksql.streams.producer.acks': 'all',
      'ksql.streams.producer.delivery.timeout.ms': '2147483647',
      'ksql.streams.producer.max.block.ms': '9223372036854775807',
      'ksql.streams.replication.factor': '3',
      'ksql.streams.state.dir': STATE_DIR,
      'ksql.streams.topic.min.insync.replicas': '2',
      'listeners': 'http://0.0.0.0:8088',
    });
    expect(Object.keys(props)).toEqual(Object.keys(props).sort());
  });

  test('application mode: queries file, no processing-log stream', () => {
    const props = renderServerProperties({ ...INPUT, interactive: false });
    expect(props['ksql.queries.file']).toBe('/etc/ksqldb-queries/queries.sql');
    expect(props['ksql.logging.processing.stream.auto.create']).toBeUndefined();
  });

  test('user properties override the defaults', () => {
    const props = renderServerProperties({ ...INPUT, properties: { 'ksql.streams.producer.acks': '1', 'ksql.streams.num.standby.replicas': '2' } });
    expect(props['ksql.streams.producer.acks']).toBe('1');
    expect(props['ksql.streams.num.standby.replicas']).toBe('2');
  });

  test('every rendered key is known to the ksqlDB catalog on every line', () => {
    const props = renderServerProperties({ ...INPUT, interactive: false, schemaRegistryUrl: 'http://sr:8081' });
    // The catalog lists ksqlDB's own ConfigDefs; plain Kafka client keys such as
    // bootstrap.servers are valid too (the image requires KSQL_BOOTSTRAP_SERVERS) but only
    // described by a family the catalog cannot match.
    const plainClientKeys = ['bootstrap.servers'];
    for (const version of [ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1]) {
      for (const key of Object.keys(props).filter(k => !plainClientKeys.includes(k))) {
        expect([version.version, key, configKeyCatalog(ConfigScope.KSQLDB, version.kafkaVersion).isKnown(key)]).toEqual([version.version, key, true]);
      }
    }
    const ownedRendered = Object.keys(props).filter(k => KSQLDB_PROPERTY_RULES.owned[k] !== undefined);
    expect(ownedRendered.sort()).toEqual([
      'bootstrap.servers', 'ksql.internal.topic.min.insync.replicas', 'ksql.internal.topic.replicas',
      'ksql.logging.processing.topic.replication.factor', 'ksql.queries.file', 'ksql.schema.registry.url', 'ksql.service.id',
      'ksql.streams.replication.factor', 'ksql.streams.state.dir', 'ksql.streams.topic.min.insync.replicas', 'listeners',
    ]);
  });

  test('every property survives the image\'s env-to-property mapping', () => {
    const props = renderServerProperties({ ...INPUT, interactive: false, schemaRegistryUrl: 'http://sr:8081' });
    for (const [name, value] of Object.entries(propertiesToEnv('KSQL_', props))) {
      expect(props[envPropertyName('KSQL_', name)]).toBe(value);
    }
  });
});

test('advertisedListenerEnv defines POD_NAME before the variable that expands it', () => {
  expect(advertisedListenerEnv('ksql-headless', 'kafka', 'cluster.local', 'http')).toEqual([
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'KSQL_KSQL_ADVERTISED_LISTENER', value: 'http://$(POD_NAME).ksql-headless.kafka.svc.cluster.local:8088' },
  ]);
});

describe('service id', () => {
  test('derives <namespace>-<name>_', () => {
    expect(deriveServiceId('kafka', 'ksql')).toBe('kafka-ksql_');
  });

  test('a long derived id is cut with a hash, stays unique and a valid prefix', () => {
    const a = deriveServiceId('n'.repeat(63), 'a'.repeat(52));
    const b = deriveServiceId('n'.repeat(63), `${'a'.repeat(51)}b`);
    expect(a.length).toBe(MAX_SERVICE_ID_LENGTH);
    expect(a).not.toBe(b);
    expect(checkServiceId('t', 'serviceId', a)).toBe(a);
  });

  test('accepts topic characters', () => {
    expect(checkServiceId('t', 'serviceId', 'Analytics.v2-prod_')).toBe('Analytics.v2-prod_');
  });
});

describe('KsqlStateStore', () => {
  test('ephemeral defaults to a 10 GiB limit', () => {
    expect(KsqlStateStore.ephemeral()._resolve('t', 'stateStore')).toEqual({ kind: KsqlStateStoreKind.EPHEMERAL, sizeLimit: '10Gi' });
  });

  test('persistent keeps size and class', () => {
    expect(KsqlStateStore.persistent({ size: Size.mebibytes(1536), storageClass: 'gp3' })._resolve('t', 'stateStore'))
      .toEqual({ kind: KsqlStateStoreKind.PERSISTENT, size: '1536Mi', storageClass: 'gp3' });
  });

  test('fails without a size', () => {
    expect(() => KsqlStateStore.persistent({} as any)).toThrow('KsqlStateStore.persistent: options.size = undefined is invalid: it is required');
  });
});

describe('probes', () => {
  test('interactive probes are HTTP GETs on the http port (8088); startup waits STARTUP_SECONDS', () => {
    const p = interactiveProbes(PLAIN_REST);
    expect([p.startupProbe, p.readinessProbe, p.livenessProbe].map(x => x.httpGet?.path)).toEqual(['/info', '/healthcheck', '/info']);
    expect(p.startupProbe.periodSeconds! * p.startupProbe.failureThreshold!).toBe(STARTUP_SECONDS);
  });

  test('headless probes need no HTTP server', () => {
    const p = headlessProbes();
    expect([p.startupProbe, p.readinessProbe, p.livenessProbe].every(x => x.httpGet === undefined && x.exec !== undefined)).toBe(true);
  });
});

test.each([
  ['CREATE STREAM a AS SELECT * FROM b;', true],
  ['-- a comment\nCREATE STREAM a AS SELECT * FROM b; -- trailing', true],
  ['/* block\n comment */', false],
  ['-- only\n-- comments', false],
])('stripSqlComments(%j) leaves statements: %s', (sql, hasStatements) => {
  expect(stripSqlComments(sql).trim().length > 0).toBe(hasStatements);
});

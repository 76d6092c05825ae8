import { Chart, Testing } from 'cdk8s';
import { ConfluentVersion, KafkaCluster } from '../../src';
import { ConfigScope, configKeyCatalog, KAFKA_LINES_WITH_KEYS } from '../../src/core/config-keys';
import { KAFKA_BROKER_3_9_INTERNAL } from '../../src/core/config-keys/kafka-broker-3.9-internal.generated';
import { KAFKA_BROKER_3_9_TYPES } from '../../src/core/config-keys/kafka-broker-3.9-types.generated';
import { KAFKA_BROKER_3_9 } from '../../src/core/config-keys/kafka-broker-3.9.generated';
import { KAFKA_BROKER_4_0_INTERNAL } from '../../src/core/config-keys/kafka-broker-4.0-internal.generated';
import { KAFKA_BROKER_4_0_TYPES } from '../../src/core/config-keys/kafka-broker-4.0-types.generated';
import { KAFKA_BROKER_4_0 } from '../../src/core/config-keys/kafka-broker-4.0.generated';
import { KAFKA_BROKER_4_1_INTERNAL } from '../../src/core/config-keys/kafka-broker-4.1-internal.generated';
import { KAFKA_BROKER_4_1_TYPES } from '../../src/core/config-keys/kafka-broker-4.1-types.generated';
import { KAFKA_BROKER_4_1 } from '../../src/core/config-keys/kafka-broker-4.1.generated';
import { KAFKA_CONNECT_WORKER_3_9_TYPES } from '../../src/core/config-keys/kafka-connect-worker-3.9-types.generated';
import { KAFKA_CONNECT_WORKER_3_9 } from '../../src/core/config-keys/kafka-connect-worker-3.9.generated';
import { KAFKA_CONNECT_WORKER_4_0_TYPES } from '../../src/core/config-keys/kafka-connect-worker-4.0-types.generated';
import { KAFKA_CONNECT_WORKER_4_0 } from '../../src/core/config-keys/kafka-connect-worker-4.0.generated';
import { KAFKA_CONNECT_WORKER_4_1_TYPES } from '../../src/core/config-keys/kafka-connect-worker-4.1-types.generated';
import { KAFKA_CONNECT_WORKER_4_1 } from '../../src/core/config-keys/kafka-connect-worker-4.1.generated';
import { KAFKA_TOPIC_3_9_TYPES } from '../../src/core/config-keys/kafka-topic-3.9-types.generated';
import { KAFKA_TOPIC_3_9 } from '../../src/core/config-keys/kafka-topic-3.9.generated';
import { KAFKA_TOPIC_4_0_TYPES } from '../../src/core/config-keys/kafka-topic-4.0-types.generated';
import { KAFKA_TOPIC_4_0 } from '../../src/core/config-keys/kafka-topic-4.0.generated';
import { KAFKA_TOPIC_4_1_TYPES } from '../../src/core/config-keys/kafka-topic-4.1-types.generated';
import { KAFKA_TOPIC_4_1 } from '../../src/core/config-keys/kafka-topic-4.1.generated';
import { ConfigDefinition, configValueProblem, parseValidValues } from '../../src/core/config-values';
import { warningsOf } from '../../src/core/warnings';

type Table = Readonly<Record<string, ConfigDefinition>>;

const TABLES: ReadonlyArray<[string, Table, readonly string[], readonly string[]]> = [
  ['broker 3.9', KAFKA_BROKER_3_9_TYPES, KAFKA_BROKER_3_9, KAFKA_BROKER_3_9_INTERNAL],
  ['broker 4.0', KAFKA_BROKER_4_0_TYPES, KAFKA_BROKER_4_0, KAFKA_BROKER_4_0_INTERNAL],
  ['broker 4.1', KAFKA_BROKER_4_1_TYPES, KAFKA_BROKER_4_1, KAFKA_BROKER_4_1_INTERNAL],
  ['topic 3.9', KAFKA_TOPIC_3_9_TYPES, KAFKA_TOPIC_3_9, []],
  ['topic 4.0', KAFKA_TOPIC_4_0_TYPES, KAFKA_TOPIC_4_0, []],
  // internal.segment.bytes is defined with defineInternal (undocumented) in 4.1.
  ['topic 4.1', KAFKA_TOPIC_4_1_TYPES, KAFKA_TOPIC_4_1, ['internal.segment.bytes']],
  ['connect 3.9', KAFKA_CONNECT_WORKER_3_9_TYPES, KAFKA_CONNECT_WORKER_3_9, []],
  ['connect 4.0', KAFKA_CONNECT_WORKER_4_0_TYPES, KAFKA_CONNECT_WORKER_4_0, []],
  ['connect 4.1', KAFKA_CONNECT_WORKER_4_1_TYPES, KAFKA_CONNECT_WORKER_4_1, []],
];

// The 3.9 docs page is from a later 3.9 patch than the key list (3.9.0), which does not
// have this key yet; it stays refused as unknown until the key list is refreshed.
const DOCUMENTED_AFTER_KEY_LIST = ['alter.config.policy.kraft.compatibility.enable'];

describe('the import of Kafka\'s config definitions', () => {
  test.each(TABLES)('%s: every documented key has a type, and every typed key is a key of that line', (_label, types, keys, internal) => {
    const documented = keys.filter(k => !internal.includes(k));
    expect(documented.filter(k => types[k] === undefined)).toEqual([]);
    expect(Object.keys(types).filter(k => !keys.includes(k) && !DOCUMENTED_AFTER_KEY_LIST.includes(k))).toEqual([]);
  });

  test.each(TABLES)('%s: every type is one of ConfigDef.Type', (_label, types) => {
    const kinds = new Set(Object.values(types).map(([t]) => t));
    for (const k of kinds) expect(['boolean', 'string', 'int', 'short', 'long', 'double', 'list', 'class', 'password']).toContain(k);
  });

  // Facts read from Kafka's ConfigDefs (ServerLogConfigs, ReplicationConfigs,
  // TopicConfig, DistributedConfig), as a check on the transcription.
  test.each([
    ['broker 4.1', KAFKA_BROKER_4_1_TYPES, 'num.partitions', ['int', '[1,...]']],
    ['broker 4.1', KAFKA_BROKER_4_1_TYPES, 'log.retention.hours', ['int', '']],
    ['broker 4.1', KAFKA_BROKER_4_1_TYPES, 'unclean.leader.election.enable', ['boolean', '']],
    ['broker 4.1', KAFKA_BROKER_4_1_TYPES, 'compression.type', ['string', '[uncompressed, zstd, lz4, snappy, gzip, producer]']],
    ['broker 4.0', KAFKA_BROKER_4_0_TYPES, 'process.roles', ['list', '[broker, controller]']],
    ['broker 3.9', KAFKA_BROKER_3_9_TYPES, 'log.retention.ms', ['long', '']],
    ['topic 4.1', KAFKA_TOPIC_4_1_TYPES, 'cleanup.policy', ['list', '[compact, delete]']],
    ['topic 4.1', KAFKA_TOPIC_4_1_TYPES, 'retention.ms', ['long', '[-1,...]']],
    ['topic 3.9', KAFKA_TOPIC_3_9_TYPES, 'min.insync.replicas', ['int', '[1,...]']],
    ['connect 4.1', KAFKA_CONNECT_WORKER_4_1_TYPES, 'offset.flush.interval.ms', ['long', '']],
    ['connect 4.1', KAFKA_CONNECT_WORKER_4_1_TYPES, 'exactly.once.source.support', ['string', '(case insensitive) [DISABLED, ENABLED, PREPARING]']],
  ])('%s: %s', (_label, types, key, definition) => {
    expect((types as Table)[key as string]).toEqual(definition);
  });
});

describe('parseValidValues', () => {
  test('ranges, enumerations and the words the docs use', () => {
    expect(parseValidValues('[1,...]')).toEqual({ min: 1, max: undefined, orValue: undefined });
    expect(parseValidValues('[-131072,...,22]')).toEqual({ min: -131072, max: 22, orValue: undefined });
    expect(parseValidValues('[1,...,9] or -1')).toEqual({ min: 1, max: 9, orValue: -1 });
    expect(parseValidValues('[0.5,...,1.0]')).toEqual({ min: 0.5, max: 1, orValue: undefined });
    expect(parseValidValues('[compact, delete]')).toEqual({ oneOf: ['compact', 'delete'], caseInsensitive: false });
    expect(parseValidValues('(case insensitive) [REBOOTSTRAP, NONE]')).toEqual({ oneOf: ['REBOOTSTRAP', 'NONE'], caseInsensitive: true });
    expect(parseValidValues('non-empty string')).toEqual({ nonEmpty: true });
    expect(parseValidValues('')).toEqual({});
  });

  // A cell the parser does not understand constrains nothing: the list below is every
  // such cell in the imported tables, so a new grammar in a future import shows up here
  // instead of passing unchecked.
  test('every cell of the tables parses, except the prose the docs write in words', () => {
    const prose = new Set<string>();
    for (const [, types] of TABLES) {
      for (const [, cell] of Object.values(types)) if (parseValidValues(cell).prose) prose.add(cell);
    }
    expect([...prose].sort().map(p => p.slice(0, 40))).toEqual([
      'A list of one or more MAC algorithms, ea',
      'Any KeyGenerator algorithm supported by ',
      'Any MAC algorithm supported by the worke',
      'Comma-separated header rules, where each',
      'List of comma-separated URLs, ex: http:/',
      'Positive number not larger than the numb',
      'Positive number, or -1 to use the broker',
      'The default value of -1 means that this ',
      '[partitionId]:[brokerId],[partitionId]:[',
    ]);
  });
});

describe('configValueProblem', () => {
  test.each([
    [['int', ''], '72', undefined],
    [['int', ''], ' 72 ', undefined],
    [['int', ''], 'a week', 'it must be a whole number (a Java int)'],
    [['int', ''], '2147483648', 'it must fit a Java int (-2147483648 to 2147483647)'],
    [['long', ''], '9223372036854775807', undefined],
    [['long', ''], '9223372036854775808', 'it must fit a Java long'],
    [['short', '[1,...]'], '0', 'it must be at least 1'],
    [['int', '[1,...,9] or -1'], '-1', undefined],
    [['int', '[1,...,9] or -1'], '10', 'it must be from 1 to 9, or -1'],
    [['double', '[0.5,...,1.0]'], '0.75', undefined],
    [['double', '[0.5,...,1.0]'], '2', 'it must be from 0.5 to 1'],
    [['double', ''], 'half', 'it must be a decimal number'],
    [['boolean', ''], 'TRUE', undefined],
    [['boolean', ''], 'yes', 'it must be true or false'],
    [['list', '[compact, delete]'], 'compact, delete', undefined],
    [['list', '[compact, delete]'], 'compact,archive', '"archive" is not one of compact, delete'],
    [['list', 'non-empty list'], '', 'it must be a non-empty comma-separated list'],
    [['string', '[CreateTime, LogAppendTime]'], 'createtime', 'it must be one of CreateTime, LogAppendTime'],
    [['string', '(case insensitive) [REBOOTSTRAP, NONE]'], 'rebootstrap', undefined],
    [['string', 'non-empty string'], '', 'it must not be empty'],
    [['class', ''], 'org.example.MyPolicy', undefined],
    [['class', ''], 'not a class', 'it must be a fully qualified Java class name'],
    // Java's trim keeps a no-break space, so Integer.parseInt fails on it.
    [['int', ''], '168\u00a0', 'it must be a whole number'],
    [['string', 'non-empty string'], '   ', 'it must not be empty or blank'],
  ] as Array<[ConfigDefinition, string, string | undefined]>)('%p with %p', (definition, value, problem) => {
    const found = configValueProblem(definition, value);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  test('MetadataVersion settings take a release without its IV, as Kafka does', () => {
    const definition = KAFKA_BROKER_3_9_TYPES['log.message.format.version'];
    expect(configValueProblem(definition, '3.0')).toBeUndefined();
    expect(configValueProblem(definition, '3.0-IV1')).toBeUndefined();
    expect(configValueProblem(definition, '2.8.1')).toBeUndefined();
    expect(configValueProblem(definition, '9.9')).toContain('it must be one of 0.8.0, 0.8.1, 0.8.2, ...');
  });

  test('per-listener overrides are checked against the key they override', () => {
    const catalog = configKeyCatalog(ConfigScope.BROKER, '4.1');
    expect(catalog.definition('listener.name.client.ssl.client.auth')).toEqual(catalog.definition('ssl.client.auth'));
    expect(catalog.definition('listener.name.client.no.such.key')).toBeUndefined();
  });

  test.each(KAFKA_LINES_WITH_KEYS)('the catalog of Kafka %s has types; the Confluent components have none', line => {
    expect(configKeyCatalog(ConfigScope.BROKER, line).definition('num.network.threads')?.[0]).toBe('int');
    expect(configKeyCatalog(ConfigScope.SCHEMA_REGISTRY, line).definition('kafkastore.timeout.ms')).toBeUndefined();
  });
});

describe('broker properties are checked against the definitions', () => {
  function cluster(props: Record<string, unknown>, version = ConfluentVersion.V8_1): void {
    new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events', { version, ...props });
  }

  test('a value of the wrong type fails synth, naming the key, its definition and the Kafka line', () => {
    expect(() => cluster({ properties: { 'log.retention.hours': 'a week' } })).toThrow(
      'c/events: properties[\'log.retention.hours\'] = "a week" is invalid: it must be a whole number (a Java int): Kafka 4.1 defines log.retention.hours as an int, and would refuse to start. Give a value of that type and range.');
  });

  test('out of range, and per pool', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    expect(() => new KafkaCluster(chart, 'events', { brokers: { properties: { 'num.io.threads': '0' } } })).toThrow('properties[\'num.io.threads\'] = "0" is invalid: it must be at least 1');
  });

  test('valid values pass, on every line', () => {
    for (const version of [ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1]) {
      expect(() => cluster({ properties: { 'log.retention.hours': '168', 'compression.type': 'zstd', 'log.cleaner.enable': 'true' } }, version)).not.toThrow();
    }
  });

  test('customProperties, the raw escape hatch, are not checked', () => {
    expect(() => cluster({ customProperties: { 'log.retention.hours': 'a week' } })).not.toThrow();
  });
});

describe('keys the library owns', () => {
  function cluster(props: Record<string, unknown>): void {
    new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events', props);
  }

  test.each([
    ['ssl.keystore.location', '/tmp/x.jks', 'the node\'s start script writes the PEM keystore'],
    ['super.users', 'User:me', 'super users are the nodes and the admin user'],
    ['listener.name.replication.ssl.cipher.suites', 'TLS_AES_128_GCM_SHA256', 'the cluster owns its REPLICATION and CONTROLLER listeners'],
    ['listener.name.client.ssl.client.auth', 'none', 'client certificates follow each listener\'s authentication'],
    ['listener.name.client.scram-sha-512.sasl.jaas.config', 'x', 'SASL follows each listener\'s authentication'],
  ])('%s is refused, with the reason', (key, value, why) => {
    expect(() => cluster({ properties: { [key]: value } })).toThrow(`the library sets ${key} itself (${why}`);
  });

  test('other per-listener keys stay the user\'s', () => {
    expect(() => cluster({ properties: { 'listener.name.client.ssl.cipher.suites': 'TLS_AES_128_GCM_SHA256' } })).not.toThrow();
  });
});

describe('unclean leader election', () => {
  test('turned on for the cluster or a pool, it warns that acknowledged writes can be lost', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events', { properties: { 'unclean.leader.election.enable': 'True' } });
    kafka.addNodePool('analytics', { nodeIdBase: 100, properties: { 'unclean.leader.election.enable': 'true' } });
    expect(warningsOf(kafka).filter(w => w.includes('unclean.leader.election.enable is true')).map(w => w.split(':')[0])).toEqual(['c/events', 'c/events/analytics']);
  });
});

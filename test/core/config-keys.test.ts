import { ConfigKeyStatus, ConfigScope, configKeyCatalog, KAFKA_LINES_WITH_KEYS } from '../../src/core/config-keys';

describe('configKeyCatalog', () => {
  test.each(KAFKA_LINES_WITH_KEYS.map(l => [l]))('broker keys of Kafka %s hold the keys the library renders', line => {
    const catalog = configKeyCatalog(ConfigScope.BROKER, line);
    for (const key of [
      'node.id', 'process.roles', 'listeners', 'advertised.listeners', 'controller.listener.names',
      'controller.quorum.voters', 'listener.security.protocol.map', 'inter.broker.listener.name', 'log.dirs',
      'broker.rack', 'default.replication.factor', 'min.insync.replicas', 'offsets.topic.replication.factor',
      'transaction.state.log.replication.factor', 'transaction.state.log.min.isr', 'unclean.leader.election.enable',
      'auto.create.topics.enable', 'num.partitions',
    ]) {
      expect([key, catalog.status(key)]).toEqual([key, ConfigKeyStatus.DOCUMENTED]);
    }
  });

  test('internal keys are known but marked internal', () => {
    const catalog = configKeyCatalog(ConfigScope.BROKER, '4.0');
    expect(catalog.status('controller.performance.sample.period.ms')).toBe(ConfigKeyStatus.INTERNAL);
    expect(catalog.isKnown('controller.performance.sample.period.ms')).toBe(true);
  });

  test.each([
    'listener.name.sasl_ssl.ssl.keystore.location',
    'listener.name.internal.scram-sha-512.sasl.jaas.config',
    'listener.name.controller.sasl.enabled.mechanisms',
    'config.providers',
    'config.providers.file.class',
    'config.providers.vault.param.address',
    'rsm.config.bucket',
    'metrics.context.env',
    'super.users',
  ])('broker family key %s is known', key => {
    expect(configKeyCatalog(ConfigScope.BROKER, '4.1').status(key)).toBe(ConfigKeyStatus.FAMILY);
  });

  test.each([
    'num.partitionz',
    'listener.name.sasl_ssl.',
    'listener.name.INTERNAL.ssl.keystore.location',
    'listener.name.internal.scram-sha-1.sasl.jaas.config',
    'rsm.config.',
  ])('%s is unknown to brokers', key => {
    expect(configKeyCatalog(ConfigScope.BROKER, '4.0').status(key)).toBe(ConfigKeyStatus.UNKNOWN);
  });

  test('connect workers accept client-prefixed keys', () => {
    const catalog = configKeyCatalog(ConfigScope.CONNECT_WORKER, '4.0');
    expect(catalog.status('group.id')).toBe(ConfigKeyStatus.DOCUMENTED);
    expect(catalog.status('producer.compression.type')).toBe(ConfigKeyStatus.FAMILY);
    expect(catalog.status('value.converter.schema.registry.url')).toBe(ConfigKeyStatus.FAMILY);
    expect(catalog.status('num.partitions')).toBe(ConfigKeyStatus.UNKNOWN);
  });

  test('topic keys have no families', () => {
    const catalog = configKeyCatalog(ConfigScope.TOPIC, '4.1');
    expect(catalog.status('cleanup.policy')).toBe(ConfigKeyStatus.DOCUMENTED);
    expect(catalog.status('config.providers')).toBe(ConfigKeyStatus.UNKNOWN);
  });

  test('Schema Registry and ksqlDB have one list for every line', () => {
    expect(configKeyCatalog(ConfigScope.SCHEMA_REGISTRY, '3.9').status('kafkastore.topic')).toBe(ConfigKeyStatus.DOCUMENTED);
    expect(configKeyCatalog(ConfigScope.SCHEMA_REGISTRY, '4.1').status('kafkastore.sasl.jaas.config')).not.toBe(ConfigKeyStatus.UNKNOWN);
    expect(configKeyCatalog(ConfigScope.KSQLDB, '4.0').status('ksql.service.id')).toBe(ConfigKeyStatus.DOCUMENTED);
  });

  test('an unknown line is a programming error, not user input', () => {
    expect(() => configKeyCatalog(ConfigScope.BROKER, '2.8')).toThrow(RangeError);
  });

  test('is cached', () => {
    expect(configKeyCatalog(ConfigScope.BROKER, '4.0')).toBe(configKeyCatalog(ConfigScope.BROKER, '4.0'));
  });

  test('suggests the nearest keys for a typo', () => {
    const catalog = configKeyCatalog(ConfigScope.BROKER, '4.0');
    expect(catalog.suggestions('num.partitionz')[0]).toBe('num.partitions');
    expect(catalog.suggestions('min.insync.replica')).toContain('min.insync.replicas');
    expect(catalog.suggestions('completely.unrelated.thing.here')).toEqual([]);
  });
});

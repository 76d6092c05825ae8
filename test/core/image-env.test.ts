import { configKeyCatalog, ConfigScope, KAFKA_LINES_WITH_KEYS } from '../../src/core/config-keys';
import { KAFKA_BROKER_4_1 } from '../../src/core/config-keys/kafka-broker-4.1.generated';
import { envPropertyName, propertiesToEnv, propertyEnvName } from '../../src/core/image-env';

test.each([
  ['node.id', 'KAFKA_NODE_ID'],
  ['listener.name.controller.ssl.client.auth', 'KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH'],
  ['listener.name.sasl_ssl.plain.sasl.jaas.config', 'KAFKA_LISTENER_NAME_SASL__SSL_PLAIN_SASL_JAAS_CONFIG'],
  ['listener.name.internal.scram-sha-256.sasl.jaas.config', 'KAFKA_LISTENER_NAME_INTERNAL_SCRAM___SHA___256_SASL_JAAS_CONFIG'],
])('%s is set through %s (the images\' documented examples)', (key, env) => {
  expect(propertyEnvName('KAFKA_', key)).toBe(env);
  expect(envPropertyName('KAFKA_', env)).toBe(key);
});

test('every known broker key round-trips through the image rule', () => {
  for (const key of KAFKA_BROKER_4_1) {
    expect(envPropertyName('KAFKA_', propertyEnvName('KAFKA_', key))).toBe(key);
  }
  expect(KAFKA_LINES_WITH_KEYS.length).toBeGreaterThan(0);
  expect(configKeyCatalog(ConfigScope.BROKER, '4.1').isKnown('node.id')).toBe(true);
});

test('propertiesToEnv sorts by variable name', () => {
  expect(Object.keys(propertiesToEnv('KAFKA_', { 'num.partitions': '3', 'auto.create.topics.enable': 'false' })))
    .toEqual(['KAFKA_AUTO_CREATE_TOPICS_ENABLE', 'KAFKA_NUM_PARTITIONS']);
});

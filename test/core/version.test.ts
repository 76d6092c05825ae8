import { configKeyCatalog, ConfigScope } from '../../src/core/config-keys';
import { KafkaConfigError } from '../../src/core/errors';
import { ConfluentVersion } from '../../src/core/version';

describe('ConfluentVersion', () => {
  test.each([
    [ConfluentVersion.V7_9, '7.9', '3.9'],
    [ConfluentVersion.V8_0, '8.0', '4.0'],
    [ConfluentVersion.V8_1, '8.1', '4.1'],
  ])('catalog line %s carries Kafka %s', (version, line, kafka) => {
    expect(version.line).toBe(line);
    expect(version.kafkaVersion).toBe(kafka);
    expect(version.version).toMatch(new RegExp(`^${line.replace('.', '\\.')}\\.\\d+$`));
  });

  test('LATEST is the newest supported line', () => {
    expect(ConfluentVersion.LATEST).toBe(ConfluentVersion.V8_1);
  });

  test('of() accepts any patch of a supported line, and Confluent build suffixes', () => {
    expect(ConfluentVersion.of('8.0.2').version).toBe('8.0.2');
    expect(ConfluentVersion.of('8.0.2').kafkaVersion).toBe('4.0');
    expect(ConfluentVersion.of('7.9.1-1-ubi8').line).toBe('7.9');
  });

  test.each(['6.2.0', '5.5.1', '7.3.3'])('fails if %s is ZooKeeper-only', version => {
    expect(() => ConfluentVersion.of(version)).toThrow(KafkaConfigError);
    expect(() => ConfluentVersion.of(version)).toThrow(
      `ConfluentVersion.of: version = "${version}" is invalid: Confluent Platform ${version.split('.').slice(0, 2).join('.')} runs Kafka only with ZooKeeper, and this library deploys KRaft clusters only. Use one of 7.9, 8.0, 8.1`);
  });

  test('fails if a KRaft line is not in the catalog', () => {
    expect(() => ConfluentVersion.of('7.6.0')).toThrow('Confluent Platform 7.6 is not in the catalog');
    expect(() => ConfluentVersion.of('9.0.0')).toThrow('Confluent Platform 9.0 is not in the catalog yet');
  });

  test.each(['8', '8.0', 'latest', 'v8.0.0', '8.0.0.1', '', ' 8.0.0'])('fails if %p is not a release number', version => {
    expect(() => ConfluentVersion.of(version)).toThrow(`ConfluentVersion.of: version = "${version}" is invalid: it is not a Confluent Platform release number.`);
  });

  test('fails if a JavaScript caller passes a number', () => {
    expect(() => ConfluentVersion.of(8 as never)).toThrow('version = 8 is invalid');
  });

  test('orders releases', () => {
    expect(ConfluentVersion.of('8.0.1').compareTo(ConfluentVersion.of('8.0.10'))).toBeLessThan(0);
    expect(ConfluentVersion.V8_1.isAtLeast(ConfluentVersion.V8_0)).toBe(true);
    expect(ConfluentVersion.V7_9.isAtLeast(ConfluentVersion.V8_0)).toBe(false);
    expect(ConfluentVersion.of('8.0.4').compareTo(ConfluentVersion.of('8.0.4-1-ubi9'))).toBe(0);
  });

  test('its Kafka line picks the config keys it knows', () => {
    const known = (v: ConfluentVersion, key: string) => configKeyCatalog(ConfigScope.BROKER, v.kafkaVersion).isKnown(key);
    // Removed in Kafka 4.0 (KIP-724 era message format cleanup).
    expect(known(ConfluentVersion.V7_9, 'log.message.format.version')).toBe(true);
    expect(known(ConfluentVersion.V8_0, 'log.message.format.version')).toBe(false);
    expect(known(ConfluentVersion.V8_0, 'num.partitions')).toBe(true);
    expect(known(ConfluentVersion.V8_0, 'num.partitionz')).toBe(false);
  });

  test('components run against brokers of their line or newer (brokers upgrade first)', () => {
    expect(ConfluentVersion.V8_0.supportsBrokers(ConfluentVersion.V8_0)).toBe(true);
    expect(ConfluentVersion.of('8.0.1').supportsBrokers(ConfluentVersion.of('8.0.4'))).toBe(true);
    expect(ConfluentVersion.V7_9.supportsBrokers(ConfluentVersion.V8_1)).toBe(true);
    expect(ConfluentVersion.V8_1.supportsBrokers(ConfluentVersion.V8_0)).toBe(false);
  });

  test('toString is the release', () => {
    expect(`${ConfluentVersion.of('8.0.3')}`).toBe('8.0.3');
  });
});

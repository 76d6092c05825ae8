import { Duration, Size } from 'cdk8s';
import { CleanupPolicy, ConfluentVersion, KafkaTopicOptions, TopicCompression } from '../../src';
import { collisionKey, resolveTopic } from '../../src/topics/resolve-topic';

const DEFAULTS = { partitions: 3, replicationFactor: 3, minInSync: 2, version: ConfluentVersion.V8_0 };
const resolve = (options: KafkaTopicOptions = {}, name = 'orders') => resolveTopic('c/events', name, options, DEFAULTS);
const errorOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
};

describe('resolveTopic', () => {
  test('created with defaults: the cluster\'s partitions and replication factor, no config of its own', () => {
    expect(resolve()).toEqual({ name: 'orders', partitions: 3, replicationFactor: 3, configs: {} });
  });

  test('typed options become the topic configs Kafka reads, sorted', () => {
    expect(resolve({
      partitions: 12,
      replicationFactor: 3,
      minInSyncReplicas: 2,
      retention: Duration.days(7),
      retentionBytes: Size.gibibytes(100),
      cleanupPolicy: CleanupPolicy.COMPACT_AND_DELETE,
      compression: TopicCompression.ZSTD,
      maxMessageBytes: Size.mebibytes(2),
      segmentBytes: Size.mebibytes(512),
      segmentTime: Duration.hours(6),
      configs: { 'message.timestamp.type': 'LogAppendTime' },
    })).toEqual({
      name: 'orders',
      partitions: 12,
      replicationFactor: 3,
      configs: {
        'cleanup.policy': 'compact,delete',
        'compression.type': 'zstd',
        'max.message.bytes': '2097152',
        'message.timestamp.type': 'LogAppendTime',
        'min.insync.replicas': '2',
        'retention.bytes': '107374182400',
        'retention.ms': '604800000',
        'segment.bytes': '536870912',
        'segment.ms': '21600000',
      },
    });
  });

  test('customConfigs pass keys the catalog does not know (Confluent Server\'s own)', () => {
    expect(resolve({ customConfigs: { 'confluent.placement.constraints': '{"version":1}' } }).configs).toEqual({ 'confluent.placement.constraints': '{"version":1}' });
  });

  test('collision key: "." and "_" are the same to Kafka', () => {
    expect(collisionKey('orders.v1')).toBe(collisionKey('orders_v1'));
  });
});

describe('errors', () => {
  test.each([
    ['', 'Kafka topic names are 1 to 249 letters'],
    ['a'.repeat(250), 'Kafka topic names are 1 to 249 letters'],
    ['orders/v1', 'Kafka topic names are 1 to 249 letters'],
    ['..', 'Kafka topic names are 1 to 249 letters'],
    ['__consumer_offsets', 'names starting with "__" are Kafka\'s internal topics'],
  ])('fails if the name is %j', (name, why) => {
    expect(errorOf(() => resolve({}, name))).toContain(why);
  });

  test('fails if min ISR is not below the replication factor, naming the value and the fix', () => {
    expect(errorOf(() => resolve({ replicationFactor: 3, minInSyncReplicas: 3 })))
      .toBe('c/events: minInSyncReplicas = 3 is invalid: with replicationFactor 3, writes with acks=all would stop as soon as one broker is down. Use at most 2.');
    expect(errorOf(() => resolve({ replicationFactor: 1, minInSyncReplicas: 1 }))).toBe('');
  });

  test('fails if the replication factor is not above the cluster\'s min ISR the topic inherits', () => {
    expect(errorOf(() => resolve({ replicationFactor: 1 })))
      .toBe('c/events: replicationFactor = 1 is invalid: the topic takes the cluster\'s min.insync.replicas 2, so writes with acks=all would always fail. '
        + 'Use a replicationFactor above 2, or set the topic\'s minInSyncReplicas to 1.');
    expect(errorOf(() => resolve({ replicationFactor: 2 }))).toContain('would stop as soon as one broker is down');
    expect(errorOf(() => resolve({ replicationFactor: 2, minInSyncReplicas: 1 }))).toBe('');
  });

  test('fails if a config is unknown for the Kafka line, with a suggestion', () => {
    expect(errorOf(() => resolve({ configs: { 'retention.msec': '1000' } })))
      .toContain("configs['retention.msec'] = \"1000\" is invalid: retention.msec is not a topic configuration of CP 8.0");
  });

  test('fails if a config a given typed option sets is also in configs; an unset option leaves its key to configs', () => {
    expect(errorOf(() => resolve({ retention: Duration.days(1), configs: { 'retention.ms': '1000' } })))
      .toContain('the library sets retention.ms itself (the retention option sets it)');
    expect(resolve({ configs: { 'retention.ms': '-1' } }).configs).toEqual({ 'retention.ms': '-1' });
  });

  test('fails if a value is not of the key\'s type', () => {
    expect(errorOf(() => resolve({ configs: { 'unclean.leader.election.enable': 'maybe' } }))).toContain('it must be true or false');
  });

  test('fails if a value holds a space or "="', () => {
    expect(errorOf(() => resolve({ customConfigs: { 'confluent.x': 'a b' } }))).toContain('a topic config value here is one word without spaces, "=" or');
    expect(errorOf(() => resolve({ customConfigs: { 'confluent.x': 'a=b' } }))).toContain("customConfigs['confluent.x']");
  });
});

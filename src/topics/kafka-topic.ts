import { Duration, Size } from 'cdk8s';
import { Expect, INT32_MAX, madeByFactory } from '../core/input-shape';
import { properties } from '../core/prop-shapes';

/** What Kafka does with a topic's old records (`cleanup.policy`). */
export enum CleanupPolicy {
  /** Delete segments older than the retention time or beyond the retention size. */
  DELETE = 'delete',
  /** Keep the latest record of each key (a changelog, a table). */
  COMPACT = 'compact',
  /** Compact, and also delete segments past retention. */
  COMPACT_AND_DELETE = 'compact,delete',
}

/** How a topic's records are stored compressed (`compression.type`). */
export enum TopicCompression {
  /** As the producer sent them (Kafka's default). */
  PRODUCER = 'producer',
  /** Zstandard: the best ratio for its CPU cost. */
  ZSTD = 'zstd',
  /** LZ4: the fastest. */
  LZ4 = 'lz4',
  /** Snappy. */
  SNAPPY = 'snappy',
  /** Gzip. */
  GZIP = 'gzip',
  /** Stored uncompressed. */
  UNCOMPRESSED = 'uncompressed',
}

/** Options of `KafkaCluster.addTopic`. */
export interface KafkaTopicOptions {
  /**
   * Partitions. The topics Job adds partitions when this grows; it never removes any
   * (Kafka cannot), and fails saying so when this shrinks. Adding partitions changes
   * which partition a key maps to.
   *
   * @default - the cluster's `defaultPartitions` (3 unless set): a consumer group can
   * run that many consumers, and partitions can be added later
   */
  readonly partitions?: number;
  /**
   * Copies of each partition, on different brokers (and zones). At most the number of
   * brokers. The topics Job never changes it on an existing topic (that is a
   * reassignment, not a config) and fails saying so when it differs.
   *
   * @default - the cluster's `replicationFactor` (3 unless set): survives the loss of
   * one broker with `min.insync.replicas` 2
   */
  readonly replicationFactor?: number;
  /**
   * `min.insync.replicas`: copies a write with `acks=all` must reach. Below the
   * replication factor, so that one broker can be down (refused at or above it,
   * except 1 with a replication factor of 1).
   *
   * @default - the cluster's (2 with a replication factor of 3)
   */
  readonly minInSyncReplicas?: number;
  /**
   * How long records are kept (`retention.ms`).
   *
   * @default - the cluster's `log.retention.*` (Kafka: 7 days)
   */
  readonly retention?: Duration;
  /**
   * Most bytes kept per partition before old segments are deleted (`retention.bytes`).
   *
   * @default - no limit (Kafka's default): retention is by time
   */
  readonly retentionBytes?: Size;
  /**
   * What happens to old records (`cleanup.policy`).
   *
   * @default - the cluster's (Kafka: CleanupPolicy.DELETE)
   */
  readonly cleanupPolicy?: CleanupPolicy;
  /**
   * How records are stored (`compression.type`).
   *
   * @default - the cluster's (Kafka: TopicCompression.PRODUCER, as sent)
   */
  readonly compression?: TopicCompression;
  /**
   * Largest record batch the topic accepts (`max.message.bytes`). Consumers must be able
   * to fetch it (`max.partition.fetch.bytes`).
   *
   * @default - the cluster's `message.max.bytes` (Kafka: 1 MiB)
   */
  readonly maxMessageBytes?: Size;
  /**
   * Size of a log segment (`segment.bytes`): retention and compaction act on whole
   * segments.
   *
   * @default - the cluster's (Kafka: 1 GiB)
   */
  readonly segmentBytes?: Size;
  /**
   * Time after which a segment is rolled even if not full (`segment.ms`).
   *
   * @default - the cluster's (Kafka: 7 days)
   */
  readonly segmentTime?: Duration;
  /**
   * Any other topic config, checked against the topic configs of the cluster's Kafka
   * line (keys and value types). A key a typed option sets is refused here when that
   * option is given; `'retention.ms': '-1'` keeps records forever.
   *
   * @default - none
   */
  readonly configs?: { [key: string]: string };
  /**
   * Topic configs the catalog of the Kafka line does not hold (Confluent Server's own
   * `confluent.*` topic configs): only their form is checked, so a typo here reaches
   * Kafka, which refuses it when the topics Job applies it.
   *
   * @default - none
   */
  readonly customConfigs?: { [key: string]: string };
}

/** The runtime form of KafkaTopicOptions. */
export const KAFKA_TOPIC_OPTIONS = Expect.struct('KafkaTopicOptions', {
  partitions: Expect.integer(1, 100000, 12),
  replicationFactor: Expect.integer(1, 32767, 3),
  minInSyncReplicas: Expect.integer(1, 32767, 2),
  retention: Expect.duration({ min: Duration.millis(1), max: Duration.days(365 * 1000), example: 'Duration.days(7)' }),
  retentionBytes: Expect.size({ minBytes: 1, maxBytes: 2 ** 52, example: 'Size.gibibytes(100)' }),
  cleanupPolicy: Expect.enumOf('CleanupPolicy', CleanupPolicy as unknown as Record<string, string>, 'CleanupPolicy.COMPACT'),
  compression: Expect.enumOf('TopicCompression', TopicCompression as unknown as Record<string, string>, 'TopicCompression.ZSTD'),
  maxMessageBytes: Expect.size({ minBytes: 1, maxBytes: INT32_MAX, example: 'Size.mebibytes(1)' }),
  segmentBytes: Expect.size({ minBytes: 1, maxBytes: INT32_MAX, example: 'Size.gibibytes(1)' }),
  segmentTime: Expect.duration({ min: Duration.millis(1), max: Duration.days(365 * 1000), example: 'Duration.days(7)' }),
  configs: properties,
  customConfigs: properties,
});

/** A KafkaTopic argument (src/core/input-shape.ts). */
export const KAFKA_TOPIC = Expect.made('KafkaTopic', () => KafkaTopic, "kafka.addTopic('orders')");

/** A topic as the cluster resolved it: what the topics Job makes true. */
export interface ResolvedTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Topic configs the program sets, sorted by key. */
  readonly configs: Readonly<Record<string, string>>;
}

/**
 * A topic the cluster's topics Job creates and keeps as declared. Created by
 * `KafkaCluster.addTopic`; ACLs, connectors and components can name it.
 */
export class KafkaTopic {
  /**
   * A topic as the cluster resolved it.
   *
   * @internal
   */
  public static _of(resolved: ResolvedTopic): KafkaTopic {
    return new KafkaTopic(resolved);
  }

  /** The topic's name. */
  public readonly name: string;
  /** Partitions. */
  public readonly partitions: number;
  /** Copies of each partition. */
  public readonly replicationFactor: number;
  /** The topic configs the program sets (`retention.ms`, ...), sorted by key. */
  public readonly configs: { [key: string]: string };

  private constructor(resolved: ResolvedTopic) {
    this.name = resolved.name;
    this.partitions = resolved.partitions;
    this.replicationFactor = resolved.replicationFactor;
    this.configs = { ...resolved.configs };
    madeByFactory(this);
  }
}

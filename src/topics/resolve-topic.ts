import { KafkaTopicOptions, ResolvedTopic } from './kafka-topic';
import { ConfigScope, configKeyCatalog } from '../core/config-keys';
import { configValueProblem, describeDefinition } from '../core/config-values';
import { checkRules, ErrorScope, raise, Rule } from '../core/errors';
import { durationMillis } from '../core/input-shape';
import { isTopicName } from '../core/prop-shapes';
import { checkProperties } from '../core/property-overrides';
import { sizeToBytes } from '../core/quantity';
import { sortedByKey } from '../core/stable-order';
import { ConfluentVersion } from '../core/version';

/** What a topic takes from its cluster. */
export interface TopicDefaults {
  readonly partitions: number;
  readonly replicationFactor: number;
  /** The cluster's `min.insync.replicas`, which a topic without its own takes. */
  readonly minInSync: number;
  readonly version: ConfluentVersion;
}

/** The topic config each typed option sets. */
const TYPED_KEYS: Readonly<Record<string, keyof KafkaTopicOptions>> = {
  'min.insync.replicas': 'minInSyncReplicas',
  'retention.ms': 'retention',
  'retention.bytes': 'retentionBytes',
  'cleanup.policy': 'cleanupPolicy',
  'compression.type': 'compression',
  'max.message.bytes': 'maxMessageBytes',
  'segment.bytes': 'segmentBytes',
  'segment.ms': 'segmentTime',
};

/**
 * Checks a topic name the way Kafka does (Topic.validate: 1 to 249 of `[a-zA-Z0-9._-]`,
 * not `.` or `..`) and refuses Kafka's internal names (`__consumer_offsets`,
 * `__transaction_state`, ... all start with `__`).
 */
export function checkTopicName(scope: ErrorScope, name: unknown): string {
  if (!isTopicName(name) || typeof name !== 'string') {
    raise(scope, 'name', name, 'Kafka topic names are 1 to 249 letters, digits, ".", "_" and "-", and not "." or ".."', 'Use e.g. "orders.v1"');
  }
  if (name.startsWith('__')) {
    raise(scope, 'name', name, 'names starting with "__" are Kafka\'s internal topics', 'Choose a name that does not start with "__"');
  }
  return name;
}

/**
 * Kafka refuses a topic whose name equals another's once `.` and `_` are read as the
 * same character (their metric names would collide): the key under which two names
 * collide.
 */
export function collisionKey(name: string): string {
  return name.replace(/\./g, '_');
}

/**
 * A topic after defaults and checks: partitions and replication factor from the
 * cluster unless given, min ISR below the replication factor, every config (typed and
 * `configs`) a topic config of the cluster's Kafka line with a value Kafka accepts.
 * Every problem is reported at once. Pure.
 */
export function resolveTopic(scope: ErrorScope, name: string, options: KafkaTopicOptions, defaults: TopicDefaults): ResolvedTopic {
  checkTopicName(scope, name);
  const partitions = options.partitions ?? defaults.partitions;
  const replicationFactor = options.replicationFactor ?? defaults.replicationFactor;
  const minIsr = options.minInSyncReplicas;
  const typed: Record<string, string> = {};
  if (minIsr !== undefined) typed['min.insync.replicas'] = String(minIsr);
  if (options.retention !== undefined) typed['retention.ms'] = String(Math.round(durationMillis(options.retention)));
  if (options.retentionBytes !== undefined) typed['retention.bytes'] = String(sizeToBytes(options.retentionBytes));
  if (options.cleanupPolicy !== undefined) typed['cleanup.policy'] = options.cleanupPolicy;
  if (options.compression !== undefined) typed['compression.type'] = options.compression;
  if (options.maxMessageBytes !== undefined) typed['max.message.bytes'] = String(sizeToBytes(options.maxMessageBytes));
  if (options.segmentBytes !== undefined) typed['segment.bytes'] = String(sizeToBytes(options.segmentBytes));
  if (options.segmentTime !== undefined) typed['segment.ms'] = String(Math.round(durationMillis(options.segmentTime)));

  const catalog = configKeyCatalog(ConfigScope.TOPIC, defaults.version.kafkaVersion);
  // The topic's own min ISR, or the cluster's it inherits: writes with acks=all (the
  // producers' default) need that many copies in sync.
  const effectiveIsr = minIsr ?? defaults.minInSync;
  const isrTooHigh = effectiveIsr > replicationFactor || (effectiveIsr === replicationFactor && replicationFactor > 1);
  const rules: Rule[] = [
    {
      when: isrTooHigh && minIsr !== undefined,
      prop: 'minInSyncReplicas',
      value: minIsr,
      why: `with replicationFactor ${replicationFactor}, writes with acks=all would ${effectiveIsr > replicationFactor ? 'always fail' : 'stop as soon as one broker is down'}`,
      fix: `Use at most ${Math.max(1, replicationFactor - 1)}`,
    },
    {
      when: isrTooHigh && minIsr === undefined,
      prop: 'replicationFactor',
      value: replicationFactor,
      why: `the topic takes the cluster's min.insync.replicas ${defaults.minInSync}, so writes with acks=all would ${effectiveIsr > replicationFactor ? 'always fail' : 'stop as soon as one broker is down'}`,
      fix: `Use a replicationFactor above ${defaults.minInSync}, or set the topic's minInSyncReplicas to ${Math.max(1, replicationFactor - 1)}`,
    },
    // The typed options' values, against Kafka's own definition of their key.
    ...Object.entries(typed).map(([key, value]) => {
      const definition = catalog.definition(key);
      const problem = definition === undefined ? undefined : configValueProblem(definition, value);
      return {
        when: problem !== undefined,
        prop: TYPED_KEYS[key],
        value,
        why: `${problem}: Kafka ${defaults.version.kafkaVersion} defines ${key} as ${definition === undefined ? '' : describeDefinition(definition)}`,
        fix: 'Give a value of that type and range',
      };
    }),
  ];
  checkRules(scope, rules);
  // A key a typed option sets cannot be set twice; unset options leave their key to
  // configs (retention.ms=-1 keeps records forever, which a Duration cannot say).
  const owned = Object.fromEntries(Object.keys(typed).map(key => [key, `the ${TYPED_KEYS[key]} option sets it`]));
  const configs = checkProperties(scope, defaults.version, { scope: ConfigScope.TOPIC, what: 'topic', owned }, 'configs', options.configs, 'customConfigs', options.customConfigs);
  // The topics Job passes each as one argument `key=value` to kafka-topics, which splits
  // it at "=", and lists them one a line in its environment.
  checkRules(scope, Object.entries(configs).map(([key, value]) => ({
    when: value === '' || /[\s=\\]/.test(value),
    prop: options.configs !== undefined && key in options.configs ? `configs['${key}']` : `customConfigs['${key}']`,
    value,
    why: 'a topic config value here is one word without spaces, "=" or "\\" (kafka-topics splits its --config at "=", and kafka-configs reads a properties file, where "\\" escapes)',
    fix: 'Give the value Kafka expects, e.g. "604800000" or "compact,delete"',
  })));
  return { name, partitions, replicationFactor, configs: sortedByKey({ ...typed, ...configs }) };
}

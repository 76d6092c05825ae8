import { ErrorScope, raise } from '../core/errors';
import { fitName } from '../core/naming';

/**
 * Longest `ksql.service.id` accepted. The id prefixes the command topic
 * (`_confluent-ksql-<id>_command_topic`), the processing log (`<id>ksql_processing_log`)
 * and every query's Kafka Streams application id (`_confluent-ksql-<id>query_<QUERY_ID>`),
 * which in turn prefixes the changelog and repartition topics. Kafka caps topic names at
 * 249 characters, so the id leaves most of that to the query and store names.
 */
export const MAX_SERVICE_ID_LENGTH = 64;

// Kafka topic names: [a-zA-Z0-9._-] (org.apache.kafka.common.internals.Topic).
const TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/;

/**
 * The `ksql.service.id` of a ksqlDB cluster defined in namespace `namespace` with
 * object name `name`: `<namespace>-<name>_`, cut with a hash when too long.
 *
 * The namespace is part of it because a Kafka cluster can be shared across
 * namespaces (`KafkaCluster.fromBootstrap`): two ksqlDB constructs with the same id in
 * different namespaces must not join each other's cluster through a shared command
 * topic. The trailing `_` is ksqlDB's convention (its default is `default_`), so
 * topic names read `<id>_command_topic` and `<id>ksql_processing_log`.
 */
export function deriveServiceId(namespace: string, name: string): string {
  return `${fitName(`${namespace}-${name}`, MAX_SERVICE_ID_LENGTH - 1)}_`;
}

/** Checks a user-given service id: non-empty, Kafka topic characters only, not too long. */
export function checkServiceId(scope: ErrorScope, prop: string, id: string): string {
  if (typeof id !== 'string' || !TOPIC_CHARS.test(id)) {
    raise(scope, prop, id,
      'it prefixes the names of ksqlDB\'s internal topics, and Kafka topic names use only letters, digits, ".", "_" and "-"',
      'Use e.g. "analytics_"');
  }
  if (id.length > MAX_SERVICE_ID_LENGTH) {
    raise(scope, prop, id,
      `it has ${id.length} characters; it prefixes every internal topic and query application id, and Kafka topic names have at most 249`,
      `Use at most ${MAX_SERVICE_ID_LENGTH} characters`);
  }
  return id;
}

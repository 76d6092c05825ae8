import { KsqlStateStore, stateStoreShape } from './state-store';
import { COMPONENT_NETWORK_FIELDS, ComponentNetworkSettings } from '../access/component-network';
import { COMPONENT_REST_FIELDS, ComponentRestSettings } from '../access/rest-security';
import { COMPONENT_SETTINGS_FIELDS, ComponentSettings } from '../core/component-settings';
import { kafkaClusterRef } from '../core/component-wiring';
import { Expect } from '../core/input-shape';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';
import { COMPONENT_MONITORING_FIELDS, ComponentMonitoringSettings } from '../observability/component-monitoring';
import { COMPONENT_LOGGING_FIELDS, ComponentLoggingSettings } from '../observability/logging';
import { ISchemaRegistry, schemaRegistryRef } from '../schema-registry/schema-registry-ref';

/**
 * What a `KsqlDb` is apart from what it is wired to: its props without `kafka` and
 * `schemaRegistry`, as `ConfluentPlatform` takes them (the platform wires its own).
 */
export interface KsqlDbOptions extends
  ComponentSettings, ComponentNetworkSettings, ComponentRestSettings, ComponentMonitoringSettings, ComponentLoggingSettings {
  /**
   * `ksql.service.id`: the identity of this ksqlDB cluster, shared by all its servers.
   * It prefixes the command topic (where every statement is stored), the processing
   * log and the internal topics and consumer groups of every query. **Never change it
   * on a running cluster**: servers with a new id start empty and the old queries'
   * topics are orphaned. Two ksqlDB clusters on one Kafka cluster must have different
   * ids, or they become one cluster: synth fails when two of this app share one. Letters,
   * digits, `.`, `_` and `-`, at most 64.
   *
   * @default - `<namespace>-<name>_` (namespace "default" when the chart has none),
   * derived from the chart's namespace and the construct's object name: unique per
   * instance and stable as long as neither changes; set it when renaming or moving
   */
  readonly serviceId?: string;

  /**
   * Where the servers keep the local state of stateful queries (RocksDB, mounted at
   * `/var/lib/kafka-streams`).
   *
   * @default KsqlStateStore.ephemeral() — a 10 GiB emptyDir per pod: the state is a
   * cache of changelog topics in Kafka, restored from there when a pod starts afresh,
   * and with 2+ servers a standby copy takes over meanwhile; choose
   * `KsqlStateStore.persistent()` when a restore would take minutes
   */
  readonly stateStore?: KsqlStateStore;

  /**
   * SQL statements to run in application mode (ksqlDB calls it headless mode): the
   * text goes into a ConfigMap mounted read-only and `ksql.queries.file` points at it.
   * In this mode **the REST API is disabled**: no CLI, no statements or pull/push
   * queries over HTTP, no Services traffic (the NetworkPolicy admits nothing). The
   * queries are the application, versioned with this code; a change rolls the servers.
   * Keep the statements' order stable: query ids derive from it.
   *
   * @default - none: interactive mode with the REST API on port 8088
   */
  readonly queries?: string;
}

/** Props of a `KsqlDb`. */
export interface KsqlDbProps extends KsqlDbOptions {
  /**
   * The Kafka cluster ksqlDB reads, writes and keeps its internal topics in. Its
   * replication factor and `min.insync.replicas` are used for every topic ksqlDB
   * creates (command topic, changelog and repartition topics, processing log). A
   * cluster of this app must be in the same namespace; use
   * `KafkaCluster.fromBootstrap(...)` for one elsewhere.
   */
  readonly kafka: IKafkaCluster;

  /**
   * The Schema Registry for Avro, Protobuf and JSON Schema formats
   * (`ksql.schema.registry.url`).
   *
   * @default - none: only formats without a registry (JSON, DELIMITED, KAFKA) work
   */
  readonly schemaRegistry?: ISchemaRegistry;
}

const KSQLDB_OPTIONS_FIELDS = {
  ...COMPONENT_SETTINGS_FIELDS,
  ...COMPONENT_NETWORK_FIELDS,
  ...COMPONENT_REST_FIELDS,
  ...COMPONENT_MONITORING_FIELDS,
  ...COMPONENT_LOGGING_FIELDS,
  // Its grammar and length are checked with their reasons when the model is resolved.
  serviceId: Expect.text({ minLength: 0, maxLength: 4096, expected: 'a string', example: '"orders_"' }),
  stateStore: stateStoreShape,
  // SQL text: line breaks and tabs belong in it. Its size (a ConfigMap's 1 MiB) and
  // statements are checked when the model is resolved.
  queries: Expect.text({ multiline: true, minLength: 0, maxLength: 16 * 1024 * 1024, expected: 'SQL statements', example: '"CREATE STREAM ...;"' }),
};

/** The runtime form of KsqlDbOptions (src/core/input-shape.ts). */
export const KSQLDB_OPTIONS = Expect.struct('KsqlDbOptions', KSQLDB_OPTIONS_FIELDS);

/** The runtime form of KsqlDbProps (src/core/input-shape.ts). */
export const KSQLDB_PROPS = Expect.struct('KsqlDbProps', {
  ...KSQLDB_OPTIONS_FIELDS,
  kafka: Expect.required(kafkaClusterRef),
  schemaRegistry: schemaRegistryRef,
});

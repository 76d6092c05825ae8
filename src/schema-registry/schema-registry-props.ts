import { COMPONENT_NETWORK_FIELDS, ComponentNetworkSettings } from '../access/component-network';
import { COMPONENT_REST_FIELDS, ComponentRestSettings } from '../access/rest-security';
import { COMPONENT_SETTINGS_FIELDS, ComponentSettings } from '../core/component-settings';
import { kafkaClusterRef } from '../core/component-wiring';
import { Expect } from '../core/input-shape';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';
import { COMPONENT_MONITORING_FIELDS, ComponentMonitoringSettings } from '../observability/component-monitoring';
import { COMPONENT_LOGGING_FIELDS, ComponentLoggingSettings } from '../observability/logging';

/**
 * What a `SchemaRegistry` is apart from the cluster it is wired to: its props without
 * `kafka`, as `ConfluentPlatform` takes them (the platform wires its own cluster).
 */
export interface SchemaRegistryOptions extends
  ComponentSettings, ComponentNetworkSettings, ComponentRestSettings, ComponentMonitoringSettings, ComponentLoggingSettings {
  /**
   * The Kafka topic that holds the schemas (`kafkastore.topic`): the registry's only
   * state, which is why it runs as a Deployment. Schema Registry creates it on first
   * start with one partition, `cleanup.policy=compact` (so schemas are never deleted by
   * retention) and the cluster's replication factor, and refuses to start on an existing
   * topic that is not compacted (confluentinc/schema-registry `KafkaStore`).
   *
   * The leader-election group (`schema.registry.group.id`) is derived from it:
   * `schema-registry` for `_schemas` (Confluent's default pair), `schema-registry-<topic>`
   * otherwise. Registries that share a topic therefore always form one registry with one
   * leader; registries with different topics never elect each other. Two `SchemaRegistry`
   * constructs of one app on one cluster with the same topic fail at synth: give the
   * second one its own topic. Never change it on a running registry: the new topic starts
   * empty.
   *
   * @default "_schemas" — Confluent's default, so clients, tools and an existing registry
   * on the cluster agree on where schemas live
   */
  readonly topic?: string;

  /**
   * A read-only registry: no instance may become the leader (`leader.eligibility=false`
   * on all), so it serves the schemas in its store topic and refuses every registration
   * and config change. For a test copy whose store topic is a mirror of production's
   * (`ConfluentPlatform`'s `mirror` with `schemas: true`): schema ids stay production's,
   * so the copied records decode, and nothing registered here can take an id
   * production hands out later. Producers in front of it must not register schemas
   * (`auto.register.schemas=false`, `use.latest.version=true`). Its user keeps
   * the right to write the topic: Schema Registry writes a no-op marker to find the
   * topic's end (`KafkaStore.getLatestOffset`), which readers skip.
   *
   * @default false — the registry takes registrations
   */
  readonly readOnly?: boolean;
}

/** Props of a `SchemaRegistry`. */
export interface SchemaRegistryProps extends SchemaRegistryOptions {
  /**
   * The Kafka cluster that stores the schemas (a `KafkaCluster` in the same namespace,
   * or `KafkaCluster.fromBootstrap(...)` for any other). The registry connects to its
   * bootstrap address, creates its store topic with the cluster's replication factor,
   * and runs the cluster's release unless `version` says otherwise.
   */
  readonly kafka: IKafkaCluster;
}

const SCHEMA_REGISTRY_OPTIONS_FIELDS = {
  ...COMPONENT_SETTINGS_FIELDS,
  ...COMPONENT_NETWORK_FIELDS,
  ...COMPONENT_REST_FIELDS,
  ...COMPONENT_MONITORING_FIELDS,
  ...COMPONENT_LOGGING_FIELDS,
  // Its grammar is checked with its reason when the model is resolved.
  topic: Expect.text({ minLength: 0, maxLength: 4096, expected: 'a string', example: '"_schemas"' }),
  readOnly: Expect.boolean(),
};

/** The runtime form of SchemaRegistryOptions (src/core/input-shape.ts). */
export const SCHEMA_REGISTRY_OPTIONS = Expect.struct('SchemaRegistryOptions', SCHEMA_REGISTRY_OPTIONS_FIELDS);

/** The runtime form of SchemaRegistryProps (src/core/input-shape.ts). */
export const SCHEMA_REGISTRY_PROPS = Expect.struct('SchemaRegistryProps', {
  ...SCHEMA_REGISTRY_OPTIONS_FIELDS,
  kafka: Expect.required(kafkaClusterRef),
});

import { Duration } from 'cdk8s';
import { ConnectorPlugin, connectorPlugin } from './connector-plugin';
import { ClientPeer, clientPeers } from '../access/client-peer';
import { COMPONENT_NETWORK_FIELDS, ComponentNetworkSettings } from '../access/component-network';
import { COMPONENT_REST_FIELDS, ComponentRestSettings } from '../access/rest-security';
import { COMPONENT_SETTINGS_FIELDS, ComponentSettings } from '../core/component-settings';
import { kafkaClusterRef } from '../core/component-wiring';
import { finishedJobTtlShape } from '../core/finished-job-ttl';
import { Expect } from '../core/input-shape';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';
import { COMPONENT_MONITORING_FIELDS, ComponentMonitoringSettings } from '../observability/component-monitoring';
import { COMPONENT_LOGGING_FIELDS, ComponentLoggingSettings } from '../observability/logging';
import { ISchemaRegistry, schemaRegistryRef } from '../schema-registry/schema-registry-ref';

/** How Connect serializes record keys and values by default. */
export enum ConnectConverter {
  /** Avro with Schema Registry (needs `schemaRegistry`). */
  AVRO = 'avro',
  /** Protobuf with Schema Registry (needs `schemaRegistry`). */
  PROTOBUF = 'protobuf',
  /** JSON Schema with Schema Registry (needs `schemaRegistry`). */
  JSON_SCHEMA = 'json-schema',
  /** Schemaless JSON. */
  JSON = 'json',
  /** Strings. */
  STRING = 'string',
}

/**
 * What a `Connect` cluster is apart from what it is wired to: its props without `kafka`
 * and `schemaRegistry`, as `ConfluentPlatform` takes them (the platform wires its own).
 */
export interface ConnectOptions extends
  ComponentSettings, ComponentNetworkSettings, ComponentRestSettings, ComponentMonitoringSettings, ComponentLoggingSettings {
  /**
   * Default converter of record values (connectors can override it).
   *
   * @default - ConnectConverter.AVRO when a Schema Registry is wired (typed records,
   * schema evolution checked by the registry), ConnectConverter.JSON otherwise
   */
  readonly converter?: ConnectConverter;

  /**
   * Default converter of record keys (connectors can override it).
   *
   * @default ConnectConverter.STRING — keys are most often plain strings or ids (ksqlDB
   * writes KAFKA-format keys), which a schema converter would reject as
   * "Unknown magic byte"; Confluent's cp-all-in-one does the same
   */
  readonly keyConverter?: ConnectConverter;

  /**
   * Plugins installed at start by an init container into the workers' plugin path.
   *
   * @default - none: only the plugins in the image
   */
  readonly plugins?: ConnectorPlugin[];

  /**
   * Image with curl and sha256sum, for the plugin installer and the connector apply Jobs.
   *
   * @default "docker.io/curlimages/curl:8.11.1" — small, runs as a non-root user,
   * carries curl, sha256sum, unzip and tar
   */
  readonly toolImage?: string;

  /**
   * The worker group id; the internal topics are `<groupId>-configs`, `-offsets` and
   * `-status`. Never change it: the connectors' configs and offsets live in those topics.
   * Workers that share a group are one Connect cluster: synth fails when two Connect of
   * this app use one group on the same Kafka cluster.
   *
   * @default - `<namespace>.<name>` (or `<name>` without a chart namespace): unique per
   * Connect cluster on a shared Kafka cluster
   */
  readonly groupId?: string;

  /**
   * Where connectors may connect besides the Kafka cluster, the Schema Registry and the
   * workers themselves, when `egressPolicy` is on: the systems source and sink
   * connectors talk to (databases, object stores, HTTP endpoints), on any port, e.g.
   * `[ClientPeer.ipBlock('10.40.0.0/16')]`. Plugin downloads need HTTPS to their hosts:
   * with `plugins`, egress to TCP 443 anywhere is allowed too (bake the plugins into the
   * image to avoid it).
   *
   * @default - none: connectors reach nothing outside Kafka (egress policies only)
   */
  readonly egressPeers?: ClientPeer[];

  /**
   * How long a connector's finished apply Job stays before Kubernetes deletes it
   * (`ttlSecondsAfterFinished`). The Job is named by a hash of the connector's config, so
   * only its deletion lets the next apply run it again: a connector deleted in Connect,
   * or lost with its config topic, comes back once the finished Job is gone and the
   * manifests are applied again. A GitOps tool does that on its own (Flux at each
   * reconcile; Argo CD with self-heal, otherwise the Application shows OutOfSync until
   * its next sync), so this is also how often the Jobs re-run; a re-run whose config
   * Connect already has changes nothing (the connector is not restarted).
   *
   * @default Duration.hours(1) — an hour to read a finished Job and its log; under GitOps
   * a lost connector comes back within about an hour, for one short pod per connector an
   * hour
   */
  readonly finishedJobTtl?: Duration;
}

/** Props of a `Connect`. */
export interface ConnectProps extends ConnectOptions {
  /** The Kafka cluster Connect stores its state in and connectors read and write. */
  readonly kafka: IKafkaCluster;

  /**
   * Schema Registry for the Avro, Protobuf and JSON Schema converters.
   *
   * @default - none: converters default to schemaless JSON
   */
  readonly schemaRegistry?: ISchemaRegistry;
}

const CONNECT_OPTIONS_FIELDS = {
  ...COMPONENT_SETTINGS_FIELDS,
  ...COMPONENT_NETWORK_FIELDS,
  ...COMPONENT_REST_FIELDS,
  ...COMPONENT_MONITORING_FIELDS,
  ...COMPONENT_LOGGING_FIELDS,
  converter: Expect.enumOf('ConnectConverter', ConnectConverter),
  keyConverter: Expect.enumOf('ConnectConverter', ConnectConverter),
  plugins: Expect.list(connectorPlugin, { maxLength: 100 }),
  toolImage: Expect.text({ maxLength: 512, expected: 'an image reference with a tag or digest', example: '"docker.io/curlimages/curl:8.11.1"' }),
  // It prefixes the internal topics' names.
  groupId: Expect.text({ maxLength: 200, expected: 'a group id (1 to 200 of letters, digits, ".", "_" and "-")', example: '"orders-connect"', pattern: /^[A-Za-z0-9._-]+$/ }),
  egressPeers: clientPeers,
  finishedJobTtl: finishedJobTtlShape,
};

/** The runtime form of ConnectOptions (src/core/input-shape.ts). */
export const CONNECT_OPTIONS = Expect.struct('ConnectOptions', CONNECT_OPTIONS_FIELDS);

/** The runtime form of ConnectProps (src/core/input-shape.ts). */
export const CONNECT_PROPS = Expect.struct('ConnectProps', {
  ...CONNECT_OPTIONS_FIELDS,
  kafka: Expect.required(kafkaClusterRef),
  schemaRegistry: schemaRegistryRef,
});

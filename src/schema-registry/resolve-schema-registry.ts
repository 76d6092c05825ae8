import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { Acl, AclOperation, AclPatternType } from '../access/acl';
import { ClientPeer } from '../access/client-peer';
import { ComponentNetworkSettings, ResolvedComponentNetwork, resolveComponentNetwork } from '../access/component-network';
import { ConfluentComponent } from '../core/component';
import { ComponentSettings, ResolvedComponentSettings, resolveComponentSettings } from '../core/component-settings';
import { claimOnKafkaCluster } from '../core/component-wiring';
import { ConfigScope } from '../core/config-keys';
import { ErrorScope, raise, Rule } from '../core/errors';
import { recommendedLabels, selectorLabels } from '../core/labels';
import { serviceHost } from '../core/naming';
import { isTopicName } from '../core/prop-shapes';
import { HEAP_RULES } from '../core/resources';
import { ConfluentVersion } from '../core/version';
import { ComponentMonitoringSettings, resolveComponentMonitoring } from '../observability/component-monitoring';
import { ComponentLoggingSettings, LoggingSettings, ResolvedLogging, resolveComponentLogging } from '../observability/logging';
import { MonitoringSettings, ResolvedMonitoring } from '../observability/monitoring';

/** The port Schema Registry serves its REST API on (the image's `EXPOSE 8081`). */
export const SCHEMA_REGISTRY_PORT = 8081;


/**
 * Keys of the Schema Registry configuration the library sets itself, with what to use
 * instead. `checkProperties` refuses them in `properties` and `customProperties`.
 */
export const SCHEMA_REGISTRY_OWNED_KEYS: Readonly<Record<string, string>> = {
  'listeners': `the REST listener is http(s)://0.0.0.0:${SCHEMA_REGISTRY_PORT}; the Service, probes and NetworkPolicy follow it`,
  'port': 'the image exits when SCHEMA_REGISTRY_PORT is set; the port comes from the listener',
  'host.port': 'instances forward writes to the leader on the listener port',
  'host.name': 'each pod advertises its pod IP so the other instances can forward writes to it',
  'inter.instance.protocol': 'instances forward writes over the REST listener, http or https as restTls says',
  'schema.registry.inter.instance.protocol': 'instances forward writes over the REST listener, http or https as restTls says',
  'ssl.keystore.location': 'the REST keystore is the certificate restTls makes',
  'ssl.keystore.type': 'the REST keystore is the certificate restTls makes',
  'ssl.keystore.password': 'the REST keystore is the certificate restTls makes',
  'ssl.key.password': 'the REST keystore is the certificate restTls makes',
  'ssl.truststore.location': 'the instances trust the Kafka cluster\'s clients\' CA',
  'ssl.truststore.type': 'the instances trust the Kafka cluster\'s clients\' CA',
  'ssl.truststore.password': 'the instances trust the Kafka cluster\'s clients\' CA',
  'sni.host.check.enabled': 'with restTls on 8.x it is off: the probes and the followers address pods by IP',
  'authentication.method': 'use restAuthentication',
  'authentication.realm': 'use restAuthentication',
  'authentication.roles': 'use restAuthentication',
  'authentication.skip.paths': 'only the probes\' path is open, with restAuthentication',
  'leader.eligibility': 'every instance is leader-eligible, so any one can take over',
  'master.eligibility': 'every instance is leader-eligible, so any one can take over',
  'kafkastore.bootstrap.servers': 'it is the kafka prop\'s bootstrap address',
  'kafkastore.connection.url': 'ZooKeeper is not supported; the store is reached through the kafka prop',
  'kafkastore.security.protocol': 'it follows the kafka prop\'s client listener',
  'kafkastore.sasl.mechanism': 'the registry authenticates as its own user of the cluster',
  'kafkastore.sasl.jaas.config': 'the registry authenticates as its own user of the cluster',
  'kafkastore.ssl.truststore.type': 'the registry trusts the cluster\'s CA',
  'kafkastore.ssl.truststore.location': 'the registry trusts the cluster\'s CA',
  'kafkastore.topic': 'use the topic prop',
  'kafkastore.topic.replication.factor': 'it is the kafka prop\'s replicationFactor',
  'schema.registry.group.id': 'it is derived from the topic prop, so registries that share a topic elect one leader',
};

/** Instances when `replicas` is not given: one can restart while the other serves. */
export const DEFAULT_REPLICAS = 2;

/** Confluent's default store topic (`kafkastore.topic`). */
export const DEFAULT_TOPIC = '_schemas';

/** Confluent's default leader-election group (`schema.registry.group.id`). */
export const DEFAULT_GROUP_ID = 'schema-registry';

/**
 * Default container resources. Confluent's production guide: "Assuming roughly 1000
 * bytes heap overhead per schema on average, heap size of 1GB would be more than
 * sufficient" for ~10,000 schemas, and "CPU usage in Schema Registry is light"
 * (docs.confluent.io/platform/current/schema-registry/installation/deployment.html).
 * 1 GiB gives a 768 MiB heap under HEAP_RULES.SCHEMA_REGISTRY (the image's own default is
 * `-Xmx512M`) and leaves 256 MiB for metaspace, threads and buffers; 250m of CPU covers
 * reads served from memory, with no CPU limit for the bursts of compatibility checks.
 */
export const DEFAULT_RESOURCES: ContainerResources = {
  memory: { request: Size.gibibytes(1) },
  cpu: { request: Cpu.millis(250) },
};


/** What the registry needs from its Kafka cluster, already read off `IKafkaCluster`. */
export interface SchemaRegistryKafka {
  readonly bootstrapServers: string;
  readonly version: ConfluentVersion;
  readonly replicationFactor: number;
  /** The cluster's name, for the `part-of` label. */
  readonly clusterName?: string;
  /** DNS domain of the cluster's Kubernetes cluster, when defined in this app. */
  readonly clusterDomain?: string;
  /** The cluster's monitoring, which the registry inherits. */
  readonly monitoring?: MonitoringSettings;
  /** Who scrapes the cluster's metrics, admitted to the registry's too. */
  readonly metricsPeers?: readonly ClientPeer[];
  /** The cluster's logging, which the registry inherits. */
  readonly logging?: LoggingSettings;
}

/** The props the resolve step reads (the construct's props without `kafka`). */
export interface SchemaRegistryInput extends ComponentSettings, ComponentNetworkSettings, ComponentMonitoringSettings, ComponentLoggingSettings {
  readonly topic?: string;
  readonly readOnly?: boolean;
}

/** Where the registry's objects live, known to the construct only. */
export interface SchemaRegistryPlacement {
  /** Base name of the objects. */
  readonly name: string;
  readonly namespace?: string;
}

/** A Schema Registry with every default applied and every input checked. */
export interface ResolvedSchemaRegistry extends ResolvedComponentSettings {
  /** Base name of the objects. */
  readonly name: string;
  readonly namespace?: string;
  /** DNS name of the client Service (`<service>.<namespace>.svc.<domain>`). */
  readonly host: string;
  /** `host:port[,host:port]` of the cluster, without a scheme. */
  readonly bootstrapServers: string;
  readonly topic: string;
  readonly groupId: string;
  /** No instance may become the leader: the store topic is written elsewhere (a mirror). */
  readonly readOnly: boolean;
  readonly replicationFactor: number;
  readonly network: ResolvedComponentNetwork;
  /** Monitoring; undefined when off. */
  readonly monitoring?: ResolvedMonitoring;
  /** The library's log4j file; undefined for the image's own. */
  readonly logging?: ResolvedLogging;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * The leader-election group of the registries that keep their schemas in `topic`.
 *
 * Schema Registry instances that share a `schema.registry.group.id` elect one leader,
 * and every write goes to it; instances that share `kafkastore.topic` read and write
 * one log. Both must go together: two groups on one topic would each elect a leader
 * and hand out the same schema ids twice, and one group over two topics would forward
 * writes to a leader that stores them in the other registry's topic. Deriving the group
 * from the topic makes the pair impossible to split. The default topic keeps Confluent's
 * default group, so a registry deployed by other means on `_schemas` (a migration) joins
 * the same election instead of competing with it.
 */
export function groupIdForTopic(topic: string): string {
  return topic === DEFAULT_TOPIC ? DEFAULT_GROUP_ID : `${DEFAULT_GROUP_ID}-${topic}`;
}

/**
 * Applies defaults to a Schema Registry's props and checks them: the shared component
 * settings (replicas, version against the brokers, image, resources and heap, user
 * properties), the store topic and the network settings. Violations of the simple rules
 * are reported together.
 */
export function resolveSchemaRegistry(
  scope: ErrorScope, input: SchemaRegistryInput, kafka: SchemaRegistryKafka, placement: SchemaRegistryPlacement,
): ResolvedSchemaRegistry {
  const topic = input.topic ?? DEFAULT_TOPIC;
  const rules: Rule[] = [
    {
      when: !isTopicName(topic),
      prop: 'topic',
      value: topic,
      why: 'a Kafka topic name has 1 to 249 characters from [a-zA-Z0-9._-] and is not "." or ".."',
      fix: `Use e.g. "${DEFAULT_TOPIC}-payments"`,
    },
  ];
  const settings = resolveComponentSettings(scope, input, { name: placement.name, kafka }, {
    component: ConfluentComponent.SCHEMA_REGISTRY,
    replicas: DEFAULT_REPLICAS,
    resources: DEFAULT_RESOURCES,
    heapRule: HEAP_RULES.SCHEMA_REGISTRY,
    properties: { scope: ConfigScope.SCHEMA_REGISTRY, what: 'Schema Registry', owned: SCHEMA_REGISTRY_OWNED_KEYS },
    reservedEnv: ['POD_IP'],
    rules,
  });
  const network = resolveComponentNetwork(scope, input, kafka.metricsPeers);
  const parts = { name: 'schema-registry', instance: placement.name, component: 'schema-registry', partOf: kafka.clusterName };
  return {
    ...settings,
    name: placement.name,
    namespace: placement.namespace,
    host: serviceHost(placement.name, placement.namespace, settings.clusterDomain),
    bootstrapServers: kafka.bootstrapServers,
    topic,
    groupId: groupIdForTopic(topic),
    readOnly: input.readOnly ?? false,
    replicationFactor: kafka.replicationFactor,
    network,
    monitoring: resolveComponentMonitoring(scope, input.monitoring, kafka.monitoring),
    logging: resolveComponentLogging(scope, ConfluentComponent.SCHEMA_REGISTRY, input.logging, kafka.logging, settings.version),
    labels: recommendedLabels({ ...parts, version: settings.version.version }),
    selector: selectorLabels(parts),
  };
}

/**
 * The registry's own principal with the least it needs (Confluent's Schema Registry ACL
 * docs and KafkaStore): the store topic (created compacted by the registry, its
 * cleanup.policy checked), and the leader-election group (prefixed: the store reader's
 * group id starts with it too).
 */
export function schemaRegistryAcls(r: Pick<ResolvedSchemaRegistry, 'topic' | 'groupId'>): Acl[] {
  return [
    Acl.topic(r.topic, [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE]),
    Acl.group(r.groupId, [AclOperation.DESCRIBE, AclOperation.READ], AclPatternType.PREFIXED),
  ];
}

/**
 * Records that `scope` keeps its schemas in `topic` on the cluster at
 * `bootstrapServers`, and fails if another registry of the same app already does: two
 * Deployments writing one topic would be one registry with two configurations, and
 * each construct's replicas, PDB and resources would describe only half of it.
 */
export function claimSchemaTopic(scope: IConstruct, bootstrapServers: string, topic: string): void {
  const owner = claimOnKafkaCluster(scope, bootstrapServers, 'schemas topic', topic);
  if (owner !== undefined) {
    raise(scope, 'topic', topic, `${owner} already keeps its schemas in ${topic} on this Kafka cluster, and registries that share a topic are one registry`,
      `Give this registry its own topic, e.g. topic: "${DEFAULT_TOPIC}-${scope.node.id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}", or scale the other one with replicas`);
  }
}

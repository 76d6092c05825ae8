import { Size } from 'cdk8s';
import { ContainerResources, Cpu, ImagePullPolicy } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { SCHEMA_REGISTRY_OWNED_KEYS } from './render-schema-registry-config';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { ComponentSettings } from '../core/component-settings';
import { MAX_COMPONENT_REPLICAS, resolveComponentVersion } from '../core/component-wiring';
import { ConfigScope } from '../core/config-keys';
import { checkRules, raise } from '../core/errors';
import { resolveImage } from '../core/image';
import { isDnsDomain } from '../core/naming';
import { checkProperties } from '../core/property-overrides';
import { HEAP_RULES, heapForMemory, ResolvedResources, resolveResources } from '../core/resources';
import { ConfluentVersion } from '../core/version';

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

// Kafka's Topic.validate: legal characters, at most 249, not "." or "..".
const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** What the registry needs from its Kafka cluster, already read off `IKafkaCluster`. */
export interface SchemaRegistryKafka {
  readonly bootstrapServers: string;
  readonly version: ConfluentVersion;
  readonly replicationFactor: number;
}

/** The props the resolve step reads (the construct's props without `kafka`). */
export interface SchemaRegistryInput extends ComponentSettings {
  readonly topic?: string;
  readonly clusterDomain?: string;
  readonly networkPolicy?: boolean;
}

/** A Schema Registry with every default applied and every input checked. */
export interface ResolvedSchemaRegistry {
  readonly version: ConfluentVersion;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly heapBytes: number;
  /** `host:port[,host:port]` of the cluster, without a scheme. */
  readonly bootstrapServers: string;
  /** `kafkastore.security.protocol`, also the scheme of every bootstrap entry. */
  readonly securityProtocol: string;
  /** The user's other client settings, prefixed `kafkastore.` (no secret among them). */
  readonly clientProperties: Readonly<Record<string, string>>;
  readonly topic: string;
  readonly groupId: string;
  readonly replicationFactor: number;
  /** User properties, checked and merged (`properties` and `customProperties`). */
  readonly properties: Readonly<Record<string, string>>;
  readonly clusterDomain: string;
  readonly networkPolicy: boolean;
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
 * Applies defaults to a Schema Registry's props and checks them: replicas, version
 * against the brokers, image, resources and heap, the store topic, user properties.
 * Violations of the simple rules are reported together.
 */
export function resolveSchemaRegistry(scope: IConstruct, input: SchemaRegistryInput, kafka: SchemaRegistryKafka): ResolvedSchemaRegistry {
  const replicas = input.replicas ?? DEFAULT_REPLICAS;
  const topic = input.topic ?? DEFAULT_TOPIC;
  const clusterDomain = input.clusterDomain ?? 'cluster.local';
  const imagePullPolicy = input.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
  checkRules(scope, [
    {
      when: typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_COMPONENT_REPLICAS,
      prop: 'replicas',
      value: replicas,
      why: `it is a whole number of instances, from 1 to ${MAX_COMPONENT_REPLICAS}`,
      fix: `Use ${DEFAULT_REPLICAS}, so one instance serves while another restarts`,
    },
    {
      when: typeof topic !== 'string' || !TOPIC_NAME.test(topic) || topic === '.' || topic === '..',
      prop: 'topic',
      value: topic,
      why: 'a Kafka topic name has 1 to 249 characters from [a-zA-Z0-9._-] and is not "." or ".."',
      fix: `Use e.g. "${DEFAULT_TOPIC}-payments"`,
    },
    {
      when: !isDnsDomain(clusterDomain),
      prop: 'clusterDomain',
      value: clusterDomain,
      why: 'it is not a DNS domain',
      fix: 'Use the domain your cluster DNS serves, e.g. "cluster.local"',
    },
    {
      when: !Object.values(ImagePullPolicy).includes(imagePullPolicy),
      prop: 'imagePullPolicy',
      value: imagePullPolicy,
      why: 'it is not an ImagePullPolicy',
      fix: 'Use ImagePullPolicy.IF_NOT_PRESENT, ALWAYS or NEVER',
    },
    {
      when: input.networkPolicy !== undefined && typeof input.networkPolicy !== 'boolean',
      prop: 'networkPolicy',
      value: input.networkPolicy,
      why: 'it is a switch',
      fix: 'Use true or false',
    },
    {
      when: typeof kafka.bootstrapServers !== 'string' || kafka.bootstrapServers === '',
      prop: 'kafka',
      value: kafka.bootstrapServers,
      why: 'the cluster has no internal client listener, so there is no in-cluster bootstrap address to store schemas through',
      fix: 'Give the cluster a Listener.internal(...), or import one with KafkaCluster.fromBootstrap(...)',
    },
  ]);

  const version = resolveComponentVersion(scope, input.version, kafka.version);
  const runtime = COMPONENT_RUNTIME[ConfluentComponent.SCHEMA_REGISTRY];
  const image = resolveImage(scope, 'image', runtime.repository, version.version, input.image);
  const resources = resolveResources(scope, 'resources', input.resources, DEFAULT_RESOURCES);
  const heapBytes = heapForMemory(scope, 'resources.memory.request', resources.memoryRequestBytes, HEAP_RULES.SCHEMA_REGISTRY);
  const properties = checkProperties(scope, version,
    { scope: ConfigScope.SCHEMA_REGISTRY, what: 'Schema Registry', owned: SCHEMA_REGISTRY_OWNED_KEYS },
    'properties', input.properties, 'customProperties', input.customProperties);

  return {
    version,
    image,
    imagePullPolicy,
    replicas,
    resources,
    heapBytes,
    bootstrapServers: kafka.bootstrapServers,
    // Set from the registry's user once it is added (it needs the topic and group).
    securityProtocol: 'PLAINTEXT',
    clientProperties: {},
    topic,
    groupId: groupIdForTopic(topic),
    replicationFactor: kafka.replicationFactor,
    properties,
    clusterDomain,
    networkPolicy: input.networkPolicy ?? true,
  };
}

const TOPIC_CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `scope` keeps its schemas in `topic` on the cluster at
 * `bootstrapServers`, and fails if another registry of the same app already does: two
 * Deployments writing one topic would be one registry with two configurations, and
 * each construct's replicas, PDB and resources would describe only half of it.
 */
export function claimSchemaTopic(scope: IConstruct, bootstrapServers: string, topic: string): void {
  const root = scope.node.root;
  let claims = TOPIC_CLAIMS.get(root);
  if (!claims) {
    claims = new Map();
    TOPIC_CLAIMS.set(root, claims);
  }
  const key = `${bootstrapServers}\u0000${topic}`;
  const owner = claims.get(key);
  if (owner !== undefined && owner !== scope.node.path) {
    raise(scope, 'topic', topic, `${owner} already keeps its schemas in ${topic} on this Kafka cluster, and registries that share a topic are one registry`,
      `Give this registry its own topic, e.g. topic: "${DEFAULT_TOPIC}-${scope.node.id.toLowerCase().replace(/[^a-z0-9._-]+/g, '-')}", or scale the other one with replicas`);
  }
  claims.set(key, scope.node.path);
}

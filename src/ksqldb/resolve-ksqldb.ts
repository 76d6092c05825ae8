import { Size } from 'cdk8s';
import { ContainerResources, Cpu, ImagePullPolicy } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import type { KsqlDbProps } from './ksqldb';
import { KSQLDB_PROPERTY_RULES, KSQLDB_PORT, renderServerProperties } from './server-properties';
import { checkServiceId, deriveServiceId } from './service-id';
import { KsqlStateStore, ResolvedStateStore } from './state-store';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { checkKafkaReference, MAX_COMPONENT_REPLICAS, resolveComponentVersion } from '../core/component-wiring';
import { checkRules, raise } from '../core/errors';
import { resolveImage } from '../core/image';
import { recommendedLabels, selectorLabels } from '../core/labels';
import { isDnsDomain, serviceHost } from '../core/naming';
import { checkProperties } from '../core/property-overrides';
import { HEAP_RULES, heapForMemory, ResolvedResources, resolveResources } from '../core/resources';
import { ConfluentVersion } from '../core/version';

/** Servers of a ksqlDB cluster unless `replicas` says otherwise. */
export const DEFAULT_REPLICAS = 2;

/**
 * Resources of a server unless `resources` says otherwise: 4 GiB of memory, of which
 * the heap takes half (HEAP_RULES.KSQLDB); the other half is for RocksDB, whose block
 * caches, memtables and index blocks live in native memory outside the heap, one set
 * per state store. 1 CPU: each persistent query runs its own stream threads.
 */
export const DEFAULT_RESOURCES: ContainerResources = {
  memory: { request: Size.gibibytes(4) },
  cpu: { request: Cpu.units(1) },
};

/** Largest queries text: a ConfigMap holds at most 1 MiB (Kubernetes' etcd object limit). */
export const MAX_QUERIES_BYTES = 1024 * 1024 - 4096;


/** Where the ksqlDB objects live, known to the construct only. */
export interface KsqlDbPlacement {
  /** Base name of the objects (StatefulSet, client Service). */
  readonly name: string;
  /** The chart's namespace, if set. */
  readonly namespace?: string;
}

/** Everything a ksqlDB cluster's objects are built from. */
export interface ResolvedKsqlDb {
  readonly name: string;
  readonly namespace?: string;
  readonly clusterDomain: string;
  readonly version: ConfluentVersion;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly heapBytes: number;
  readonly serviceId: string;
  /** REST API mode; false in application (headless) mode, with `queries`. */
  readonly interactive: boolean;
  /** The SQL of application mode. */
  readonly queries?: string;
  readonly stateStore: ResolvedStateStore;
  /** The rendered server properties, sorted. */
  readonly properties: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly networkPolicy: boolean;
  /** `http://<client service>...:8088`. */
  readonly url: string;
}

/**
 * Applies defaults to `props`, checks them, and derives the server configuration.
 * Pure: emits no objects. Cross-construct checks (namespaces) are the construct's.
 */
export function resolveKsqlDb(scope: IConstruct, props: KsqlDbProps, placement: KsqlDbPlacement): ResolvedKsqlDb {
  const { kafka, schemaRegistry } = props;
  checkKafkaReference(scope, 'kafka', kafka);
  const version = resolveComponentVersion(scope, props.version, kafka.version);
  if (schemaRegistry !== undefined && !version.supportsBrokers(schemaRegistry.version)) {
    raise(scope, 'version', version.version,
      `it is newer than the Schema Registry (${schemaRegistry.version.version}); Confluent upgrades components in step, and a client newer than the registry is not a tested combination`,
      `Upgrade the Schema Registry to ${version.line} first, or use ${schemaRegistry.version.line} for ksqlDB`);
  }

  const replicas = props.replicas ?? DEFAULT_REPLICAS;
  const imagePullPolicy = props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
  const clusterDomain = props.clusterDomain ?? 'cluster.local';
  const queries = props.queries;
  const queriesBytes = typeof queries === 'string' ? Buffer.byteLength(queries, 'utf8') : 0;
  checkRules(scope, [
    {
      when: typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_COMPONENT_REPLICAS,
      prop: 'replicas',
      value: replicas,
      why: `it is the number of ksqlDB servers, a whole number from 1 to ${MAX_COMPONENT_REPLICAS}`,
      fix: `Use e.g. ${DEFAULT_REPLICAS}`,
    },
    {
      when: !Object.values(ImagePullPolicy).includes(imagePullPolicy),
      prop: 'imagePullPolicy',
      value: imagePullPolicy,
      why: 'it is not an ImagePullPolicy',
      fix: 'Use ImagePullPolicy.IF_NOT_PRESENT',
    },
    {
      when: !isDnsDomain(clusterDomain),
      prop: 'clusterDomain',
      value: clusterDomain,
      why: 'it is not a DNS domain',
      fix: 'Use the domain your cluster DNS serves, e.g. "cluster.local"',
    },
    {
      when: queries !== undefined && (typeof queries !== 'string' || stripSqlComments(queries).trim().length === 0),
      prop: 'queries',
      value: queries,
      why: 'application mode runs the statements of this text and nothing else, and it has none',
      fix: 'Give the SQL statements (CREATE STREAM ... AS SELECT ...;), or leave queries out to run ksqlDB with its REST API',
    },
    {
      when: queriesBytes > MAX_QUERIES_BYTES,
      prop: 'queries',
      value: `${queriesBytes} bytes`,
      why: 'it is stored in a ConfigMap, which holds at most 1 MiB',
      fix: 'Split the application into several KsqlDb clusters, or shorten the SQL',
    },
    {
      when: typeof kafka.bootstrapServers !== 'string' || kafka.bootstrapServers.length === 0,
      prop: 'kafka',
      value: kafka.node.path,
      why: 'the cluster has no internal client listener to connect to',
      fix: 'Add an internal listener to the cluster (Listener.internal(...))',
    },
  ]);

  const serviceId = props.serviceId === undefined
    ? deriveServiceId(placement.namespace ?? 'default', placement.name)
    : checkServiceId(scope, 'serviceId', props.serviceId);
  const stateStore = props.stateStore ?? KsqlStateStore.ephemeral();
  if (!(stateStore instanceof KsqlStateStore)) {
    raise(scope, 'stateStore', stateStore, 'it is not a KsqlStateStore', 'Use KsqlStateStore.ephemeral() or KsqlStateStore.persistent({ size })');
  }
  const resolvedState = stateStore._resolve(scope, 'stateStore');

  const resources = resolveResources(scope, 'resources', props.resources, DEFAULT_RESOURCES);
  const heapBytes = heapForMemory(scope, 'resources.memory.request', resources.memoryRequestBytes, HEAP_RULES.KSQLDB);
  const user = checkProperties(scope, version, KSQLDB_PROPERTY_RULES, 'properties', props.properties, 'customProperties', props.customProperties);
  const interactive = queries === undefined;

  const properties = renderServerProperties({
    bootstrapServers: kafka.bootstrapServers,
    serviceId,
    replicationFactor: kafka.replicationFactor,
    minInSyncReplicas: kafka.minInSyncReplicas,
    replicas,
    interactive,
    schemaRegistryUrl: schemaRegistry?.url,
    properties: user,
  });

  const labelParts = { name: 'ksqldb', instance: placement.name, component: 'ksqldb', partOf: kafka.clusterName, version: version.version };
  const host = serviceHost(placement.name, placement.namespace, clusterDomain);
  return {
    name: placement.name,
    namespace: placement.namespace,
    clusterDomain,
    version,
    image: resolveImage(scope, 'image', COMPONENT_RUNTIME[ConfluentComponent.KSQLDB].repository, version.version, props.image),
    imagePullPolicy,
    replicas,
    resources,
    heapBytes,
    serviceId,
    interactive,
    queries,
    stateStore: resolvedState,
    properties,
    labels: recommendedLabels(labelParts),
    selector: selectorLabels(labelParts),
    networkPolicy: props.networkPolicy ?? true,
    url: `http://${host}:${KSQLDB_PORT}`,
  };
}

/** SQL text without `-- line` and `/* block *\/` comments (for the "has statements" check only). */
export function stripSqlComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}

import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { KsqlDbProps } from './ksqldb-props';
import { KSQLDB_PROPERTY_RULES, renderServerProperties } from './server-properties';
import { checkServiceId, deriveServiceId } from './service-id';
import { KsqlStateStore, ResolvedStateStore } from './state-store';
import { Acl, AclOperation, AclPatternType } from '../access/acl';
import { ResolvedComponentNetwork, resolveComponentNetwork } from '../access/component-network';
import { ConfluentComponent } from '../core/component';
import { ResolvedComponentSettings, resolveComponentSettings } from '../core/component-settings';
import { checkKafkaReference } from '../core/component-wiring';
import { raise, Rule } from '../core/errors';
import { recommendedLabels, selectorLabels } from '../core/labels';
import { serviceHost } from '../core/naming';
import { HEAP_RULES } from '../core/resources';
import { resolveComponentMonitoring } from '../observability/component-monitoring';
import { ResolvedLogging, resolveComponentLogging } from '../observability/logging';
import { ResolvedMonitoring } from '../observability/monitoring';

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
export interface ResolvedKsqlDb extends ResolvedComponentSettings {
  /** Monitoring; undefined when off. */
  readonly monitoring?: ResolvedMonitoring;
  /** The library's log4j file; undefined for the image's own. */
  readonly logging?: ResolvedLogging;
  readonly name: string;
  readonly namespace?: string;
  readonly serviceId: string;
  /** REST API mode; false in application (headless) mode, with `queries`. */
  readonly interactive: boolean;
  /** The SQL of application mode. */
  readonly queries?: string;
  readonly stateStore: ResolvedStateStore;
  /** The rendered server properties, sorted (without the client security settings). */
  readonly serverProperties: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly network: ResolvedComponentNetwork;
  /** `http://<client service>...:8088`. */
  /** DNS name of the client Service. */
  readonly host: string;
  /** The brokers' bootstrap address. */
  readonly bootstrapServers: string;
}

/**
 * Applies defaults to `props`, checks them, and derives the server configuration.
 * Pure: emits no objects. Cross-construct checks (namespaces) are the construct's.
 */
export function resolveKsqlDb(scope: IConstruct, props: KsqlDbProps, placement: KsqlDbPlacement): ResolvedKsqlDb {
  const { kafka, schemaRegistry } = props;
  checkKafkaReference(scope, 'kafka', kafka);
  const queries = props.queries;
  const queriesBytes = typeof queries === 'string' ? Buffer.byteLength(queries, 'utf8') : 0;
  const rules: Rule[] = [
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
      when: queries !== undefined && Array.isArray(props.peers) && props.peers.length > 0,
      prop: 'peers',
      value: `${props.peers?.length ?? 0} peers`,
      why: 'in application mode (queries) the REST API is off, so there is nothing for peers to call',
      fix: 'Remove peers, or leave queries out to run ksqlDB with its REST API',
    },
  ];
  const settings = resolveComponentSettings(scope, props, { name: placement.name, kafka, schemaRegistry }, {
    component: ConfluentComponent.KSQLDB,
    replicas: DEFAULT_REPLICAS,
    resources: DEFAULT_RESOURCES,
    heapRule: HEAP_RULES.KSQLDB,
    properties: KSQLDB_PROPERTY_RULES,
    reservedEnv: ['POD_NAME'],
    rules,
  });
  const version = settings.version;

  const serviceId = props.serviceId === undefined
    ? deriveServiceId(placement.namespace ?? 'default', placement.name)
    : checkServiceId(scope, 'serviceId', props.serviceId);
  const stateStore = props.stateStore ?? KsqlStateStore.ephemeral();
  if (!(stateStore instanceof KsqlStateStore)) {
    raise(scope, 'stateStore', stateStore, 'it is not a KsqlStateStore', 'Use KsqlStateStore.ephemeral() or KsqlStateStore.persistent({ size })');
  }
  const resolvedState = stateStore._resolve(scope, 'stateStore');
  const interactive = queries === undefined;

  const serverProperties = renderServerProperties({
    bootstrapServers: kafka.bootstrapServers,
    serviceId,
    replicationFactor: kafka.replicationFactor,
    minInSyncReplicas: kafka.minInSyncReplicas,
    replicas: settings.replicas,
    interactive,
    schemaRegistryUrl: schemaRegistry?.url,
    properties: settings.properties,
  });

  const labelParts = { name: 'ksqldb', instance: placement.name, component: 'ksqldb', partOf: kafka.clusterName, version: version.version };
  const host = serviceHost(placement.name, placement.namespace, settings.clusterDomain);
  return {
    ...settings,
    name: placement.name,
    namespace: placement.namespace,
    serviceId,
    interactive,
    queries,
    stateStore: resolvedState,
    serverProperties,
    labels: recommendedLabels(labelParts),
    selector: selectorLabels(labelParts),
    network: resolveComponentNetwork(scope, props, kafka.metricsPeers),
    monitoring: resolveComponentMonitoring(scope, props.monitoring, kafka.monitoring),
    logging: resolveComponentLogging(scope, ConfluentComponent.KSQLDB, props.logging, kafka.logging, version),
    host,
    bootstrapServers: kafka.bootstrapServers,
  };
}

/**
 * The servers' own principal with what ksqlDB's "Required ACLs" list for its service id:
 * its command, changelog and repartition topics and its groups (prefixed), the
 * processing log topic, the command topic's transactional id (and exactly-once
 * queries'), and the cluster's configs. Data topics of queries are granted through
 * the construct's `user`.
 */
export function ksqlDbAcls(serviceId: string): Acl[] {
  const internal = `_confluent-ksql-${serviceId}`;
  return [
    Acl.cluster([AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS]),
    Acl.topic(internal, [AclOperation.ALL], AclPatternType.PREFIXED),
    Acl.group(internal, [AclOperation.ALL], AclPatternType.PREFIXED),
    Acl.topic(`${serviceId}ksql_processing_log`, [AclOperation.ALL]),
    Acl.transactionalId(serviceId, [AclOperation.DESCRIBE, AclOperation.WRITE]),
    Acl.transactionalId(internal, [AclOperation.DESCRIBE, AclOperation.WRITE], AclPatternType.PREFIXED),
  ];
}

/** SQL text without `-- line` and `/* block *\/` comments (for the "has statements" check only). */
export function stripSqlComments(sql: string): string {
  return sql.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/--[^\n]*/g, ' ');
}

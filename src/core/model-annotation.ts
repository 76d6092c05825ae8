// The model annotation: what the change-safety plan (src/plan) needs to know about each
// construct, carried by one of the construct's own synthesized objects, so the plan reads
// it from the manifests alone (never a side file a user could forget to commit). Compact
// JSON with sorted keys (deterministic output), versioned by `v`: a plan refuses a model
// of a newer version than it reads.

/** The annotation that holds a construct's model. */
export const MODEL_ANNOTATION = 'cdk8s-kafka/model';

/** The version of the model format this library writes and reads. */
export const MODEL_VERSION = 1;

/** One disk of a pool. */
export interface DiskModel {
  readonly sizeBytes: number;
  readonly storageClass?: string;
}

/** One StatefulSet of a pool: the pods whose claims carry its name. */
export interface StatefulSetModel {
  readonly name: string;
  /** Its zone, with zones. */
  readonly zone?: string;
  /** Node ids of its pods, by ordinal. */
  readonly nodeIds: readonly number[];
}

/** A node pool, as the plan compares it. */
export interface PoolModel {
  readonly name: string;
  /** `broker`, `controller`. */
  readonly roles: readonly string[];
  /** Node ids of its pods. */
  readonly nodeIds: readonly number[];
  /** Brokers being drained (`drainTo`): removing them is the planned end of a scale-in. */
  readonly draining: readonly number[];
  /** `persistent` or `ephemeral`. */
  readonly storage: string;
  /** Persistent disks, in `log.dirs` order. */
  readonly disks: readonly DiskModel[];
  /** Its StatefulSets (one per zone with zones). */
  readonly statefulSets: readonly StatefulSetModel[];
}

/** A client listener. */
export interface ListenerModel {
  readonly name: string;
  readonly port: number;
  /** `SASL_SSL`, `SSL`, ... */
  readonly protocol: string;
  /** The authentication mechanism (`SCRAM-SHA-512`, `mutual-tls`, `none`...). */
  readonly authentication: string;
}

/** A declared topic. */
export interface TopicModel {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Its `min.insync.replicas`: its own, or the cluster's. */
  readonly minInSyncReplicas: number;
}

/** A Kafka cluster. */
export interface ClusterModel {
  readonly v: number;
  readonly kind: 'KafkaCluster';
  readonly name: string;
  readonly namespace?: string;
  readonly clusterId: string;
  readonly version: string;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  /** Node ids of the KRaft voters. */
  readonly voters: readonly number[];
  readonly pools: readonly PoolModel[];
  readonly listeners: readonly ListenerModel[];
  /** The issuers of the nodes' and the clients' certificates (`Kind/name`), with TLS. */
  readonly nodesIssuer?: string;
  readonly clientsIssuer?: string;
  readonly topics: readonly TopicModel[];
  /** Whether the topics Job deletes topics the program no longer declares. */
  readonly pruneTopics: boolean;
  /** Whether the access Job deletes users, ACLs or quotas the program no longer declares. */
  readonly pruneAccess: boolean;
  /** The release whose features the features Job turns on (`finalizedVersion`). */
  readonly finalizedVersion?: string;
}

/** A Schema Registry, Connect or ksqlDB. */
export interface ComponentModel {
  readonly v: number;
  readonly kind: 'SchemaRegistry' | 'Connect' | 'KsqlDb';
  readonly name: string;
  readonly namespace?: string;
  readonly version: string;
  /** The Kafka topic, group or service id that is the component's identity on the cluster. */
  readonly identity: string;
  /** The Kafka cluster it keeps that identity on (its bootstrap address). */
  readonly kafka: string;
  /** `https` or `http`. */
  readonly scheme: string;
  /** Whether callers authenticate (HTTP basic). */
  readonly authenticated: boolean;
}

/** Any model the annotation holds. */
export type Model = ClusterModel | ComponentModel;

/** The annotation's value: the model as JSON with its keys sorted at every level. */
export function renderModel(model: Model): string {
  return JSON.stringify(sortKeys(model));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

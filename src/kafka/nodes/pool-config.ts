import { createHash } from 'crypto';
import { nodeExporterConfig } from './metrics-exporter';
import { renderServerProperties } from './server-properties';
import { ConfluentComponent } from '../../core/component';
import { propertiesToEnv } from '../../core/image-env';
import { writableLayoutEnv } from '../../core/pod-security';
import { heapOptions } from '../../core/resources';
import { sortedByKey } from '../../core/stable-order';
import { renderLoggingConfig } from '../../observability/logging';
import { ResolvedCluster, ResolvedPool } from '../cluster-model';

/** A pool's ConfigMap data and the hash that rolls its pods when it changes. */
export interface PoolConfig {
  /** `KAFKA_*` variables of the rendered properties, the cluster id, the heap and the image's writable paths. */
  readonly data: Readonly<Record<string, string>>;
  /**
   * Hash of everything the pods read from ConfigMaps at start (this data and the
   * exporter rules): on the pod template, a change rolls the pods.
   */
  readonly hash: string;
}

/** Name of a pool's ConfigMap. */
export function poolConfigMapName(pool: Pick<ResolvedPool, 'resourceName'>): string {
  return `${pool.resourceName}-config`;
}

/** The environment every node of a pool starts with, from its ConfigMap. */
export function renderPoolConfig(cluster: ResolvedCluster, pool: ResolvedPool): PoolConfig {
  const data = sortedByKey({
    CLUSTER_ID: cluster.clusterId,
    KAFKA_HEAP_OPTS: heapOptions(pool.heapBytes),
    ...Object.fromEntries(writableLayoutEnv(ConfluentComponent.KAFKA).map(e => [e.name, e.value!])),
    ...propertiesToEnv('KAFKA_', renderServerProperties(cluster, pool)),
  });
  const hash = createHash('sha256').update(JSON.stringify(data)).update(nodeExporterConfig(cluster.monitoring !== undefined))
    // The log4j file's settings (its heading only names the cluster): a change rolls the nodes.
    .update(cluster.logging === undefined ? '' : renderLoggingConfig(cluster.logging, '')).digest('hex').slice(0, 16);
  return { data, hash };
}

import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { nodeStatefulSetMetadata, renderNodeStatefulSet } from './node-statefulset';
import { poolConfigMapName, renderPoolConfig } from './pool-config';
import { dataVolumeName } from './storage';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { grownClaims } from '../../core/volumes';
import { ClusterMembers } from '../cluster-members';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { renderBrokerServices } from '../cluster-services';
import { poolLabels, statefulSetSelector } from '../pod-labels';
import { plainUserSecrets } from '../security/cluster-security';

/**
 * A group of Kafka nodes with the same roles, resources, storage and configuration.
 * Its Kubernetes objects are its children (`Resource` or `Zone-<zone>` StatefulSets,
 * `Config`), reachable for `ApiObject.of(...).addJsonPatch(...)`.
 */
export interface INodePool extends IConstruct {
  /** Pool name. */
  readonly poolName: string;
  /** Node ids of the pool's nodes, ascending. */
  readonly nodeIds: number[];
  /** Whether the pool's nodes are brokers. */
  readonly isBroker: boolean;
  /** Whether the pool's nodes are KRaft controllers. */
  readonly isController: boolean;
  /** Number of nodes. */
  readonly replicas: number;
}

/** What a node pool is built from (internal: pools are created by KafkaCluster). */
export interface NodePoolProps {
  readonly cluster: ResolvedCluster;
  readonly pool: ResolvedPool;
  /** The cluster's users, whose PLAIN passwords brokers mount (rendered at synth). */
  readonly members: ClusterMembers;
}

/**
 * A group of Kafka nodes with the same roles, resources, storage and configuration:
 * one StatefulSet (one per zone when the cluster has zones), the ConfigMap of its
 * rendered configuration and, for external listeners, one Service per broker. Created with `KafkaCluster.addNodePool()` (or by the cluster for
 * its controllers and `brokers`).
 */
export class NodePool extends Construct implements INodePool {
  /** Pool name. */
  public readonly poolName: string;
  /** Node ids of the pool's nodes, ascending. */
  public readonly nodeIds: number[];
  /** Whether the pool's nodes are brokers. */
  public readonly isBroker: boolean;
  /** Whether the pool's nodes are KRaft controllers. */
  public readonly isController: boolean;
  /** Number of nodes. */
  public readonly replicas: number;

  constructor(scope: Construct, id: string, props: NodePoolProps) {
    super(scope, id);
    const cluster = props.cluster;
    const pool = props.pool;
    this.poolName = pool.name;
    this.replicas = pool.replicas;
    this.nodeIds = pool.statefulSets.flatMap(s => s.nodeIds).sort((a, b) => a - b);
    this.isBroker = hasRole(pool, NodeRole.BROKER);
    this.isController = hasRole(pool, NodeRole.CONTROLLER);

    const config = renderPoolConfig(cluster, pool);
    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: claimName(this, 'ConfigMap', poolConfigMapName(pool)), labels: poolLabels(cluster, pool) },
      data: { ...config.data },
    });
    for (const sts of pool.statefulSets) {
      const input = { cluster, pool, sts, configMap: configMap.name, configHash: config.hash };
      const metadata = nodeStatefulSetMetadata(cluster, pool, sts);
      claimName(this, 'StatefulSet', metadata.name!);
      // Grown disks: each node's claim before the StatefulSet that uses it.
      pool.storage.disks.forEach((disk, i) => {
        for (const claim of grownClaims(dataVolumeName(i), sts.name, sts.replicas, disk, statefulSetSelector(cluster, pool, sts))) {
          new k8s.KubePersistentVolumeClaim(this, `Claim-${claim.name}`, { ...claim.props, metadata: { ...claim.props.metadata, name: claimName(this, 'PersistentVolumeClaim', claim.name) } });
        }
      });
      new k8s.KubeStatefulSet(this, sts.zone === undefined ? 'Resource' : `Zone-${sts.zoneLabel}`, {
        metadata,
        // Users (PLAIN passwords) are added after the pool: the spec is rendered at synth.
        spec: late(() => renderNodeStatefulSet({ ...input, plainUsers: plainUserSecrets(cluster.security, props.members.snapshot().users) }).spec),
      });
    }
    if (this.isBroker) {
      for (const service of renderBrokerServices(cluster, pool)) {
        claimName(this, 'Service', service.props.metadata!.name!, service.purpose);
        new k8s.KubeService(this, service.id, service.props);
      }
    }
  }
}

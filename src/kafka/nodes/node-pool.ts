import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { ExternalAccessType, externalAnnotations, hostForNode } from '../external-access';
import { ListenerScope, ResolvedListener } from '../listener';
import { renderExporterConfig } from './metrics-exporter';
import { renderNodeStatefulSet, runtimeEnv } from './node-statefulset';
import { LABEL, poolLabels } from '../pod-labels';
import { renderServerProperties } from './server-properties';
import { propertiesToEnv } from '../../core/image-env';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { heapOptions } from '../../core/resources';
import { sortedByKey } from '../../core/stable-order';
import { ClusterMembers } from '../cluster-members';
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

    const labels = poolLabels(cluster, pool);
    const env = sortedByKey({
      ...runtimeEnv(cluster.clusterId, heapOptions(pool.heapBytes)),
      ...propertiesToEnv('KAFKA_', renderServerProperties(cluster, pool)),
    });
    const configMap = new k8s.KubeConfigMap(this, 'Config', {
      metadata: { name: claimName(this, 'ConfigMap', `${pool.resourceName}-config`), labels },
      data: env,
    });
    // Pods read this ConfigMap and the metrics rules only at start: their hash on the
    // pod template makes a change roll the pods.
    const configHash = createHash('sha256')
      .update(JSON.stringify(env))
      .update(renderExporterConfig())
      .digest('hex')
      .slice(0, 16);

    for (const sts of pool.statefulSets) {
      const input = { cluster, pool, sts, configMap: configMap.name, configHash };
      new k8s.KubeStatefulSet(this, sts.zone === undefined ? 'Resource' : `Zone-${sts.zoneLabel}`, {
        metadata: { name: claimName(this, 'StatefulSet', sts.name), labels: poolLabels(cluster, pool) },
        // Users (PLAIN passwords) are added after the pool: the spec is rendered at synth.
        spec: late(() => renderNodeStatefulSet({ ...input, plainUsers: plainUserSecrets(cluster.security, props.members.snapshot().users) }).spec),
      });
    }

    if (this.isBroker) {
      for (const listener of cluster.listeners.filter(l => l.scope === ListenerScope.EXTERNAL)) {
        this.addExternalServices(cluster, pool, listener, labels);
      }
    }
  }

  private addExternalServices(cluster: ResolvedCluster, pool: ResolvedPool, listener: ResolvedListener, labels: Record<string, string>): void {
    const access = listener.access!;
    for (const sts of pool.statefulSets) {
      sts.nodeIds.forEach((nodeId, ordinal) => {
        const host = hostForNode(access.hostPattern, nodeId);
        const nodePort = access._type === ExternalAccessType.NODE_PORT ? access.basePort! + nodeId : undefined;
        const name = claimName(this, 'Service', `${cluster.name}-${listener.portName}-${nodeId}`);
        new k8s.KubeService(this, `${listener.name}-${nodeId}`, {
          metadata: {
            name,
            labels,
            annotations: externalAnnotations(access._annotations(), access.externalDns ? host : undefined),
          },
          spec: {
            type: access._type,
            // Load balancers send traffic only to the node that runs the broker: no second
            // hop through another node, and clients' addresses reach the broker.
            externalTrafficPolicy: access._type === ExternalAccessType.LOAD_BALANCER ? 'Local' : undefined,
            // A broker that is still catching up (not Ready) may lead partitions: its
            // clients must reach it all the same.
            publishNotReadyAddresses: true,
            selector: { [LABEL.POD_NAME]: `${sts.name}-${ordinal}` },
            ports: [{
              name: listener.portName,
              port: nodePort ?? listener.advertisedPort ?? listener.port,
              targetPort: k8s.IntOrString.fromNumber(listener.port),
              nodePort,
              protocol: 'TCP',
            }],
          },
        });
      });
    }
  }
}

/** The exporter rules as a ConfigMap's data (shared by every pool of a cluster). */
export function metricsConfigData(): Record<string, string> {
  return { 'jmx-exporter.yaml': renderExporterConfig() };
}

import { NodeRole, PoolStatefulSet, ResolvedCluster, ResolvedPool } from './cluster-model';
import { recommendedLabels, selectorLabels } from '../core/labels';

/** Label keys the library adds for its own selectors. */
export const LABEL = {
  POOL: 'cdk8s-kafka/pool',
  ZONE: 'cdk8s-kafka/zone',
  BROKER: 'cdk8s-kafka/broker',
  CONTROLLER: 'cdk8s-kafka/controller',
  /** Set on each pod by the StatefulSet controller. */
  POD_NAME: 'statefulset.kubernetes.io/pod-name',
} as const;

/** Pod template annotation holding the hash of everything the pods read from ConfigMaps. */
export const CONFIG_HASH_ANNOTATION = 'cdk8s-kafka/config-hash';

const APP = 'kafka';

/** Every node of the cluster. */
export function clusterSelector(cluster: Pick<ResolvedCluster, 'name'>): Record<string, string> {
  return { 'app.kubernetes.io/name': APP, 'app.kubernetes.io/instance': cluster.name };
}

/** Every broker of the cluster (combined nodes included). */
export function brokerSelector(cluster: Pick<ResolvedCluster, 'name'>): Record<string, string> {
  return { ...clusterSelector(cluster), [LABEL.BROKER]: 'true' };
}

/** Every KRaft voter of the cluster (dedicated controllers, or combined nodes). */
export function controllerSelector(cluster: Pick<ResolvedCluster, 'name'>): Record<string, string> {
  return { ...clusterSelector(cluster), [LABEL.CONTROLLER]: 'true' };
}

/** Every node of one pool, across zones. */
export function poolSelector(cluster: Pick<ResolvedCluster, 'name'>, pool: Pick<ResolvedPool, 'name'>): Record<string, string> {
  return { ...clusterSelector(cluster), [LABEL.POOL]: pool.name };
}

/** The pods of one StatefulSet: its immutable selector. */
export function statefulSetSelector(cluster: Pick<ResolvedCluster, 'name'>, pool: Pick<ResolvedPool, 'name'>, sts: PoolStatefulSet): Record<string, string> {
  return { ...poolSelector(cluster, pool), ...(sts.zoneLabel === undefined ? {} : { [LABEL.ZONE]: sts.zoneLabel }) };
}

/** What a pool's nodes are, for `app.kubernetes.io/component`. */
export function componentOf(pool: Pick<ResolvedPool, 'roles'>): string {
  const broker = pool.roles.includes(NodeRole.BROKER);
  const controller = pool.roles.includes(NodeRole.CONTROLLER);
  return broker && controller ? 'broker-controller' : broker ? 'broker' : 'controller';
}

/** Labels of a pool's objects (metadata only: includes the version). */
export function poolLabels(cluster: Pick<ResolvedCluster, 'name' | 'version'>, pool: Pick<ResolvedPool, 'name' | 'roles'>): Record<string, string> {
  return {
    ...recommendedLabels({ name: APP, instance: cluster.name, component: componentOf(pool), version: cluster.version.version }),
    [LABEL.POOL]: pool.name,
  };
}

/** Labels on a StatefulSet's pod template: stable selector labels, role flags, no version. */
export function podLabels(cluster: Pick<ResolvedCluster, 'name'>, pool: Pick<ResolvedPool, 'name' | 'roles'>, sts: PoolStatefulSet): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels({ name: APP, instance: cluster.name, component: componentOf(pool) }),
    ...statefulSetSelector(cluster, pool, sts),
  };
  if (pool.roles.includes(NodeRole.BROKER)) labels[LABEL.BROKER] = 'true';
  if (pool.roles.includes(NodeRole.CONTROLLER)) labels[LABEL.CONTROLLER] = 'true';
  return labels;
}

/** Labels of cluster-wide objects (Services, ServiceAccount). */
export function clusterLabels(cluster: Pick<ResolvedCluster, 'name' | 'version'>, component: string): Record<string, string> {
  return recommendedLabels({ name: APP, instance: cluster.name, component, version: cluster.version.version });
}

/**
 * Pod labels of the cluster's helper Jobs (access, credentials, node roll, topics,
 * features), apart from
 * the nodes' labels; without a component, all of them.
 */
export function accessJobSelector(cluster: string, component?: 'access' | 'credentials' | 'roll' | 'topics' | 'features' | 'unregister' | 'drain' | 'balance'): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'kafka-access',
    'app.kubernetes.io/instance': cluster,
    ...(component === undefined ? {} : { 'app.kubernetes.io/component': component }),
  };
}

import { ResolvedCluster, ResolvedPool, NodeRole, hasRole } from './cluster-model';
import { RESERVED_LISTENERS } from './listener';
import { logDirPath, StorageKind } from './storage';
import { sortedByKey } from '../core/stable-order';

/**
 * The static broker/controller properties of a pool, the same on every pod of it:
 * roles, listeners, storage and the cluster's replication defaults, then the user's
 * properties. What differs per pod (`node.id`, `advertised.listeners`) is set by the start
 * script; what depends on the namespace (`controller.quorum.voters`) and on the zone
 * (`broker.rack`) is set on the StatefulSet.
 *
 * Defaults and why:
 * - `default.replication.factor` / `min.insync.replicas`: the cluster's (3 / 2 by
 *   default): a partition survives losing one broker and still takes `acks=all` writes.
 *   They are also set on controllers, since in KRaft the active controller fills in the
 *   partitions and replication factor of a topic created without them.
 * - Internal topics (`__consumer_offsets`, `__transaction_state`) use the same factor
 *   and min ISR, so they are no weaker than data topics.
 * - `unclean.leader.election.enable=false`: Kafka's default, written out because an
 *   out-of-sync replica becoming leader silently drops acknowledged writes.
 * - `auto.create.topics.enable=false`: a typo in a producer's topic name should fail,
 *   not create a topic with default settings.
 */
export function renderServerProperties(cluster: ResolvedCluster, pool: ResolvedPool): Record<string, string> {
  const broker = hasRole(pool, NodeRole.BROKER);
  const controller = hasRole(pool, NodeRole.CONTROLLER);
  const { REPLICATION, CONTROLLER } = RESERVED_LISTENERS;

  // An empty host binds every interface. Controllers cannot use 0.0.0.0: Kafka 3.9.0
  // rejects it as the (implicit) advertised controller address (KAFKA-18281), and the
  // images refuse KAFKA_ADVERTISED_LISTENERS on controller-only nodes.
  const listeners: Array<[string, number]> = [];
  if (controller) listeners.push([CONTROLLER.name, CONTROLLER.port]);
  if (broker) {
    listeners.push([REPLICATION.name, REPLICATION.port]);
    for (const l of cluster.listeners) listeners.push([l.name, l.port]);
  }

  const props: Record<string, string> = {
    'process.roles': pool.roles.join(','),
    'listeners': listeners.map(([name, port]) => `${name}://:${port}`).join(','),
    // Every node maps CONTROLLER, broker-only ones included: Kafka requires each name in
    // controller.listener.names to be in the map once the map is set explicitly.
    'listener.security.protocol.map': protocolMap(listeners),
    'controller.listener.names': CONTROLLER.name,
    'log.dirs': logDirs(pool),
    'default.replication.factor': String(cluster.replication.factor),
    'min.insync.replicas': String(cluster.replication.minInSync),
    'num.partitions': String(cluster.replication.partitions),
  };
  if (broker) {
    Object.assign(props, {
      'inter.broker.listener.name': REPLICATION.name,
      'offsets.topic.replication.factor': String(cluster.replication.factor),
      'transaction.state.log.replication.factor': String(cluster.replication.factor),
      'transaction.state.log.min.isr': String(cluster.replication.minInSync),
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
    });
    if (cluster.confluentServer) {
      // Confluent Server's own internal topics default to RF 3 and would fail to be
      // created on a smaller cluster (Confluent's cp-all-in-one sets both to 1 for one broker).
      props['confluent.license.topic.replication.factor'] = String(cluster.replication.factor);
      props['confluent.balancer.topic.replication.factor'] = String(cluster.replication.factor);
    }
  }
  Object.assign(props, cluster.properties, pool.properties);
  return sortedByKey(props);
}

function protocolMap(listeners: ReadonlyArray<[string, number]>): string {
  const names = listeners.map(([name]) => name);
  if (!names.includes(RESERVED_LISTENERS.CONTROLLER.name)) names.unshift(RESERVED_LISTENERS.CONTROLLER.name);
  return names.map(name => `${name}:PLAINTEXT`).join(',');
}

function logDirs(pool: ResolvedPool): string {
  const count = pool.storage.kind === StorageKind.EPHEMERAL ? 1 : pool.storage.disks.length;
  return Array.from({ length: count }, (_, i) => logDirPath(i)).join(',');
}

/** `controller.quorum.voters`, with the namespace left as `$(POD_NAMESPACE)` for Kubernetes to expand. */
export function renderQuorumVoters(cluster: ResolvedCluster): string {
  return cluster.voters
    .map(v => `${v.id}@${v.pod}.${cluster.headlessService}.$(POD_NAMESPACE).svc.${cluster.clusterDomain}:${RESERVED_LISTENERS.CONTROLLER.port}`)
    .join(',');
}

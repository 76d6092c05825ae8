import { ResolvedCluster, ResolvedPool, NodeRole, hasRole } from '../cluster-model';
import { RESERVED_LISTENERS } from '../listener';
import { logDirPath, StorageKind } from './storage';
import { AuthenticationMechanism, isScramMechanism } from '../../access/listener-authentication';
import { sortedByKey } from '../../core/stable-order';
import {
  internalProtocol, KEYSTORE_FILE, LISTENER_KEYSTORE_FILE, LISTENER_TRUSTSTORE_FILE, NODE_PRINCIPAL_RULES, ResolvedSecurity,
  STANDARD_AUTHORIZER, TRUSTSTORE_FILE,
} from '../security/cluster-security';

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
    'listener.security.protocol.map': renderProtocolMap(cluster, broker),
    ...renderSecurityProperties(cluster, broker, controller),
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

/** `listener.security.protocol.map`: CONTROLLER first, then what the node listens on. */
export function renderProtocolMap(cluster: Pick<ResolvedCluster, 'listeners' | 'security'>, broker: boolean): string {
  const internal = internalProtocol(cluster.security);
  const entries = [`${RESERVED_LISTENERS.CONTROLLER.name}:${internal}`];
  if (broker) {
    entries.push(`${RESERVED_LISTENERS.REPLICATION.name}:${internal}`);
    for (const l of cluster.listeners) entries.push(`${l.name}:${l.protocol}`);
  }
  return entries.join(',');
}

const SCRAM_LOGIN_MODULE = 'org.apache.kafka.common.security.scram.ScramLoginModule required;';

/**
 * TLS, SASL and authorization settings:
 * - the nodes' certificate and their own CA, alone, for the cluster's own listeners and
 *   the node's client side (replication, broker-to-controller, controller-to-controller):
 *   those listeners require client certificates (mutual TLS) whenever the cluster has
 *   certificates, so only its nodes (and the Jobs that act as the cluster) get in;
 * - on every TLS client listener, the listeners' certificate and the clients' CA,
 *   alone, and principal rules under which no client certificate maps to a super user;
 * - SCRAM listeners enable their mechanism with a server-side JAAS entry that holds no
 *   credential (they live in the metadata log);
 * - StandardAuthorizer with deny by default when any listener authenticates, on
 *   controllers too (they authorize broker registration and ACL changes).
 */
function renderSecurityProperties(cluster: Pick<ResolvedCluster, 'listeners' | 'security'>, broker: boolean, controller: boolean): Record<string, string> {
  const security: ResolvedSecurity = cluster.security;
  const props: Record<string, string> = {};
  if (security.tls !== undefined) {
    Object.assign(props, {
      'ssl.keystore.type': 'PEM',
      'ssl.keystore.location': KEYSTORE_FILE,
      'ssl.truststore.type': 'PEM',
      'ssl.truststore.location': TRUSTSTORE_FILE,
      'ssl.endpoint.identification.algorithm': 'https',
      'ssl.principal.mapping.rules': NODE_PRINCIPAL_RULES,
    });
    if (controller) props[`listener.name.${RESERVED_LISTENERS.CONTROLLER.name.toLowerCase()}.ssl.client.auth`] = 'required';
    if (broker) props[`listener.name.${RESERVED_LISTENERS.REPLICATION.name.toLowerCase()}.ssl.client.auth`] = 'required';
  }
  if (broker) {
    for (const l of cluster.listeners) {
      const prefix = `listener.name.${l.name.toLowerCase()}`;
      if (l.tls && security.tls !== undefined) {
        // Listener-prefixed values come first for the listener's own channels
        // (ChannelBuilders): the unprefixed ones above stay the nodes' alone.
        props[`${prefix}.ssl.keystore.location`] = LISTENER_KEYSTORE_FILE;
        props[`${prefix}.ssl.truststore.location`] = LISTENER_TRUSTSTORE_FILE;
        props[`${prefix}.ssl.principal.mapping.rules`] = security.tls.clientPrincipalRules;
      }
      if (l.authentication === AuthenticationMechanism.MUTUAL_TLS) props[`${prefix}.ssl.client.auth`] = 'required';
      if (isScramMechanism(l.authentication)) {
        props[`${prefix}.sasl.enabled.mechanisms`] = l.authentication;
        props[`${prefix}.${l.authentication.toLowerCase()}.sasl.jaas.config`] = SCRAM_LOGIN_MODULE;
      }
      // PLAIN's JAAS entry holds the users' passwords: the start script builds it from
      // the mounted Secrets, so it never enters this ConfigMap.
      if (l.authentication === AuthenticationMechanism.PLAIN) props[`${prefix}.sasl.enabled.mechanisms`] = 'PLAIN';
    }
  }
  if (security.authorizer) {
    Object.assign(props, {
      'authorizer.class.name': STANDARD_AUTHORIZER,
      'super.users': security.superUsers.join(';'),
      'allow.everyone.if.no.acl.found': 'false',
    });
  }
  return props;
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

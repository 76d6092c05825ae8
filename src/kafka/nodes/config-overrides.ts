import { ConfigScope } from '../../core/config-keys';
import { ErrorScope } from '../../core/errors';
import { checkProperties, PropertyRules } from '../../core/property-overrides';
import { ConfluentVersion } from '../../core/version';

/**
 * Broker keys the library sets itself: from node identity, listeners, quorum, storage,
 * zones or a typed prop. Overriding one through a config map would break the cluster or
 * silently lose against the typed prop, so it is refused with the prop to use instead.
 */
export const OWNED_BROKER_KEYS: Readonly<Record<string, string>> = {
  'node.id': 'node ids follow the pool rule; set nodeIdBase on the pool',
  'broker.id': 'node ids follow the pool rule; set nodeIdBase on the pool',
  'process.roles': 'roles come from the pool (controllers, brokers, or mode: KRaftMode.COMBINED)',
  'listeners': 'listeners come from the cluster\'s listeners prop',
  'advertised.listeners': 'each pod advertises its own DNS name; external hosts come from ExternalAccess',
  'listener.security.protocol.map': 'listener protocols come from the listeners prop',
  'inter.broker.listener.name': 'the cluster owns its REPLICATION listener',
  'security.inter.broker.protocol': 'the cluster owns its REPLICATION listener',
  'controller.listener.names': 'the cluster owns its CONTROLLER listener',
  'controller.quorum.voters': 'the quorum is the controller pool',
  'controller.quorum.bootstrap.servers': 'the quorum is the controller pool',
  'log.dirs': 'log directories come from the pool\'s storage',
  'log.dir': 'log directories come from the pool\'s storage',
  'metadata.log.dir': 'the metadata log lives on the first disk of the pool\'s storage',
  'broker.rack': 'racks come from the cluster\'s zones',
  'default.replication.factor': 'set replicationFactor on the cluster',
  'offsets.topic.replication.factor': 'internal topics follow replicationFactor on the cluster',
  'transaction.state.log.replication.factor': 'internal topics follow replicationFactor on the cluster',
  'min.insync.replicas': 'set minInSyncReplicas on the cluster',
  'transaction.state.log.min.isr': 'internal topics follow minInSyncReplicas on the cluster',
  'num.partitions': 'set defaultPartitions on the cluster',
};

/** The rules broker overrides are checked with. */
export const BROKER_PROPERTY_RULES: PropertyRules = { scope: ConfigScope.BROKER, what: 'broker', owned: OWNED_BROKER_KEYS };

/** Checks user broker properties (see `checkProperties`). */
export function checkBrokerProperties(
  scope: ErrorScope,
  version: ConfluentVersion,
  prop: string,
  properties: Readonly<Record<string, string>> | undefined,
  customProp: string,
  custom: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return checkProperties(scope, version, BROKER_PROPERTY_RULES, prop, properties, customProp, custom);
}

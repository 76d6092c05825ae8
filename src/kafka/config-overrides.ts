import { ConfigScope, configKeyCatalog } from '../core/config-keys';
import { ErrorScope, raise } from '../core/errors';
import { ConfluentVersion } from '../core/version';

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

/**
 * Checks user broker properties: every key must be a broker key of the version's Kafka
 * line (or a family such as `listener.name.<listener>.ssl.*`) and not one the library
 * owns; `custom` keys (for plugins the catalog cannot know) skip the known-key check but
 * not the owned-key check. Values must be strings. Returns the merged properties, sorted.
 */
export function checkBrokerProperties(
  scope: ErrorScope,
  version: ConfluentVersion,
  prop: string,
  properties: Readonly<Record<string, string>> | undefined,
  customProp: string,
  custom: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const catalog = configKeyCatalog(ConfigScope.BROKER, version.kafkaVersion);
  const merged: Record<string, string> = {};
  const add = (source: string, map: Readonly<Record<string, string>> | undefined, checkKnown: boolean) => {
    if (map === undefined) return;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      raise(scope, source, map, 'it must be a map of property names to string values', 'Write it like { \'log.retention.hours\': \'72\' }');
    }
    for (const key of Object.keys(map).sort()) {
      const at = `${source}['${key}']`;
      const owned = OWNED_BROKER_KEYS[key];
      if (owned !== undefined) {
        raise(scope, at, map[key], `the library sets ${key} itself (${owned})`, 'Remove it from the map');
      }
      if (typeof map[key] !== 'string') {
        raise(scope, at, map[key], 'property values are strings, as in a properties file', `Quote it, e.g. '${String(map[key])}'`);
      }
      if (checkKnown && !catalog.isKnown(key)) {
        const hints = catalog.suggestions(key);
        raise(scope, at, map[key], `${key} is not a broker configuration of Kafka ${version.kafkaVersion} (CP ${version.line})`,
          (hints.length > 0 ? `Did you mean ${hints.map(h => `'${h}'`).join(' or ')}? ` : '') +
          `If a plugin reads it, move it to ${customProp}`);
      }
      if (merged[key] !== undefined && merged[key] !== map[key]) {
        raise(scope, at, map[key], `${key} is also set in ${prop}`, `Set it in one of ${prop} and ${customProp}`);
      }
      merged[key] = map[key];
    }
  };
  add(prop, properties, true);
  add(customProp, custom, false);
  return Object.fromEntries(Object.keys(merged).sort().map(k => [k, merged[k]]));
}

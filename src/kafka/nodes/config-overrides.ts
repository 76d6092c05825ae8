import { ConfigScope } from '../../core/config-keys';
import { ErrorScope } from '../../core/errors';
import { checkProperties, PropertyRules } from '../../core/property-overrides';
import { ConfluentVersion } from '../../core/version';

const TLS_FILES = 'the node\'s start script writes the PEM keystore and truststore from its certificate\'s Secret';
const CLIENT_AUTH = 'client certificates follow each listener\'s authentication (ListenerAuthentication.mutualTls())';
const SASL = 'SASL follows each listener\'s authentication';

/**
 * Broker keys the library sets itself: from node identity, listeners, quorum, storage,
 * zones, security or a typed prop. Overriding one through a config map would break the
 * cluster (a keystore path the start script does not write, a super user no one
 * reviewed) or silently lose against the typed prop, so it is refused with the prop to
 * use instead.
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
  // TLS: the start script writes the PEM keystore and truststore from the node
  // certificate's Secret, and the nodes verify each other's host names.
  'ssl.keystore.type': TLS_FILES,
  'ssl.keystore.location': TLS_FILES,
  'ssl.keystore.password': TLS_FILES,
  'ssl.keystore.key': TLS_FILES,
  'ssl.keystore.certificate.chain': TLS_FILES,
  'ssl.key.password': TLS_FILES,
  'ssl.truststore.type': TLS_FILES,
  'ssl.truststore.location': TLS_FILES,
  'ssl.truststore.password': TLS_FILES,
  'ssl.truststore.certificates': TLS_FILES,
  'ssl.endpoint.identification.algorithm': 'the nodes verify each other\'s host names against the node certificate',
  'ssl.client.auth': CLIENT_AUTH,
  // Identity and authorization: principals come from certificates and users.
  'ssl.principal.mapping.rules': 'principals are mapped from certificates by the cluster, so node identities cannot be forged',
  'principal.builder.class': 'principals are mapped from certificates by the cluster, so node identities cannot be forged',
  'authorizer.class.name': 'the cluster authorizes with StandardAuthorizer whenever a listener authenticates',
  'super.users': 'super users are the nodes and the admin user; grant others ACLs with addUser',
  'allow.everyone.if.no.acl.found': 'an authorizing cluster denies what no ACL allows; grant ACLs with addUser',
  'sasl.enabled.mechanisms': SASL,
  'sasl.mechanism.inter.broker.protocol': 'the cluster owns its REPLICATION listener',
  'sasl.mechanism.controller.protocol': 'the cluster owns its CONTROLLER listener',
  'sasl.jaas.config': SASL,
};

/**
 * Per-listener keys the library sets: everything of its own REPLICATION and CONTROLLER
 * listeners, and the security of the client listeners. Other per-listener keys (cipher
 * suites, connection limits) stay the user's.
 */
export const OWNED_BROKER_KEY_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^listener\.name\.(replication|controller)\./, 'the cluster owns its REPLICATION and CONTROLLER listeners'],
  [/^listener\.name\.[a-z0-9_]+\.ssl\.(keystore|truststore|key)\./, TLS_FILES],
  [/^listener\.name\.[a-z0-9_]+\.ssl\.client\.auth$/, CLIENT_AUTH],
  [/^listener\.name\.[a-z0-9_]+\.(sasl\.enabled\.mechanisms|([a-z0-9-]+\.)?sasl\.jaas\.config)$/, SASL],
];

/** Whether properties turn unclean leader election on (Kafka reads the boolean in any case). */
export function uncleanElection(properties: Readonly<Record<string, string>>): boolean {
  return properties['unclean.leader.election.enable']?.trim().toLowerCase() === 'true';
}

/** The warning for unclean leader election, cluster-wide or on a pool. */
export const UNCLEAN_WARNING = 'unclean.leader.election.enable is true: when every in-sync replica of a partition is down, an out-of-sync one becomes leader and the writes it missed are lost, acknowledged ones included. Keep it false (the default) and let the partition wait, or enable it per topic for data you can lose.';

/** The rules broker overrides are checked with. */
export const BROKER_PROPERTY_RULES: PropertyRules = { scope: ConfigScope.BROKER, what: 'broker', owned: OWNED_BROKER_KEYS, ownedPatterns: OWNED_BROKER_KEY_PATTERNS };

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

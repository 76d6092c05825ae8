import { k8s } from 'cdk8s-plus-27';
import { CLIENT_SECURITY_KEYS } from '../access/client-security';
import { REST_CALLER_ROLE, REST_TLS_DIR, ResolvedRest } from '../access/rest-security';
import { ConfigScope } from '../core/config-keys';
import { propertyEnvName } from '../core/image-env';
import { PropertyRules } from '../core/property-overrides';
import { sortedByKey } from '../core/stable-order';

/** The REST port: the image's `EXPOSE 8088` and ksqlDB's documented default. */
export const KSQLDB_PORT = 8088;

/** Where the state store volume is mounted (the image creates it, owned by appuser). */
export const STATE_MOUNT_PATH = '/var/lib/kafka-streams';

/**
 * Kafka Streams' `state.dir`: a subdirectory of the mount. At start ksqlDB deletes every
 * entry of the state directory that belongs to no running query
 * (`PersistentQueryCleanupImpl.cleanupLeakedQueries`), so a volume's `lost+found`
 * (ext4) must not sit in it.
 */
export const STATE_DIR = `${STATE_MOUNT_PATH}/state`;

/** Where the queries ConfigMap is mounted (read-only), and the file in it. */
export const QUERIES_MOUNT_PATH = '/etc/ksqldb-queries';
/** Key of the SQL text in the queries ConfigMap. */
export const QUERIES_FILE_NAME = 'queries.sql';
/** `ksql.queries.file` in application (headless) mode. */
export const QUERIES_FILE = `${QUERIES_MOUNT_PATH}/${QUERIES_FILE_NAME}`;

const RF = 'from the Kafka cluster\'s replicationFactor';
const MIN_ISR = 'from the Kafka cluster\'s minInSyncReplicas';

/**
 * What user `properties` are checked against. Keys the library sets are refused with
 * the prop that controls them; for the Kafka Streams settings both the `ksql.streams.`
 * form and the un-prefixed form ksqlDB also accepts are refused, so neither can
 * silently win over the other.
 */
export const KSQLDB_PROPERTY_RULES: PropertyRules = {
  scope: ConfigScope.KSQLDB,
  what: 'ksqlDB server',
  owned: {
    'bootstrap.servers': 'from kafka.bootstrapServers',
    'ksql.streams.bootstrap.servers': 'from kafka.bootstrapServers',
    'listeners': `the REST listener is http(s)://0.0.0.0:${KSQLDB_PORT}`,
    ...Object.fromEntries(['keystore.location', 'keystore.type', 'keystore.password', 'key.password', 'truststore.location', 'truststore.type', 'truststore.password']
      .map(k => [`ssl.${k}`, 'the REST listener\'s TLS follows restTls'])),
    'authentication.method': 'use restAuthentication',
    'authentication.realm': 'use restAuthentication',
    'authentication.roles': 'use restAuthentication',
    'authentication.skip.paths': 'only the probes\' and the servers\' own paths are open, with restAuthentication',
    ...Object.fromEntries(['truststore.location', 'truststore.type', 'truststore.password'].map(k => [`ksql.schema.registry.ssl.${k}`, 'the servers trust the wired registry\'s CA'])),
    'ksql.schema.registry.basic.auth.credentials.source': 'the servers call the wired registry as their own caller',
    'ksql.schema.registry.basic.auth.user.info': 'the servers call the wired registry as their own caller',
    'ksql.advertised.listener': 'each server advertises its own pod DNS name',
    'ksql.service.id': 'use serviceId',
    'ksql.schema.registry.url': 'use schemaRegistry',
    'ksql.queries.file': 'use queries',
    'ksql.streams.state.dir': 'use stateStore',
    'state.dir': 'use stateStore',
    'ksql.internal.topic.replicas': RF,
    ...Object.fromEntries(CLIENT_SECURITY_KEYS.flatMap(k => [[k, 'the servers connect as their own user of the cluster'], [`ksql.streams.${k}`, 'the servers connect as their own user of the cluster']])),
    'ksql.internal.topic.min.insync.replicas': MIN_ISR,
    'ksql.streams.replication.factor': RF,
    'replication.factor': RF,
    'ksql.streams.topic.min.insync.replicas': MIN_ISR,
    'topic.min.insync.replicas': MIN_ISR,
    'ksql.logging.processing.topic.replication.factor': RF,
  },
};

/** What the server properties are rendered from. */
export interface KsqlServerPropertiesInput {
  readonly bootstrapServers: string;
  readonly serviceId: string;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly replicas: number;
  /** Interactive (REST API) mode; false in application (headless) mode. */
  readonly interactive: boolean;
  readonly schemaRegistryUrl?: string;
  /** User properties, already checked (no owned keys). */
  readonly properties: Readonly<Record<string, string>>;
}

/**
 * The ksqlDB server properties, sorted by key: the library's defaults, then the user's
 * properties over them, then the keys the library owns.
 *
 * Defaults the user may override, from ksqlDB's own production template
 * (confluentinc/ksql `config/ksql-production-server.properties`):
 * - the processing log topic is created (and, with the REST API, its stream), so
 *   records a query cannot process are visible instead of only logged;
 * - `acks=all` and unbounded producer timeouts, so a query pauses while Kafka is
 *   unavailable instead of failing;
 * - one standby replica of every state store when there is more than one server, so
 *   a server that stops hands its tables to a warm copy instead of restoring them from
 *   the changelog; with the REST API, pull queries may read standbys
 *   (`ksql.query.pull.enable.standby.reads`), which needs the servers' heartbeats and lag
 *   reports to know which copies are live and current.
 *
 * Owned keys: bootstrap servers, listener, service id, Schema Registry URL, state
 * directory, queries file, and the replication of every topic ksqlDB creates (command
 * topic, Kafka Streams changelog and repartition topics, processing log) from the
 * cluster's replication factor and `min.insync.replicas`.
 */
export function renderServerProperties(input: KsqlServerPropertiesInput): Record<string, string> {
  const defaults: Record<string, string> = {
    'ksql.logging.processing.topic.auto.create': 'true',
    'ksql.streams.producer.acks': 'all',
    'ksql.streams.producer.delivery.timeout.ms': '2147483647',
    'ksql.streams.producer.max.block.ms': '9223372036854775807',
  };
  // Headless mode cannot create the stream (StandaloneExecutor warns that it is unsupported).
  if (input.interactive) defaults['ksql.logging.processing.stream.auto.create'] = 'true';
  if (input.replicas > 1) {
    defaults['ksql.streams.num.standby.replicas'] = '1';
    if (input.interactive) {
      defaults['ksql.query.pull.enable.standby.reads'] = 'true';
      defaults['ksql.heartbeat.enable'] = 'true';
      defaults['ksql.lag.reporting.enable'] = 'true';
    }
  }

  const owned: Record<string, string> = {
    'bootstrap.servers': input.bootstrapServers,
    'listeners': `http://0.0.0.0:${KSQLDB_PORT}`,
    'ksql.service.id': input.serviceId,
    'ksql.streams.state.dir': STATE_DIR,
    'ksql.internal.topic.replicas': String(input.replicationFactor),
    'ksql.internal.topic.min.insync.replicas': String(input.minInSyncReplicas),
    'ksql.streams.replication.factor': String(input.replicationFactor),
    'ksql.streams.topic.min.insync.replicas': String(input.minInSyncReplicas),
    'ksql.logging.processing.topic.replication.factor': String(input.replicationFactor),
  };
  if (input.schemaRegistryUrl !== undefined) owned['ksql.schema.registry.url'] = input.schemaRegistryUrl;
  if (!input.interactive) owned['ksql.queries.file'] = QUERIES_FILE;

  const merged = { ...defaults, ...input.properties, ...owned };
  return sortedByKey(merged);
}

/**
 * The container environment that makes each server advertise its own pod DNS name
 * (`ksql.advertised.listener`), which needs the pod's name at run time.
 *
 * ksqlDB servers call each other on this address: pull queries are forwarded to the
 * server that hosts the key (or its standby), and heartbeats and lag reports go to
 * every server. Without it a server bound to 0.0.0.0 advertises its local host name,
 * which ksqlDB warns makes "intra-node communication only work between nodes running
 * on the same machine" (confluentinc/ksql `KsqlRestConfig.getInterNodeListener`).
 * Kubernetes expands `$(POD_NAME)` because POD_NAME is defined earlier in `env`.
 */
export function advertisedListenerEnv(headlessService: string, namespace: string | undefined, clusterDomain: string, scheme: string): k8s.EnvVar[] {
  const host = namespace === undefined
    ? `$(POD_NAME).${headlessService}`
    : `$(POD_NAME).${headlessService}.${namespace}.svc.${clusterDomain}`;
  return [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: propertyEnvName('KSQL_', 'ksql.advertised.listener'), value: `${scheme}://${host}:${KSQLDB_PORT}` },
  ];
}

/** The JAAS section of the servers' logins: their realm (`authentication.realm`, Confluent's documented name). */
export const KSQLDB_REALM = 'KsqlServer-Props';

/** Where the REST keystore password goes: the keystore, the key in it (ignored for PKCS#12), the truststore. */
export const KSQLDB_PASSWORD_ENV = ['ssl.keystore.password', 'ssl.key.password', 'ssl.truststore.password'].map(k => propertyEnvName('KSQL_', k));

/** Where the truststore's password goes when the certificate serves it alone. */
export const KSQLDB_TRUSTSTORE_PASSWORD_ENV = [propertyEnvName('KSQL_', 'ssl.truststore.password')];

/**
 * The REST listener's security (confluentinc/ksql KsqlRestConfig, AuthHandlers):
 *
 * - HTTPS from the PKCS#12 keystore (ksqlDB accepts JKS, PKCS12 and BCFKS, no PEM); the
 *   servers call each other on their advertised `https://` pod DNS name and trust
 *   `ssl.truststore.*`, the clients' CA (the internal client checks host names only with
 *   internal mutual TLS).
 * - HTTP basic, the JAAS section named by the realm, every caller with the role
 *   `authentication.roles` names (the default `*` is dropped by ksqlDB's role check,
 *   leaving no role allowed).
 * - Open paths: `/healthcheck` for the probes (ksqlDB keeps it open itself; named too for
 *   the releases that opened it only for plugins), and with more than one server
 *   `/heartbeat` and `/lag`, which the servers send each other without credentials
 *   (ksqlDB's own HA tests open them the same way). Pull queries forwarded to another
 *   server carry the caller's credentials.
 */
export function renderRestProperties(rest: ResolvedRest, heartbeats: boolean): Record<string, string> {
  const props: Record<string, string> = { listeners: `${rest.scheme}://0.0.0.0:${KSQLDB_PORT}` };
  if (rest.tls !== undefined) {
    Object.assign(props, { 'ssl.keystore.location': `${REST_TLS_DIR}/keystore.p12`, 'ssl.keystore.type': 'PKCS12' });
  }
  // The REST configuration checks ssl.truststore.type (JKS, PKCS12 or BCFKS) even over
  // plain HTTP, and the Kafka clients read the same keys: the certificate's PKCS#12
  // truststore serves both (without restTls, a certificate is kept for it alone).
  if ((rest.tls ?? rest.trustOnly) !== undefined) {
    Object.assign(props, { 'ssl.truststore.location': `${REST_TLS_DIR}/truststore.p12`, 'ssl.truststore.type': 'PKCS12' });
  }
  if (rest.basic) {
    Object.assign(props, {
      'authentication.method': 'BASIC',
      'authentication.realm': KSQLDB_REALM,
      'authentication.roles': REST_CALLER_ROLE,
      'authentication.skip.paths': ['/healthcheck', ...(heartbeats ? ['/heartbeat', '/lag'] : [])].join(','),
    });
  }
  return props;
}

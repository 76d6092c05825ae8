import { k8s } from 'cdk8s-plus-27';
import { ResolvedSchemaRegistry, SCHEMA_REGISTRY_PORT } from './resolve-schema-registry';
import { ClientSecurity, jaasEnv, prefixedClientProperties } from '../access/client-security';
import { renderComponentNetworkPolicy } from '../access/component-network';
import { serviceEgressRule } from '../access/egress';
import { jettyMajor, REST_CALLER_ROLE, REST_TLS_DIR, ResolvedRest } from '../access/rest-security';
import { wiredClientRules } from '../access/wired-clients';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { propertiesToEnv, propertyEnvName } from '../core/image-env';
import { heapOptions } from '../core/resources';
import { sortedByKey } from '../core/stable-order';
import { ConfluentVersion } from '../core/version';

const RUNTIME = COMPONENT_RUNTIME[ConfluentComponent.SCHEMA_REGISTRY];

/** The JAAS section of the registry's logins: its realm (`authentication.realm`). */
export const SCHEMA_REGISTRY_REALM = 'SchemaRegistry-Props';

/**
 * The one path callers reach without credentials: `GET /v1/metadata/id`
 * (`ServerMetadataResource`, the registry's id, held in memory), for the probes. A
 * Jetty path spec: exact, and never `/`, which would match every path.
 */
export const SCHEMA_REGISTRY_OPEN_PATH = '/v1/metadata/id';

/** Where the registry's REST keystore password goes: the keystore, the key in it, the truststore. */
export const SCHEMA_REGISTRY_PASSWORD_ENV = ['ssl.keystore.password', 'ssl.key.password', 'ssl.truststore.password'].map(k => propertyEnvName(RUNTIME.envPrefix, k));

/**
 * The REST listener's security (confluentinc/rest-utils RestConfig, read for 7.x and
 * 8.x):
 *
 * - HTTPS from the PKCS#12 keystore cert-manager writes (`ssl.keystore.type=PKCS12`,
 *   which rest-utils passes to Jetty), its password from the Secret by environment.
 * - `inter.instance.protocol=https`: followers forward writes to the leader over the
 *   https listener (with the default `http` and no http listener the registry refuses to
 *   start, "No listener configured with requested scheme"); the forwarding client trusts
 *   `ssl.truststore.*`, the clients' CA, and copies the caller's `Authorization` header.
 *   It does not check the leader's host name (`ssl.endpoint.identification.algorithm`
 *   is unset: the pods advertise their IP, which no certificate names).
 * - HTTP basic: `authentication.method=BASIC`, the JAAS section named by the realm,
 *   every caller with the role `authentication.roles` names, and only
 *   `SCHEMA_REGISTRY_OPEN_PATH` open.
 */
export function renderRestServerProperties(rest: ResolvedRest, version: ConfluentVersion): Record<string, string> {
  const props: Record<string, string> = {};
  if (rest.tls !== undefined) {
    Object.assign(props, {
      // From 8.0 (Jetty 12) the listener answers 400 "Invalid SNI" to a request whose
      // Host its certificate does not name, SNI sent or not (rest-utils
      // sni.host.check.enabled, on by default): the kubelet's probes and the followers
      // address a pod by its IP. Not a security control: callers verify the certificate.
      ...jettyMajor(version) >= 12 ? { 'sni.host.check.enabled': 'false' } : {},
      'inter.instance.protocol': 'https',
      'ssl.keystore.location': `${REST_TLS_DIR}/keystore.p12`,
      'ssl.keystore.type': 'PKCS12',
      'ssl.truststore.location': `${REST_TLS_DIR}/truststore.p12`,
      'ssl.truststore.type': 'PKCS12',
    });
  }
  if (rest.basic) {
    Object.assign(props, {
      'authentication.method': 'BASIC',
      'authentication.realm': SCHEMA_REGISTRY_REALM,
      'authentication.roles': REST_CALLER_ROLE,
      'authentication.skip.paths': SCHEMA_REGISTRY_OPEN_PATH,
    });
  }
  return props;
}

/**
 * The properties the library renders, as `schema-registry.properties` keys. User
 * `properties` (already checked against the owned keys) are merged in.
 *
 * - `kafkastore.bootstrap.servers`: every `host:port` with the security protocol as a
 *   scheme. Schema Registry keeps only entries whose scheme matches
 *   `kafkastore.security.protocol` and prefixes bare ones with it
 *   (confluentinc/schema-registry `SchemaRegistryConfig.endpointsToBootstrapServers`,
 *   issue #790), so the scheme and the protocol are rendered from one value.
 * - `kafkastore.topic.replication.factor`: the cluster's. Schema Registry creates the
 *   topic itself when missing, with one partition, `cleanup.policy=compact` and
 *   `min(factor, live brokers)` replicas, and refuses to start on an existing topic that
 *   is not compacted (`KafkaStore.createOrVerifySchemaTopic`).
 * - `leader.eligibility=true`: any instance can become the leader that all writes go to;
 *   `false` on every instance of a read-only registry, whose store topic another
 *   registry writes (through a mirror): it serves reads, and with no leader it takes no
 *   write (Confluent's multi-datacenter secondaries work this way).
 * - `host.name` is not here: it is the pod IP, set on the container (`containerEnv`).
 */
export function renderSchemaRegistryProperties(r: ResolvedSchemaRegistry, security: ClientSecurity, rest: ResolvedRest): Record<string, string> {
  const rendered: Record<string, string> = {
    'listeners': `${rest.scheme}://0.0.0.0:${SCHEMA_REGISTRY_PORT}`,
    ...renderRestServerProperties(rest, r.version),
    'leader.eligibility': String(!r.readOnly),
    'kafkastore.bootstrap.servers': r.bootstrapServers.split(',').map(s => `${security.protocol}://${s}`).join(','),
    'kafkastore.topic': r.topic,
    'kafkastore.topic.replication.factor': String(r.replicationFactor),
    'schema.registry.group.id': r.groupId,
    // The store's clients connect as the registry's user.
    ...prefixedClientProperties(security, ['kafkastore.']),
    ...r.properties,
  };
  return sortedByKey(rendered);
}

/**
 * The ConfigMap environment of the registry: the properties as `SCHEMA_REGISTRY_*`
 * variables (the image's `configure` renders every one into
 * `/etc/schema-registry/schema-registry.properties`) and the fixed heap. Never
 * `SCHEMA_REGISTRY_PORT`: the image's `configure` exits 1 when it is set
 * (schema-registry-images `configure`).
 */
export function schemaRegistryConfigEnv(r: ResolvedSchemaRegistry, security: ClientSecurity, rest: ResolvedRest): Record<string, string> {
  return {
    ...propertiesToEnv(RUNTIME.envPrefix, renderSchemaRegistryProperties(r, security, rest)),
    [RUNTIME.heapEnv]: heapOptions(r.heapBytes),
  };
}

/**
 * Environment set on the container itself: the pod IP from the downward API, and
 * `host.name` from it through Kubernetes' `$(VAR)` expansion (which applies to `env`
 * values, not to `envFrom` ConfigMaps). A follower forwards every write to the leader
 * at `http://<leader host.name>:<port>`, and pods of a Deployment have no stable DNS
 * name, so the pod IP is the address the other instances can reach. Then the store's
 * JAAS line, from the user's credentials Secret.
 */
export function schemaRegistryContainerEnv(security: ClientSecurity): k8s.EnvVar[] {
  return [
    { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    { name: `${RUNTIME.envPrefix}HOST_NAME`, value: '$(POD_IP)' },
    ...jaasEnv(security, [`${RUNTIME.envPrefix}KAFKASTORE_SASL_JAAS_CONFIG`]),
  ];
}

/** The three probes of a registry container. */
export interface SchemaRegistryProbes {
  readonly startup: k8s.Probe;
  readonly readiness: k8s.Probe;
  readonly liveness: k8s.Probe;
}

/**
 * Probes on the REST endpoints Schema Registry really serves. Read in
 * confluentinc/schema-registry (core/src/main/java/io/confluent/kafka/schemaregistry/rest):
 *
 * - No REST resource serves a health check (`SchemaRegistryRestApplication.setupResources`
 *   registers Root, Config, Contexts, Subjects, Schemas, SubjectVersions, Compatibility,
 *   Mode and ServerMetadata; issue #1267 "Health check endpoint" is open).
 *   `KafkaSchemaRegistry.healthy()` (with `enable.store.health.check`, 7.7+) exists, but
 *   we found no documented path that serves it, so nothing here relies on it.
 *   `GET /v1/metadata/id` only returns ids held in memory.
 * - `GET /` (`RootResource`) is a no-op returning `{}`; its own comment says it "can be
 *   used to check for liveness". It answers whether or not Kafka is reachable.
 * - `KafkaSchemaRegistry.init()` (create or verify the topic, read it to the end, join
 *   the leader election) runs from `configureBaseApplication`, before Jetty listens, so
 *   port 8081 answers only once the registry holds every schema.
 * - `GET /config` (`ConfigResource.getTopLevelConfig`) reads the global compatibility
 *   level through the store and fails with 500 on a store error: a small, constant
 *   response that exercises the path every read takes.
 *
 * Startup allows 5 minutes: the image's `ensure` waits up to 40 s for Kafka
 * (`ub kafka-ready 1 40`, schema-registry-images `ensure`) and exits when it is not
 * there, then the store may create the topic (`kafkastore.init.timeout.ms`, 60 s) and
 * read it. Readiness takes a pod out of the Service when it cannot answer reads from its
 * store. With HTTP basic the kubelet has no credentials, so every probe asks
 * `SCHEMA_REGISTRY_OPEN_PATH` (answered once init has run, from memory): readiness then
 * no longer exercises the store. With HTTPS the kubelet does not verify the certificate. Liveness only asks whether the JVM answers HTTP at all, for a minute: a registry
 * whose Kafka is away keeps serving reads from memory and must not be restarted for it
 * (it fails writes until Kafka is back, which a restart would not fix).
 */
export function schemaRegistryProbes(rest: ResolvedRest): SchemaRegistryProbes {
  const get = (path: string) => ({
    path: rest.basic ? SCHEMA_REGISTRY_OPEN_PATH : path, port: k8s.IntOrString.fromString(rest.scheme), scheme: rest.scheme.toUpperCase(),
  });
  return {
    startup: { httpGet: get('/'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 },
    readiness: { httpGet: get('/config'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 },
    liveness: { httpGet: get('/'), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  };
}

/** What the registry's NetworkPolicy needs besides the model. */
export interface SchemaRegistryPolicyInput {
  /** Components wired to the registry. */
  readonly clients: ReadonlyArray<Readonly<Record<string, string>>>;
  /** The brokers' client ports and pods (egress). */
  readonly kafkaPorts: readonly number[];
  readonly brokerPodLabels?: Readonly<Record<string, string>>;
  /** The metrics port, when monitoring is on. */
  readonly metricsPort?: number;
}

/**
 * The registry's NetworkPolicy: port 8081 admits the other instances (followers forward
 * writes to the leader), the wired components by name, and the peers; the metrics port
 * (with monitoring) admits the metrics peers; with egress rules
 * the pods reach the brokers, the other instances and DNS only.
 */
export function renderSchemaRegistryNetworkPolicy(r: ResolvedSchemaRegistry, input: SchemaRegistryPolicyInput): k8s.NetworkPolicySpec {
  const ports = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(SCHEMA_REGISTRY_PORT) }];
  return renderComponentNetworkPolicy(r.network, {
    selector: r.selector,
    peerPorts: ports,
    ingress: [{ from: [{ podSelector: { matchLabels: { ...r.selector } } }], ports }, ...wiredClientRules(input.clients, ports)],
    egress: [serviceEgressRule(input.kafkaPorts, input.brokerPodLabels), serviceEgressRule([SCHEMA_REGISTRY_PORT], r.selector)],
    metricsPort: input.metricsPort,
    namespace: r.namespace,
  });
}

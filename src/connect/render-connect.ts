import { k8s } from 'cdk8s-plus-27';
import { ConnectConverter } from './connect-props';
import { renderInstallScript } from './connector-job-script';
import { CONNECTOR_SECRETS_DIR } from './connector-secret';
import { CONNECT_REST_PORT, needsRegistry, ResolvedConnect, WORKER_CLIENT_PREFIXES } from './resolve-connect';
import { peerEgressRules } from '../access/client-peer';
import { ClientSecurity, jaasEnv, prefixedClientProperties } from '../access/client-security';
import { renderComponentNetworkPolicy } from '../access/component-network';
import { portsOf, serviceEgressRule } from '../access/egress';
import { REST_TLS_DIR, ResolvedRest } from '../access/rest-security';
import { CURL_USER } from '../core/curl-image';
import { propertiesToEnv, propertyEnvName } from '../core/image-env';
import { fitName, NameLimit, normalize, shortHash } from '../core/naming';
import { restrictedContainerSecurityContext } from '../core/pod-security';
import { heapOptions } from '../core/resources';
import { RegistryClientSettings } from '../schema-registry/schema-registry-ref';

/** Where the init container installs plugins, on the workers' plugin path. */
export const PLUGIN_DIR = '/opt/connect-plugins';

const CONVERTER_CLASS: Record<ConnectConverter, string> = {
  [ConnectConverter.AVRO]: 'io.confluent.connect.avro.AvroConverter',
  [ConnectConverter.PROTOBUF]: 'io.confluent.connect.protobuf.ProtobufConverter',
  [ConnectConverter.JSON_SCHEMA]: 'io.confluent.connect.json.JsonSchemaConverter',
  [ConnectConverter.JSON]: 'org.apache.kafka.connect.json.JsonConverter',
  [ConnectConverter.STRING]: 'org.apache.kafka.connect.storage.StringConverter',
};

/**
 * The worker properties: group and internal topics from the group id, replicated like
 * the cluster; converters (schemaless JSON without schemas, a registry URL for schema
 * converters); the REST listener; the plugin path; connector secrets read as mounted
 * files through the directory config provider, limited to their mount (KIP-297, KIP-632,
 * KIP-993); the clients' security as the workers' user. User properties go over it.
 */
export function renderWorkerProperties(
  r: ResolvedConnect, security: ClientSecurity, rest: ResolvedRest, registry?: RegistryClientSettings,
): Record<string, string> {
  const worker: Record<string, string> = {
    'bootstrap.servers': r.bootstrapServers,
    'group.id': r.groupId,
    'config.storage.topic': `${r.groupId}-configs`,
    'offset.storage.topic': `${r.groupId}-offsets`,
    'status.storage.topic': `${r.groupId}-status`,
    'config.storage.replication.factor': String(r.replicationFactor),
    'offset.storage.replication.factor': String(r.replicationFactor),
    'status.storage.replication.factor': String(r.replicationFactor),
    'key.converter': CONVERTER_CLASS[r.keyConverter],
    'value.converter': CONVERTER_CLASS[r.converter],
    'listeners': `${rest.scheme}://0.0.0.0:${CONNECT_REST_PORT}`,
    ...renderRestListenerProperties(rest),
    'plugin.path': `/usr/share/java,/usr/share/confluent-hub-components,${PLUGIN_DIR}`,
    'config.providers': 'directory',
    'config.providers.directory.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    'config.providers.directory.param.allowed.paths': CONNECTOR_SECRETS_DIR,
  };
  for (const [side, c] of [['key', r.keyConverter], ['value', r.converter]] as const) {
    if (needsRegistry(c)) worker[`${side}.converter.schema.registry.url`] = r.schemaRegistryUrl!;
    if (c === ConnectConverter.JSON) worker[`${side}.converter.schemas.enable`] = 'false';
  }
  Object.assign(worker, prefixedClientProperties(security, WORKER_CLIENT_PREFIXES), registry?.properties ?? {});
  return { ...worker, ...r.properties };
}

/** Connect's basic-auth REST extension (apache/kafka connect/basic-auth-extension, in the image's Kafka libraries). */
export const BASIC_AUTH_EXTENSION = 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension';

/** The login the extension runs: its JAAS section is fixed (`KafkaConnect`), its users file `user: password`. */
export const CONNECT_LOGIN = {
  section: 'KafkaConnect',
  loginModule: 'org.apache.kafka.connect.rest.basic.auth.extension.PropertyFileLoginModule',
  roles: false,
};

/** Where the REST keystore password goes: keystore, key and truststore of the https listener. */
export const CONNECT_PASSWORD_ENV = ['keystore.password', 'key.password', 'truststore.password'].map(k => propertyEnvName('CONNECT_', `listeners.https.ssl.${k}`));

/**
 * The REST listener's security (apache/kafka connect/runtime RestServer, RestClient,
 * SSLUtils; connect/basic-auth-extension):
 *
 * - HTTPS from the PKCS#12 keystore (Jetty's SslContextFactory reads JCA keystores only,
 *   no PEM), under the `listeners.https.` prefix: when any key has it, the REST server
 *   and the client that forwards to the leader read only prefixed keys, so the workers'
 *   own `ssl.*` Kafka client settings never mix in. The workers advertise `https` and
 *   their pod DNS name, which the certificate names: the forwarding client verifies the
 *   leader's name (Jetty's default endpoint identification) against the clients' CA.
 * - HTTP basic by `BasicAuthSecurityRestExtension`, the JAAS section `KafkaConnect`.
 *   Forwarded requests carry the caller's `Authorization`; the workers' signed internal
 *   requests (task configs, fencing) are let through by the extension itself.
 */
export function renderRestListenerProperties(rest: ResolvedRest): Record<string, string> {
  const props: Record<string, string> = {};
  if (rest.tls !== undefined) {
    Object.assign(props, {
      'rest.advertised.listener': 'https',
      'listeners.https.ssl.keystore.location': `${REST_TLS_DIR}/keystore.p12`,
      'listeners.https.ssl.keystore.type': 'PKCS12',
      'listeners.https.ssl.truststore.location': `${REST_TLS_DIR}/truststore.p12`,
      'listeners.https.ssl.truststore.type': 'PKCS12',
    });
  }
  if (rest.basic) props['rest.extension.classes'] = BASIC_AUTH_EXTENSION;
  return props;
}

/**
 * The ConfigMap environment: the worker properties as `CONNECT_*` variables, the REST
 * port the image's configure step reads (`[ -z "$CONNECT_REST_PORT" ]` under bash's
 * nounset; the run script no longer sets it, kafka-images kafka-connect-base configure),
 * and the fixed heap.
 */
export function connectConfigEnv(
  r: ResolvedConnect, security: ClientSecurity, rest: ResolvedRest, registry?: RegistryClientSettings,
): Record<string, string> {
  return {
    ...propertiesToEnv('CONNECT_', renderWorkerProperties(r, security, rest, registry)),
    CONNECT_REST_PORT: String(CONNECT_REST_PORT),
    KAFKA_HEAP_OPTS: heapOptions(r.heapBytes),
  };
}

/**
 * Environment on the container: workers forward requests to the leader at their
 * advertised host, each worker's own DNS name under the headless Service (which the
 * REST certificate names; Kubernetes expands `$(POD_NAME)`, defined first); the JAAS
 * line of every client prefix from the user's Secret.
 */
export function connectContainerEnv(r: ResolvedConnect, security: ClientSecurity): k8s.EnvVar[] {
  const host = r.namespace === undefined
    ? `$(POD_NAME).${r.headlessService}`
    : `$(POD_NAME).${r.headlessService}.${r.namespace}.svc.${r.clusterDomain}`;
  return [
    { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'CONNECT_REST_ADVERTISED_HOST_NAME', value: host },
    ...jaasEnv(security, WORKER_CLIENT_PREFIXES.map(p => propertyEnvName('CONNECT_', `${p}sasl.jaas.config`))),
  ];
}

/** The plugin installer (an init container with curl), when there are plugins. */
export function installPluginsContainer(r: ResolvedConnect): k8s.Container | undefined {
  if (r.plugins.length === 0) return undefined;
  const script = renderInstallScript(PLUGIN_DIR, r.plugins);
  return {
    name: 'install-plugins',
    image: r.toolImage,
    imagePullPolicy: r.imagePullPolicy,
    command: script.command,
    env: script.env,
    resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('256Mi') } },
    securityContext: restrictedContainerSecurityContext(CURL_USER),
    volumeMounts: [{ name: 'plugins', mountPath: PLUGIN_DIR }, { name: 'install-tmp', mountPath: '/tmp' }],
  };
}

/** The plugin volume, and the installer's scratch space when there are plugins. */
export function pluginVolumes(r: ResolvedConnect): k8s.Volume[] {
  return [
    { name: 'plugins', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } },
    ...(r.plugins.length === 0 ? [] : [{ name: 'install-tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } }]),
  ];
}

/** The three probes of a worker. */
export interface ConnectProbes {
  readonly startupProbe: k8s.Probe;
  readonly readinessProbe: k8s.Probe;
  readonly livenessProbe: k8s.Probe;
}

/**
 * `GET /health` (Kafka 3.9+, KIP-1017, every supported line) answers 200 only once the
 * worker has joined its group and read the config topic, 503 while starting, 500 when
 * an internal check times out; `GET /` (server info) answers as soon as REST is up.
 * Joining the group and reading the config topic takes a while on first start. Liveness
 * only asks whether the REST server answers: a worker that is slow to rejoin its group
 * is not restarted for it.
 *
 * With HTTP basic no path is open (the extension exempts only the workers' signed
 * internal requests) and the kubelet has no credentials, so the probes only check that
 * the REST port accepts connections: a worker still joining its group is then in the
 * Service, and callers see its 503 or 409 (the apply Jobs retry on both).
 */
export function connectProbes(rest: ResolvedRest, host: string): ConnectProbes {
  const get = (path: string): k8s.HttpGetAction => ({
    path,
    port: k8s.IntOrString.fromString(rest.scheme),
    scheme: rest.scheme.toUpperCase(),
    // Jetty 12 (Kafka 4.x) answers 400 "Invalid SNI" to a Host its certificate does not
    // name, and the kubelet sends the pod IP: send the Service's name, which it does.
    httpHeaders: rest.tls === undefined ? undefined : [{ name: 'Host', value: host }],
  });
  const probe = (path: string, failureThreshold: number): k8s.Probe => ({
    ...(rest.basic ? { tcpSocket: { port: k8s.IntOrString.fromString(rest.scheme) } } : { httpGet: get(path) }),
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold,
  });
  return { startupProbe: probe('/health', 30), readinessProbe: probe('/health', 3), livenessProbe: probe('/', 6) };
}

/**
 * A Secret connectors read, mounted read-only where their references point. The volume
 * is named after the Secret, so adding another Secret renames none of the others.
 */
export function connectorSecretVolume(secretName: string): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  const label = normalize(secretName);
  // Secret names may hold dots, which volume names may not: two names that differ only
  // there get the hash of the full name.
  const name = fitName(label === secretName ? `connector-secret-${label}` : `connector-secret-${label}-${shortHash(secretName)}`, NameLimit.LABEL);
  return {
    // Optional: a missing Secret fails only the connector that reads it, not every worker.
    volume: { name, secret: { secretName, optional: true } },
    mount: { name, mountPath: `${CONNECTOR_SECRETS_DIR}/${secretName}`, readOnly: true },
  };
}

/** What the Connect NetworkPolicy needs besides the model. */
export interface ConnectPolicyInput {
  readonly brokerPodLabels?: Readonly<Record<string, string>>;
  /** The wired registry's URL and pods (egress). */
  readonly schemaRegistry?: { readonly url: string; readonly podLabels?: Readonly<Record<string, string>> };
  /** The metrics port, when monitoring is on. */
  readonly metricsPort?: number;
}

/**
 * The NetworkPolicy over the workers and the connector Jobs: the REST API (no
 * authentication, and a connector runs code) admits only the workers (request
 * forwarding), the connector Jobs and the peers; the Jobs' pods accept nothing else.
 * With egress rules they reach the brokers, the workers' REST port, the registry, DNS,
 * the `egressPeers` and, with plugins to download, HTTPS anywhere.
 */
export function renderConnectNetworkPolicy(r: ResolvedConnect, input: ConnectPolicyInput): k8s.NetworkPolicySpec {
  const ports = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(CONNECT_REST_PORT) }];
  const registry = input.schemaRegistry;
  return renderComponentNetworkPolicy(r.network, {
    selector: r.instanceSelector,
    peerPorts: ports,
    ingress: [{ from: [{ podSelector: { matchLabels: { ...r.instanceSelector } } }], ports }],
    egress: [
      serviceEgressRule(portsOf(r.bootstrapServers), input.brokerPodLabels),
      serviceEgressRule([CONNECT_REST_PORT], r.instanceSelector),
      ...(registry === undefined ? [] : [serviceEgressRule(portsOf(registry.url), registry.podLabels)]),
      ...(r.plugins.length === 0 ? [] : [serviceEgressRule([443], undefined)]),
      ...peerEgressRules(r.egressPeers, r.namespace),
    ],
    metricsPort: input.metricsPort,
    namespace: r.namespace,
  });
}

import { k8s } from 'cdk8s-plus-27';
import { ResolvedKsqlDb } from './resolve-ksqldb';
import { advertisedListenerEnv, KSQLDB_PORT, QUERIES_MOUNT_PATH, renderRestProperties, STATE_MOUNT_PATH } from './server-properties';
import { KsqlStateStoreKind } from './state-store';
import { ClientSecurity, jaasEnv, prefixedClientProperties } from '../access/client-security';
import { renderComponentNetworkPolicy } from '../access/component-network';
import { portsOf, serviceEgressRule } from '../access/egress';
import { ResolvedRest } from '../access/rest-security';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { headlessServiceName } from '../core/component-workload';
import { propertiesToEnv } from '../core/image-env';
import { heapOptions } from '../core/resources';
import { ClaimedDisk, sizedEmptyDir, volumeClaimTemplate } from '../core/volumes';
import { RegistryClientSettings } from '../schema-registry/schema-registry-ref';

const RUNTIME = COMPONENT_RUNTIME[ConfluentComponent.KSQLDB];

/** Name of the ConfigMap holding the SQL of application mode. */
export function queriesConfigMapName(k: Pick<ResolvedKsqlDb, 'name'>): string {
  return `${k.name}-queries`;
}

/** The state store (an emptyDir, or a claim per server) and, in application mode, the queries file. */
export interface KsqlVolumes {
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
  readonly claimTemplates?: k8s.KubePersistentVolumeClaimProps[];
  /** The state store's disk, when persistent (a claim per server once it has grown). */
  readonly claimedDisks?: ClaimedDisk[];
}

/** The volumes of a ksqlDB server. */
export function renderKsqlVolumes(k: ResolvedKsqlDb): KsqlVolumes {
  const volumes: k8s.Volume[] = [];
  const mounts: k8s.VolumeMount[] = [{ name: 'state', mountPath: STATE_MOUNT_PATH }];
  const persistent = k.stateStore.kind === KsqlStateStoreKind.PERSISTENT;
  if (!persistent) volumes.push(sizedEmptyDir('state', k.stateStore.sizeLimit!));
  if (k.queries !== undefined) {
    volumes.push({ name: 'queries', configMap: { name: queriesConfigMapName(k) } });
    mounts.push({ name: 'queries', mountPath: QUERIES_MOUNT_PATH, readOnly: true });
  }
  const disk = { size: k.stateStore.size!, storageClass: k.stateStore.storageClass, initialSize: k.stateStore.initialSize };
  return {
    volumes,
    mounts,
    claimTemplates: persistent ? [volumeClaimTemplate('state', disk)] : undefined,
    claimedDisks: persistent ? [{ template: 'state', disk }] : undefined,
  };
}

/**
 * The ConfigMap environment: the server properties and the client security settings as
 * `KSQL_*` variables, the fixed heap, and the processing log's Kafka appender.
 */
export function ksqlConfigEnv(
  k: ResolvedKsqlDb, security: ClientSecurity, rest: ResolvedRest, registry?: RegistryClientSettings,
): Record<string, string> {
  const heartbeats = k.serverProperties['ksql.heartbeat.enable'] === 'true' || k.serverProperties['ksql.lag.reporting.enable'] === 'true';
  return {
    // The REST listener's truststore last: ksqlDB's Kafka clients read the same
    // top-level ssl.truststore.* keys, and its truststore.p12 holds the clients' CA, which
    // also signed the brokers' listener certificate.
    ...propertiesToEnv(RUNTIME.envPrefix, {
      ...k.serverProperties,
      ...prefixedClientProperties(security, ['']),
      ...registry?.properties,
      ...(k.interactive ? renderRestProperties(rest, heartbeats) : {}),
    }),
    [RUNTIME.heapEnv]: heapOptions(k.heapBytes),
    ...processingLogAppenderEnv(k, security),
  };
}

/**
 * The image's log4j2 template adds the processing logger's Kafka appender only when
 * these are set (ksql-images cp-ksqldb-server log4j2.yaml.template), and gives it no
 * security settings: on a cluster that encrypts or authenticates it could not connect,
 * so there the processing log goes to the container log only (the topic stays empty).
 */
function processingLogAppenderEnv(k: ResolvedKsqlDb, security: ClientSecurity): Record<string, string> {
  if (security.protocol !== 'PLAINTEXT') return {};
  return {
    KSQL_LOG4J_PROCESSING_LOG_BROKERLIST: k.bootstrapServers,
    KSQL_LOG4J_PROCESSING_LOG_TOPIC: `${k.serviceId}ksql_processing_log`,
  };
}

/** Environment on the container: the advertised listener (interactive mode) and the JAAS line. */
export function ksqlContainerEnv(k: ResolvedKsqlDb, security: ClientSecurity, rest: ResolvedRest): k8s.EnvVar[] {
  return [
    ...(k.interactive ? advertisedListenerEnv(headlessServiceName(k.name), k.namespace, k.clusterDomain, rest.scheme) : []),
    ...jaasEnv(security, [`${RUNTIME.envPrefix}SASL_JAAS_CONFIG`]),
  ];
}

/** What the servers' NetworkPolicy needs besides the model. */
export interface KsqlPolicyInput {
  readonly kafkaBootstrapServers: string;
  readonly brokerPodLabels?: Readonly<Record<string, string>>;
  /** The wired registry's URL and pods (egress). */
  readonly schemaRegistry?: { readonly url: string; readonly podLabels?: Readonly<Record<string, string>> };
  /** The metrics port, when monitoring is on. */
  readonly metricsPort?: number;
}

/**
 * The servers' NetworkPolicy: in interactive mode port 8088 admits the other servers
 * (pull-query forwarding, heartbeats, lag reports) and the peers; in application mode
 * nothing. With egress rules the pods reach the brokers, each other and the registry.
 */
export function renderKsqlNetworkPolicy(k: ResolvedKsqlDb, input: KsqlPolicyInput): k8s.NetworkPolicySpec {
  const port: k8s.NetworkPolicyPort = { protocol: 'TCP', port: k8s.IntOrString.fromNumber(KSQLDB_PORT) };
  const registry = input.schemaRegistry;
  return renderComponentNetworkPolicy(k.network, {
    selector: k.selector,
    peerPorts: k.interactive ? [port] : undefined,
    ingress: k.interactive ? [{ from: [{ podSelector: { matchLabels: { ...k.selector } } }], ports: [port] }] : [],
    egress: [
      serviceEgressRule(portsOf(input.kafkaBootstrapServers), input.brokerPodLabels),
      serviceEgressRule([KSQLDB_PORT], k.selector),
      ...(registry === undefined ? [] : [serviceEgressRule(portsOf(registry.url), registry.podLabels)]),
    ],
    metricsPort: input.metricsPort,
    namespace: k.namespace,
  });
}

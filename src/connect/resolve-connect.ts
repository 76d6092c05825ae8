import { Size } from 'cdk8s';
import { ContainerResources, Cpu } from 'cdk8s-plus-27';
import { IConstruct } from 'constructs';
import { ConnectConverter, ConnectProps } from './connect-props';
import { ResolvedPlugin, resolvePlugins } from './connector-plugin';
import { Acl, AclOperation, AclPatternType } from '../access/acl';
import { checkPeers, ClientPeer } from '../access/client-peer';
import { CLIENT_SECURITY_KEYS } from '../access/client-security';
import { ResolvedComponentNetwork, resolveComponentNetwork } from '../access/component-network';
import { ConfluentComponent } from '../core/component';
import { ResolvedComponentSettings, resolveComponentSettings } from '../core/component-settings';
import { checkKafkaReference } from '../core/component-wiring';
import { headlessServiceName } from '../core/component-workload';
import { ConfigScope } from '../core/config-keys';
import { CURL_IMAGE } from '../core/curl-image';
import { Rule } from '../core/errors';
import { finishedJobTtlSeconds } from '../core/finished-job-ttl';
import { checkImageReference } from '../core/image';
import { recommendedLabels, selectorLabels } from '../core/labels';
import { serviceHost } from '../core/naming';
import { HEAP_RULES } from '../core/resources';
import { resolveComponentMonitoring } from '../observability/component-monitoring';
import { ResolvedLogging, resolveComponentLogging } from '../observability/logging';
import { ResolvedMonitoring } from '../observability/monitoring';

/** Port of the REST API. */
export const CONNECT_REST_PORT = 8083;

/** Workers when `replicas` is not given: one can restart while two work. */
export const DEFAULT_REPLICAS = 3;

/** Default worker resources: 2 GiB (a 1.5 GiB heap under HEAP_RULES.CONNECT) and half a CPU. */
export const DEFAULT_RESOURCES: ContainerResources = {
  memory: { request: Size.gibibytes(2) },
  cpu: { request: Cpu.millis(500) },
};

const SCHEMA_CONVERTERS: readonly ConnectConverter[] = [ConnectConverter.AVRO, ConnectConverter.PROTOBUF, ConnectConverter.JSON_SCHEMA];

/** Whether a converter needs a Schema Registry. */
export function needsRegistry(converter: ConnectConverter): boolean {
  return SCHEMA_CONVERTERS.includes(converter);
}

/** Client prefixes of a worker: its own clients and those it makes for connectors all connect as its user. */
export const WORKER_CLIENT_PREFIXES = ['', 'producer.', 'consumer.', 'admin.'] as const;

/** Worker keys the library sets, with the prop to use instead. */
export const OWNED_WORKER_KEYS: Readonly<Record<string, string>> = {
  'bootstrap.servers': 'the worker connects to the kafka prop\'s cluster',
  'group.id': 'set groupId',
  'config.storage.topic': 'internal topics derive from groupId',
  'offset.storage.topic': 'internal topics derive from groupId',
  'status.storage.topic': 'internal topics derive from groupId',
  'config.storage.replication.factor': 'internal topics follow the Kafka cluster\'s replication factor',
  'offset.storage.replication.factor': 'internal topics follow the Kafka cluster\'s replication factor',
  'status.storage.replication.factor': 'internal topics follow the Kafka cluster\'s replication factor',
  'key.converter': 'set converter',
  'value.converter': 'set converter',
  'rest.port': `the REST listener is http(s)://0.0.0.0:${CONNECT_REST_PORT}`,
  'listeners': `the REST listener is http(s)://0.0.0.0:${CONNECT_REST_PORT}`,
  'rest.advertised.host.name': 'each worker advertises its pod DNS name, which its certificate names',
  'rest.advertised.listener': 'it follows restTls',
  'rest.extension.classes': 'HTTP basic follows restAuthentication',
  ...Object.fromEntries(['keystore.location', 'keystore.type', 'keystore.password', 'key.password', 'truststore.location', 'truststore.type', 'truststore.password', 'endpoint.identification.algorithm']
    .map(k => [`listeners.https.ssl.${k}`, 'the REST listener\'s TLS follows restTls'])),
  'plugin.path': 'add plugins with the plugins prop',
  'config.providers': 'connector secrets use the directory provider; set secrets on the connector',
  ...Object.fromEntries(WORKER_CLIENT_PREFIXES.flatMap(p => CLIENT_SECURITY_KEYS.map(k => [`${p}${k}`, 'the workers connect as their own user of the cluster']))),
};

/** Where the Connect objects live, known to the construct only. */
export interface ConnectPlacement {
  readonly name: string;
  readonly namespace?: string;
}

/** A Connect cluster with every default applied and every input checked. */
export interface ResolvedConnect extends ResolvedComponentSettings {
  /** Monitoring; undefined when off. */
  readonly monitoring?: ResolvedMonitoring;
  /** The library's log4j file; undefined for the image's own. */
  readonly logging?: ResolvedLogging;
  readonly name: string;
  readonly namespace?: string;
  readonly groupId: string;
  readonly converter: ConnectConverter;
  readonly keyConverter: ConnectConverter;
  readonly plugins: readonly ResolvedPlugin[];
  /** Image of the plugin installer and the connector apply Jobs. */
  readonly toolImage: string;
  /** `ttlSecondsAfterFinished` of the connector apply Jobs. */
  readonly finishedJobTtlSeconds: number;
  /** DNS name of the client Service. */
  readonly host: string;
  /** The headless Service that names each worker (`<pod>.<headless>...`). */
  readonly headlessService: string;
  readonly bootstrapServers: string;
  readonly replicationFactor: number;
  readonly schemaRegistryUrl?: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Selector of the workers. */
  readonly selector: Readonly<Record<string, string>>;
  /** Selector of the workers and the connector Jobs (both talk to the REST API). */
  readonly instanceSelector: Readonly<Record<string, string>>;
  readonly network: ResolvedComponentNetwork;
  readonly egressPeers: readonly ClientPeer[];
}

/**
 * Applies defaults to a Connect cluster's props and checks them: the shared component
 * settings, group id, converters (a schema converter needs a registry), plugins, the
 * tool image and the network settings.
 */
export function resolveConnect(scope: IConstruct, props: ConnectProps, placement: ConnectPlacement): ResolvedConnect {
  checkKafkaReference(scope, 'kafka', props?.kafka);
  const kafka = props.kafka;
  const { name, namespace } = placement;
  const groupId = props.groupId ?? (namespace === undefined ? name : `${namespace}.${name}`);
  const converter = props.converter ?? (props.schemaRegistry ? ConnectConverter.AVRO : ConnectConverter.JSON);
  const keyConverter = props.keyConverter ?? ConnectConverter.STRING;
  const rules: Rule[] = [
    { when: typeof groupId !== 'string' || !/^[A-Za-z0-9._-]{1,200}$/.test(groupId), prop: 'groupId', value: groupId, why: 'it prefixes topic names, so it may only hold letters, digits, ".", "_" and "-"', fix: 'Use e.g. "orders-connect"' },
    { when: !Object.values(ConnectConverter).includes(converter), prop: 'converter', value: converter, why: 'it is not a ConnectConverter', fix: 'Use e.g. ConnectConverter.AVRO' },
    { when: !Object.values(ConnectConverter).includes(keyConverter), prop: 'keyConverter', value: keyConverter, why: 'it is not a ConnectConverter', fix: 'Use e.g. ConnectConverter.STRING' },
    {
      when: (needsRegistry(converter) || needsRegistry(keyConverter)) && props.schemaRegistry === undefined,
      prop: needsRegistry(converter) ? 'converter' : 'keyConverter',
      value: needsRegistry(converter) ? converter : keyConverter,
      why: 'this converter needs a Schema Registry',
      fix: 'Pass schemaRegistry, or use ConnectConverter.JSON',
    },
  ];
  const settings = resolveComponentSettings(scope, props, { name, kafka, schemaRegistry: props.schemaRegistry }, {
    component: ConfluentComponent.CONNECT,
    replicas: DEFAULT_REPLICAS,
    resources: DEFAULT_RESOURCES,
    heapRule: HEAP_RULES.CONNECT,
    properties: { scope: ConfigScope.CONNECT_WORKER, what: 'Connect worker', owned: OWNED_WORKER_KEYS },
    reservedEnv: ['POD_NAME'],
    rules,
  });
  const parts = { name: 'kafka-connect', instance: name, component: 'connect' };
  return {
    ...settings,
    name,
    namespace,
    groupId,
    converter,
    keyConverter,
    plugins: resolvePlugins(scope, props.plugins),
    toolImage: checkImageReference(scope, 'toolImage', props.toolImage ?? CURL_IMAGE),
    finishedJobTtlSeconds: finishedJobTtlSeconds(scope, 'finishedJobTtl', props.finishedJobTtl),
    host: serviceHost(name, namespace, settings.clusterDomain),
    headlessService: headlessServiceName(name),
    bootstrapServers: kafka.bootstrapServers,
    replicationFactor: kafka.replicationFactor,
    schemaRegistryUrl: props.schemaRegistry?.url,
    labels: recommendedLabels({ ...parts, partOf: kafka.clusterName, version: settings.version.version }),
    selector: selectorLabels(parts),
    instanceSelector: { 'app.kubernetes.io/name': 'kafka-connect', 'app.kubernetes.io/instance': name },
    network: resolveComponentNetwork(scope, props, kafka.metricsPeers),
    monitoring: resolveComponentMonitoring(scope, props.monitoring, kafka.monitoring),
    logging: resolveComponentLogging(scope, ConfluentComponent.CONNECT, props.logging, kafka.logging, settings.version),
    egressPeers: checkPeers(scope, 'egressPeers', props.egressPeers),
  };
}

/**
 * The workers' own principal with what a worker needs (Apache Kafka's Connect ACL
 * requirements): its three internal topics (created by the worker), its group, the
 * connectors' consumer groups (`connect-<connector>`), and with exactly-once source
 * support its transactional ids. Connector topics are added by addConnector (sink
 * `topics`, dead-letter queues) or by the user (source connectors) through `user`.
 */
export function connectAcls(r: Pick<ResolvedConnect, 'groupId' | 'properties'>): Acl[] {
  const internalTopicOps = [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE];
  const acls = [
    ...['configs', 'offsets', 'status'].map(t => Acl.topic(`${r.groupId}-${t}`, internalTopicOps)),
    Acl.group(r.groupId, [AclOperation.DESCRIBE, AclOperation.READ]),
    Acl.group('connect-', [AclOperation.DESCRIBE, AclOperation.READ], AclPatternType.PREFIXED),
  ];
  if (['enabled', 'preparing'].includes(r.properties['exactly.once.source.support'] ?? '')) {
    acls.push(
      Acl.transactionalId(`connect-cluster-${r.groupId}`, [AclOperation.DESCRIBE, AclOperation.WRITE]),
      Acl.transactionalId(`${r.groupId}-`, [AclOperation.DESCRIBE, AclOperation.WRITE], AclPatternType.PREFIXED),
    );
  }
  return acls;
}

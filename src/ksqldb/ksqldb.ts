import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { headlessProbes, interactiveProbes } from './probes';
import { resolveKsqlDb, ResolvedKsqlDb } from './resolve-ksqldb';
import {
  advertisedListenerEnv, KSQLDB_PORT, QUERIES_FILE_NAME, QUERIES_MOUNT_PATH, STATE_MOUNT_PATH,
} from './server-properties';
import { KsqlStateStore, KsqlStateStoreKind } from './state-store';
import { Acl, AclOperation, AclPatternType } from '../access/acl';
import { checkPeers, ClientPeer, peerRules } from '../access/client-peer';
import { ClientSecurity, jaasEnv, prefixedClientProperties, resolveClientSecurity } from '../access/client-security';
import { ComponentEgressSettings, componentEgress, portsOf, serviceEgressRule } from '../access/egress';
import { KafkaUser } from '../access/kafka-user';
import { unmatchedPeerViolations } from '../access/peer-check';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { ComponentSettings } from '../core/component-settings';
import { checkSameNamespace } from '../core/component-wiring';
import { ComponentWorkload } from '../core/component-workload';
import { propertiesToEnv } from '../core/image-env';
import { claimName, NameLimit, resourceName } from '../core/naming';
import { heapOptions } from '../core/resources';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';
import { ISchemaRegistry } from '../schema-registry/schema-registry-ref';

/** Props of a `KsqlDb`. */
export interface KsqlDbProps extends ComponentSettings, ComponentEgressSettings {
  /**
   * The Kafka cluster ksqlDB reads, writes and keeps its internal topics in. Its
   * replication factor and `min.insync.replicas` are used for every topic ksqlDB
   * creates (command topic, changelog and repartition topics, processing log). A
   * cluster of this app must be in the same namespace; use
   * `KafkaCluster.fromBootstrap(...)` for one elsewhere.
   */
  readonly kafka: IKafkaCluster;

  /**
   * The Schema Registry for Avro, Protobuf and JSON Schema formats
   * (`ksql.schema.registry.url`).
   *
   * @default - none: only formats without a registry (JSON, DELIMITED, KAFKA) work
   */
  readonly schemaRegistry?: ISchemaRegistry;

  /**
   * `ksql.service.id`: the identity of this ksqlDB cluster, shared by all its servers.
   * It prefixes the command topic (where every statement is stored), the processing
   * log and the internal topics and consumer groups of every query. **Never change it
   * on a running cluster**: servers with a new id start empty and the old queries'
   * topics are orphaned. Two ksqlDB clusters on one Kafka cluster must have different
   * ids, or they become one cluster. Letters, digits, `.`, `_` and `-`, at most 64.
   *
   * @default - `<namespace>-<name>_` (namespace "default" when the chart has none),
   * derived from the chart's namespace and the construct's object name: unique per
   * instance and stable as long as neither changes; set it when renaming or moving
   */
  readonly serviceId?: string;

  /**
   * Where the servers keep the local state of stateful queries (RocksDB, mounted at
   * `/var/lib/kafka-streams`).
   *
   * @default KsqlStateStore.ephemeral() — a 10 GiB emptyDir per pod: the state is a
   * cache of changelog topics in Kafka, restored from there when a pod starts afresh,
   * and with 2+ servers a standby copy takes over meanwhile; choose
   * `KsqlStateStore.persistent()` when a restore would take minutes
   */
  readonly stateStore?: KsqlStateStore;

  /**
   * SQL statements to run in application mode (ksqlDB calls it headless mode): the
   * text goes into a ConfigMap mounted read-only and `ksql.queries.file` points at it.
   * In this mode **the REST API is disabled**: no CLI, no statements or pull/push
   * queries over HTTP, no Services traffic (the NetworkPolicy admits nothing). The
   * queries are the application, versioned with this code; a change rolls the servers.
   * Keep the statements' order stable: query ids derive from it.
   *
   * @default - none: interactive mode with the REST API on port 8088
   */
  readonly queries?: string;

  /**
   * Render a NetworkPolicy for the servers: port 8088 admits the other servers of this
   * cluster (pull-query forwarding, heartbeats, lag reports) and `peers`; nothing else
   * is reachable. In application mode nothing is admitted.
   *
   * @default true — the REST API executes any statement it is sent, so its reach
   * should be deliberate
   */
  readonly networkPolicy?: boolean;

  /**
   * Who may call the REST API (port 8088) in interactive mode: the applications and
   * people (CLI pods) that run statements and queries, e.g.
   * `[ClientPeer.pods({ app: 'ksql-cli' })]`.
   *
   * @default - nobody besides the servers themselves
   */
  readonly peers?: ClientPeer[];

  /**
   * DNS domain of the Kubernetes cluster, for `url` and the address each server
   * advertises to the others.
   *
   * @default "cluster.local" — Kubernetes' default
   */
  readonly clusterDomain?: string;
}

/**
 * A ksqlDB cluster on Confluent's `cp-ksqldb-server` image, as a StatefulSet (each
 * server addressable by its own pod DNS name, for pull-query forwarding), a client
 * Service, a headless Service, a PodDisruptionBudget and a NetworkPolicy.
 *
 * Connected to its Kafka cluster (and optionally a Schema Registry) with the cluster's
 * replication settings for every topic it creates. Interactive (REST API) by default;
 * with `queries` it runs a fixed SQL application instead.
 *
 * ksqlDB's values for the shared component settings: `replicas` 2 (one server can
 * restart while the other, holding standby copies of the state, serves); `resources`
 * 4 GiB memory with limit = request and 1 CPU without a limit, the heap half the
 * request (`KSQL_HEAP_OPTS`), because RocksDB state stores use native memory outside
 * the heap; `properties` checked against ksqlDB's server configuration.
 */
export class KsqlDb extends Construct {
  /** REST endpoint for clients: `http://<name>.<namespace>.svc.<domain>:8088`. */
  public readonly url: string;
  /** `ksql.service.id` of this cluster. */
  public readonly serviceId: string;
  /** Name of the client Service. */
  public readonly serviceName: string;
  /** Name of the headless Service that gives every server its DNS name. */
  public readonly headlessServiceName: string;
  /** Confluent Platform release of the servers. */
  public readonly version: ConfluentVersion;
  /** Whether the REST API is enabled (false in application mode, with `queries`). */
  public readonly interactive: boolean;
  /** The Kafka cluster this ksqlDB uses. */
  public readonly kafka: IKafkaCluster;

  /**
   * The servers' user of the Kafka cluster. Grant it the topics your queries read and
   * write with `user.addAcl(...)`.
   */
  public readonly user: KafkaUser;

  private readonly peers: ClientPeer[];
  private readonly schemaRegistry?: ISchemaRegistry;
  private readonly egressProps: ComponentEgressSettings;
  private readonly security: ClientSecurity;

  /**
   * @param scope the chart (or a construct in it); the chart's namespace is the servers'
   * @param id the cluster's name: object names and the default service id derive from
   * it, so never rename it
   * @param props the Kafka cluster and everything else, each with a default
   */
  constructor(scope: Construct, id: string, props: KsqlDbProps) {
    super(scope, id);
    const name = resourceName(this, [], NameLimit.STATEFUL_SET);
    const namespace = Chart.of(this).namespace;
    const model = resolveKsqlDb(this, props ?? ({} as KsqlDbProps), { name, namespace });
    checkSameNamespace(this, 'kafka', props.kafka, props.kafka.imported, 'KafkaCluster.fromBootstrap(...)');
    // ISchemaRegistry has no way to import a registry by its URL yet: same namespace only.
    if (props.schemaRegistry !== undefined) checkSameNamespace(this, 'schemaRegistry', props.schemaRegistry, false, 'a registry in this namespace');

    this.kafka = props.kafka;
    this.schemaRegistry = props.schemaRegistry;
    this.egressProps = { egressPolicy: props.egressPolicy, egressDnsPorts: props.egressDnsPorts };
    props.kafka.allowClient({ ...model.selector });
    props.schemaRegistry?.allowClient({ ...model.selector });
    this.peers = checkPeers(this, 'peers', props.peers);
    this.node.addValidation({ validate: () => unmatchedPeerViolations(this, namespace, [{ prop: 'peers', peers: this.peers }]) });
    this.version = model.version;
    this.serviceId = model.serviceId;
    this.interactive = model.interactive;
    this.url = model.url;
    this.serviceName = claimName(this, 'Service', name);
    this.headlessServiceName = claimName(this, 'Service', `${name}-headless`);
    // The names ComponentWorkload gives its objects.
    claimName(this, 'StatefulSet', name);
    claimName(this, 'ServiceAccount', name);
    claimName(this, 'ConfigMap', `${name}-config`);
    if (model.replicas > 1) claimName(this, 'PodDisruptionBudget', name);

    // Its own principal with what ksqlDB's "Required ACLs" list for its service id: its
    // command, changelog and repartition topics and its groups (prefixed), the processing
    // log topic, the command topic's transactional id (and exactly-once queries'), and
    // the cluster's configs. Data topics of queries are granted through `user`.
    const sid = model.serviceId;
    const internal = `_confluent-ksql-${sid}`;
    this.user = props.kafka.addUser(name, {
      acls: [
        Acl.cluster([AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS]),
        Acl.topic(internal, [AclOperation.ALL], AclPatternType.PREFIXED),
        Acl.group(internal, [AclOperation.ALL], AclPatternType.PREFIXED),
        Acl.topic(`${sid}ksql_processing_log`, [AclOperation.ALL]),
        Acl.transactionalId(sid, [AclOperation.DESCRIBE, AclOperation.WRITE]),
        Acl.transactionalId(internal, [AclOperation.DESCRIBE, AclOperation.WRITE], AclPatternType.PREFIXED),
      ],
      secret: props.kafkaCredentials,
    });
    this.security = resolveClientSecurity(this, 'kafka', this.user);

    if (model.replicas === 1) {
      warn(this, 'a single ksqlDB server stops every query and the REST API while it restarts. Use 2 or more servers outside dev.');
    }

    const workload = this.addWorkload(model);
    if (workload.headlessServiceName !== undefined && workload.headlessServiceName !== this.headlessServiceName) {
      throw new Error(`internal: ComponentWorkload named the headless Service ${workload.headlessServiceName}, ksqlDB advertises ${this.headlessServiceName}`);
    }
    if (model.networkPolicy) {
      this.addNetworkPolicy(model);
    } else {
      componentEgress(this, this.egressProps, [], false);
    }
  }

  private addWorkload(model: ResolvedKsqlDb): ComponentWorkload {
    const runtime = COMPONENT_RUNTIME[ConfluentComponent.KSQLDB];
    const probes = model.interactive ? interactiveProbes() : headlessProbes();

    const volumes: k8s.Volume[] = [];
    const volumeMounts: k8s.VolumeMount[] = [{ name: 'state', mountPath: STATE_MOUNT_PATH }];
    let volumeClaimTemplates: k8s.KubePersistentVolumeClaimProps[] | undefined;
    if (model.stateStore.kind === KsqlStateStoreKind.PERSISTENT) {
      volumeClaimTemplates = [{
        metadata: { name: 'state' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: model.stateStore.storageClass,
          resources: { requests: { storage: k8s.Quantity.fromString(model.stateStore.size!) } },
        },
      }];
    } else {
      volumes.push({ name: 'state', emptyDir: { sizeLimit: k8s.Quantity.fromString(model.stateStore.sizeLimit!) } });
    }

    const hashInputs: string[] = [];
    if (model.queries !== undefined) {
      const queriesConfigMap = claimName(this, 'ConfigMap', `${model.name}-queries`);
      new k8s.KubeConfigMap(this, 'Queries', {
        metadata: { name: queriesConfigMap, labels: { ...model.labels } },
        data: { [QUERIES_FILE_NAME]: model.queries },
      });
      volumes.push({ name: 'queries', configMap: { name: queriesConfigMap } });
      volumeMounts.push({ name: 'queries', mountPath: QUERIES_MOUNT_PATH, readOnly: true });
      // ksqlDB reads the file once, at start: a change must roll the servers.
      hashInputs.push(model.queries);
    }

    return new ComponentWorkload(this, 'Workload', {
      component: ConfluentComponent.KSQLDB,
      name: model.name,
      labels: { ...model.labels },
      selector: { ...model.selector },
      // Always a StatefulSet: stable pod DNS names to advertise, and stable volumes.
      stateful: true,
      replicas: model.replicas,
      image: model.image,
      imagePullPolicy: model.imagePullPolicy,
      configEnv: {
        ...propertiesToEnv(runtime.envPrefix, { ...model.properties, ...prefixedClientProperties(this.security, ['']) }),
        [runtime.heapEnv]: heapOptions(model.heapBytes),
        ...this.processingLogAppenderEnv(model),
      },
      env: [
        ...(model.interactive ? advertisedListenerEnv(this.headlessServiceName, model.namespace, model.clusterDomain) : []),
        ...jaasEnv(this.security, [`${runtime.envPrefix}SASL_JAAS_CONFIG`]),
      ],
      ports: [{ name: 'http', port: KSQLDB_PORT }],
      resources: model.resources.requirements,
      ...probes,
      volumes: [...volumes, ...this.security.volumes],
      volumeMounts: [...volumeMounts, ...this.security.mounts],
      volumeClaimTemplates,
      // Kafka Streams closes each query (commit, flush, checkpoint) in seconds; two
      // minutes leave room for a slow broker without holding a node drain for the full
      // ksql.streams.shutdown.timeout.ms (5 min).
      terminationGracePeriodSeconds: 120,
      hashInputs,
      headless: true,
    });
  }

  /**
   * The image's log4j2 template adds the processing logger's Kafka appender only when
   * these are set (ksql-images cp-ksqldb-server log4j2.yaml.template), and gives it no
   * security settings: on a cluster that encrypts or authenticates it could not connect,
   * so there the processing log goes to the container log only (the topic stays empty).
   */
  private processingLogAppenderEnv(model: ResolvedKsqlDb): Record<string, string> {
    if (this.security.protocol !== 'PLAINTEXT') return {};
    return {
      KSQL_LOG4J_PROCESSING_LOG_BROKERLIST: this.kafka.bootstrapServers,
      KSQL_LOG4J_PROCESSING_LOG_TOPIC: `${model.serviceId}ksql_processing_log`,
    };
  }

  private addNetworkPolicy(model: ResolvedKsqlDb): void {
    const port: k8s.NetworkPolicyPort = { protocol: 'TCP', port: k8s.IntOrString.fromNumber(KSQLDB_PORT) };
    const ingress: k8s.NetworkPolicyIngressRule[] = model.interactive
      ? [
        // Servers among themselves: pull-query forwarding, heartbeats, lag reports.
        { from: [{ podSelector: { matchLabels: { ...model.selector } } }], ports: [port] },
        ...peerRules(this.peers, [port], Chart.of(this).namespace),
      ]
      : [];
    const registry = this.schemaRegistry;
    const egress = componentEgress(this, this.egressProps, [
      serviceEgressRule(portsOf(this.kafka.bootstrapServers), this.kafka.brokerPodLabels),
      // Servers among themselves: pull-query forwarding, heartbeats, lag reports.
      serviceEgressRule([KSQLDB_PORT], model.selector),
      ...(registry === undefined ? [] : [serviceEgressRule(portsOf(registry.url), registry.podLabels)]),
    ], true);
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: claimName(this, 'NetworkPolicy', model.name), labels: { ...model.labels } },
      spec: {
        podSelector: { matchLabels: { ...model.selector } },
        policyTypes: egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
        ingress,
        egress,
      },
    });
  }
}

import { Chart, Duration, Lazy } from 'cdk8s';
import { ImagePullPolicy, k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { NodeRole, QuorumVoter, ResolvedCluster, ResolvedPool, ResolvedReplication } from './cluster-model';
import { checkPort, ExternalAccessType, hostForNode, Listener, ListenerScope, RESERVED_LISTENERS, ResolvedListener, resolveListeners } from './listener';
import { checkBrokerProperties } from './nodes/config-overrides';
import { METRICS_PORT } from './nodes/metrics-exporter';
import { checkClusterId, deriveClusterId } from './nodes/node-identity';
import { INodePool, metricsConfigData, NodePool, externalAnnotations } from './nodes/node-pool';
import { NodePoolOptions, NodePoolSettings } from './nodes/node-pool-options';
import { confirmDelaySeconds } from './nodes/node-statefulset';
import { minimumGraceSeconds, resolvePool } from './nodes/resolve-pool';
import { StorageKind } from './nodes/storage';
import { brokerSelector, clusterLabels, clusterSelector, LABEL, statefulSetSelector } from './pod-labels';
import { accessJobSelector, AccessJobs } from './security/access-jobs';
import { certificate, IssuerReference, SERVER_AND_CLIENT_USAGES } from '../core/cert-manager';
import { CertificateAuthority } from './security/certificate-authority';
import { CertificateRollout } from './security/certificate-rollout';
import { checkPeers, ClientPeer, peerRules } from '../access/client-peer';
import { ADMIN_USER, ResolvedSecurity } from './security/cluster-security';
import { dnsEgressRule, EgressPorts } from '../access/egress';
import { checkUserName, KafkaUser, KafkaUserOptions } from '../access/kafka-user';
import { AuthenticationMechanism, isSaslMechanism, isScramMechanism, ListenerAuthentication, loginModuleOf } from '../access/listener-authentication';
import { unmatchedPeerViolations } from '../access/peer-check';
import { checkRules, formatViolation, raise } from '../core/errors';
import { ImageOptions, resolveImage } from '../core/image';
import { checkLabelValue } from '../core/labels';
import { claimName, isDnsDomain, isObjectName, normalize, resourceName, serviceHost } from '../core/naming';
import { sortedByKey } from '../core/stable-order';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';

/**
 * What a client component needs from a Kafka cluster: where to connect and which
 * release it runs. `KafkaCluster` implements it; components take the interface.
 */
export interface IKafkaCluster extends IConstruct {
  /** Base name of the cluster's objects (`events`). */
  readonly clusterName: string;
  /** Bootstrap address of the first internal client listener, `host:port`. */
  readonly bootstrapServers: string;
  /** Confluent Platform release of the brokers. */
  readonly version: ConfluentVersion;
  /** Replication factor for topics clients create (internal topics of components). */
  readonly replicationFactor: number;
  /** `min.insync.replicas` of the cluster. */
  readonly minInSyncReplicas: number;
  /**
   * Whether the endpoint was imported (`KafkaCluster.fromBootstrap`): components may use
   * an imported endpoint from any chart or namespace, since its address is explicit.
   */
  readonly imported: boolean;
  /**
   * Labels of the broker pods, for clients' egress rules; undefined for an imported
   * cluster (only its address is known).
   */
  readonly brokerPodLabels?: { [key: string]: string };

  /**
   * Records that the pods with these labels are clients of the cluster: the cluster's
   * NetworkPolicy admits them to the internal client listeners by name. Components call
   * it when they are wired; a no-op for an imported cluster.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  allowClient(podLabels: { [key: string]: string }): void;

  /**
   * Adds a user (principal `User:<name>`) with its ACLs, and returns how a client
   * connects as it: the listener's protocol, and the Secrets with its SCRAM credentials
   * (created in the cluster once) and its certificate (trust, and the identity for
   * mutual TLS). Components wired to the cluster add their own user.
   *
   * @param name user name, a lower-case DNS name
   * @param options its ACLs and an existing credentials Secret
   */
  addUser(name: string, options?: KafkaUserOptions): KafkaUser;
}

/** An existing Kafka cluster's endpoint, for `KafkaCluster.fromBootstrap`. */
export interface KafkaEndpointAttributes {
  /** `host:port[,host:port...]` clients connect to. */
  readonly bootstrapServers: string;
  /** Confluent Platform release of the brokers (decides client features). */
  readonly version: ConfluentVersion;
  /**
   * Replication factor for the internal topics components create.
   *
   * @default 3
   */
  readonly replicationFactor?: number;
  /**
   * The cluster's `min.insync.replicas`.
   *
   * @default 2
   */
  readonly minInSyncReplicas?: number;
  /**
   * Whether the endpoint uses TLS.
   *
   * @default false
   */
  readonly tls?: boolean;
  /**
   * How clients authenticate: SCRAM or PLAIN (each component then needs its
   * `kafkaCredentials` Secret), or none.
   *
   * @default ListenerAuthentication.none()
   */
  readonly authentication?: ListenerAuthentication;
  /**
   * A Secret in the components' namespace with the CA that signed the endpoint's
   * certificate under `ca.crt`.
   *
   * @default - the JVM's default trust store (publicly trusted certificates, as managed
   * services use)
   */
  readonly caSecret?: string;
}

/** Where KRaft controllers run. */
export enum KRaftMode {
  /** A dedicated controller pool (`controllers`), apart from the brokers: for production. */
  DEDICATED = 'dedicated',
  /**
   * The `brokers` pool nodes are also controllers. Fewer pods, but a busy broker can
   * starve the quorum and a broker restart is a voter restart: Kafka documents combined
   * mode as not recommended for critical deployments. For dev and small clusters.
   */
  COMBINED = 'combined',
}

/** Which Kafka distribution the nodes run. */
export enum KafkaEdition {
  /** `cp-kafka`: Confluent Community Kafka, Apache Kafka with Confluent's packaging. */
  COMMUNITY = 'cp-kafka',
  /**
   * `cp-server`: Confluent Server, with licensed features (Self-Balancing Clusters,
   * tiered storage, RBAC). Needs a Confluent license for production use. Its own
   * `confluent.*` settings are not in Apache Kafka's configuration: pass them in
   * `customProperties`. The replication factor of its license and Self-Balancing topics
   * follows the cluster's `replicationFactor`.
   */
  CONFLUENT_SERVER = 'cp-server',
}

/** Options of the dedicated controller pool. */
export interface ControllerPoolOptions extends NodePoolSettings {
  /**
   * First node id of the controllers.
   *
   * @default 9990 — far above broker ids, so brokers keep the small ids their external
   * host names show (the convention of Confluent's cp-ansible)
   */
  readonly nodeIdBase?: number;
}

/** Props of a `KafkaCluster`. */
export interface KafkaClusterProps {
  /**
   * Confluent Platform release of every node.
   *
   * @default ConfluentVersion.LATEST — pin a version in production: a library upgrade
   * can move the default, and a version change rolls every node
   */
  readonly version?: ConfluentVersion;

  /**
   * Kafka distribution.
   *
   * @default KafkaEdition.COMMUNITY — needs no license
   */
  readonly edition?: KafkaEdition;

  /**
   * Registry or image override.
   *
   * @default - the catalog image on Docker Hub
   */
  readonly image?: ImageOptions;

  /**
   * When the kubelet pulls the image.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT — images are pinned by tag, so a cached
   * copy is the same image, and a registry outage does not stop restarts
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Where the KRaft controllers run.
   *
   * @default KRaftMode.DEDICATED — controllers isolated from broker load
   */
  readonly mode?: KRaftMode;

  /**
   * The dedicated controller pool (`mode: DEDICATED` only). Its replica count must be
   * odd.
   *
   * @default - 3 controllers with 2 GiB memory and 10 GiB storage
   */
  readonly controllers?: ControllerPoolOptions;

  /**
   * The `brokers` pool, which every cluster has (more pools: `addNodePool()`). In
   * combined mode its nodes are the controllers too, so its count must be odd.
   *
   * @default - 3 brokers with 4 GiB memory and 100 GiB storage, node ids from 0
   */
  readonly brokers?: NodePoolOptions;

  /**
   * Availability zones (values of `topology.kubernetes.io/zone`) to spread every pool
   * over. Each pool gets one StatefulSet per zone pinned there, and its brokers a
   * static `broker.rack` of that zone, so Kafka places a partition's replicas in
   * different zones without any cluster-wide RBAC to read node labels. The list is part
   * of node identity: never reorder it or change its length on a running cluster.
   *
   * @default - no zones: pods spread over zones where possible, no `broker.rack`
   */
  readonly zones?: string[];

  /**
   * Client listeners. The cluster also has its own REPLICATION (9091) and CONTROLLER
   * (9093) listeners and a metrics port (9404).
   *
   * @default - one internal listener `client` on port 9092
   */
  readonly listeners?: Listener[];

  /**
   * Replication factor of topics created without one, and of the internal topics.
   *
   * @default 3 — a partition survives losing one broker while keeping two copies
   */
  readonly replicationFactor?: number;

  /**
   * `min.insync.replicas`: copies an `acks=all` write needs.
   *
   * @default 2 — with replication factor 3, one broker can be down and writes go on,
   * and an acknowledged write is on at least two brokers
   */
  readonly minInSyncReplicas?: number;

  /**
   * Partitions of topics created without a count.
   *
   * @default 3 — one leader per broker on the smallest production cluster
   */
  readonly defaultPartitions?: number;

  /**
   * Broker properties for every pool, checked against the Kafka line's broker
   * configuration. Keys the library owns (listeners, node ids, storage, replication
   * defaults) are refused with the prop to use instead.
   *
   * @default - none
   */
  readonly serverProperties?: { [key: string]: string };

  /**
   * Properties for plugins that Kafka's configuration does not list (not checked
   * against the known keys).
   *
   * @default - none
   */
  readonly customProperties?: { [key: string]: string };

  /**
   * KRaft cluster id, written into every node's storage when it is formatted: it can
   * never change afterwards.
   *
   * @default - derived from the chart's namespace (or "default") and the cluster's name:
   * stable as long as neither changes; set it when renaming or moving a cluster
   */
  readonly clusterId?: string;

  /**
   * Render a NetworkPolicy that isolates the cluster's pods: the replication and
   * controller ports admit only the cluster's own nodes; the client listener the wired
   * components use admits each of them by name; every listener admits its `peers`; the
   * metrics port admits `metricsPeers`; nothing else is reachable. The kubelet's probes
   * are always allowed (NetworkPolicy never blocks traffic from a pod's own node).
   *
   * @default true — without a policy any pod can join the replication listener and read
   * every partition
   */
  readonly networkPolicy?: boolean;

  /**
   * Also restrict what the cluster's pods may connect to (egress): nodes reach each
   * other's replication and controller ports and DNS; the access Job reaches the
   * brokers' replication port and DNS; the credentials Job reaches the Kubernetes API
   * (HTTPS ports) and DNS. Nothing else leaves these pods.
   *
   * @default false — an ingress policy already isolates the cluster; many CNIs and
   * cluster DNS setups need an egress exception the library cannot know (tiered storage
   * endpoints, a license server), so it is a choice
   */
  readonly egressPolicy?: boolean;

  /**
   * Ports DNS answers on, for the egress rules (as the CNI sees them, after the DNS
   * Service's translation).
   *
   * @default [53] — CoreDNS and kube-dns; OpenShift's DNS pods listen on 5353
   */
  readonly egressDnsPorts?: number[];

  /**
   * Ports the Kubernetes API server listens on, for the egress rules of the Jobs that
   * call it (after the `kubernetes` Service's translation).
   *
   * @default [443, 6443] — managed clusters, and kubeadm / k3s / OpenShift; minikube uses 8443
   */
  readonly egressApiServerPorts?: number[];

  /**
   * Who may scrape the metrics port (9404) of every node, e.g.
   * `[ClientPeer.namespace('monitoring')]` for a Prometheus there.
   *
   * @default - nobody: metrics name every topic and client, so readers are named
   */
  readonly metricsPeers?: ClientPeer[];

  /**
   * Where the certificates of the cluster (and of the users and components wired to it)
   * come from. Used when any listener encrypts or authenticates; the cluster's own
   * replication and controller listeners then use mutual TLS with the same
   * certificates. Needs cert-manager in the Kubernetes cluster.
   *
   * @default CertificateAuthority.selfSigned() — a root of the cluster's own in its
   * namespace: nothing else trusts it, and nothing else is needed
   */
  readonly certificateAuthority?: CertificateAuthority;

  /**
   * Validity of the nodes' certificate. cert-manager renews it a third of the validity
   * (at most 30 days) before the end; the nodes read it at start, so they pick the new
   * one up at their next restart (any rolling change, or `kubectl rollout restart`;
   * the StatefulSets carry stakater Reloader's annotation, which does it for you where
   * Reloader runs). Clients keep trusting both: the issuer is the same.
   *
   * @default Duration.days(365) — a year between forced restarts, as Strimzi's default
   * cluster CA validity
   */
  readonly certificateValidity?: Duration;

  /**
   * Roll the node StatefulSets after cert-manager renews their certificate: a CronJob
   * finds a StatefulSet whose containers started before the current certificate was
   * issued and sets a pod template annotation to its issue time, so the StatefulSet
   * controller rolls it one pod at a time through the readiness and pre-stop gates; one
   * StatefulSet per run (controllers first), and only when none is rolling.
   * Its Role may read the nodes' Certificate, list pods, and read and patch the node
   * StatefulSets by name, in this namespace.
   *
   * @default true when the cluster has certificates — Kafka reads its keystore only at
   * start (the KRaft client never reloads it, KAFKA-20025), so without a restart the
   * nodes would keep the old certificate until it expires and the quorum breaks. Set
   * false if your own process rolls them (one StatefulSet at a time: tools that roll
   * every changed workload at once, such as stakater Reloader, would stop one broker per
   * zone together).
   */
  readonly certificateRollout?: boolean;

  /**
   * When the certificate rollout CronJob runs (cron syntax, the cluster's time zone).
   *
   * @default "17 * * * *" — hourly: one StatefulSet rolls per run (and only when all
   * are settled), so a cluster with zones and pools finishes in hours, well inside the
   * 30 days between renewal and expiry
   */
  readonly certificateRolloutSchedule?: string;

  /**
   * An existing Secret with the SCRAM password of the cluster's `admin` user under the
   * key `password` (letters, digits and `._~-` only). Used when any listener
   * authenticates with SCRAM.
   *
   * @default - the credentials Job creates `<cluster>-kafka-admin` once, with a random
   * password made inside the Kubernetes cluster
   */
  readonly adminSecret?: string;

  /**
   * DNS domain of the Kubernetes cluster; brokers advertise fully qualified names.
   *
   * @default "cluster.local" — Kubernetes' default
   */
  readonly clusterDomain?: string;
}

const DEFAULT_CLIENT_LISTENER = { name: 'client', port: 9092 };
const CONTROLLER_NODE_ID_BASE = 9990;
const BROKERS_POOL = 'brokers';
const CONTROLLERS_POOL = 'controllers';

/**
 * A KRaft Kafka cluster as plain Kubernetes objects: a controller pool and broker
 * pools as StatefulSets, a headless Service for per-pod DNS, a bootstrap Service,
 * PodDisruptionBudgets, per-broker Services for external listeners. Everything an
 * operator would decide at run time is decided here at synth: node ids, quorum,
 * listeners, racks, configuration and the rolling-restart gates.
 */
export class KafkaCluster extends Construct implements IKafkaCluster {
  /**
   * A Kafka cluster defined elsewhere (another chart, namespace or Kubernetes cluster,
   * or a managed service), for components to connect to by its explicit address.
   *
   * @param scope where the reference lives
   * @param id its id
   * @param attributes the cluster's address and release
   */
  public static fromBootstrap(scope: Construct, id: string, attributes: KafkaEndpointAttributes): IKafkaCluster {
    return new ImportedKafkaCluster(scope, id, attributes);
  }

  /** Base name of the cluster's objects. */
  public readonly clusterName: string;
  /** Bootstrap address of the first internal client listener, `host:port`. */
  public readonly bootstrapServers: string;
  /** Confluent Platform release of the nodes. */
  public readonly version: ConfluentVersion;
  /** The KRaft cluster id. */
  public readonly clusterId: string;
  /** Name of the bootstrap Service. */
  public readonly bootstrapService: string;
  /** Name of the headless Service that gives every node its DNS name. */
  public readonly headlessService: string;
  /** The controller pool (the `brokers` pool in combined mode). */
  public readonly controllers: INodePool;
  /** The `brokers` pool. */
  public readonly brokers: INodePool;

  /** Replication factor of topics created without one, and of internal topics. */
  public readonly replicationFactor: number;
  /** `min.insync.replicas` of the cluster. */
  public readonly minInSyncReplicas: number;
  /** Always false: this cluster is defined here. */
  public readonly imported = false;
  /** Labels of the broker pods (every pool); always set for a cluster defined here. */
  public readonly brokerPodLabels?: { [key: string]: string };

  private model: ResolvedCluster;
  private readonly pools: NodePool[] = [];
  private readonly clients = new Map<string, Record<string, string>>();
  private readonly users = new Map<string, KafkaUser>();
  private accessJobs?: AccessJobs;
  private readonly networkPolicy: boolean;
  private readonly egressPolicy: boolean;
  private readonly egressPorts: EgressPorts;
  // Pre-stop confirm order, counted apart for brokers and dedicated controllers: a
  // controller stopping does not shrink any ISR, a broker stopping leaves the quorum be.
  private readonly nextRank = { broker: 0, controller: 0 };

  /**
   * @param scope the chart (or a construct in it); the chart's namespace is the cluster's
   * @param id the cluster's name: every object name starts with it, so never rename it
   * @param props what the cluster should be; every prop has a production default
   */
  constructor(scope: Construct, id: string, props: KafkaClusterProps = {}) {
    super(scope, id);
    const name = resourceName(this);
    const namespace = Chart.of(this).namespace;
    const version = props.version ?? ConfluentVersion.LATEST;
    if (!(version instanceof ConfluentVersion)) {
      raise(this, 'version', version, 'it is not a ConfluentVersion', 'Use ConfluentVersion.V8_0 or ConfluentVersion.of("8.0.4")');
    }
    const edition = props.edition ?? KafkaEdition.COMMUNITY;
    const mode = props.mode ?? KRaftMode.DEDICATED;
    checkRules(this, [
      { when: !Object.values(KafkaEdition).includes(edition), prop: 'edition', value: edition, why: 'it is not a KafkaEdition', fix: 'Use KafkaEdition.COMMUNITY or KafkaEdition.CONFLUENT_SERVER' },
      { when: !Object.values(KRaftMode).includes(mode), prop: 'mode', value: mode, why: 'it is not a KRaftMode', fix: 'Use KRaftMode.DEDICATED or KRaftMode.COMBINED' },
      { when: mode === KRaftMode.COMBINED && props.controllers !== undefined, prop: 'controllers', value: props.controllers, why: 'combined mode has no separate controller pool', fix: 'Remove controllers, or use mode: KRaftMode.DEDICATED' },
    ]);

    const zones = resolveZones(this, props.zones);
    const replication = resolveReplication(this, props);
    const listeners = resolveListeners(this, props.listeners ?? [Listener.internal(DEFAULT_CLIENT_LISTENER)]);
    const clusterDomain = props.clusterDomain ?? 'cluster.local';
    if (!isDnsDomain(clusterDomain)) {
      raise(this, 'clusterDomain', clusterDomain, 'it is not a DNS domain', 'Use the domain your cluster DNS serves, e.g. "cluster.local"');
    }
    const security = this.resolveSecurity(props, name, namespace, listeners);
    const clusterId = props.clusterId === undefined ? deriveClusterId(namespace ?? 'default', name) : checkClusterId(this, 'clusterId', props.clusterId);

    this.clusterName = name;
    this.version = version;
    this.replicationFactor = replication.factor;
    this.minInSyncReplicas = replication.minInSync;
    this.clusterId = clusterId;
    this.headlessService = claimName(this, 'Service', `${name}-kafka-nodes`);
    this.bootstrapService = claimName(this, 'Service', `${name}-kafka-bootstrap`);
    const firstInternal = listeners.find(l => l.scope === ListenerScope.INTERNAL);
    const bootstrapHost = serviceHost(this.bootstrapService, namespace, clusterDomain);
    this.bootstrapServers = firstInternal === undefined ? '' : `${bootstrapHost}:${firstInternal.port}`;

    const base = {
      name,
      clusterId,
      version,
      confluentServer: edition === KafkaEdition.CONFLUENT_SERVER,
      image: resolveImage(this, 'image', edition, version.version, props.image),
      imagePullPolicy: props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT,
      clusterDomain,
      headlessService: this.headlessService,
      bootstrapService: this.bootstrapService,
      serviceAccount: claimName(this, 'ServiceAccount', `${name}-kafka`),
      metricsConfigMap: claimName(this, 'ConfigMap', `${name}-kafka-metrics`),
      listeners,
      metricsPeers: checkPeers(this, 'metricsPeers', props.metricsPeers),
      zones,
      replication,
      properties: checkBrokerProperties(this, version, 'serverProperties', props.serverProperties, 'customProperties', props.customProperties),
      security,
    };

    // The quorum is known before any pool is built: the voters are the controller pool.
    const controllerRoles = mode === KRaftMode.COMBINED ? [NodeRole.BROKER, NodeRole.CONTROLLER] : [NodeRole.CONTROLLER];
    const controllerPoolName = mode === KRaftMode.COMBINED ? BROKERS_POOL : CONTROLLERS_POOL;
    const controllerOptions = mode === KRaftMode.COMBINED ? props.brokers ?? {} : props.controllers ?? {};
    const controllerScope = new Construct(this, controllerPoolName);
    const controllerPool = resolvePool(controllerScope, controllerPoolName, controllerRoles, controllerOptions, {
      version,
      resourceName: resourceName(controllerScope),
      zones,
      // Dedicated controllers are one StatefulSet even with zones (see resolvePool).
      firstRank: mode === KRaftMode.COMBINED ? this.takeRanks('broker', zones.length) : this.takeRanks('controller', 1),
      defaultNodeIdBase: mode === KRaftMode.COMBINED ? 0 : CONTROLLER_NODE_ID_BASE,
    });
    const voters: QuorumVoter[] = controllerPool.statefulSets.flatMap(sts => sts.nodeIds.map((nodeId, ordinal) => ({ id: nodeId, pod: `${sts.name}-${ordinal}` })));
    this.model = { ...base, voters };
    this.brokerPodLabels = brokerSelector(this.model);
    if (controllerPool.replicas === 1) {
      warn(this, 'a single KRaft controller is a single point of failure: losing it stops all metadata changes. Use 3 controllers outside dev.');
    }

    const issuer = this.bindIssuer(props.certificateAuthority);
    if (issuer !== undefined) this.model = { ...this.model, security: { ...security, tls: { ...security.tls!, issuer } } };
    this.addCommonObjects();
    this.addNodeCertificate();
    this.networkPolicy = props.networkPolicy ?? true;
    this.egressPolicy = props.egressPolicy ?? false;
    this.egressPorts = {
      dns: checkPortList(this, 'egressDnsPorts', props.egressDnsPorts === undefined ? [53] : props.egressDnsPorts),
      apiServer: checkPortList(this, 'egressApiServerPorts', props.egressApiServerPorts === undefined ? [443, 6443] : props.egressApiServerPorts),
    };
    if (this.egressPolicy && !this.networkPolicy) {
      raise(this, 'egressPolicy', true, 'egress rules live in the cluster\'s NetworkPolicy, and networkPolicy is false', 'Remove egressPolicy, or keep networkPolicy');
    }
    if (this.networkPolicy) this.addNetworkPolicy();
    this.controllers = this.buildPool(controllerScope, controllerPool);
    this.brokers = mode === KRaftMode.COMBINED ? this.controllers : this.addPool(BROKERS_POOL, props.brokers ?? {}, 0);

    this.addDisruptionBudgets(mode);
    this.addCertificateRollout(props);
    // SASL listeners need the admin's credentials (and SCRAM ones its registration) even
    // before any user is added.
    if (security.adminSecret !== undefined) this.ensureAccessJobs();
    this.node.addValidation({ validate: () => this.validateBrokerCount() });
    this.node.addValidation({
      validate: () => unmatchedPeerViolations(this, namespace, [
        ...this.model.listeners.map((l, i) => ({ prop: `listeners[${i}].peers`, peers: l.peers })),
        { prop: 'metricsPeers', peers: this.model.metricsPeers },
      ]),
    });
  }

  /**
   * Adds a pool of brokers with its own size, resources, storage and configuration
   * (heterogeneous brokers). Its `nodeIdBase` is required and its id range must not
   * overlap another pool's.
   *
   * @param name pool name, a short lower-case DNS label: part of its pods' names
   * @param options the pool's size, resources, storage, scheduling and configuration
   */
  public addNodePool(name: string, options: NodePoolOptions): INodePool {
    return this.addPool(name, options, undefined);
  }

  private addPool(name: string, options: NodePoolOptions, defaultNodeIdBase: number | undefined): INodePool {
    if (typeof name !== 'string' || !/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 30) {
      raise(this, 'addNodePool.name', name, 'a pool name is a lower-case DNS label of at most 30 characters (it becomes part of pod names)',
        'Use a short name such as "analytics"');
    }
    if (this.node.tryFindChild(name) !== undefined) {
      raise(this, 'addNodePool.name', name, `the cluster already has a pool called ${name}`, 'Give every pool its own name');
    }
    const scope = new Construct(this, name);
    const pool = resolvePool(scope, name, [NodeRole.BROKER], options ?? {}, {
      version: this.model.version,
      resourceName: resourceName(scope),
      zones: this.model.zones,
      firstRank: this.takeRanks('broker', this.model.zones.length),
      defaultNodeIdBase,
    });
    for (const other of this.pools) {
      const overlap = pool.statefulSets.flatMap(s => s.nodeIds).filter(id => other.nodeIds.includes(id));
      if (overlap.length > 0) {
        const used = new Set(this.pools.flatMap(p => p.nodeIds));
        let nextFree = 1000;
        while (Array.from({ length: Math.max(1, pool.replicas) }, (_, i) => nextFree + i).some(id => used.has(id))) nextFree += 1000;
        raise(scope, 'nodeIdBase', pool.nodeIdBase,
          `node ids ${overlap[0]}..${overlap[overlap.length - 1]} are already used by pool ${other.poolName}`,
          `Give this pool a range clear of the others, e.g. nodeIdBase: ${nextFree}`);
      }
    }
    return this.buildPool(scope, pool);
  }

  private buildPool(scope: Construct, pool: ResolvedPool): NodePool {
    if (pool.roles.includes(NodeRole.BROKER)) checkNodePorts(scope, this.model, pool);
    checkGraceForPreStop(scope, pool);
    if (pool.storage.kind === StorageKind.EPHEMERAL) {
      warn(scope, 'ephemeral storage loses this pool\'s data whenever a pod is deleted or rescheduled, and all of it on a cluster-wide restart. Use Storage.persistent() outside dev.');
    }
    const built = new NodePool(scope, 'Pool', { cluster: this.model, pool });
    this.pools.push(built);
    return built;
  }

  private takeRanks(space: 'broker' | 'controller', statefulSets: number): number {
    const first = this.nextRank[space];
    this.nextRank[space] += Math.max(1, statefulSets);
    return first;
  }

  private addCommonObjects(): void {
    const m = this.model;
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: m.serviceAccount, labels: clusterLabels(m, 'kafka') },
      // Kafka never calls the Kubernetes API: no token in its pods.
      automountServiceAccountToken: false,
    });
    new k8s.KubeConfigMap(this, 'MetricsConfig', {
      metadata: { name: m.metricsConfigMap, labels: clusterLabels(m, 'kafka') },
      data: metricsConfigData(),
    });

    const controllerPort = { name: 'controller', port: RESERVED_LISTENERS.CONTROLLER.port, targetPort: k8s.IntOrString.fromNumber(RESERVED_LISTENERS.CONTROLLER.port), protocol: 'TCP' };
    const replicationPort = { name: 'replication', port: RESERVED_LISTENERS.REPLICATION.port, targetPort: k8s.IntOrString.fromNumber(RESERVED_LISTENERS.REPLICATION.port), protocol: 'TCP' };
    const internalPorts = m.listeners.filter(l => l.scope === ListenerScope.INTERNAL)
      .map(l => ({ name: l.portName, port: l.port, targetPort: k8s.IntOrString.fromNumber(l.port), protocol: 'TCP' }));

    new k8s.KubeService(this, 'HeadlessService', {
      metadata: { name: m.headlessService, labels: clusterLabels(m, 'kafka') },
      spec: {
        clusterIp: 'None',
        // Nodes must find each other before they are Ready: voters to form the quorum,
        // followers to catch up (readiness waits for exactly that).
        publishNotReadyAddresses: true,
        selector: clusterSelector(m),
        ports: [controllerPort, replicationPort, ...internalPorts],
      },
    });
    if (internalPorts.length > 0) {
      new k8s.KubeService(this, 'BootstrapService', {
        metadata: { name: m.bootstrapService, labels: clusterLabels(m, 'broker') },
        spec: { type: 'ClusterIP', selector: brokerSelector(m), ports: internalPorts },
      });
    }
    for (const listener of m.listeners.filter(l => l.scope === ListenerScope.EXTERNAL)) {
      const access = listener.access!;
      if (access.type !== ExternalAccessType.LOAD_BALANCER) continue;
      new k8s.KubeService(this, `${listener.name}-bootstrap`, {
        metadata: {
          name: claimName(this, 'Service', `${m.name}-${listener.portName}-bootstrap`),
          labels: clusterLabels(m, 'broker'),
          annotations: externalAnnotations(access._annotations(), access.externalDns ? access.bootstrapHost : undefined),
        },
        spec: {
          type: 'LoadBalancer',
          selector: brokerSelector(m),
          ports: [{ name: listener.portName, port: listener.advertisedPort ?? listener.port, targetPort: k8s.IntOrString.fromNumber(listener.port), protocol: 'TCP' }],
        },
      });
    }
  }

  private resolveSecurity(props: KafkaClusterProps, name: string, namespace: string | undefined, listeners: ResolvedListener[]): ResolvedSecurity {
    const secured = listeners.some(l => l.tls || l.authentication !== AuthenticationMechanism.NONE) || props.certificateAuthority !== undefined;
    const authorizer = listeners.some(l => l.authentication !== AuthenticationMechanism.NONE);
    const scramMechanisms = [...new Set(listeners.map(l => l.authentication)
      .filter(isScramMechanism))].sort();
    if (props.certificateAuthority !== undefined && !(props.certificateAuthority instanceof CertificateAuthority)) {
      raise(this, 'certificateAuthority', props.certificateAuthority, 'it is not a CertificateAuthority', 'Use CertificateAuthority.selfSigned() or CertificateAuthority.issuer("name")');
    }
    if (secured && namespace === undefined) {
      raise(this, 'namespace', undefined, 'certificates name the namespace in every address they cover, so a cluster with TLS needs its chart\'s namespace',
        'Create the chart with a namespace: new Chart(app, id, { namespace: "kafka" })');
    }
    const validityDays = props.certificateValidity === undefined ? 365 : props.certificateValidity.toDays({ integral: false });
    if (!(validityDays >= 7)) {
      raise(this, 'certificateValidity', `${validityDays} days`, 'the nodes pick a renewed certificate up only when they restart, so a short validity means frequent forced restarts',
        'Use Duration.days(365)');
    }
    const plainListeners = listeners.filter(l => l.authentication === AuthenticationMechanism.PLAIN).map(l => l.name);
    const sasl = scramMechanisms.length > 0 || plainListeners.length > 0;
    const adminSecret = !sasl ? undefined : (props.adminSecret ?? `${name}-kafka-admin`);
    if (props.adminSecret !== undefined && !isObjectName(props.adminSecret)) {
      raise(this, 'adminSecret', props.adminSecret, 'it is not a Secret name', 'Use the Secret\'s metadata.name');
    }
    if (adminSecret !== undefined && props.adminSecret === undefined) claimName(this, 'Secret', adminSecret);
    for (const l of listeners.filter(x => x.authentication === AuthenticationMechanism.NONE)) {
      warn(this, authorizer
        ? `listener ${l.name} does not authenticate: its clients are User:ANONYMOUS, which is granted nothing, so they can do nothing. Authenticate it, or remove it.`
        : `listener ${l.name} does not authenticate and no listener does, so nothing is authorized: anyone who reaches it can read, write and delete every topic. Use ListenerAuthentication.scramSha512() outside dev.`);
    }
    if (!secured) warn(this, 'the cluster has no TLS: records, and the replication and controller traffic, cross the network in clear. Keep tls (the default) outside dev.');
    const nodePrincipal = `${name}-kafka`;
    const durationHours = Math.round(validityDays * 24);
    return {
      tls: !secured ? undefined : {
        issuer: { name: '', kind: 'Issuer', group: 'cert-manager.io' }, // bound by bindIssuer, which needs the model
        nodeSecret: claimName(this, 'Secret', `${name}-kafka-tls`),
        nodePrincipal,
        durationHours,
        renewBeforeHours: Math.min(30 * 24, Math.floor(durationHours / 3)),
      },
      authorizer,
      superUsers: [`User:${nodePrincipal}`, ...(adminSecret === undefined ? [] : [`User:${ADMIN_USER}`])],
      scramMechanisms,
      plainListeners,
      plainUsers: () => [
        ...(adminSecret === undefined ? [] : [{ user: ADMIN_USER, secret: adminSecret }]),
        ...[...this.users.values()].filter(u => u.connection.credentialsSecret !== undefined)
          .map(u => ({ user: u.name, secret: u.connection.credentialsSecret! })),
      ],
      adminSecret,
      adminSecretProvided: props.adminSecret !== undefined,
    };
  }

  /** The issuer of the cluster's certificates (the self-signed bootstrap by default), when it has TLS. */
  private bindIssuer(authority: CertificateAuthority | undefined): IssuerReference | undefined {
    if (this.model.security.tls === undefined) return undefined;
    return (authority ?? CertificateAuthority.selfSigned())._bind(this, `${this.model.name}-kafka`, clusterLabels(this.model, 'kafka'));
  }

  /**
   * The nodes' certificate: one for every broker and controller, naming every address a
   * client or another node uses (pod names through a wildcard, the bootstrap Service,
   * external hosts).
   */
  private addNodeCertificate(): void {
    const m = this.model;
    const tls = m.security.tls;
    if (tls === undefined) return;
    const labels = clusterLabels(m, 'kafka');
    const issuerRef = tls.issuer;
    const namespace = Chart.of(this).namespace!;
    const service = (svc: string) => [svc, `${svc}.${namespace}`, `${svc}.${namespace}.svc`, `${svc}.${namespace}.svc.${m.clusterDomain}`];
    certificate(this, 'NodeCertificate', { name: claimName(this, 'Certificate', `${m.name}-kafka`), labels }, {
      secretName: tls.nodeSecret,
      issuerRef,
      commonName: tls.nodePrincipal,
      dnsNames: Lazy.any({
        produce: () => [
          `*.${m.headlessService}.${namespace}.svc.${m.clusterDomain}`,
          `*.${m.headlessService}.${namespace}.svc`,
          ...service(m.bootstrapService),
          ...this.externalHosts(),
        ],
      }) as unknown as string[],
      duration: `${tls.durationHours}h`,
      renewBefore: `${tls.renewBeforeHours}h`,
      usages: SERVER_AND_CLIENT_USAGES,
      // Kafka's PEM keystore reads PKCS#8 only; a new key on every renewal.
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      secretTemplate: { labels },
    });
  }

  private addCertificateRollout(props: KafkaClusterProps): void {
    const m = this.model;
    const schedule = props.certificateRolloutSchedule ?? '17 * * * *';
    if (typeof schedule !== 'string' || schedule.trim().split(/\s+/).length !== 5 || !/^[0-9*/,\-A-Za-z ?]+$/.test(schedule)) {
      raise(this, 'certificateRolloutSchedule', schedule, 'it is not a cron schedule of five fields', 'Write it like "17 3 * * *" (daily at 03:17)');
    }
    if (m.security.tls === undefined || !(props.certificateRollout ?? true)) return;
    new CertificateRollout(this, 'CertificateRollout', {
      cluster: m.name,
      labels: clusterLabels(m, 'access'),
      imagePullPolicy: m.imagePullPolicy,
      certificate: `${m.name}-kafka`,
      statefulSets: () => this.pools.flatMap(p => p.pool.statefulSets
        .map(sts => ({ name: sts.name, selector: statefulSetSelector(m, p.pool, sts) }))),
      schedule,
      networkPolicy: this.networkPolicy,
      egressPolicy: this.egressPolicy,
      egressPorts: this.egressPorts,
    });
  }

  /** Host names external clients use: every broker's, and the bootstrap host. */
  private externalHosts(): string[] {
    const hosts: string[] = [];
    for (const l of this.model.listeners) {
      if (l.access === undefined) continue;
      if (l.access.bootstrapHost !== undefined) hosts.push(l.access.bootstrapHost);
      for (const pool of this.pools.filter(p => p.isBroker)) {
        for (const id of pool.nodeIds) hosts.push(hostForNode(l.access.hostPattern, id));
      }
    }
    return [...new Set(hosts)];
  }

  /**
   * One budget over every broker of every pool, not one per pool: Kafka places a
   * partition's replicas on brokers of any pool, so draining one broker from each of two
   * pools at once could take two replicas of one partition. Dedicated controllers get
   * their own (a quorum of 3 keeps its majority with one voter out). Budgets never
   * overlap: the eviction API refuses pods that two budgets select.
   */
  private addDisruptionBudgets(mode: KRaftMode): void {
    const m = this.model;
    const budget = (id: string, name: string, component: string, selector: Record<string, string>) =>
      new k8s.KubePodDisruptionBudget(this, id, {
        metadata: { name: claimName(this, 'PodDisruptionBudget', name), labels: clusterLabels(m, component) },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    budget('BrokerBudget', `${m.name}-kafka-brokers`, 'broker', brokerSelector(m));
    if (mode === KRaftMode.DEDICATED) {
      budget('ControllerBudget', `${m.name}-kafka-controllers`, 'controller', { ...clusterSelector(m), [LABEL.CONTROLLER]: 'true' });
    }
  }

  /**
   * Adds a user with its ACLs; see `IKafkaCluster.addUser`. Its SCRAM credentials are
   * created once in the cluster (unless `secret` names the user's own) and registered
   * with its ACLs by the cluster's access Job; with TLS it also gets a certificate from
   * the cluster's issuer (`<cluster>-user-<name>-tls`: `ca.crt` for trust, `tls.crt` and
   * `tls.key` for mutual TLS, principal = its common name).
   *
   * @param name user name, a lower-case DNS name
   * @param options its ACLs and an existing credentials Secret
   */
  public addUser(name: string, options: KafkaUserOptions = {}): KafkaUser {
    const m = this.model;
    const scope = `${this.node.path}.addUser`;
    checkUserName(scope, name);
    if (this.users.has(name) || name === ADMIN_USER || name === m.security.tls?.nodePrincipal) {
      raise(scope, 'name', name, this.users.has(name) ? 'the cluster already has this user' : 'the cluster uses this principal itself', 'Give every user its own name');
    }
    const listener = m.listeners.find(l => l.scope === ListenerScope.INTERNAL);
    if (listener === undefined) {
      raise(scope, 'name', name, 'users connect through the first internal listener, and the cluster has none', 'Add an internal listener');
    }
    if (options.secret !== undefined && !isObjectName(options.secret)) {
      raise(scope, 'secret', options.secret, 'it is not a Secret name', 'Use the Secret\'s metadata.name');
    }
    const sasl = isSaslMechanism(listener.authentication);
    const base = `${m.name}-user-${name}`;
    const credentialsSecret = !sasl ? undefined : options.secret ?? claimName(this, 'Secret', base);
    const tls = m.security.tls;
    let certificateSecret: string | undefined;
    if (tls !== undefined) {
      certificateSecret = claimName(this, 'Secret', `${base}-tls`);
      const labels = clusterLabels(m, 'user');
      certificate(this, `User-${name}`, { name: claimName(this, 'Certificate', base), labels }, {
        secretName: certificateSecret,
        issuerRef: tls.issuer,
        commonName: name,
        duration: `${tls.durationHours}h`,
        renewBefore: `${tls.renewBeforeHours}h`,
        usages: ['client auth', 'digital signature', 'key encipherment'],
        privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
        secretTemplate: { labels },
      });
    }
    const user = new KafkaUser(name, {
      bootstrapServers: this.bootstrapServers,
      securityProtocol: listener.protocol,
      authentication: listener.authentication,
      saslMechanism: sasl ? listener.authentication : undefined,
      credentialsSecret,
      certificateSecret,
    }, options.secret !== undefined);
    user.addAcl(...(options.acls ?? []));
    this.users.set(name, user);
    if (m.security.authorizer || credentialsSecret !== undefined) {
      const jobs = this.ensureAccessJobs();
      if (credentialsSecret !== undefined && options.secret === undefined) jobs.ensureCredentialsJob();
    }
    return user;
  }

  private ensureAccessJobs(): AccessJobs {
    if (this.accessJobs !== undefined) return this.accessJobs;
    const m = this.model;
    const tls = m.security.tls!;
    const namespace = Chart.of(this).namespace!;
    this.accessJobs = new AccessJobs(this, 'Access', {
      cluster: m.name,
      labels: clusterLabels(m, 'access'),
      image: m.image,
      imagePullPolicy: m.imagePullPolicy,
      nodeSecret: tls.nodeSecret,
      nodeCertificate: `${m.name}-kafka`,
      replicationBootstrap: () => this.pools.filter(p => p.isBroker)
        .flatMap(p => p.pool.statefulSets.flatMap(sts => Array.from({ length: sts.replicas }, (_, i) => `${sts.name}-${i}`)))
        .map(pod => `${pod}.${m.headlessService}.${namespace}.svc.${m.clusterDomain}:${RESERVED_LISTENERS.REPLICATION.port}`)
        .join(','),
      mechanisms: m.security.scramMechanisms,
      admin: m.security.adminSecret === undefined ? undefined
        : { user: ADMIN_USER, secret: m.security.adminSecret, provided: m.security.adminSecretProvided },
      // The JAAS line in generated Secrets is for the listener users connect through.
      loginModule: loginModuleOf((m.listeners.find(l => l.scope === ListenerScope.INTERNAL && isSaslMechanism(l.authentication))
        ?? m.listeners.find(l => isSaslMechanism(l.authentication)))?.authentication ?? AuthenticationMechanism.SCRAM_SHA_512),
      users: () => [...this.users.values()],
      networkPolicy: this.networkPolicy,
      egressPolicy: this.egressPolicy,
      egressPorts: this.egressPorts,
      brokerSelector: brokerSelector(m),
      replicationPort: RESERVED_LISTENERS.REPLICATION.port,
    });
    return this.accessJobs;
  }

  /**
   * Records wired client pods; the NetworkPolicy admits each to the internal client
   * listeners by its own rule.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  public allowClient(podLabels: { [key: string]: string }): void {
    const labels = sortedByKey(podLabels);
    this.clients.set(JSON.stringify(labels), labels);
  }

  private addNetworkPolicy(): void {
    const m = this.model;
    const namespace = Chart.of(this).namespace;
    const tcp = (port: number): k8s.NetworkPolicyPort => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
    // Wired components use the first internal listener (bootstrapServers), and only it.
    const wiredListener = m.listeners.find(l => l.scope === ListenerScope.INTERNAL);
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: claimName(this, 'NetworkPolicy', `${m.name}-kafka`), labels: clusterLabels(m, 'kafka') },
      spec: {
        podSelector: { matchLabels: clusterSelector(m) },
        policyTypes: this.egressPolicy ? ['Ingress', 'Egress'] : ['Ingress'],
        egress: !this.egressPolicy ? undefined : [
          {
            to: [{ podSelector: { matchLabels: clusterSelector(m) } }],
            ports: [tcp(RESERVED_LISTENERS.REPLICATION.port), tcp(RESERVED_LISTENERS.CONTROLLER.port)],
          },
          dnsEgressRule(this.egressPorts),
        ],
        // Read at synth, after components have registered as clients.
        ingress: Lazy.any({
          produce: (): k8s.NetworkPolicyIngressRule[] => [
            {
              from: [{ podSelector: { matchLabels: clusterSelector(m) } }],
              ports: [tcp(RESERVED_LISTENERS.REPLICATION.port), tcp(RESERVED_LISTENERS.CONTROLLER.port)],
            },
            // The access Job acts as the cluster (users, ACLs) on the replication listener.
            ...(this.accessJobs === undefined ? [] : [{
              from: [{ podSelector: { matchLabels: accessJobSelector(m.name, 'access') } }],
              ports: [tcp(RESERVED_LISTENERS.REPLICATION.port)],
            }]),
            ...[...this.clients.keys()].sort().filter(() => wiredListener !== undefined).map(key => ({
              from: [{ podSelector: { matchLabels: this.clients.get(key)! } }],
              ports: [tcp(wiredListener!.port)],
            })),
            ...m.listeners.flatMap(l => peerRules(l.peers, [tcp(l.port)], namespace)),
            ...peerRules(m.metricsPeers, [tcp(METRICS_PORT)], namespace),
          ],
        }),
      },
    });
  }

  private validateBrokerCount(): string[] {
    const brokers = this.pools.filter(p => p.isBroker).reduce((n, p) => n + p.replicas, 0);
    const { factor } = this.model.replication;
    if (brokers >= factor) return [];
    return [formatViolation({
      path: this.node.path,
      prop: 'replicationFactor',
      value: factor,
      why: `the cluster has ${brokers} broker${brokers === 1 ? '' : 's'}, so topics and the internal topics could not be created`,
      fix: `Set replicationFactor to at most ${Math.max(1, brokers)} (and minInSyncReplicas below it), or add brokers`,
    })];
  }
}

function checkGraceForPreStop(scope: Construct, pool: ResolvedPool): void {
  const broker = pool.roles.includes(NodeRole.BROKER);
  const slowest = Math.max(...pool.statefulSets.map(s => confirmDelaySeconds(s.rank)));
  const needed = minimumGraceSeconds(slowest, broker);
  if (pool.terminationGraceSeconds < needed) {
    raise(scope, 'terminationGracePeriod', `${pool.terminationGraceSeconds}s`,
      `the pre-stop gate of this pool needs ${needed - pool.terminationGraceSeconds}s more: its confirm delay (${slowest}s, one step per StatefulSet of the cluster) and one check on top of the ${broker ? 'broker' : 'controller'} shutdown reserve`,
      `Use at least Duration.seconds(${needed})`);
  }
}

/** A cluster known only by its address. */
class ImportedKafkaCluster extends Construct implements IKafkaCluster {
  public readonly clusterName: string;
  public readonly bootstrapServers: string;
  public readonly version: ConfluentVersion;
  public readonly replicationFactor: number;
  public readonly minInSyncReplicas: number;
  public readonly imported = true;
  private readonly tls: boolean;
  private readonly authentication: AuthenticationMechanism;
  private readonly caSecret?: string;

  constructor(scope: Construct, id: string, attributes: KafkaEndpointAttributes) {
    super(scope, id);
    const auth = attributes.authentication ?? ListenerAuthentication.none();
    this.tls = attributes.tls === undefined ? false : attributes.tls;
    checkRules(this, [
      { when: typeof this.tls !== 'boolean', prop: 'tls', value: this.tls, why: 'it is true or false', fix: 'Set tls: true when the endpoint uses TLS' },
      { when: !(auth instanceof ListenerAuthentication), prop: 'authentication', value: auth, why: 'it is not a ListenerAuthentication', fix: 'Use ListenerAuthentication.scramSha512() or ListenerAuthentication.plain()' },
      {
        when: auth instanceof ListenerAuthentication && auth.mechanism === AuthenticationMechanism.MUTUAL_TLS,
        prop: 'authentication',
        value: 'mutual-tls',
        why: 'components authenticate with SCRAM or PLAIN, not client certificates',
        fix: 'Give the components SCRAM or PLAIN users on the cluster',
      },
      {
        when: auth instanceof ListenerAuthentication && auth.mechanism === AuthenticationMechanism.PLAIN && this.tls === false,
        prop: 'tls',
        value: false,
        why: 'SASL/PLAIN sends the password itself: without TLS anyone on the path reads it',
        fix: 'Use the endpoint\'s TLS listener (tls: true)',
      },
      {
        when: attributes.caSecret !== undefined && (!this.tls || !isObjectName(attributes.caSecret)),
        prop: 'caSecret',
        value: attributes.caSecret,
        why: 'it is the name of a Secret holding the CA of a TLS endpoint',
        fix: 'Set tls: true and give the Secret\'s metadata.name',
      },
    ]);
    this.authentication = auth.mechanism;
    this.caSecret = attributes.caSecret;
    const servers = attributes.bootstrapServers;
    const hostPort = /^[A-Za-z0-9.-]+:\d{1,5}$/;
    checkRules(this, [
      {
        when: typeof servers !== 'string' || servers.split(',').some(s => !hostPort.test(s.trim())),
        prop: 'bootstrapServers',
        value: servers,
        why: 'it must be a comma-separated list of host:port',
        fix: 'Write it like "kafka.example.com:9092"',
      },
      { when: !(attributes.version instanceof ConfluentVersion), prop: 'version', value: attributes.version, why: 'it is not a ConfluentVersion', fix: 'Use e.g. ConfluentVersion.V8_0' },
    ]);
    this.clusterName = resourceName(this);
    this.bootstrapServers = servers.split(',').map(s => s.trim()).join(',');
    this.version = attributes.version;
    this.replicationFactor = attributes.replicationFactor ?? 3;
    this.minInSyncReplicas = attributes.minInSyncReplicas ?? Math.min(2, this.replicationFactor);
    checkRules(this, [
      { when: !Number.isInteger(this.replicationFactor) || this.replicationFactor < 1, prop: 'replicationFactor', value: this.replicationFactor, why: 'it is a whole number of replicas, at least 1', fix: 'Use the cluster\'s default replication factor, e.g. 3' },
      { when: !Number.isInteger(this.minInSyncReplicas) || this.minInSyncReplicas < 1, prop: 'minInSyncReplicas', value: this.minInSyncReplicas, why: 'it is a whole number of replicas, at least 1', fix: 'Use the cluster\'s min.insync.replicas, e.g. 2' },
    ]);
  }

  /** Nothing to admit: the cluster's network rules are managed where it runs. */
  public allowClient(_podLabels: { [key: string]: string }): void {}

  /**
   * A user of an imported cluster is managed where the cluster runs: this says how to
   * connect as it, with the Secret holding its credentials (required when the endpoint
   * authenticates). Its ACLs are not applied: grant them where the cluster is managed.
   *
   * @param name user name
   * @param options the user's existing credentials Secret
   */
  public addUser(name: string, options: KafkaUserOptions = {}): KafkaUser {
    const scope = `${this.node.path}.addUser`;
    checkUserName(scope, name);
    const sasl = isSaslMechanism(this.authentication);
    if (sasl && options.secret === undefined) {
      raise(scope, 'secret', undefined, `${this.clusterName} is imported and authenticates with ${this.authentication}: its users are managed where it runs, so their credentials cannot be made here`,
        'Pass the Secret holding the user\'s password and sasl.jaas.config (for a component: its kafkaCredentials prop)');
    }
    if (options.secret !== undefined && !isObjectName(options.secret)) {
      raise(scope, 'secret', options.secret, 'it is not a Secret name', 'Use the Secret\'s metadata.name');
    }
    const user = new KafkaUser(name, {
      bootstrapServers: this.bootstrapServers,
      securityProtocol: sasl ? (this.tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : (this.tls ? 'SSL' : 'PLAINTEXT'),
      authentication: this.authentication,
      saslMechanism: sasl ? this.authentication : undefined,
      credentialsSecret: sasl ? options.secret : undefined,
      certificateSecret: this.tls ? this.caSecret : undefined,
    }, true);
    user.addAcl(...(options.acls ?? []));
    return user;
  }
}

// Kubernetes' default --service-node-port-range.
const NODE_PORT_RANGE = { min: 30000, max: 32767 };

function checkNodePorts(scope: Construct, cluster: ResolvedCluster, pool: ResolvedPool): void {
  cluster.listeners.forEach((listener, i) => {
    if (listener.access?.type !== ExternalAccessType.NODE_PORT) return;
    const base = listener.access.basePort!;
    const ids = pool.statefulSets.flatMap(s => s.nodeIds);
    const outside = ids.filter(id => base + id < NODE_PORT_RANGE.min || base + id > NODE_PORT_RANGE.max);
    if (outside.length > 0) {
      raise(scope, `listeners[${i}].access.basePort`, base,
        `broker ${outside[0]} of pool ${pool.name} would get node port ${base + outside[0]}, outside Kubernetes' node-port range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
        'Lower basePort or the pool\'s nodeIdBase so basePort + node id stays in the range');
    }
  });
}

function resolveZones(scope: Construct, zones: string[] | undefined): string[] {
  if (zones === undefined) return [];
  if (!Array.isArray(zones)) {
    raise(scope, 'zones', zones, 'it must be a list of zone names', "Write it like ['eu-west-1a', 'eu-west-1b', 'eu-west-1c']");
  }
  const seen = new Map<string, number>();
  zones.forEach((zone, i) => {
    if (typeof zone !== 'string' || zone.length === 0) {
      raise(scope, `zones[${i}]`, zone, 'a zone is a non-empty value of the topology.kubernetes.io/zone label', "Use e.g. 'eu-west-1a'");
    }
    checkLabelValue(`zones[${i}]`, zone, scope);
    const key = normalize(zone);
    const previous = seen.get(key);
    if (previous !== undefined) {
      raise(scope, `zones[${i}]`, zone, `it repeats zones[${previous}]${zones[previous] === zone ? '' : ` ("${zones[previous]}" names the same zone)`}`, 'List every zone once');
    }
    seen.set(key, i);
  });
  return [...zones];
}

function resolveReplication(scope: Construct, props: KafkaClusterProps): ResolvedReplication {
  const factor = props.replicationFactor ?? 3;
  const minInSync = props.minInSyncReplicas ?? Math.min(2, factor);
  const partitions = props.defaultPartitions ?? 3;
  const whole = (v: number) => Number.isInteger(v) && v >= 1;
  checkRules(scope, [
    { when: !whole(factor) || factor > 32767, prop: 'replicationFactor', value: factor, why: 'it is a whole number of replicas, at least 1', fix: 'Use 3 in production' },
    { when: !whole(minInSync), prop: 'minInSyncReplicas', value: minInSync, why: 'it is a whole number of replicas, at least 1', fix: 'Use 2 with replication factor 3' },
    {
      when: whole(factor) && whole(minInSync) && factor > 1 && minInSync >= factor,
      prop: 'minInSyncReplicas',
      value: minInSync,
      why: `it must be below replicationFactor (${factor}): otherwise losing any one broker stops all acks=all writes`,
      fix: `Use ${factor - 1}`,
    },
    { when: whole(factor) && factor === 1 && minInSync !== 1, prop: 'minInSyncReplicas', value: minInSync, why: 'with replicationFactor 1 only one copy exists', fix: 'Use 1' },
    { when: !whole(partitions) || partitions > 100000, prop: 'defaultPartitions', value: partitions, why: 'it is a whole number of partitions, at least 1', fix: 'Use e.g. 3' },
  ]);
  if (factor < 3) {
    warn(scope, `replicationFactor ${factor} keeps ${factor === 1 ? 'one copy: a lost broker or disk loses its partitions' : 'two copies: with min ISR 1 a single failure can lose acknowledged writes'}. Use 3 outside dev.`);
  }
  return { factor, minInSync, partitions };
}

function checkPortList(scope: Construct, prop: string, ports: number[]): number[] {
  if (!Array.isArray(ports) || ports.length === 0) {
    raise(scope, prop, ports, 'it is a non-empty list of ports', 'Write it like [53]');
  }
  ports.forEach((port, i) => checkPort(scope, `${prop}[${i}]`, port));
  return [...ports];
}

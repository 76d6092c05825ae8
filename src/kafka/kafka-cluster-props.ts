import { Cron, Duration, Size } from 'cdk8s';
import { ImagePullPolicy, ISecret } from 'cdk8s-plus-27';
import { MAX_REPLICATION_FACTOR } from './kafka-cluster-ref';
import { Listener, listenerShape } from './listener';
import { NODE_POOL_OPTIONS, NodePoolOptions } from './nodes/node-pool-options';
import { PRUNE_OPTIONS, PruneOptions } from './prune-options';
import { CertificateAuthority, certificateAuthorityShape } from './security/certificate-authority';
import { ClientPeer, clientPeers } from '../access/client-peer';
import { USER_QUOTAS, UserQuotas } from '../access/user-quotas';
import { finishedJobTtlShape } from '../core/finished-job-ttl';
import { ImageOptions } from '../core/image';
import { Expect, INT32_MAX } from '../core/input-shape';
import { certificateDuration, cron, dnsName, imageOptions, imagePullPolicyShape, portShape, properties, secret } from '../core/prop-shapes';
import { ConfluentVersion, confluentVersion } from '../core/version';
import { LOGGING_SETTINGS, LoggingSettings } from '../observability/logging';
import { MONITORING_SETTINGS, MonitoringSettings } from '../observability/monitoring';

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
  readonly controllers?: NodePoolOptions;

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
   * @default 2 (1 below replication factor 3) — with replication factor 3, one broker
   * can be down and writes go on, and an acknowledged write is on at least two brokers;
   * with 2 copies, 2 would stop writes whenever one broker is down
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
  readonly properties?: { [key: string]: string };

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
   * Monitoring: every node serves its full metrics (traffic, partitions, requests,
   * controller, metadata lag, disks, JVM), a PodMonitor (or pod annotations) lets
   * Prometheus find them, a PrometheusRule alerts on what matters (runbook in
   * docs/monitoring.md) and Grafana dashboards draw them. Components wired to the
   * cluster inherit it. Give `metricsPeers` too: the NetworkPolicy admits the scraper
   * only from there.
   *
   * @default - off: the nodes serve only the few metrics their probes read, and nothing
   * scrapes, alerts or draws
   */
  readonly monitoring?: MonitoringSettings;

  /**
   * Log format (plain or JSON) and levels of the nodes, written as the library's own
   * log4j file in place of the image's; components wired to the cluster inherit it.
   * Lines go to stdout only, where the container runtime keeps them.
   *
   * @default - the images' own log4j configuration: plain text, INFO
   */
  readonly logging?: LoggingSettings;

  /**
   * Where the certificates clients see and present come from: the certificate the
   * brokers serve on their TLS client listeners, and the certificates of the users and
   * components wired to the cluster (`<cluster>-user-<name>-tls`, whose `ca.crt` is the
   * trust clients need). Mutual-TLS listeners accept client certificates from this
   * authority only. The cluster's own identity comes from a second authority
   * (`nodeCertificateAuthority`), so a certificate this one signs (for any subject)
   * never makes a client a node or a super user. A company CA fits here. Needs
   * cert-manager in the Kubernetes cluster.
   *
   * @default CertificateAuthority.selfSigned() — a root of the cluster's own in its
   * namespace: nothing else trusts it, and nothing else is needed
   */
  readonly certificateAuthority?: CertificateAuthority;

  /**
   * Where the nodes' own certificate comes from: their identity (a super user) on the
   * replication and controller listeners, which trust this authority alone (the
   * issuing CA itself, even when it is an intermediate). It must sign nothing but this
   * cluster's nodes: anyone it signs for can act as a node. Synth refuses the clients'
   * authority here.
   *
   * @default CertificateAuthority.selfSigned() — a root of the cluster's own in its
   * namespace (`<cluster>-kafka-nodes-ca`) that signs one certificate: the nodes'
   */
  readonly nodeCertificateAuthority?: CertificateAuthority;

  /**
   * Client quotas of every user that has none of its own (Kafka's default user quota,
   * `--entity-type users --entity-default`), set by the access Job. Needs an
   * authenticating listener.
   *
   * @default - none: a user without its own quotas is not limited
   */
  readonly defaultUserQuotas?: UserQuotas;

  /**
   * Validity of the nodes' certificate and of the client listeners' one. cert-manager
   * renews each a third of the validity (at most 30 days) before the end; the nodes
   * read them at start, so they pick a new one up at their next restart, which the
   * certificate roll (`certificateRollout`) makes happen. Clients and nodes keep
   * trusting the renewed certificates: their issuers are the same.
   *
   * @default Duration.days(365) — a year between forced restarts, as Strimzi's default
   * cluster CA validity
   */
  readonly certificateValidity?: Duration;

  /**
   * Restart the nodes after cert-manager renews their certificate (or the client
   * listeners' one): a CronJob runs the cluster's roll (the same as after a template
   * change) with one more reason to restart a node: its container started before the
   * latest of those certificates was issued. One node of the cluster at a time, voters
   * first and the active controller last, each only when Kafka says it is safe; the
   * roll's Lease keeps it from acting while another roll does. Its Role may also read
   * those Certificates.
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
   * When the certificate rollout CronJob runs (the CronJob's time zone, the cluster's
   * by default).
   *
   * @default Cron.schedule({ minute: '17' }) — hourly: a run restarts what started before
   * the renewal and ends; an hour finds a renewal well inside the 30 days between renewal
   * and expiry, and resumes a roll that was interrupted
   */
  readonly certificateRolloutSchedule?: Cron;

  /**
   * How long the cluster's finished Jobs stay before Kubernetes deletes them
   * (`ttlSecondsAfterFinished`): the access Job, which registers SCRAM users and adds
   * ACLs, the credentials Job, which creates the generated credentials Secrets, and the
   * roll Job, which restarts the nodes onto a changed template. Each
   * is named by a hash of its spec, so only its deletion lets the next apply run it again:
   * after the Kafka cluster is recreated or a credentials Secret is deleted, users, ACLs
   * and Secrets come back once the finished Jobs are gone and the manifests are applied
   * again. A GitOps tool does that on its own (Flux at each reconcile; Argo CD with
   * self-heal, otherwise the Application shows OutOfSync until its next sync), so this is
   * also how often the Jobs re-run; both are idempotent.
   *
   * @default Duration.hours(1) — an hour to read a finished Job and its log; under GitOps
   * what the Jobs establish comes back within about an hour, for one short pod per Job an
   * hour
   */
  readonly finishedJobTtl?: Duration;

  /**
   * The release whose Kafka features the cluster has turned on. After every node runs a
   * new `version`, set this to that release, as a second, separate change: the features
   * Job waits until the roll Job has recorded that every node runs `version`, then turns
   * on the release's `metadata.version` and, from Confluent 8.0 (Kafka 4.0), the new
   * consumer group protocol (KIP-848) and transactions v2 (KIP-890), each named at the
   * level `kafka-features version-mapping` gives. Never `kraft.version`: the quorum stays
   * static. Once 8.0's features are on, metadata cannot go back to 7.9's, so the images
   * cannot either: a `version` below this is refused.
   *
   * @default - the features stay as they are: a new cluster has those of the release it
   * was created with; after an upgrade the older release's stay, so going back to the
   * older images remains possible until this is set
   */
  readonly finalizedVersion?: ConfluentVersion;

  /**
   * Keep the brokers' partition replica counts even: a balance Job runs whenever the set
   * of brokers changes (a pool's replicas, an added pool) and after every
   * `finishedJobTtl`, and moves replicas between brokers of the same zone until each holds
   * within one of the others, throttled by `reassignmentThrottle`. So brokers added to
   * scale out take their share of partitions. Counts, not bytes. Brokers being drained
   * take no part.
   *
   * @default true — new brokers that hold nothing serve no traffic: scaling out would add
   * cost and no capacity
   */
  readonly balanceReplicas?: boolean;

  /**
   * How fast a drain (`drainTo` on a pool) or a balance may copy partitions, per broker and second:
   * Kafka's replication throttle (`kafka-reassign-partitions --throttle`) on the moving
   * replicas only; replicas already in sync are never throttled.
   *
   * @default Size.mebibytes(50) — about 175 GiB an hour per broker, while the brokers
   * keep most of a 10 Gbit/s link for their clients; raise it to move faster, lower it
   * if clients slow down during a drain
   */
  readonly reassignmentThrottle?: Size;

  /**
   * What the topics and access Jobs delete from Kafka when the program stops declaring
   * it: topics, users' SCRAM credentials, ACLs, quota keys, each kind on its own. Only
   * what the library made is deleted (each Job keeps a record of it in a ConfigMap), and
   * the Jobs' logs name everything they keep. See docs/operations.md, "Removing topics,
   * users, ACLs and quotas".
   *
   * @default - nothing is deleted: removing a topic, user, ACL or quota from code leaves
   * it in the cluster, and the Jobs' logs say so
   */
  readonly prune?: PruneOptions;

  /**
   * An existing Secret with the password of the cluster's `admin` user under the key
   * `password` (letters, digits and `._~-` only). Used when any listener authenticates
   * with SCRAM or PLAIN.
   *
   * @default - the credentials Job creates `<cluster>-kafka-admin` once, with a random
   * password made inside the Kubernetes cluster
   */
  readonly adminSecret?: ISecret;

  /**
   * DNS domain of the Kubernetes cluster; brokers advertise fully qualified names.
   *
   * @default "cluster.local" — Kubernetes' default
   */
  readonly clusterDomain?: string;
}

/** The runtime form of KafkaClusterProps (src/core/input-shape.ts). */
export const KAFKA_CLUSTER_PROPS = Expect.struct('KafkaClusterProps', {
  version: confluentVersion,
  edition: Expect.enumOf('KafkaEdition', KafkaEdition),
  image: imageOptions,
  imagePullPolicy: imagePullPolicyShape,
  mode: Expect.enumOf('KRaftMode', KRaftMode),
  controllers: NODE_POOL_OPTIONS,
  brokers: NODE_POOL_OPTIONS,
  // Values of the topology.kubernetes.io/zone label.
  zones: Expect.list(Expect.text({ expected: 'a zone (a topology.kubernetes.io/zone label value)', example: '"eu-west-1a"', maxLength: 63, pattern: /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/ }), { maxLength: 16 }),
  listeners: Expect.list(listenerShape, { maxLength: 32 }),
  replicationFactor: Expect.integer(1, MAX_REPLICATION_FACTOR),
  minInSyncReplicas: Expect.integer(1, MAX_REPLICATION_FACTOR, 2),
  // num.partitions is an int in Kafka's config definition, at least 1.
  defaultPartitions: Expect.integer(1, INT32_MAX),
  properties,
  customProperties: properties,
  clusterId: Expect.text({ expected: 'a KRaft cluster id (22 characters of URL-safe base64)', example: '"q1Sh-9_ISia_zwGINzRvyQ"', maxLength: 22 }),
  networkPolicy: Expect.boolean(),
  egressPolicy: Expect.boolean(),
  egressDnsPorts: Expect.list(portShape, { minLength: 1, maxLength: 16, unique: true, example: '[53]' }),
  egressApiServerPorts: Expect.list(portShape, { minLength: 1, maxLength: 16, unique: true, example: '[443, 6443]' }),
  metricsPeers: clientPeers,
  monitoring: MONITORING_SETTINGS,
  logging: LOGGING_SETTINGS,
  certificateAuthority: certificateAuthorityShape,
  nodeCertificateAuthority: certificateAuthorityShape,
  defaultUserQuotas: USER_QUOTAS,
  certificateValidity: certificateDuration(Duration.hours(1), 'Duration.days(365)'),
  certificateRollout: Expect.boolean(),
  certificateRolloutSchedule: cron,
  finishedJobTtl: finishedJobTtlShape,
  prune: PRUNE_OPTIONS,
  finalizedVersion: confluentVersion,
  balanceReplicas: Expect.boolean(),
  reassignmentThrottle: Expect.size({ minBytes: 2 ** 20, maxBytes: 2 ** 40, example: 'Size.mebibytes(100)' }),
  adminSecret: secret,
  clusterDomain: dnsName,
});

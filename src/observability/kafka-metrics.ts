import { ExporterRule, ExporterRuleSet, MetricType } from './exporter-config';
import { JVM_RULES } from './jvm-metrics';

// What a Kafka node (broker or KRaft controller) exports. Object names and attributes
// are Kafka's (apache/kafka: KafkaServer BrokerState, ReplicaManager, BrokerTopicMetrics,
// RequestMetrics, SocketServer, KafkaRequestHandlerPool, LogManager and Log in the
// Yammer registry, whose meters export Count and rates and gauges Value; raft-metrics,
// broker-metadata-metrics and socket-server-metrics in the Kafka metrics registry,
// whose attributes are the metric names). The probes read a few of them on every node,
// so those rules are always there; the rest are served when monitoring is on.

/** The metric names the probes parse (node-metrics.sh), as the rules below name them. */
export const PROBE_METRICS = {
  /** `kafka.server:type=KafkaServer,name=BrokerState`: 3 is RUNNING (apache/kafka BrokerState.java). */
  BROKER_STATE: 'kafka_server_kafkaserver_brokerstate',
  /** Largest lag, in records, of this broker's replica fetchers. */
  FETCHER_MAX_LAG: 'kafka_server_replicafetchermanager_maxlag',
  /** KRaft role of this node: leader, follower, candidate, voted, unattached, observer. */
  RAFT_STATE: 'kafka_server_raft_metrics_current_state',
  /** Node id of the quorum leader this node knows, -1 when none. */
  RAFT_LEADER: 'kafka_server_raft_metrics_current_leader',
} as const;

const REPLICA_MANAGER_GAUGES = 'UnderReplicatedPartitions|UnderMinIsrPartitionCount|AtMinIsrPartitionCount|OfflineReplicaCount|PartitionCount|LeaderCount|ReassigningPartitions';
const RAFT_GAUGES = 'high-watermark|current-epoch|log-end-offset|commit-latency-avg|append-records-rate|fetch-records-rate|election-latency-avg|number-unknown-voter-connections';
const BROKER_TOPIC_METERS = 'BytesIn|BytesOut|BytesRejected|MessagesIn|TotalProduceRequests|TotalFetchRequests|FailedProduceRequests|FailedFetchRequests';
const CONTROLLER_GAUGES = 'ActiveControllerCount|OfflinePartitionsCount|GlobalTopicCount|GlobalPartitionCount|ActiveBrokerCount|FencedBrokerCount|PreferredReplicaImbalanceCount|MetadataErrorCount|LastAppliedRecordLagMs';
/** Requests whose latency is exported: what clients and replication wait on. */
const TIMED_REQUESTS = 'Produce|FetchConsumer|FetchFollower|Fetch|Metadata|OffsetCommit';

/** The rules the probes need. Cheap: a handful of MBeans, whatever the partition count. */
const PROBE_RULES: ExporterRule[] = [
  {
    pattern: 'kafka.server<type=KafkaServer, name=BrokerState><>Value: ',
    name: PROBE_METRICS.BROKER_STATE,
    type: MetricType.GAUGE,
    help: 'Broker state: 3 is RUNNING (caught up with the metadata log and unfenced), 2 RECOVERY, 6 PENDING_CONTROLLED_SHUTDOWN',
  },
  {
    pattern: 'kafka.server<type=ReplicaFetcherManager, name=MaxLag, clientId=Replica><>Value: ',
    name: PROBE_METRICS.FETCHER_MAX_LAG,
    type: MetricType.GAUGE,
    help: 'Largest lag, in records, of the replicas this broker follows',
  },
  {
    pattern: `kafka.server<type=ReplicaManager, name=(${REPLICA_MANAGER_GAUGES})><>Value: `,
    name: 'kafka_server_replicamanager_$1',
    type: MetricType.GAUGE,
    help: 'Partitions of this broker: under-replicated, under min ISR, at min ISR, offline replicas, replicas, leaders, being reassigned',
  },
  {
    // A string attribute: the exporter drops it unless a rule gives a value.
    pattern: 'kafka.server<type=raft-metrics><>current-state: ([a-z]+)',
    name: PROBE_METRICS.RAFT_STATE,
    type: MetricType.GAUGE,
    value: 1,
    matchesValue: true,
    labels: { state: '$1' },
    help: 'KRaft role of this node (label state: leader, follower, candidate, voted, unattached, observer, resigned)',
  },
  {
    pattern: 'kafka.server<type=raft-metrics><>current-leader: ',
    name: PROBE_METRICS.RAFT_LEADER,
    type: MetricType.GAUGE,
    help: 'Node id of the KRaft quorum leader this node knows, -1 when none',
  },
  {
    pattern: `kafka.server<type=raft-metrics><>(${RAFT_GAUGES}): `,
    name: 'kafka_server_raft_metrics_$1',
    type: MetricType.GAUGE,
    help: 'KRaft metadata log of this node: high watermark, epoch, log end offset, commit latency (ms), append and fetch rates (records/s), election latency (ms), unknown voter connections',
  },
];

const PROBE_OBJECT_NAMES = [
  'kafka.server:type=KafkaServer,name=BrokerState',
  'kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica',
  'kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions',
  'kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount',
  'kafka.server:type=raft-metrics',
];

/** The rules that are only served with monitoring on. */
const MONITORING_RULES: ExporterRule[] = [
  {
    pattern: 'kafka.server<type=ReplicaManager, name=(IsrShrinks|IsrExpands)PerSec><>Count: ',
    name: 'kafka_server_replicamanager_$1_total',
    type: MetricType.COUNTER,
    help: 'Times an in-sync replica set shrank or grew on this broker',
  },
  {
    pattern: `kafka.server<type=BrokerTopicMetrics, name=(${BROKER_TOPIC_METERS}|ReplicationBytesIn|ReplicationBytesOut)PerSec><>Count: `,
    name: 'kafka_server_brokertopicmetrics_$1_total',
    type: MetricType.COUNTER,
    help: 'Traffic of this broker, all topics: bytes in, out and rejected, messages in, produce and fetch requests (total and failed), replication bytes',
  },
  {
    pattern: `kafka.server<type=BrokerTopicMetrics, name=(${BROKER_TOPIC_METERS})PerSec, topic=(.+)><>Count: `,
    name: 'kafka_topic_$1_total',
    type: MetricType.COUNTER,
    labels: { topic: '$2' },
    help: 'Traffic of one topic on this broker (label topic): bytes in, out and rejected, messages in, produce and fetch requests (total and failed)',
  },
  {
    pattern: 'kafka.network<type=RequestMetrics, name=RequestsPerSec, request=(.+), version=(.+)><>Count: ',
    name: 'kafka_network_requests_total',
    type: MetricType.COUNTER,
    labels: { request: '$1', version: '$2' },
    help: 'Requests this node handled, by request type and protocol version',
  },
  {
    pattern: `kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(${TIMED_REQUESTS})><>99thPercentile: `,
    name: 'kafka_network_request_time_ms',
    type: MetricType.GAUGE,
    labels: { request: '$1', quantile: '0.99' },
    help: 'Time from receiving a request to sending its response, in ms, by request type (quantile 0.99 and 0.5)',
  },
  {
    pattern: `kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(${TIMED_REQUESTS})><>50thPercentile: `,
    name: 'kafka_network_request_time_ms',
    type: MetricType.GAUGE,
    labels: { request: '$1', quantile: '0.5' },
    help: 'Time from receiving a request to sending its response, in ms, by request type (quantile 0.99 and 0.5)',
  },
  {
    pattern: 'kafka.network<type=RequestChannel, name=RequestQueueSize><>Value: ',
    name: 'kafka_network_request_queue_size',
    type: MetricType.GAUGE,
    help: 'Requests waiting for a request handler thread',
  },
  {
    pattern: 'kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value: ',
    name: 'kafka_network_processor_idle_ratio',
    type: MetricType.GAUGE,
    help: 'Fraction of time the network threads are idle (0 to 1); low means the node cannot read requests as fast as they come',
  },
  {
    // A meter marked with idle nanoseconds per handler: its rate is the idle fraction.
    pattern: 'kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate: ',
    name: 'kafka_server_request_handler_idle_ratio',
    type: MetricType.GAUGE,
    help: 'Fraction of time the request handler threads were idle over the last minute (0 to 1); low means requests queue',
  },
  {
    pattern: 'kafka.server<type=socket-server-metrics, listener=(.+), networkProcessor=(.+)><>connection-count: ',
    name: 'kafka_server_socket_server_connections',
    type: MetricType.GAUGE,
    labels: { listener: '$1', network_processor: '$2' },
    help: 'Open connections, by listener and network thread',
  },
  {
    pattern: `kafka.controller<type=KafkaController, name=(${CONTROLLER_GAUGES})><>Value: `,
    name: 'kafka_controller_kafkacontroller_$1',
    type: MetricType.GAUGE,
    help: 'KRaft controller view of the cluster: active controller (1 on the active one), offline partitions, topics, partitions, active and fenced brokers, preferred-leader imbalance, metadata errors, lag of the last applied record (ms)',
  },
  {
    pattern: 'kafka.server<type=broker-metadata-metrics><>last-applied-record-lag-ms: ',
    name: 'kafka_server_broker_metadata_last_applied_record_lag_ms',
    type: MetricType.GAUGE,
    help: 'How far behind, in ms, the metadata this broker has applied is',
  },
  {
    pattern: 'kafka.server<type=broker-metadata-metrics><>metadata-(load|apply)-error-count: ',
    name: 'kafka_server_broker_metadata_$1_errors',
    type: MetricType.GAUGE,
    help: 'Errors this broker hit loading or applying metadata since it started',
  },
  {
    // is-future=true follows while a replica moves between disks: not part of the partition.
    pattern: 'kafka.log<type=Log, name=Size, topic=([^,>]+), partition=([^,>]+)(?:, [^>]*)?><>Value: ',
    name: 'kafka_log_size_bytes',
    type: MetricType.GAUGE,
    labels: { topic: '$1', partition: '$2' },
    help: 'Size on disk of each partition replica on this broker, in bytes (labels topic, partition)',
  },
  {
    pattern: 'kafka.log<type=LogManager, name=OfflineLogDirectoryCount><>Value: ',
    name: 'kafka_log_offline_directories',
    type: MetricType.GAUGE,
    help: 'Log directories of this broker that failed (an I/O error took them offline)',
  },
];

const MONITORING_OBJECT_NAMES = [
  'kafka.server:type=ReplicaManager,*',
  'kafka.server:type=BrokerTopicMetrics,*',
  'kafka.network:type=RequestMetrics,name=RequestsPerSec,*',
  'kafka.network:type=RequestMetrics,name=TotalTimeMs,*',
  'kafka.network:type=RequestChannel,name=RequestQueueSize',
  'kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent',
  'kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent',
  'kafka.server:type=socket-server-metrics,*',
  'kafka.controller:type=KafkaController,*',
  'kafka.server:type=broker-metadata-metrics',
  'kafka.log:type=Log,name=Size,*',
  'kafka.log:type=LogManager,name=OfflineLogDirectoryCount',
];

/** What a node serves when nothing scrapes it: what the probes read. */
export const KAFKA_PROBE_RULES: ExporterRuleSet = { objectNames: PROBE_OBJECT_NAMES, rules: PROBE_RULES };

/**
 * What a node serves with monitoring on: the probes' metrics (the same names), then the
 * node's traffic, request latency and idleness, partitions, controller view, metadata
 * lag, partition sizes and the JVM. Per-partition series are limited to the log size:
 * a broker's page grows with its partitions by one line each.
 */
export const KAFKA_NODE_RULES: ExporterRuleSet = {
  objectNames: [...PROBE_OBJECT_NAMES, ...MONITORING_OBJECT_NAMES, ...JVM_RULES.objectNames],
  rules: [...PROBE_RULES, ...MONITORING_RULES, ...JVM_RULES.rules],
};

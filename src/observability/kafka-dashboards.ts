import { DashboardDefinition, jvmPanels, lines, Panel, RATE, selectorOf, stat } from './dashboard';

/** What the Kafka dashboards select. */
export interface KafkaDashboardInput {
  /** The cluster's name, in titles. */
  readonly cluster: string;
  /** Label matchers of its nodes' series, without braces (`app_kubernetes_io_name="kafka",...`). */
  readonly matchers: string;
  /** Regular expression of its data volume claims, when it has any. */
  readonly dataClaims?: string;
}

/**
 * The cluster's four dashboards: overview (health at a glance, traffic, disks), brokers
 * (each node's load, saturation, latency, JVM), topics (traffic and size per topic) and
 * the controller quorum (KRaft roles, epochs, metadata lag).
 */
export function kafkaDashboards(input: KafkaDashboardInput): DashboardDefinition[] {
  const s = selectorOf(input.matchers);
  const title = (what: string) => `Kafka ${input.cluster}: ${what}`;
  const disk: Panel[] = input.dataClaims === undefined ? [] : [lines('Disk usage', 'Share of each data disk in use (kubelet volume stats).', 'percentunit', [
    `kubelet_volume_stats_used_bytes{namespace="$namespace",persistentvolumeclaim=~"${input.dataClaims}"} / kubelet_volume_stats_capacity_bytes{namespace="$namespace",persistentvolumeclaim=~"${input.dataClaims}"}`,
    '{{persistentvolumeclaim}}',
  ])];
  return [
    {
      key: 'overview',
      title: title('overview'),
      description: 'Health at a glance: brokers, controller, partitions, traffic and disks.',
      rows: [
        [
          stat('Brokers running', 'Brokers in state RUNNING (caught up and unfenced).', `count(kafka_server_kafkaserver_brokerstate${s()} == 3) or vector(0)`),
          stat('Active controllers', 'KRaft controllers that say they are active: exactly 1 is healthy.', `sum(kafka_controller_kafkacontroller_activecontrollercount${s()}) or vector(0)`),
          stat('Under-replicated', 'Partitions with fewer in-sync replicas than replicas.', `sum(kafka_server_replicamanager_underreplicatedpartitions${s()}) or vector(0)`),
          stat('Under min ISR', 'Partitions that refuse acks=all writes.', `sum(kafka_server_replicamanager_underminisrpartitioncount${s()}) or vector(0)`),
          stat('Offline', 'Partitions without a leader.', `max(kafka_controller_kafkacontroller_offlinepartitionscount${s()}) or vector(0)`),
          stat('Partitions', 'Partitions in the cluster.', `max(kafka_controller_kafkacontroller_globalpartitioncount${s()})`),
        ],
        [
          lines('Bytes in and out', 'Client traffic of the whole cluster (replication not counted).', 'Bps',
            [`sum(rate(kafka_server_brokertopicmetrics_bytesin_total${s()}${RATE}))`, 'in'],
            [`sum(rate(kafka_server_brokertopicmetrics_bytesout_total${s()}${RATE}))`, 'out']),
          lines('Messages in', 'Records produced per second.', 'ops', [`sum(rate(kafka_server_brokertopicmetrics_messagesin_total${s()}${RATE}))`, 'messages']),
        ],
        [
          lines('Requests', 'Requests per second by type.', 'reqps', [`sum by (request) (rate(kafka_network_requests_total${s()}${RATE}))`, '{{request}}']),
          lines('Failed requests', 'Produce and fetch requests that failed, per second.', 'reqps',
            [`sum(rate(kafka_server_brokertopicmetrics_failedproducerequests_total${s()}${RATE}))`, 'produce'],
            [`sum(rate(kafka_server_brokertopicmetrics_failedfetchrequests_total${s()}${RATE}))`, 'fetch']),
          ...disk,
        ],
      ],
    },
    {
      key: 'brokers',
      title: title('brokers'),
      description: 'Each node: traffic, saturation, latency, partitions, connections and its JVM.',
      rows: [
        [
          lines('Bytes in', 'Client bytes in per node.', 'Bps', [`sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesin_total${s()}${RATE}))`, '{{pod}}']),
          lines('Bytes out', 'Client bytes out per node.', 'Bps', [`sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesout_total${s()}${RATE}))`, '{{pod}}']),
          lines('Replication', 'Replication bytes in per node (what followers copy).', 'Bps', [`sum by (pod) (rate(kafka_server_brokertopicmetrics_replicationbytesin_total${s()}${RATE}))`, '{{pod}}']),
        ],
        [
          lines('Request handlers idle', 'Share of time the request handler threads are idle: below 30 % requests queue.', 'percentunit',
            [`kafka_server_request_handler_idle_ratio${s()}`, '{{pod}}']),
          lines('Network threads idle', 'Share of time the network threads are idle.', 'percentunit', [`kafka_network_processor_idle_ratio${s()}`, '{{pod}}']),
          lines('Request queue', 'Requests waiting for a handler thread.', 'short', [`kafka_network_request_queue_size${s()}`, '{{pod}}']),
        ],
        [
          lines('Produce latency (p99)', 'Time to answer a produce request, 99th percentile.', 'ms',
            [`kafka_network_request_time_ms${s('request="Produce",quantile="0.99"')}`, '{{pod}}']),
          lines('Fetch latency (p99)', 'Time to answer consumers\' fetch requests, 99th percentile (includes fetch.max.wait.ms).', 'ms',
            [`kafka_network_request_time_ms${s('request="FetchConsumer",quantile="0.99"')}`, '{{pod}}']),
          lines('Follower fetch lag', 'Largest lag, in records, of the replicas each broker follows.', 'short', [`kafka_server_replicafetchermanager_maxlag${s()}`, '{{pod}}']),
        ],
        [
          lines('Partitions', 'Partition replicas and leaders per broker.', 'short',
            [`kafka_server_replicamanager_partitioncount${s()}`, '{{pod}} replicas'],
            [`kafka_server_replicamanager_leadercount${s()}`, '{{pod}} leaders']),
          lines('ISR changes', 'In-sync replica sets shrinking and growing: steady churn means a broker keeps falling behind.', 'ops',
            [`sum by (pod) (rate(kafka_server_replicamanager_isrshrinks_total${s()}${RATE}))`, '{{pod}} shrinks'],
            [`sum by (pod) (rate(kafka_server_replicamanager_isrexpands_total${s()}${RATE}))`, '{{pod}} expands']),
          lines('Connections', 'Open connections per node and listener.', 'short',
            [`sum by (pod, listener) (kafka_server_socket_server_connections${s()})`, '{{pod}} {{listener}}']),
        ],
        jvmPanels(s()),
      ],
    },
    {
      key: 'topics',
      title: title('topics'),
      description: 'Traffic and size of each topic.',
      variables: [{ name: 'topic', label: 'Topic', query: `label_values(kafka_topic_bytesin_total{${input.matchers},namespace="$namespace"}, topic)` }],
      rows: [
        [
          lines('Bytes in', 'Bytes produced per second, by topic.', 'Bps', [`sum by (topic) (rate(kafka_topic_bytesin_total${s('topic=~"$topic"')}${RATE}))`, '{{topic}}']),
          lines('Bytes out', 'Bytes consumers fetched per second, by topic.', 'Bps', [`sum by (topic) (rate(kafka_topic_bytesout_total${s('topic=~"$topic"')}${RATE}))`, '{{topic}}']),
        ],
        [
          lines('Messages in', 'Records produced per second, by topic.', 'ops', [`sum by (topic) (rate(kafka_topic_messagesin_total${s('topic=~"$topic"')}${RATE}))`, '{{topic}}']),
          lines('Size', 'Bytes on disk of every replica of the topic.', 'bytes', [`sum by (topic) (kafka_log_size_bytes${s('topic=~"$topic"')})`, '{{topic}}']),
        ],
        [
          lines('Failed produce and fetch', 'Requests that failed, per second, by topic.', 'reqps',
            [`sum by (topic) (rate(kafka_topic_failedproducerequests_total${s('topic=~"$topic"')}${RATE}))`, '{{topic}} produce'],
            [`sum by (topic) (rate(kafka_topic_failedfetchrequests_total${s('topic=~"$topic"')}${RATE}))`, '{{topic}} fetch']),
          lines('Replicas', 'Partition replicas of the topic.', 'short', [`count by (topic) (kafka_log_size_bytes${s('topic=~"$topic"')})`, '{{topic}}']),
        ],
      ],
    },
    {
      key: 'quorum',
      title: title('controller quorum'),
      description: 'The KRaft quorum: roles, leader, epochs, metadata log and how far each node lags.',
      rows: [
        [
          stat('Quorum leader', 'Node id of the leader, as the nodes see it.', `max(kafka_server_raft_metrics_current_leader${s()})`),
          stat('Epoch', 'Leader epoch: it grows at each election.', `max(kafka_server_raft_metrics_current_epoch${s()})`),
          stat('Active brokers', 'Brokers registered and unfenced.', `max(kafka_controller_kafkacontroller_activebrokercount${s()})`),
          stat('Fenced brokers', 'Brokers the controller fenced (not heartbeating).', `max(kafka_controller_kafkacontroller_fencedbrokercount${s()})`),
          stat('Metadata errors', 'Errors the controllers hit applying metadata.', `max(kafka_controller_kafkacontroller_metadataerrorcount${s()})`),
        ],
        [
          lines('Roles', 'Each node\'s KRaft role.', 'short', [`kafka_server_raft_metrics_current_state${s()} == 1`, '{{pod}} {{state}}']),
          lines('Metadata log', 'High watermark and each node\'s log end offset.', 'short',
            [`kafka_server_raft_metrics_high_watermark${s()}`, '{{pod}} high watermark'],
            [`kafka_server_raft_metrics_log_end_offset${s()}`, '{{pod}} log end']),
        ],
        [
          lines('Metadata lag', 'How far behind the applied metadata of each node is.', 'ms',
            [`kafka_controller_kafkacontroller_lastappliedrecordlagms${s()}`, '{{pod}} controller'],
            [`kafka_server_broker_metadata_last_applied_record_lag_ms${s()}`, '{{pod}} broker']),
          lines('Commit latency', 'Average time to commit a batch to the quorum.', 'ms', [`kafka_server_raft_metrics_commit_latency_avg${s()}`, '{{pod}}']),
          lines('Append rate', 'Records appended to the metadata log per second.', 'ops', [`kafka_server_raft_metrics_append_records_rate${s()}`, '{{pod}}']),
        ],
      ],
    },
  ];
}

/**
 * The Prometheus JMX exporter the Confluent images already ship
 * (`jmx_prometheus_javaagent-<version>.jar` under /usr/share/java/cp-base-new/, which
 * 8.1+ images keep as a symlink to cp-base-java: confluentinc/common-docker base pom.xml
 * and Dockerfiles at 7.9.x, 8.0.x and 8.1.x). It
 * runs inside the Kafka JVM and serves the few metrics the readiness probe reads.
 *
 * Only named MBeans are exported (`whitelistObjectNames`, the key every exporter
 * version reads; newer ones also accept `includeObjectNames`), so a page stays a few
 * hundred bytes however many partitions the node holds, and the probe that reads it
 * every few seconds stays cheap.
 */
export const METRICS_PORT = 9404;

/** Where the exporter configuration is mounted. */
export const METRICS_CONFIG_DIR = '/etc/cdk8s-kafka/metrics';

/** File name of the exporter configuration inside `METRICS_CONFIG_DIR`. */
export const METRICS_CONFIG_FILE = 'jmx-exporter.yaml';

/** The metric names the probes parse, as the rules below name them. */
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

/** The exporter rules as a ConfigMap's data (one ConfigMap for every pool of a cluster). */
export function metricsConfigData(): Record<string, string> {
  return { [METRICS_CONFIG_FILE]: renderExporterConfig() };
}

/**
 * Renders the exporter configuration. Patterns match
 * `domain<properties><keys>attribute: value` (the exporter wraps each in `.*`); the
 * string attribute `current-state` is exported as a 1-valued series labelled with the
 * state, since the exporter drops string values otherwise.
 */
export function renderExporterConfig(): string {
  return [
    '# Prometheus JMX exporter rules written by cdk8s-kafka: the metrics its probes read.',
    'lowercaseOutputName: true',
    'lowercaseOutputLabelNames: true',
    'whitelistObjectNames:',
    '  - "kafka.server:type=KafkaServer,name=BrokerState"',
    '  - "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica"',
    '  - "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions"',
    '  - "kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount"',
    '  - "kafka.server:type=raft-metrics"',
    'rules:',
    '  - pattern: "kafka.server<type=KafkaServer, name=BrokerState><>Value"',
    `    name: ${PROBE_METRICS.BROKER_STATE}`,
    '    type: GAUGE',
    '  - pattern: "kafka.server<type=ReplicaFetcherManager, name=MaxLag, clientId=Replica><>Value"',
    `    name: ${PROBE_METRICS.FETCHER_MAX_LAG}`,
    '    type: GAUGE',
    '  - pattern: "kafka.server<type=ReplicaManager, name=(UnderReplicatedPartitions|UnderMinIsrPartitionCount)><>Value"',
    '    name: kafka_server_replicamanager_$1',
    '    type: GAUGE',
    '  - pattern: "kafka.server<type=raft-metrics><>current-state: ([a-z]+)"',
    `    name: ${PROBE_METRICS.RAFT_STATE}`,
    '    value: 1',
    '    type: GAUGE',
    '    labels:',
    '      state: "$1"',
    '  - pattern: "kafka.server<type=raft-metrics><>current-leader"',
    `    name: ${PROBE_METRICS.RAFT_LEADER}`,
    '    type: GAUGE',
    '  - pattern: "kafka.server<type=raft-metrics><>(high-watermark|current-epoch)"',
    '    name: kafka_server_raft_metrics_$1',
    '    type: GAUGE',
    '',
  ].join('\n');
}

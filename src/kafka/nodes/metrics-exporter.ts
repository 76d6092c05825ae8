import { renderExporterConfig } from '../../observability/exporter-config';
import { KAFKA_NODE_RULES, KAFKA_PROBE_RULES } from '../../observability/kafka-metrics';
import { METRICS_CONFIG_FILE } from '../../observability/metrics-port';

export { PROBE_METRICS } from '../../observability/kafka-metrics';

// The Prometheus JMX exporter the Confluent images already ship
// (`jmx_prometheus_javaagent-<version>.jar` under /usr/share/java/cp-base-new/, which
// 8.1+ images keep as a symlink to cp-base-java: confluentinc/common-docker base pom.xml
// and Dockerfiles at 7.9.x, 8.0.x and 8.1.x). It runs inside the Kafka JVM and serves
// the metrics the probes read, and with monitoring on what Prometheus scrapes.
//
// Only named MBeans are read (`whitelistObjectNames`), so without monitoring a page
// stays a few hundred bytes however many partitions the node holds.
export { METRICS_CONFIG_DIR, METRICS_CONFIG_FILE, METRICS_PORT } from '../../observability/metrics-port';

/** The exporter rules as a ConfigMap's data (one ConfigMap for every pool of a cluster). */
export function metricsConfigData(monitoring: boolean): Record<string, string> {
  return { [METRICS_CONFIG_FILE]: nodeExporterConfig(monitoring) };
}

/**
 * The exporter configuration of every node: what the probes read, or with monitoring on
 * everything the dashboards and alerts use (observability/kafka-metrics.ts).
 */
export function nodeExporterConfig(monitoring: boolean): string {
  return monitoring
    ? renderExporterConfig(KAFKA_NODE_RULES, 'a Kafka node\'s metrics for monitoring, the probes\' among them')
    : renderExporterConfig(KAFKA_PROBE_RULES, 'the metrics the probes read');
}

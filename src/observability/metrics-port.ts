// Where every JVM of the library serves its metrics: the JMX exporter agent the
// Confluent images ship, on the same port and path in every pod.

/** Port of the metrics agent (Strimzi's and the JMX exporter's customary 9404). */
export const METRICS_PORT = 9404;

/** Name of the container port, which the PodMonitors select. */
export const METRICS_PORT_NAME = 'metrics';

/** Path of the metrics page. */
export const METRICS_PATH = '/metrics';

/** Where the agent's configuration is mounted. */
export const METRICS_CONFIG_DIR = '/etc/cdk8s-kafka/metrics';

/** File name of the agent's configuration inside `METRICS_CONFIG_DIR`. */
export const METRICS_CONFIG_FILE = 'jmx-exporter.yaml';

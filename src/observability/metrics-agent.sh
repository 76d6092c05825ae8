# shellcheck shell=bash
# The JMX exporter java agent the Confluent images ship, attached to the JVM a start
# script launches. Inlined before the script that calls it (node-start.sh,
# component-start.sh).
#
# attach_metrics_agent VAR: prepends `-javaagent:<jar>=<port>:<config>` to the variable
#   VAR (KAFKA_OPTS, SCHEMA_REGISTRY_OPTS, KSQL_OPTS), which the image's launch script
#   passes to the JVM, keeping what VAR held; or exits 1 saying the image has no agent.
#   The jar's version differs between releases (0.18.0, 0.20.0...): it is found by glob
#   under /usr/share/java/cp-base-new, which 8.1+ images keep as a symlink to
#   cp-base-java (confluentinc/common-docker base Dockerfiles at 7.9.x, 8.0.x, 8.1.x).
#
# Environment:
#   CDK8S_METRICS_PORT    port the agent serves /metrics on
#   CDK8S_METRICS_CONFIG  the agent's rules file

attach_metrics_agent() {
  local agents=(/usr/share/java/cp-base-new/jmx_prometheus_javaagent-*.jar)
  if [ ! -f "${agents[0]}" ]; then
    echo "cdk8s-kafka: the image has no JMX exporter agent matching /usr/share/java/cp-base-new/jmx_prometheus_javaagent-*.jar" >&2
    exit 1
  fi
  local current="${!1:-}"
  export "$1=-javaagent:${agents[0]}=${CDK8S_METRICS_PORT}:${CDK8S_METRICS_CONFIG}${current:+ $current}"
}

# shellcheck shell=bash
# The node's own metrics page, for the probes (node-ready.sh, node-started.sh), which
# are inlined after this file. Bash only: 8.1+ images build FROM cp-base-java, which has
# no curl, wget or netcat (confluentinc/common-docker base-java/Dockerfile.ubi9 at
# 8.1.x), so the page is read over bash's /dev/tcp.
#
# read_metrics: reads http://127.0.0.1:$CDK8S_METRICS_PORT/metrics into the variables
#   broker_state, max_lag, raft_state and raft_leader (empty when not reported), or
#   exits 1 saying the endpoint is not up. The metric names are the ones the exporter
#   rules of metrics-exporter.ts write (PROBE_METRICS; a test checks they agree).
# has_role ROLE: whether CDK8S_NODE_ROLES (comma-separated: broker, controller) has ROLE.
#
# Environment:
#   CDK8S_METRICS_PORT  port of the JMX exporter agent
#   CDK8S_NODE_ROLES    this node's roles, comma-separated: broker, controller
#
# The variables are this file's output, read by the scripts inlined after it.
# shellcheck disable=SC2034

has_role() { [[ ",${CDK8S_NODE_ROLES}," == *",$1,"* ]]; }

read_metrics() {
  if ! exec 3<>"/dev/tcp/127.0.0.1/${CDK8S_METRICS_PORT}"; then echo "metrics endpoint :${CDK8S_METRICS_PORT} is not up yet"; exit 1; fi 2>/dev/null
  printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  broker_state="" max_lag="" raft_state="" raft_leader=""
  while IFS= read -r -t 5 line <&3 || [ -n "$line" ]; do
    line="${line%$'\r'}"
    case "$line" in
      "kafka_server_kafkaserver_brokerstate "*|"kafka_server_kafkaserver_brokerstate{"*) broker_state="${line##* }" ;;
      "kafka_server_replicafetchermanager_maxlag "*|"kafka_server_replicafetchermanager_maxlag{"*) max_lag="${line##* }" ;;
      "kafka_server_raft_metrics_current_state{"*) [[ "$line" =~ state=\"([a-z]+)\" ]] && raft_state="${BASH_REMATCH[1]}" ;;
      "kafka_server_raft_metrics_current_leader "*|"kafka_server_raft_metrics_current_leader{"*) raft_leader="${line##* }" ;;
    esac
    line=""
  done
  exec 3<&-
}

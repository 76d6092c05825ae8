# shellcheck shell=bash
# The node's own metrics page, for the probes (node-ready.sh, node-started.sh), which
# are inlined after this file. Bash only: 8.1+ images build FROM cp-base-java, which has
# no curl, wget or netcat (confluentinc/common-docker base-java/Dockerfile.ubi9 at
# 8.1.x), so the page is read over bash's /dev/tcp.
#
# read_metrics: reads http://127.0.0.1:$CDK8S_METRICS_PORT/metrics into the variables
#   broker_state, max_lag, raft_state and raft_leader (empty when not reported), or
#   exits 1 saying the endpoint is not up. The metric names are the ones the exporter
#   rules of observability/kafka-metrics.ts write (PROBE_METRICS; a test checks they agree).
# metric_value NAME: the value of NAME's first series on the page read.
# has_role ROLE: whether CDK8S_NODE_ROLES (comma-separated: broker, controller) has ROLE.
#
# Environment:
#   CDK8S_METRICS_PORT  port of the JMX exporter agent
#   CDK8S_NODE_ROLES    this node's roles, comma-separated: broker, controller
#   CDK8S_METRICS_READ_SECONDS  longest wait for the page (default 4, under the probes' 5 s timeout)
#
# The variables are this file's output, read by the scripts inlined after it.
# shellcheck disable=SC2034

has_role() { [[ ",${CDK8S_NODE_ROLES}," == *",$1,"* ]]; }

# metric_value NAME: the value of the first series of NAME on the page ($page), or nothing.
metric_value() {
  local re="${nl}${1}(\{[^${nl}]*\})? ([^ ${nl}]+)"
  if [[ "$page" =~ $re ]]; then printf '%s' "${BASH_REMATCH[2]}"; fi
}

read_metrics() {
  if ! exec 3<>"/dev/tcp/127.0.0.1/${CDK8S_METRICS_PORT}"; then echo "metrics endpoint :${CDK8S_METRICS_PORT} is not up yet"; exit 1; fi 2>/dev/null
  printf 'GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  # One read of the whole page by cat, then bash regular expressions over it: bash's
  # own read takes a socket one byte per system call, which costs a second of CPU on
  # the page of a broker with thousands of partitions under monitoring.
  # A page that stops half-way must not hang the probe past its own timeout: read with
  # coreutils' timeout where the image has it (like cat, it is in every line).
  nl=$'\n'
  if command -v timeout >/dev/null 2>&1; then
    page="${nl}$(timeout "${CDK8S_METRICS_READ_SECONDS:-4}" cat <&3)"
  else
    page="${nl}$(cat <&3)"
  fi
  exec 3<&-
  page="${page//$'\r'/}"
  broker_state="$(metric_value kafka_server_kafkaserver_brokerstate)"
  max_lag="$(metric_value kafka_server_replicafetchermanager_maxlag)"
  raft_leader="$(metric_value kafka_server_raft_metrics_current_leader)"
  raft_state=""
  local re="${nl}kafka_server_raft_metrics_current_state\{[^${nl}]*state=\"([a-z]+)\""
  if [[ "$page" =~ $re ]]; then raft_state="${BASH_REMATCH[1]}"; fi
}

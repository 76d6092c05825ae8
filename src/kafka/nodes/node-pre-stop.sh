#!/bin/bash
# The pre-stop gate of a Kafka node. A StatefulSet only rolls its next pod once the
# previous one is Ready, but one StatefulSet per zone (or per pool) rolls independently
# of the others, and a node drain can evict a second broker anywhere. So before it
# stops, a node waits (up to CDK8S_PRE_STOP_MAX_WAIT_SECONDS) until stopping it cannot
# take a second replica of anything away:
# - broker: no partition whose ISR holds this broker is at or below its
#   min.insync.replicas while not fully replicated (kafka-topics --describe
#   --under-min-isr-partitions --at-min-isr-partitions; the same rule as Strimzi's
#   KafkaAvailability, which skips partitions with no more replicas than min ISR);
# - controller: every voter fetched from the leader and caught up with it within the
#   last CDK8S_PRE_STOP_VOTER_FRESHNESS_MS (kafka-metadata-quorum describe --replication),
#   so a voter that is down or restarting blocks the others.
# After a first safe look it waits CDK8S_PRE_STOP_CONFIRM_DELAY_SECONDS and looks again
# (even past the deadline), so StatefulSets told to stop at once pass one after the
# other: the first one's shutdown shows (ISR shrink, stale fetches) before the next one
# looks again. If the tools cannot answer three times in a row (the local node is
# already down) it lets the node stop. The tools are JVMs started next to the broker:
# small heap, and no KAFKA_OPTS, which could hold the metrics agent and would fail to
# bind its port a second time.
#
# Environment (on the Kafka container, see node-scripts.ts renderPreStopScript):
#   HOSTNAME, POD_NAMESPACE, NODE_ID_BASE, NODE_ID_STRIDE   as for node-start.sh
#   CDK8S_HEADLESS_SERVICE, CDK8S_CLUSTER_DOMAIN             the pod's DNS name, for {pod}
#   CDK8S_NODE_ROLES                       broker, controller or broker,controller
#   CDK8S_PRE_STOP_BROKER_BOOTSTRAP        brokers: local listener of the tools, host:port
#   CDK8S_PRE_STOP_CONTROLLER_BOOTSTRAP    controllers: local controller listener, host:port
#                                          ({pod} as the host is the pod's own DNS name)
#   CDK8S_CLIENT_CONFIG                    client settings added to the tools' (TLS), when set
#   CDK8S_PRE_STOP_MAX_WAIT_SECONDS        seconds after which no new check starts
#   CDK8S_PRE_STOP_CONFIRM_DELAY_SECONDS   wait between the first safe look and the next
#   CDK8S_PRE_STOP_POLL_SECONDS            seconds between checks
#   CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS    the tools' API timeout (requests: half of it)
#   CDK8S_PRE_STOP_VOTER_FRESHNESS_MS      longest a voter may go without fetching
#   CDK8S_PRE_STOP_LOG                     where progress goes (a hook's output is dropped)
set -u
{ exec >>"$CDK8S_PRE_STOP_LOG" 2>&1; } 2>/dev/null || true
node_id=$(( NODE_ID_BASE + ${HOSTNAME##*-} * NODE_ID_STRIDE ))
pod_host="${HOSTNAME}.${CDK8S_HEADLESS_SERVICE}.${POD_NAMESPACE}.svc.${CDK8S_CLUSTER_DOMAIN}"
broker_bootstrap="${CDK8S_PRE_STOP_BROKER_BOOTSTRAP:-}"; broker_bootstrap="${broker_bootstrap//\{pod\}/$pod_host}"
controller_bootstrap="${CDK8S_PRE_STOP_CONTROLLER_BOOTSTRAP:-}"; controller_bootstrap="${controller_bootstrap//\{pod\}/$pod_host}"
freshness_ms="$CDK8S_PRE_STOP_VOTER_FRESHNESS_MS"
deadline=$(( SECONDS + CDK8S_PRE_STOP_MAX_WAIT_SECONDS ))
failures=0
work=$(mktemp -d 2>/dev/null || echo /tmp)
admin="$work/admin.properties"; err="$work/tool.err"
printf 'request.timeout.ms=%s\ndefault.api.timeout.ms=%s\n' "$(( CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS * 500 ))" "$(( CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS * 1000 ))" > "$admin"
if [ -n "${CDK8S_CLIENT_CONFIG:-}" ]; then cat "$CDK8S_CLIENT_CONFIG" >> "$admin"; fi
has_role() { [[ ",${CDK8S_NODE_ROLES}," == *",$1,"* ]]; }
tool() { env -u KAFKA_OPTS -u KAFKA_JMX_OPTS -u JMX_PORT KAFKA_HEAP_OPTS="-Xms32m -Xmx256m" "$@" 2>"$err"; }
failed() { echo "$1 failed: $(tail -n 1 "$err" 2>/dev/null)"; return 2; }
# shellcheck disable=SC2086 # split on commas
count() { local IFS=,; set -- $1; echo $#; }
blocking() {
  local out line replicas isr n=0
  if has_role broker; then
    out=$(tool kafka-topics --bootstrap-server "$broker_bootstrap" --command-config "$admin" --describe --under-min-isr-partitions --at-min-isr-partitions) || { failed kafka-topics; return 2; }
    while IFS= read -r line; do
      [[ "$line" =~ Replicas:\ ([0-9,]+) ]] || continue
      replicas="${BASH_REMATCH[1]}"
      isr=""; [[ "$line" =~ Isr:\ ([0-9,]+) ]] && isr="${BASH_REMATCH[1]}"
      if [[ ",$isr," == *",$node_id,"* ]] && (( $(count "$isr") < $(count "$replicas") )); then n=$(( n + 1 )); fi
    done <<< "$out"
    if (( n > 0 )); then echo "$n partitions would lose an in-sync replica below min.insync.replicas"; return 1; fi
  fi
  if has_role controller; then
    out=$(tool kafka-metadata-quorum --bootstrap-controller "$controller_bootstrap" --command-config "$admin" describe --replication) || { failed kafka-metadata-quorum; return 2; }
    local now f i fetch_col="" caught_col="" status_col="" behind=0 voters=0
    now=$(date +%s%3N)
    while read -r -a f; do
      if [ -z "$status_col" ]; then
        for i in "${!f[@]}"; do case "${f[$i]}" in LastFetchTimestamp) fetch_col=$i ;; LastCaughtUpTimestamp) caught_col=$i ;; Status) status_col=$i ;; esac; done
        if [ -z "$fetch_col" ] || [ -z "$caught_col" ]; then status_col=""; fi
        continue
      fi
      case "${f[$status_col]:-}" in Leader|Follower) voters=$(( voters + 1 )) ;; *) continue ;; esac
      if ! [[ "${f[$fetch_col]:-}" =~ ^[0-9]+$ && "${f[$caught_col]:-}" =~ ^[0-9]+$ ]] ||
        (( now - ${f[$fetch_col]} > freshness_ms || now - ${f[$caught_col]} > freshness_ms )); then behind=$(( behind + 1 )); fi
    done <<< "$out"
    if (( voters == 0 )); then echo "kafka-metadata-quorum listed no voters"; return 2; fi
    if (( behind > 0 )); then echo "$behind KRaft voters have not fetched from the leader in the last $(( freshness_ms / 1000 ))s"; return 1; fi
  fi
  return 0
}
confirmed=0
while (( SECONDS < deadline || confirmed )); do
  reason=$(blocking); rc=$?
  if (( rc == 0 )); then
    failures=0
    if (( confirmed )); then echo "cdk8s-kafka pre-stop: safe to stop node $node_id"; exit 0; fi
    confirmed=1
    sleep "$CDK8S_PRE_STOP_CONFIRM_DELAY_SECONDS"
    continue
  fi
  confirmed=0
  if (( rc == 2 )); then
    failures=$(( failures + 1 ))
    if (( failures >= 3 )); then echo "cdk8s-kafka pre-stop: cannot check ($reason); stopping node $node_id"; exit 0; fi
  fi
  echo "cdk8s-kafka pre-stop: waiting to stop node $node_id: $reason"
  (( SECONDS < deadline )) && sleep "$CDK8S_PRE_STOP_POLL_SECONDS"
done
echo "cdk8s-kafka pre-stop: gave up waiting after ${CDK8S_PRE_STOP_MAX_WAIT_SECONDS}s; stopping node $node_id"
exit 0

#!/bin/bash
# The pre-stop gate of a Kafka node (restart-safety.sh is inlined before this script).
# Before it stops, a node waits (up to CDK8S_PRE_STOP_MAX_WAIT_SECONDS) until stopping it
# is safe by the rules the roll Job uses too (restart_blocked):
# - broker: no partition whose ISR holds this broker is at or below its
#   min.insync.replicas while not fully replicated (Strimzi's KafkaAvailability rule);
# - controller: a majority of the other voters fetched from the leader and caught up with
#   it within the last CDK8S_PRE_STOP_VOTER_FRESHNESS_MS (Strimzi's KafkaQuorumCheck rule).
# A combined node looks at both, one tool after the other. If the tools cannot answer
# three times in a row (the local node is already down) it lets the node stop; past the
# deadline it lets it stop too.
#
# What it guarantees: a node stopping through it does not stop while its cluster, as the
# tools see it, would lose a second replica or voter. What it does not: it is a check,
# not a lock. Two pods deleted by hand at the same instant both look at a whole cluster
# and both pass. The cluster's roll Job and `kubectl drain` never stop two at once: both
# go through the Eviction API, and the PodDisruptionBudgets admit one disruption at a
# time. The gate is the second line, for what a budget cannot see (a voter that is up
# but behind, a replica the budget of another pool holds).
#
# Time: every tool run is killed by a watchdog once it has run
# CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS (restart-safety.sh run_tool), no look starts after
# the deadline and no sleep runs past it. So the gate returns within max wait + tools per
# look x tool timeout, and the rest of the grace period stays for Kafka's own shutdown
# (pre-stop-timing.ts sizes the max wait from the grace period).
#
# Environment (on the Kafka container, see node-scripts.ts renderPreStopScript):
#   HOSTNAME, POD_NAMESPACE, NODE_ID_BASE, NODE_ID_STRIDE   as for node-start.sh
#   CDK8S_HEADLESS_SERVICE, CDK8S_CLUSTER_DOMAIN             the pod's DNS name, for {pod}
#   CDK8S_NODE_ROLES                       broker, controller or broker,controller
#   CDK8S_PRE_STOP_BROKER_BOOTSTRAP        brokers: local listener of the tools, host:port
#   CDK8S_PRE_STOP_CONTROLLER_BOOTSTRAP    controllers: local controller listener, host:port
#                                          ({pod} as the host is the pod's own DNS name)
#   CDK8S_CLIENT_CONFIG                    client settings added to the tools' (TLS), when set
#   CDK8S_PRE_STOP_MAX_WAIT_SECONDS        seconds after which no new look starts
#   CDK8S_PRE_STOP_POLL_MS                 milliseconds between looks
#   CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS    longest one tool run (API timeout 3/4, requests 1/2)
#   CDK8S_PRE_STOP_VOTER_FRESHNESS_MS      longest a voter may go without fetching
#   CDK8S_PRE_STOP_LOG                     where progress goes (a hook's output is dropped)
#
# restart-safety.sh reads tool_timeout, freshness_ms, tool_dir, tool_config and the
# bootstraps set here, and sets reply.
# shellcheck disable=SC2034,SC2154
set -u
{ exec >>"$CDK8S_PRE_STOP_LOG" 2>&1; } 2>/dev/null || true
node_id=$(( NODE_ID_BASE + ${HOSTNAME##*-} * NODE_ID_STRIDE ))
pod_host="${HOSTNAME}.${CDK8S_HEADLESS_SERVICE}.${POD_NAMESPACE}.svc.${CDK8S_CLUSTER_DOMAIN}"
broker_bootstrap="${CDK8S_PRE_STOP_BROKER_BOOTSTRAP:-}"; broker_bootstrap="${broker_bootstrap//\{pod\}/$pod_host}"
controller_bootstrap="${CDK8S_PRE_STOP_CONTROLLER_BOOTSTRAP:-}"; controller_bootstrap="${controller_bootstrap//\{pod\}/$pod_host}"
freshness_ms="$CDK8S_PRE_STOP_VOTER_FRESHNESS_MS"
tool_timeout="$CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS"
now_ms() { date +%s%3N; }
deadline=$(( $(now_ms) + CDK8S_PRE_STOP_MAX_WAIT_SECONDS * 1000 ))
failures=0
work=$(mktemp -d 2>/dev/null || echo /tmp)
admin="$work/admin.properties"
# restart-safety.sh's inputs.
tool_dir="$work" tool_config="$admin" brokers_bootstrap="$broker_bootstrap" controllers_bootstrap="$controller_bootstrap"
printf 'request.timeout.ms=%s\ndefault.api.timeout.ms=%s\n' "$(( tool_timeout * 500 ))" "$(( tool_timeout * 750 ))" > "$admin"
if [ -n "${CDK8S_CLIENT_CONFIG:-}" ]; then cat "$CDK8S_CLIENT_CONFIG" >> "$admin"; fi
# Prints why the node cannot stop yet and returns 1, or returns 2 when it cannot tell
# (restart-safety.sh).
blocking() {
  local rc=0
  restart_blocked "$node_id" "$CDK8S_NODE_ROLES" || rc=$?
  echo "$reply"
  return "$rc"
}
# Sleeps the poll interval, or the time left before the deadline if that is shorter.
pause() {
  local ms=$(( deadline - $(now_ms) ))
  (( ms > CDK8S_PRE_STOP_POLL_MS )) && ms=$CDK8S_PRE_STOP_POLL_MS
  (( ms > 0 )) && sleep "$(( ms / 1000 )).$(printf '%03d' $(( ms % 1000 )))"
}
while (( $(now_ms) < deadline )); do
  reason=$(blocking); rc=$?
  if (( rc == 0 )); then echo "cdk8s-kafka pre-stop: safe to stop node $node_id"; exit 0; fi
  if (( rc == 2 )); then
    failures=$(( failures + 1 ))
    if (( failures >= 3 )); then echo "cdk8s-kafka pre-stop: cannot check ($reason); stopping node $node_id"; exit 0; fi
  else
    failures=0
  fi
  echo "cdk8s-kafka pre-stop: waiting to stop node $node_id: $reason"
  pause
done
echo "cdk8s-kafka pre-stop: gave up waiting after ${CDK8S_PRE_STOP_MAX_WAIT_SECONDS}s; stopping node $node_id"
exit 0

#!/bin/bash
# The roll Job's Kafka check (the cluster's Kafka image, bash; keystore-setup.sh and
# restart-safety.sh are inlined before this script). The driver (node-roll.sh, curl
# image) cannot run the Kafka tools and this image has no curl (8.1+), so the two
# containers of the roll pod talk through files in CDK8S_ROLL_WORK: the driver writes "<seq> <request>" to request, this
# script answers "<seq> <status>" and a reason line in answer (written whole, then
# renamed). Requests:
#   leader                  the active controller's node id
#   check <node id> <roles> whether restarting that node is safe now; status 0 safe,
#                           1 not safe (the reason names what blocks), 2 cannot tell
# Safe means restart_blocked says so (restart-safety.sh): the same rules as the nodes'
# pre-stop gate, for a node other than the one asking.
# It connects as the cluster itself (the nodes' certificate, with TLS), to the brokers'
# replication listener and the controllers' listener. Every tool run is bounded
# (run_tool kills it after CDK8S_ROLL_TOOL_TIMEOUT_SECONDS). It stops when the driver
# writes done, or when the driver has not shown it is alive for
# CDK8S_ROLL_DRIVER_SILENCE_SECONDS (the driver was killed: the pod must end so the Job
# can retry).
#
# Environment (see node-roll.ts renderCheckScript):
#   CDK8S_TLS_DIR and the rest of keystore-setup.sh's variables, with TLS
#   CDK8S_CLIENT_CONFIG               the tools' client settings file
#   CDK8S_ROLL_WORK                   directory shared with the driver
#   CDK8S_ROLL_BROKERS                host:port,... of the brokers' replication listener
#   CDK8S_ROLL_CONTROLLERS            host:port,... of the controllers' listener
#   CDK8S_ROLL_TOOL_TIMEOUT_SECONDS   longest a tool may run
#   CDK8S_ROLL_VOTER_FRESHNESS_MS     longest a voter may go without catching up
#   CDK8S_ROLL_TICK_SECONDS           seconds between looks for a request
#   CDK8S_ROLL_DRIVER_SILENCE_SECONDS how long the driver may stay silent
#
# restart-safety.sh reads tool_timeout, freshness_ms, tool_dir, tool_config and the
# bootstraps set here, and sets reply.
# shellcheck disable=SC2034
set -u
work="$CDK8S_ROLL_WORK"
if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; else : > "$CDK8S_CLIENT_CONFIG"; fi
# restart-safety.sh's inputs.
# The tools' output may be large (a partition a line): a private directory on /tmp, not
# the small shared one.
tool_timeout="$CDK8S_ROLL_TOOL_TIMEOUT_SECONDS" freshness_ms="$CDK8S_ROLL_VOTER_FRESHNESS_MS" tool_dir=$(mktemp -d)
tool_config="$CDK8S_CLIENT_CONFIG" brokers_bootstrap="$CDK8S_ROLL_BROKERS" controllers_bootstrap="$CDK8S_ROLL_CONTROLLERS"
printf 'request.timeout.ms=%s\ndefault.api.timeout.ms=%s\n' "$(( tool_timeout * 500 ))" "$(( tool_timeout * 750 ))" >> "$tool_config"

leader() {
  run_tool kafka-metadata-quorum --bootstrap-controller "$controllers_bootstrap" --command-config "$tool_config" describe --status || return 2
  if [[ "$(cat "$tool_dir/tool.out")" =~ LeaderId:[[:space:]]+([0-9]+) ]]; then reply="${BASH_REMATCH[1]}"; return 0; fi
  reply="kafka-metadata-quorum named no leader"; return 2
}

# The loop looks often: bash builtins only (read, printf's clock), no process a look
# but sleep.
printf -v heard '%(%s)T' -1
answered=""
while [ ! -e "$work/done" ]; do
  # The driver rewrites the file: an empty read is a write in progress.
  alive=""
  { read -r alive < "$work/alive"; } 2>/dev/null || true
  if [[ "$alive" =~ ^[0-9]+$ ]] && (( alive > heard )); then heard="$alive"; fi
  printf -v now '%(%s)T' -1
  if (( now - heard > CDK8S_ROLL_DRIVER_SILENCE_SECONDS )); then
    echo "cdk8s-kafka roll check: the driver has been silent for ${CDK8S_ROLL_DRIVER_SILENCE_SECONDS}s; stopping"; exit 1
  fi
  if [ -f "$work/request" ]; then
    read -r seq request id roles < "$work/request"
    if [ -n "$seq" ] && [ "$seq" != "$answered" ]; then
      reply="" rc=0
      case "$request" in
        leader) leader || rc=$? ;;
        check) restart_blocked "$id" "$roles" || rc=$? ;;
        *) reply="unknown request $request"; rc=2 ;;
      esac
      printf '%s %s\n%s\n' "$seq" "$rc" "$reply" > "$work/answer.tmp" && mv "$work/answer.tmp" "$work/answer"
      answered="$seq"
    fi
  fi
  sleep "$CDK8S_ROLL_TICK_SECONDS"
done
exit 0

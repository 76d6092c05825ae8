# shellcheck shell=bash
# Whether stopping one Kafka node now is safe, as Strimzi's roller decides it
# (KafkaAvailability, KafkaQuorumCheck), asked with the Kafka tools. Shared by the
# node's pre-stop gate (node-pre-stop.sh) and the roll's check (roll-check.sh), which
# are inlined after this file.
#
# restart_blocked ID ROLES   0 safe, 1 not safe, 2 cannot tell; $reply says why:
#   broker (ROLES has broker): no partition with node ID in its ISR is at or under
#     min.insync.replicas while not fully replicated (kafka-topics --describe
#     --under-min-isr-partitions --at-min-isr-partitions; a partition with no more
#     replicas than min ISR has no restart that keeps it writable, and does not block);
#   voter (ROLES has controller): a majority of the voters, not counting node ID, fetched
#     from the leader and caught up with it within $freshness_ms of the leader's own
#     time (kafka-metadata-quorum describe --replication).
#   A combined node needs both, one tool after the other.
# run_tool COMMAND...        runs a Kafka tool, its output in $tool_dir/tool.out; 2 and
#                            $reply when it failed or outlived $tool_timeout
#
# Variables the includer sets: tool_timeout (seconds), freshness_ms, tool_dir (a private
# directory), tool_config (the tools' client settings), brokers_bootstrap and
# controllers_bootstrap (host:port,...).
#
# Every tool run is bounded: a watchdog kills it (SIGKILL: the tools only read, and a
# JVM stuck in its shutdown hooks would outlive a SIGTERM) once it has run $tool_timeout;
# the clients' own timeouts end most runs earlier, with their error. Output goes to
# files, never a pipe, so nothing a tool leaves behind holds its caller up. The tools
# are JVMs next to a broker: a small heap, and no KAFKA_OPTS, which could hold the
# metrics agent and would fail to bind its port a second time.

# reply is this file's output, read by the scripts inlined after it, which set its inputs.
# shellcheck disable=SC2034,SC2154

# Kills process $1 once it has run the tool timeout. Ended early (the tool finished), it
# takes its sleep with it.
tool_watchdog() {
  local sleeper=""
  trap '[ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null; exit 0' TERM
  sleep "$tool_timeout" & sleeper=$!
  wait "$sleeper"
  # Marked first: the caller's wait returns as soon as the tool dies, maybe before a
  # marker written after the kill.
  : > "$tool_dir/tool.killed"
  kill -KILL "$1" 2>/dev/null
}

run_tool() {
  local pid dog rc=0
  rm -f "$tool_dir/tool.killed"
  env -u KAFKA_OPTS -u KAFKA_JMX_OPTS -u JMX_PORT KAFKA_HEAP_OPTS="-Xms32m -Xmx256m" "$@" >"$tool_dir/tool.out" 2>"$tool_dir/tool.err" &
  pid=$!
  tool_watchdog "$pid" >/dev/null 2>&1 &
  dog=$!
  # (wait's stderr: bash reports a killed job there, the line below says it better)
  wait "$pid" 2>/dev/null || rc=$?
  kill "$dog" 2>/dev/null; wait "$dog"
  (( rc != 0 )) || return 0
  # 137: killed by SIGKILL, which only the watchdog sends.
  if (( rc == 137 )) || [ -e "$tool_dir/tool.killed" ]; then reply="$1 did not answer within ${tool_timeout}s"; else reply="$1 failed: $(tail -n 1 "$tool_dir/tool.err" 2>/dev/null)"; fi
  return 2
}

# shellcheck disable=SC2086 # split on commas
count_ids() { local IFS=,; set -- $1; echo $#; }
has_id() { [[ ",$2," == *",$1,"* ]]; }

partitions_blocked() {
  local id="$1" line partition replicas isr blocking=()
  run_tool kafka-topics --bootstrap-server "$brokers_bootstrap" --command-config "$tool_config" --describe --under-min-isr-partitions --at-min-isr-partitions || return 2
  while IFS= read -r line; do
    [[ "$line" =~ Topic:\ ([^[:space:]]+)[[:space:]]+Partition:\ ([0-9]+) ]] || continue
    partition="${BASH_REMATCH[1]}-${BASH_REMATCH[2]}"
    [[ "$line" =~ Replicas:\ ([0-9,]+) ]] || continue
    replicas="${BASH_REMATCH[1]}"
    isr=""; if [[ "$line" =~ Isr:\ ([0-9,]+) ]]; then isr="${BASH_REMATCH[1]}"; fi
    if has_id "$id" "$isr" && (( $(count_ids "$isr") < $(count_ids "$replicas") )); then blocking+=("$partition (in sync ${isr} of ${replicas})"); fi
  done < "$tool_dir/tool.out"
  (( ${#blocking[@]} > 0 )) || return 0
  local IFS=';'
  reply="${#blocking[@]} partition(s) with node $id in sync are at or under min.insync.replicas: ${blocking[*]:0:5}"
  if (( ${#blocking[@]} > 5 )); then reply+="; ..."; fi
  return 1
}

quorum_blocked() {
  local id="$1" f i node_col="" fetch_col="" caught_col="" status_col="" voters=0 caught=0 ref="" rows=()
  run_tool kafka-metadata-quorum --bootstrap-controller "$controllers_bootstrap" --command-config "$tool_config" describe --replication || return 2
  while read -r -a f; do
    if [ -z "$status_col" ]; then
      for i in "${!f[@]}"; do case "${f[$i]}" in NodeId) node_col=$i ;; LastFetchTimestamp) fetch_col=$i ;; LastCaughtUpTimestamp) caught_col=$i ;; Status) status_col=$i ;; esac; done
      if [ -z "$node_col" ] || [ -z "$fetch_col" ] || [ -z "$caught_col" ]; then status_col=""; fi
      continue
    fi
    case "${f[$status_col]:-}" in
      Leader) ref="${f[$fetch_col]:-}" ;&
      Follower) rows+=("${f[$node_col]} ${f[$fetch_col]:-} ${f[$caught_col]:-}") ;;
    esac
  done < "$tool_dir/tool.out"
  # The leader reports its own row at its current time: timestamps are compared with it,
  # not with this pod's clock (Strimzi's KafkaQuorumCheck does the same).
  [[ "$ref" =~ ^[0-9]+$ ]] || ref=$(date +%s%3N)
  local node fetched caught_up
  for i in "${rows[@]}"; do
    read -r node fetched caught_up <<< "$i"
    voters=$(( voters + 1 ))
    [ "$node" != "$id" ] || continue
    if [[ "$fetched" =~ ^[0-9]+$ && "$caught_up" =~ ^[0-9]+$ ]] &&
      (( ref - fetched <= freshness_ms && ref - caught_up <= freshness_ms )); then caught=$(( caught + 1 )); fi
  done
  if (( voters == 0 )); then reply="kafka-metadata-quorum listed no voters"; return 2; fi
  local majority=$(( voters / 2 + 1 ))
  (( caught < majority )) || return 0
  reply="$caught of the other $(( voters - 1 )) KRaft voters caught up with the leader in the last $(( freshness_ms / 1000 ))s; without node $id the quorum needs $majority"
  return 1
}

restart_blocked() {
  local id="$1" roles="$2"
  reply=""
  if has_id broker "$roles"; then partitions_blocked "$id" || return; fi
  if has_id controller "$roles"; then quorum_blocked "$id" || return; fi
  reply="safe"
}

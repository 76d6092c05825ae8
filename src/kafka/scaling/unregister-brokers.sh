#!/bin/bash
# The unregister Job's step (Kafka image, bash; kafka-admin.sh and partition-replicas.sh
# are inlined before this script; the wait step before it wrote the client settings and
# waited for the brokers). Kafka keeps a removed broker registered (fenced) until it is
# unregistered; while it is, the controller still counts it when checking feature levels,
# and partitions can still be assigned to it. So, for each registered broker whose id the
# program no longer declares (a pool scaled in, or removed):
#   - still running (unfenced): wait for it to stop (its pod is terminating), up to
#     CDK8S_STOP_WAIT_SECONDS, then fail so the Job retries;
#   - stopped and holding no replica: unregister it (kafka-cluster unregister);
#   - stopped and still holding replicas: it was removed without being drained, so those
#     partitions are under-replicated, or offline when no replica is left. Say which, and
#     how to recover (scale the pool back up: the broker returns with its disk; drain it
#     first with drainTo), leave it registered, and fail.
# Running again changes nothing.
#
# Environment (see unregister-job.ts renderUnregisterScript):
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG  see kafka-admin.sh
#   CDK8S_BROKER_IDS          the broker ids the program declares, space-separated
#   CDK8S_STOP_WAIT_SECONDS   how long to wait for removed brokers to stop
set -euo pipefail

# kafka_cluster <subcommand> <args...>: kafka-cluster, which takes --config (not
# --command-config) up to Kafka 4.1.
kafka_cluster() {
  local sub="$1"; shift
  tool_jvm kafka-cluster "$sub" --bootstrap-server "$CDK8S_BOOTSTRAP" --config "$CDK8S_CLIENT_CONFIG" "$@"
}

declared=" $CDK8S_BROKER_IDS "
deadline=$(( SECONDS + CDK8S_STOP_WAIT_SECONDS ))
while :; do
  # "ID HOST PORT RACK STATE ENDPOINT_TYPE", one broker a line (kafka-cluster
  # list-endpoints --include-fenced-brokers, Kafka 4.0+).
  endpoints=$(kafka_cluster list-endpoints --include-fenced-brokers)
  stopped=() running=()
  while read -r id _ _ _ state type _; do
    if ! [[ "$id" =~ ^[0-9]+$ ]] || [ "$type" != broker ]; then continue; fi
    case "$declared" in *" $id "*) continue ;; esac
    if [ "$state" = fenced ]; then stopped+=("$id"); else running+=("$id"); fi
  done <<< "$endpoints"
  [ "${#running[@]}" = 0 ] && break
  if (( SECONDS >= deadline )); then
    echo "brokers ${running[*]} are no longer declared but still running after ${CDK8S_STOP_WAIT_SECONDS}s: their pods have not stopped (kubectl get pods); the Job retries"
    exit 1
  fi
  echo "waiting for brokers ${running[*]}, no longer declared, to stop"
  sleep 10
done
if [ "${#stopped[@]}" = 0 ]; then echo "every registered broker is declared: nothing to unregister"; exit 0; fi

replicas=$(kafka_tool kafka-topics --describe | partition_replicas)
failed=0 unregistered=0
for id in "${stopped[@]}"; do
  held=() count=0
  while read -r topic partition list; do
    case ",$list," in *",$id,"*)
      count=$(( count + 1 ))
      if [ "${#held[@]}" -lt 10 ]; then held+=("$topic-$partition"); fi ;;
    esac
  done <<< "$replicas"
  if [ "$count" -gt 0 ]; then
    echo "broker $id was removed while it still held replicas of $count partition(s) (${held[*]}$( [ "$count" -gt 10 ] && echo ' ...')): they are under-replicated, or offline where no other replica is in sync. Scale its pool back up so broker $id returns with its disk, then drain it (drainTo on the pool) before lowering replicas. It stays registered"
    failed=$(( failed + 1 ))
    continue
  fi
  if out=$(kafka_cluster unregister --id "$id" 2>&1) || grep -q 'is not currently registered' <<< "$out"; then
    echo "unregistered broker $id: no longer declared, stopped, and holding no replica"
    unregistered=$(( unregistered + 1 ))
  else
    echo "unregistering broker $id failed: $(tail -n 1 <<< "$out")"
    failed=$(( failed + 1 ))
  fi
done
echo "brokers unregistered: $unregistered; left registered: $failed"
[ "$failed" = 0 ]

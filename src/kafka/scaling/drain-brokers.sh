#!/bin/bash
# The drain Job's step (Kafka image, bash; kafka-admin.sh, partition-replicas.sh and
# reassign.sh are inlined before this script; the wait step before it wrote the client settings and
# waited for the brokers). Moves every partition replica off the brokers a pool's
# drainTo will remove, so lowering replicas afterwards loses nothing:
#   1. waits while any partition reassignment runs (an earlier attempt's, which it then
#      resumes by checking again, or anyone's: two at once would fight);
#   2. reads every partition (internal topics too) and, in each that has a replica on a
#      draining broker, puts in its place the kept broker with the fewest replicas that
#      the partition does not have yet, of the same zone when there is one; the order of
#      the list, so the preferred leader's position, is kept;
#   3. nothing to move: the brokers are drained; clears any replication throttle left
#      by an earlier attempt, and ends;
#   4. otherwise starts the reassignment (kafka-reassign-partitions --execute, with
#      --throttle) and checks it (--verify) until no partition is in progress, up to
#      CDK8S_WAIT_LIMIT_SECONDS, then fails so the Job retries and resumes at 1;
#      --verify clears the throttles once every reassignment is done;
#   5. reads the partitions again and fails if a replica is still on a draining broker.
# Running again once drained changes nothing.
#
# Environment (see drain-job.ts renderDrainScript):
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG  see kafka-admin.sh
#   CDK8S_WORK_DIR            private directory for the reassignment file
#   CDK8S_DRAINING            the brokers to drain, one a line: <id> <zone or ->
#   CDK8S_KEPT                the brokers that stay, one a line: <id> <zone or ->
#   CDK8S_THROTTLE, CDK8S_POLL_SECONDS, CDK8S_WAIT_LIMIT_SECONDS  see reassign.sh
set -euo pipefail
declare -A zone_of load
draining=" " kept=()
while read -r id zone; do [ -n "$id" ] && { draining+="$id "; zone_of[$id]=$zone; }; done <<< "${CDK8S_DRAINING:-}"
while read -r id zone; do [ -n "$id" ] && { kept+=("$id"); zone_of[$id]=$zone; load[$id]=0; }; done <<< "${CDK8S_KEPT:-}"
plan="$CDK8S_WORK_DIR/drain.json"

# 1. No reassignment may be running.
wait_for_no_reassignment

# on_draining <replicas>: 0 when a replica of the list is on a draining broker.
on_draining() {
  local r
  for r in ${1//,/ }; do case "$draining" in *" $r "*) return 0 ;; esac; done
  return 1
}

# 2. The moves.
replicas=$(kafka_tool kafka-topics --describe | partition_replicas)
while read -r _ _ list; do
  for r in ${list//,/ }; do if [ -n "${load[$r]+x}" ]; then load[$r]=$(( load[$r] + 1 )); fi; done
done <<< "$replicas"
entries=() moved=0
while read -r topic partition list; do
  if [ -z "$topic" ] || ! on_draining "$list"; then continue; fi
  new=()
  for r in ${list//,/ }; do
    case "$draining" in *" $r "*) ;; *) new+=("$r"); continue ;; esac
    best=""
    for same_zone in 1 0; do
      for k in "${kept[@]}"; do
        case ",$list,${new[*]// /,}," in *",$k,"*) continue ;; esac
        if [ "$same_zone" = 1 ] && [ "${zone_of[$k]}" != "${zone_of[$r]}" ]; then continue; fi
        if [ -z "$best" ] || [ "${load[$k]}" -lt "${load[$best]}" ]; then best="$k"; fi
      done
      [ -n "$best" ] && break
    done
    if [ -z "$best" ]; then echo "partition $topic-$partition ($list) has no kept broker left to take its replica on broker $r: add brokers, or lower the topic's replication factor"; exit 1; fi
    new+=("$best"); load[$best]=$(( load[$best] + 1 ))
  done
  plan_entry entry "$topic" "$partition" "$(IFS=,; echo "${new[*]}")"
  entries+=("$entry")
  moved=$(( moved + 1 ))
done <<< "$replicas"

if [ "$moved" = 0 ]; then
  # 3. Drained. A throttle an earlier attempt set outlives it when its reassignment
  # finished while no attempt was checking: clear what is left.
  clear_stale_throttles
  echo "brokers${draining% } hold no partition replica: drained. Lower the pool's replicas to its drainTo"
  exit 0
fi

# 4. Move, throttled, and check until done.
write_plan "$plan" "${entries[@]}"
echo "moving $moved partition replica set(s) off brokers${draining% }, at most $CDK8S_THROTTLE bytes/s per broker"
move_and_verify "$plan" "$moved"

# 5. Checked, not assumed.
still=$(kafka_tool kafka-topics --describe | partition_replicas | while read -r topic partition list; do
  if on_draining "$list"; then echo "$topic-$partition"; fi
done)
if [ -n "$still" ]; then echo "replicas are still on brokers${draining% } after the reassignment (a topic made meanwhile?): $(tr '\n' ' ' <<< "$still")"; exit 1; fi
echo "brokers${draining% } hold no partition replica: drained. Lower the pool's replicas to its drainTo"

#!/bin/bash
# The balance Job's step (Kafka image, bash; kafka-admin.sh, partition-replicas.sh and
# reassign.sh are inlined before this script; the wait step before it wrote the client
# settings and waited for the brokers). New brokers get no partition until something
# moves replicas onto them; this step does, so that within each zone every broker holds
# within one partition replica of the others:
#   1. waits while any partition reassignment runs (then resumes from what it finds);
#   2. counts each broker's replicas (internal topics too) and, zone by zone, moves one
#      replica at a time from the broker with the most to the broker with the fewest,
#      choosing a partition the receiving broker does not have; the moved replica keeps
#      its place in the list (so a preferred leader may change broker, and Kafka's
#      automatic leader rebalancing follows). Only brokers of one zone trade, so every
#      partition keeps the zones it had;
#   3. nothing to move: balanced; clears throttles an earlier attempt left, and ends;
#   4. otherwise moves, throttled, and checks until done (reassign.sh).
# A broker being drained is not in CDK8S_BROKERS: it neither gives nor takes. Running
# again once balanced changes nothing. Counts, not bytes: partitions of very different
# sizes leave brokers with different disk use.
#
# Environment (see balance-job.ts renderBalanceScript):
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG  see kafka-admin.sh
#   CDK8S_WORK_DIR     private directory for the reassignment file
#   CDK8S_BROKERS      the brokers to balance, one a line: <id> <zone or ->
#   CDK8S_THROTTLE, CDK8S_POLL_SECONDS, CDK8S_WAIT_LIMIT_SECONDS  see reassign.sh
set -euo pipefail
declare -A zone_of load holds target
brokers=()
while read -r id zone; do
  if [ -n "$id" ]; then brokers+=("$id"); zone_of[$id]=$zone; load[$id]=0; holds[$id]=""; fi
done <<< "${CDK8S_BROKERS:-}"
plan="$CDK8S_WORK_DIR/balance.json"

wait_for_no_reassignment

described=$(kafka_tool kafka-topics --describe)
mapfile -t parts < <(partition_replicas <<< "$described")
for i in "${!parts[@]}"; do
  read -r _ _ list <<< "${parts[$i]}"
  for r in ${list//,/ }; do
    if [ -n "${load[$r]+x}" ]; then load[$r]=$(( load[$r] + 1 )); holds[$r]+=" $i"; fi
  done
done

moves=0
for zone in $(printf '%s\n' "${zone_of[@]}" | sort -u); do
  members=()
  for b in "${brokers[@]}"; do if [ "${zone_of[$b]}" = "$zone" ]; then members+=("$b"); fi; done
  while :; do
    hi="" lo=""
    for b in "${members[@]}"; do
      if [ -z "$hi" ] || [ "${load[$b]}" -gt "${load[$hi]}" ]; then hi=$b; fi
      if [ -z "$lo" ] || [ "${load[$b]}" -lt "${load[$lo]}" ]; then lo=$b; fi
    done
    if [ -z "$hi" ] || [ $(( load[$hi] - load[$lo] )) -le 1 ]; then break; fi
    found=""
    for i in ${holds[$hi]}; do
      read -r _ _ list <<< "${parts[$i]}"
      current="${target[$i]:-$list}"
      case ",$current," in *",$lo,"*) continue ;; esac
      found=$i; break
    done
    if [ -z "$found" ]; then break; fi
    read -r _ _ list <<< "${parts[$found]}"
    current=",${target[$found]:-$list},"
    current="${current/,$hi,/,$lo,}"; current="${current#,}"; target[$found]="${current%,}"
    held=" ${holds[$hi]} "; held="${held/ $found / }"; holds[$hi]="$held"; holds[$lo]+=" $found"
    load[$hi]=$(( load[$hi] - 1 )); load[$lo]=$(( load[$lo] + 1 ))
    moves=$(( moves + 1 ))
  done
done

if [ "$moves" = 0 ]; then
  clear_stale_throttles
  echo "balanced: within each zone every broker holds within one partition replica of the others ($(for b in "${brokers[@]}"; do printf '%s:%s ' "$b" "${load[$b]}"; done))"
  exit 0
fi

entries=()
for i in "${!target[@]}"; do
  read -r topic partition _ <<< "${parts[$i]}"
  plan_entry entry "$topic" "$partition" "${target[$i]}"
  entries+=("$entry")
done
write_plan "$plan" "${entries[@]}"
echo "moving $moves partition replica(s) in ${#entries[@]} partition(s) to even the brokers, at most $CDK8S_THROTTLE bytes/s per broker"
move_and_verify "$plan" "${#entries[@]}"
echo "balanced: within each zone every broker holds within one partition replica of the others ($(for b in "${brokers[@]}"; do printf '%s:%s ' "$b" "${load[$b]}"; done))"

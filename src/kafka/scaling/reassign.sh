# shellcheck shell=bash
# What the drain and balance Jobs share (Kafka image, bash; kafka-admin.sh before this
# file): one partition reassignment at a time, throttled, checked until done, resumable.
#
# Environment:
#   CDK8S_THROTTLE            bytes per second for the moving replicas, per broker
#   CDK8S_POLL_SECONDS        seconds between checks
#   CDK8S_WAIT_LIMIT_SECONDS  how long one attempt waits or checks before failing (the Job
#                             retries, and the next attempt resumes)
#
# give_up_if_late WHAT            ends the attempt (exit 1) once the limit is reached
# wait_for_no_reassignment        returns once no partition reassignment runs (an earlier
#                                 attempt's, or anyone's: two at once would fight)
# plan_entry VAR TOPIC PARTITION LIST
#                                 sets VAR to one partition of a reassignment (LIST: broker
#                                 ids, commas); no subshell, as it runs once per partition
# write_plan FILE ENTRY...        the reassignment file kafka-reassign-partitions reads
# move_and_verify PLAN COUNT      starts the reassignment in PLAN (COUNT partitions) with
#                                 the throttle, and checks it until none is in progress;
#                                 --verify then clears the throttles
# clear_stale_throttles           deletes replication throttle rates left on any broker
#                                 (an attempt whose reassignment finished unwatched); one
#                                 describe of every broker's dynamic configs
reassign_deadline=$(( SECONDS + CDK8S_WAIT_LIMIT_SECONDS ))

give_up_if_late() {
  if (( SECONDS >= reassign_deadline )); then echo "$1 after ${CDK8S_WAIT_LIMIT_SECONDS}s: this attempt ends; the Job retries and resumes"; exit 1; fi
}

wait_for_no_reassignment() {
  local listed
  until listed=$(kafka_tool kafka-reassign-partitions --list) && grep -q '^No partition reassignments found' <<< "$listed"; do
    give_up_if_late "partition reassignments are still running"
    echo "waiting for the partition reassignments in progress to finish: $(grep -c ': replicas:' <<< "$listed" || true) partition(s)"
    sleep "$CDK8S_POLL_SECONDS"
  done
}

plan_entry() {
  printf -v "$1" '{"topic":"%s","partition":%s,"replicas":[%s]}' "$2" "$3" "$4"
}

write_plan() {
  local file="$1"; shift
  (IFS=,; printf '{"version":1,"partitions":[%s]}\n' "$*") > "$file"
}

move_and_verify() {
  local plan="$1" count="$2" verified left
  kafka_tool kafka-reassign-partitions --execute --reassignment-json-file "$plan" --throttle "$CDK8S_THROTTLE" > /dev/null
  while :; do
    verified=$(kafka_tool kafka-reassign-partitions --verify --reassignment-json-file "$plan")
    left=$(grep -c 'is still in progress' <<< "$verified" || true)
    [ "$left" = 0 ] && return 0
    give_up_if_late "$left partition(s) are still moving"
    echo "$left of $count partition(s) still moving"
    sleep "$CDK8S_POLL_SECONDS"
  done
}

clear_stale_throttles() {
  local line broker="" keys
  declare -A stale=()
  # "Dynamic configs for broker N are:" then "  key=value sensitive=... synonyms={...}" lines.
  while IFS= read -r line; do
    case "$line" in
      "Dynamic configs for broker "*) broker="${line#Dynamic configs for broker }"; broker="${broker%% *}" ;;
      "  leader.replication.throttled.rate="*|"  follower.replication.throttled.rate="*)
        if [ -n "$broker" ]; then line="${line#  }"; stale[$broker]+="${line%%=*},"; fi ;;
    esac
  done <<< "$(kafka_tool kafka-configs --describe --entity-type brokers)"
  for broker in "${!stale[@]}"; do
    keys="${stale[$broker]}"
    kafka_tool kafka-configs --alter --entity-type brokers --entity-name "$broker" --delete-config "${keys%,}" > /dev/null
    echo "cleared the replication throttle of broker $broker"
  done
}

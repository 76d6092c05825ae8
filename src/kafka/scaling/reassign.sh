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
# move_and_verify PLAN COUNT      starts the reassignment in PLAN (COUNT partitions) with
#                                 the throttle, and checks it until none is in progress;
#                                 --verify then clears the throttles
# clear_stale_throttles ID...     deletes replication throttle rates left on those brokers
#                                 (an attempt whose reassignment finished unwatched)
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
  local id have
  for id in "$@"; do
    have=$(kafka_tool kafka-configs --describe --entity-type brokers --entity-name "$id" | grep -o '^  [a-z.]*replication.throttled.rate' | tr -d ' ' | tr '\n' ',' || true)
    if [ -n "$have" ]; then kafka_tool kafka-configs --alter --entity-type brokers --entity-name "$id" --delete-config "${have%,}" > /dev/null; echo "cleared the replication throttle of broker $id"; fi
  done
}

# shellcheck shell=bash
# The Kafka step of a recorded Job (bash, Kafka image; inlined before the Job's own
# script), between the read and the write step of its ownership record
# (record-read.sh, record-write.sh).
#
# Environment:
#   CDK8S_RECORD_DIR  directory the record steps and the Kafka step share
#
# record_owned KIND         items of KIND the record lists, one a line
# record_added KIND ITEM    ITEM was made now: the write step adds it to the record
# record_removed KIND ITEM  ITEM was deleted, or is gone: the write step drops it
# record_run FUNCTION       runs the Job's work (unless a newer apply superseded the
#                           Job), its output kept for the write step, which prints it
#                           and ends the pod with its status; so this step itself ends
#                           with 0 and the write step always runs

record_owned() {
  local line
  [ -f "$CDK8S_RECORD_DIR/owned-$1" ] || return 0
  while IFS= read -r line; do [ -n "$line" ] && printf '%s\n' "$line"; done < "$CDK8S_RECORD_DIR/owned-$1"
  return 0
}

record_added() { printf '%s\n' "$2" >> "$CDK8S_RECORD_DIR/added-$1"; }

record_removed() { printf '%s\n' "$2" >> "$CDK8S_RECORD_DIR/removed-$1"; }

record_run() {
  if [ -f "$CDK8S_RECORD_DIR/superseded" ]; then echo "superseded by a newer apply: nothing to do"; exit 0; fi
  set +e
  ( set -e; "$1" ) 2>&1 | tee "$CDK8S_RECORD_DIR/log"
  printf '%s\n' "${PIPESTATUS[0]}" > "$CDK8S_RECORD_DIR/status"
  exit 0
}

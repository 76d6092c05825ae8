#!/bin/sh
# Last step of a recorded Job (curl image, POSIX sh; api-client.sh and record-api.sh are
# inlined before this script): prints the Kafka step's log (so `kubectl logs job/<name>`
# shows it), then merges what the Kafka step did into the ownership record: the items it
# made (added-<kind>) join the record, those it deleted or found gone (removed-<kind>)
# leave it. The merge is done against the record as it is now and written with its
# resourceVersion, so two Jobs never lose each other's items (409: read again, merge
# again). It runs even when the Kafka step failed, and then ends the pod with the Kafka
# step's status: what was made before the failure is recorded.
#
# Environment (see ownership-record.ts):
#   CDK8S_RECORD, CDK8S_ATTEMPTS  see record-api.sh
#   CDK8S_RECORD_DIR      directory the record steps and the Kafka step share
#   CDK8S_RECORD_KINDS    the kinds of items recorded, space-separated
#   CDK8S_RECORD_DESIRED  hash of the desired state this Job applied: a line says so when
#                         a newer apply changed the record's while it ran
dir="$CDK8S_RECORD_DIR"
if [ -f "$dir/log" ]; then cat "$dir/log"; fi
if [ -f "$dir/superseded" ]; then echo "superseded by a newer apply: nothing done, nothing to record"; exit 0; fi
if ! status=$(cat "$dir/status" 2>/dev/null); then
  echo "the Kafka step ended without a status (killed?): what it made in this attempt may be missing from ConfigMap $CDK8S_RECORD; the Job retries"
  exit 1
fi
for kind in $CDK8S_RECORD_KINDS; do touch "$dir/added-$kind" "$dir/removed-$kind"; done
if bad=$(cat "$dir"/added-* | grep -v '^[A-Za-z0-9._=*, -]*$'); then
  echo "refusing to record items with other characters than letters, digits, ._=*,- and spaces: $bad"
  exit 1
fi
attempt=1
while :; do
  record_get
  version=$(grep -o '"resourceVersion": *"[^"]*"' /tmp/record.json | head -n 1 | sed 's/.*: *"//; s/"$//')
  # Without it the patch would apply whatever changed since: no precondition.
  if [ -z "$version" ]; then echo "ConfigMap $CDK8S_RECORD was read without a resourceVersion: not recording"; exit 1; fi
  data=""
  summary=""
  for kind in $CDK8S_RECORD_KINDS; do
    # (record + added) - removed, sorted, one each.
    value=$({ record_value "$kind"; cat "$dir/added-$kind"; } | grep -v '^$' | sort -u \
      | awk -v removed="$dir/removed-$kind" 'FILENAME == removed { gone[$0] = 1; next } !($0 in gone)' "$dir/removed-$kind" - \
      | awk 'NF { printf "%s%s", sep, $0; sep = "\\n" }')
    data="$data${data:+,}\"$kind\":\"$value\""
    summary="$summary +$(grep -c . "$dir/added-$kind" || true) -$(grep -c . "$dir/removed-$kind" || true) $kind,"
  done
  printf '{"metadata":{"resourceVersion":"%s"},"data":{%s}}' "$version" "$data" > /tmp/record-patch.json
  code=$(record_call PATCH /tmp/record-patch.json) || code=000
  case "$code" in
    200)
      echo "recorded in ConfigMap $CDK8S_RECORD:${summary%,}"
      now=$(record_value desired)
      if [ "$now" != "$CDK8S_RECORD_DESIRED" ]; then
        echo "a newer apply (desired state $now) came while this Job ran; its own Job applies it. If it declares again something this run deleted, that comes back when its Job runs (docs/operations.md, Removing topics, users, ACLs and quotas)"
      fi
      break ;;
    409) echo "ConfigMap $CDK8S_RECORD changed since it was read (another Job recorded): merging again" ;;
    000|429|5??) echo "recording in ConfigMap $CDK8S_RECORD: HTTP $code (attempt $attempt of $CDK8S_ATTEMPTS)" ;;
    *) echo "recording in ConfigMap $CDK8S_RECORD failed (HTTP $code):"; cat /tmp/record.json; echo; exit 1 ;;
  esac
  if [ "$attempt" -ge "$CDK8S_ATTEMPTS" ]; then echo "giving up on recording in ConfigMap $CDK8S_RECORD"; exit 1; fi
  attempt=$((attempt + 1)); sleep 1
done
exit "$status"

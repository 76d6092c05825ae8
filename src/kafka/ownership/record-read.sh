#!/bin/sh
# The record-read step of a recorded Job, after the wait for the brokers (curl image,
# POSIX sh; api-client.sh and record-api.sh are inlined before this script): reads the
# Job's ownership record for the Kafka step.
# The record's `desired` key is written by kubectl apply with the Job: it names the
# desired state of the newest apply. A Job of an older apply (still retrying after a
# newer one was applied) finds another value, leaves a "superseded" mark and changes
# nothing; the newest apply's Job does the work. Otherwise it writes owned-<kind>: the
# items of each kind the record lists, one a line.
#
# Environment (see ownership-record.ts):
#   CDK8S_RECORD, CDK8S_ATTEMPTS  see record-api.sh
#   CDK8S_RECORD_DIR      directory the record steps and the Kafka step share
#   CDK8S_RECORD_KINDS    the kinds of items recorded, space-separated
#   CDK8S_RECORD_DESIRED  hash of the desired state this Job applies
#
# shellcheck disable=SC2154
record_get
desired=$(record_value desired)
if [ "$desired" != "$CDK8S_RECORD_DESIRED" ]; then
  echo "superseded: ConfigMap $CDK8S_RECORD names the desired state ${desired:-(none)} and this Job applies $CDK8S_RECORD_DESIRED, an older apply's. This Job changes nothing; the Job of the newest apply does the work"
  : > "$CDK8S_RECORD_DIR/superseded"
  exit 0
fi
summary=""
for kind in $CDK8S_RECORD_KINDS; do
  record_value "$kind" | grep -v '^$' > "$CDK8S_RECORD_DIR/owned-$kind" || true
  summary="$summary $(wc -l < "$CDK8S_RECORD_DIR/owned-$kind" | tr -d ' ') $kind,"
done
echo "ConfigMap $CDK8S_RECORD records${summary%,} made by this library"

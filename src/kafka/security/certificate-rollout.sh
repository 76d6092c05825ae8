#!/bin/sh
# The certificate rollout CronJob (curl image, POSIX sh; api-client.sh and curl-json.sh
# are inlined before this script). Kafka reads its certificate at start, so a node whose
# container started before the current certificate was issued still serves the old
# one. The script rolls at most one StatefulSet per run, and only when every node
# StatefulSet has settled (no rollout in progress, every replica ready and updated):
# StatefulSets rolling at once (one per zone) could each stop a replica of the same
# partition. Controllers come first. It rolls a StatefulSet by setting the pod template
# annotation to the certificate's notBefore, so the StatefulSet controller rolls it one
# pod at a time through the readiness and pre-stop gates; one already carrying that
# value is left alone. An API error fails the run (the Job shows it), never passes as
# "nothing to do". Timestamps are RFC 3339 UTC seconds from the API server, which
# compare as strings.
#
# Environment (see certificate-rollout.ts renderRolloutScript):
#   CDK8S_CERTIFICATE             the nodes' Certificate (cert-manager.io/v1)
#   CDK8S_CERTIFICATE_ANNOTATION  the pod template annotation that carries its notBefore
#   CDK8S_STATEFULSETS            the node StatefulSets in roll order, one a line:
#                                   <name> <label selector of its pods, URL-encoded>
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
api() { curl -sS --fail-with-body --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth "$@"; }
# Functions below run inside `if`, where `set -e` does not apply: failures exit here.
failed() { echo "cdk8s-kafka: the API request for $1 failed; nothing rolled" >&2; exit 1; }
base="https://kubernetes.default.svc"
certificate=$(api "$base/apis/cert-manager.io/v1/namespaces/$ns/certificates/$CDK8S_CERTIFICATE")
issued=$(json_values "$certificate" notBefore '"[^"]*"' | head -n 1 || true)
if [ -z "$issued" ]; then echo "Certificate $CDK8S_CERTIFICATE has no notBefore yet: not issued"; exit 0; fi
# The earlier of two stamps sorts first (POSIX test has no string <).
before() { [ "$1" != "$2" ] && [ "$(printf '%s\n%s\n' "$1" "$2" | sort | head -n 1)" = "$1" ]; }
settled() {
  json=$(api "$base/apis/apps/v1/namespaces/$ns/statefulsets/$1") || failed "StatefulSet $1"
  # status is serialized last: its counts are the ones after the last "status".
  status=$(json_after "$json" status)
  get() { json_values "$status" "$1" '[^,}]*' | head -n 1; }
  want=$(json_values "$json" replicas '[0-9]*' | head -n 1)
  # The API leaves counts of 0 out of status (a pool scaled to zero has no readyReplicas).
  ready=$(get readyReplicas); updated=$(get updatedReplicas)
  [ "$(get currentRevision)" = "$(get updateRevision)" ] && [ "${ready:-0}" = "${want:-0}" ] && [ "${updated:-0}" = "${want:-0}" ]
}
needs_roll() {
  json=$(api "$base/apis/apps/v1/namespaces/$ns/statefulsets/$1") || failed "StatefulSet $1"
  current=$(json_values "$json" "$CDK8S_CERTIFICATE_ANNOTATION" '"[^"]*"' | head -n 1 || true)
  if [ "$current" = "$issued" ]; then return 1; fi
  pods=$(api "$base/api/v1/namespaces/$ns/pods?labelSelector=$2") || failed "the pods of $1"
  # The container's start, not the pod's: a pod is created (and its startTime set)
  # before its volumes are mounted, so a new pod waiting for the Secret would look old.
  for started in $(json_values "$pods" running '{"startedAt":"[^"]*"' | sed 's/.*startedAt://'); do
    if before "$started" "$issued"; then older=$((older + 1)); fi
  done
  [ "$older" -gt 0 ]
}
while read -r sts _ <&3; do
  [ -n "$sts" ] || continue
  if ! settled "$sts"; then echo "$sts is rolling or not ready: nothing else rolls this run"; exit 0; fi
done 3<<EOF_STATEFULSETS
$CDK8S_STATEFULSETS
EOF_STATEFULSETS
while read -r sts selector <&3; do
  [ -n "$sts" ] || continue
  older=0
  if needs_roll "$sts" "$selector"; then
    json_object spec "$(json_object template "$(json_object metadata "$(json_object annotations \
      "$(json_object "$CDK8S_CERTIFICATE_ANNOTATION" "$(json_string "$issued")")")")")" > /tmp/patch.json
    api -X PATCH -H 'Content-Type: application/strategic-merge-patch+json' --data-binary @/tmp/patch.json "$base/apis/apps/v1/namespaces/$ns/statefulsets/$sts?fieldManager=cdk8s-kafka-certificate-rollout" > /dev/null
    echo "$sts: $older pod(s) started before the certificate issued $issued: rolling it (one StatefulSet per run)"
    exit 0
  fi
done 3<<EOF_STATEFULSETS
$CDK8S_STATEFULSETS
EOF_STATEFULSETS
echo "every node runs the certificate issued $issued"

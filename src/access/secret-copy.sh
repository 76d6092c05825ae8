#!/bin/sh
# The Secret-copy Job and CronJob of an application namespace (curl image, POSIX sh;
# api-client.sh, api-call.sh and curl-json.sh are inlined before this script): for each Secret of a
# Kafka user, read it in the cluster's namespace and write it, under the same name,
# into this pod's namespace, where the application runs. The pod's ServiceAccount may
# get exactly those Secrets there (a Role of the cluster's namespace, by resourceNames),
# and create, get and update Secrets here.
#
# A Secret not there yet (the credentials Job or cert-manager has not made it), or not
# readable yet (the Role in the cluster's namespace not applied yet), is waited for, up
# to the attempts. A copy whose data and type are those of the source is left as it is,
# so the hourly run writes only after the source changed (a renewed certificate, a new
# password). Each copy carries the annotation cdk8s-kafka/copy-of: <namespace>/<name>,
# and only a Secret with this annotation for this source is ever replaced. The data
# travels in the response and request files in the pod's memory-backed /tmp, removed
# after each call, and is never printed: an error prints the API's Status message only.
#
# Values of a Secret's data are base64, and its keys [-._a-zA-Z0-9]: the data object is
# read from the API's one-line JSON without a JSON parser, and anything else is refused.
#
# Environment (see secret-copy.ts):
#   CDK8S_SOURCE_NAMESPACE  the cluster's namespace
#   CDK8S_COPY              the Secrets to copy, one a line
#   CDK8S_LABELS            labels of every copy, one a line: <key>=<value>
#   CDK8S_ATTEMPTS          attempts per Secret while it is missing or the API does not answer
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
labels=$(json_object_of_lines "${CDK8S_LABELS:-}")
api=https://kubernetes.default.svc/api/v1/namespaces
# The message of the API's Status in /tmp/response: what an error prints, never the body,
# which may be a Secret.
reason() { [ -f /tmp/response ] && tr -d '\n' < /tmp/response | sed -n 's/.*"kind":"Status".*"message":"\([^"]*\)".*/\1/p'; rm -f /tmp/response; }
# Whether the Secret in /tmp/response is this copy: written by the library from this source.
ours() { tr -d '\n' < /tmp/response | grep -q "\"$ORIGIN_KEY\":\"$CDK8S_SOURCE_NAMESPACE/$1\""; }
# The data object and the type of the Secret in /tmp/response.
data_of() { tr -d '\n' < /tmp/response | sed -n 's/.*"data":\({[-._a-zA-Z0-9":,+/=]*}\).*/\1/p'; }
type_of() { tr -d '\n' < /tmp/response | sed -n 's/.*"type":"\([-._a-zA-Z0-9/]*\)".*/\1/p'; }
ORIGIN_KEY=cdk8s-kafka/copy-of
copy() {
  name="$1"
  attempt=1
  while :; do
    refresh_auth
    code=$(api_call GET "$api/$CDK8S_SOURCE_NAMESPACE/secrets/$name") || code=000
    case "$code" in
      200) break ;;
      404) echo "attempt $attempt: Secret $name is not in namespace $CDK8S_SOURCE_NAMESPACE yet; waiting"; rm -f /tmp/response ;;
      # The Role in the cluster's namespace may be applied after this Job (another sync).
      403) echo "attempt $attempt: reading Secret $name in namespace $CDK8S_SOURCE_NAMESPACE is not allowed (yet): $(reason)" ;;
      000|429|5??) echo "attempt $attempt for Secret $name: API server answered HTTP $code; retrying"; rm -f /tmp/response ;;
      *) echo "reading Secret $name in namespace $CDK8S_SOURCE_NAMESPACE failed (HTTP $code): $(reason)"; exit 1 ;;
    esac
    if [ "$attempt" -ge "$CDK8S_ATTEMPTS" ]; then echo "giving up on Secret $name"; exit 1; fi
    attempt=$((attempt + 1)); sleep 10
  done
  data=$(data_of); type=$(type_of)
  rm -f /tmp/response
  if [ -z "$data" ] || [ -z "$type" ]; then echo "Secret $name in namespace $CDK8S_SOURCE_NAMESPACE has no data this script can copy"; exit 1; fi
  code=$(api_call GET "$api/$ns/secrets/$name") || code=000
  case "$code" in
    200)
      if ! ours "$name"; then
        rm -f /tmp/response; data=""
        echo "Secret $name exists in namespace $ns and is not this library's copy of $CDK8S_SOURCE_NAMESPACE/$name: not replaced. Rename or remove it, or take the user out of appNamespaces"
        exit 1
      fi
      if [ "$(data_of)" = "$data" ] && [ "$(type_of)" = "$type" ]; then
        rm -f /tmp/response; data=""
        echo "Secret $name is the same as in namespace $CDK8S_SOURCE_NAMESPACE: kept"
        return 0
      fi
      rm -f /tmp/response ;;
    404) rm -f /tmp/response ;;
    *) data=""; echo "reading the copy of Secret $name in namespace $ns failed (HTTP $code): $(reason)"; exit 1 ;;
  esac
  annotations=$(json_object "$ORIGIN_KEY" "$(json_string "$CDK8S_SOURCE_NAMESPACE/$name")")
  json_object apiVersion '"v1"' kind '"Secret"' type "$(json_string "$type")" \
    metadata "$(json_object name "$(json_string "$name")" labels "$labels" annotations "$annotations")" data "$data" > /tmp/secret.json
  data=""
  # An update without resourceVersion replaces the copy whatever changed it meanwhile:
  # Secrets allow unconditional updates (kubernetes/kubernetes #21330; cilium/certgen #543).
  if [ "$code" = 200 ]; then
    verb=updated; code=$(api_call PUT "$api/$ns/secrets/$name" /tmp/secret.json) || code=000
  else
    verb=created; code=$(api_call POST "$api/$ns/secrets" /tmp/secret.json) || code=000
  fi
  rm -f /tmp/secret.json
  case "$code" in
    200|201) rm -f /tmp/response; echo "$verb Secret $name from namespace $CDK8S_SOURCE_NAMESPACE" ;;
    # Created by another run between the read and the write: the next run compares again.
    409) rm -f /tmp/response; echo "Secret $name was created meanwhile: the next run compares it again"; exit 1 ;;
    *) echo "writing Secret $name failed (HTTP $code): $(reason)"; exit 1 ;;
  esac
}
while read -r secret <&3; do
  [ -n "$secret" ] || continue
  copy "$secret"
done 3<<EOF_SECRETS
${CDK8S_COPY:-}
EOF_SECRETS

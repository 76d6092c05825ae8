# shellcheck shell=sh
# What the two API steps of a recorded Job share (curl image, POSIX sh; api-client.sh
# before this file): the ownership record, a ConfigMap whose data lists, one item a
# line, what the Job made in Kafka. Items only ever hold letters, digits and ._=*,- and
# spaces (topic names and ids, user names, kafka-acls arguments, quota keys), so a value
# is a JSON string with no quote or backslash in it but the \n between lines. Every
# request asks for compact JSON (pretty=false): the API server pretty-prints for a
# User-Agent starting with "curl" (isPrettyPrint, k8s.io/apiserver negotiate.go), and
# the patterns below read one "key":"value" pair; they allow spaces after the colon too.
#
# Environment:
#   CDK8S_RECORD    the ConfigMap
#   CDK8S_ATTEMPTS  attempts while the API server does not answer or the ConfigMap is
#                   not there yet
#
# record_call METHOD [BODY_FILE]  one request; prints the HTTP code (000: no answer);
#                                 the answer is in /tmp/record.json
# record_get                      the record into /tmp/record.json, with retries
# record_value KEY                the lines of data KEY of /tmp/record.json
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
record_url="https://kubernetes.default.svc/api/v1/namespaces/$ns/configmaps/$CDK8S_RECORD"

record_call() {
  if [ -n "${2:-}" ]; then
    curl -sS -o /tmp/record.json -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth \
      -H 'Content-Type: application/merge-patch+json' -X "$1" --data-binary "@$2" "$record_url?fieldManager=cdk8s-kafka&pretty=false"
  else
    curl -sS -o /tmp/record.json -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth "$record_url?pretty=false"
  fi
}

record_get() {
  _attempt=1
  while :; do
    _code=$(record_call GET) || _code=000
    case "$_code" in
      200) return 0 ;;
      # 404: kubectl may create the ConfigMap after the Job.
      000|404|429|5??) echo "reading ConfigMap $CDK8S_RECORD: HTTP $_code (attempt $_attempt of $CDK8S_ATTEMPTS)" ;;
      *) echo "reading ConfigMap $CDK8S_RECORD failed (HTTP $_code):"; cat /tmp/record.json; echo; return 1 ;;
    esac
    if [ "$_attempt" -ge "$CDK8S_ATTEMPTS" ]; then echo "giving up on ConfigMap $CDK8S_RECORD"; return 1; fi
    _attempt=$((_attempt + 1)); sleep 5
  done
}

# The API server answers compact JSON; data comes after metadata, so the last match is
# the data key (the last-applied annotation holds its keys as \"KEY\", which does not match).
record_value() {
  grep -o "\"$1\": *\"[^\"]*\"" /tmp/record.json | tail -n 1 | sed "s/^\"$1\": *\"//; s/\"\$//" | awk '{ gsub(/\\n/, "\n"); print }'
}

#!/bin/sh
# The connector apply Job (curl image, POSIX sh): makes Connect hold the connector's
# config. It reads the config Connect has (GET /connectors/<name>/config) and, unless
# that is already the one to apply, PUTs it (PUT creates the connector or replaces its
# config). Connect writes every PUT to its config topic and restarts the connector and
# its tasks even when the config is the same (Strimzi compares first for this reason,
# strimzi-kafka-operator#2688), and the Job runs again whenever it is recreated after
# its TTL: so a re-run changes nothing, and restarts nothing, when nothing changed. The
# comparison is of the two flat objects of strings as sorted key/value pairs, escapes as
# written, "name" left out (Connect adds it); a config that only reads differently is
# PUT, as before. It retries while Connect is starting or rebalancing (no answer, 409,
# 5xx) or refuses its credentials (401: the workers read passwords at start), and fails
# at once on a rejected config (other 4xx), printing Connect's answer.
#
# Environment (see connector-job-script.ts renderApplyScript):
#   CDK8S_CONNECTOR              connector name, for the messages
#   CDK8S_CONNECTOR_URL          the URL of its config: <Connect REST URL>/connectors/<name>/config
#   CDK8S_CONNECTOR_CONFIG       file holding the config JSON (the mounted ConfigMap)
#   CDK8S_ATTEMPTS               attempts before the pod fails (the Job's backoffLimit retries it)
#   CDK8S_RETRY_DELAY_SECONDS    seconds between attempts
#   CDK8S_CONNECT_CA             PEM CA of the REST API's certificate (with TLS)
#   CDK8S_CONNECT_USER_INFO      file holding <user>:<password> (with HTTP basic): sent as
#                                an Authorization header read from a file, never on
#                                curl's command line (visible in ps)
set -eu
umask 077
if [ -n "${CDK8S_CONNECT_USER_INFO:-}" ]; then
  printf 'Authorization: Basic %s\n' "$(base64 < "$CDK8S_CONNECT_USER_INFO" | tr -d '\n')" > /tmp/rest-auth
fi
# connect CURL-ARGUMENTS...: curl with the REST API's CA and the caller's credentials.
connect() {
  if [ -n "${CDK8S_CONNECT_USER_INFO:-}" ]; then set -- -H @/tmp/rest-auth "$@"; fi
  if [ -n "${CDK8S_CONNECT_CA:-}" ]; then set -- --cacert "$CDK8S_CONNECT_CA" "$@"; fi
  curl "$@"
}
# The "key"<TAB>"value" pairs of a flat JSON object of strings on stdin, sorted, without
# "name". Strings are matched whole, escapes included, so no quote inside one ends it.
pairs() {
  awk '{ text = text $0 "\n" }
    END {
      rest = text; n = 0
      while ((start = index(rest, "\"")) > 0) {
        rest = substr(rest, start + 1)
        match(rest, /^([^"\\]|\\.)*/)
        token[++n] = substr(rest, 1, RLENGTH)
        rest = substr(rest, RLENGTH + 2)
      }
      for (i = 1; i < n; i += 2) if (token[i] != "name") printf "\"%s\"\t\"%s\"\n", token[i], token[i + 1]
    }' | LC_ALL=C sort
}
wanted=$(pairs < "$CDK8S_CONNECTOR_CONFIG")
attempt=1
while :; do
  code=$(connect -s -o /tmp/current -w '%{http_code}' --max-time 30 "$CDK8S_CONNECTOR_URL") || code=000
  if [ "$code" = 200 ] && [ "$(pairs < /tmp/current)" = "$wanted" ]; then
    echo "connector $CDK8S_CONNECTOR unchanged: Connect has this config"; exit 0
  fi
  code=$(connect -sS -o /tmp/response -w '%{http_code}' --max-time 30 -X PUT -H 'Content-Type: application/json' --data-binary "@$CDK8S_CONNECTOR_CONFIG" "$CDK8S_CONNECTOR_URL") || code=000
  case "$code" in
    200|201) echo "connector $CDK8S_CONNECTOR applied (HTTP $code)"; exit 0 ;;
    000|409|5??) echo "attempt $attempt: Connect answered HTTP $code; retrying" ;;
    # The workers read the callers' passwords at start: during their roll after a
    # password change, some still know the old one.
    401) echo "attempt $attempt: Connect refused the credentials (HTTP 401; the workers may still be restarting onto a new password); retrying" ;;
    *) echo "connector $CDK8S_CONNECTOR rejected (HTTP $code):"; cat /tmp/response; echo; exit 1 ;;
  esac
  if [ "$attempt" -ge "$CDK8S_ATTEMPTS" ]; then echo "giving up after $CDK8S_ATTEMPTS attempts"; exit 1; fi
  attempt=$((attempt + 1))
  sleep "$CDK8S_RETRY_DELAY_SECONDS"
done

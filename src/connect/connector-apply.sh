#!/bin/sh
# The connector apply Job (curl image, POSIX sh): PUT /connectors/<name>/config creates
# the connector or replaces its config, so running it twice does no harm. It retries
# while Connect is starting or rebalancing (no answer, 409, 5xx) and fails at once on a
# rejected config (other 4xx), printing Connect's answer.
#
# Environment (see connector-job-script.ts renderApplyScript):
#   CDK8S_CONNECTOR              connector name, for the messages
#   CDK8S_CONNECTOR_URL          the URL of its config: <Connect REST URL>/connectors/<name>/config
#   CDK8S_CONNECTOR_CONFIG       file holding the config JSON (the mounted ConfigMap)
#   CDK8S_ATTEMPTS               attempts before the pod fails (the Job's backoffLimit retries it)
#   CDK8S_RETRY_DELAY_SECONDS    seconds between attempts
set -eu
attempt=1
while :; do
  code=$(curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 -X PUT -H 'Content-Type: application/json' --data-binary "@$CDK8S_CONNECTOR_CONFIG" "$CDK8S_CONNECTOR_URL") || code=000
  case "$code" in
    200|201) echo "connector $CDK8S_CONNECTOR applied (HTTP $code)"; exit 0 ;;
    000|409|5??) echo "attempt $attempt: Connect answered HTTP $code; retrying" ;;
    *) echo "connector $CDK8S_CONNECTOR rejected (HTTP $code):"; cat /tmp/response; echo; exit 1 ;;
  esac
  if [ "$attempt" -ge "$CDK8S_ATTEMPTS" ]; then echo "giving up after $CDK8S_ATTEMPTS attempts"; exit 1; fi
  attempt=$((attempt + 1))
  sleep "$CDK8S_RETRY_DELAY_SECONDS"
done

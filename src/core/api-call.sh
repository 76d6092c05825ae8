# shellcheck shell=sh
# One request to the Kubernetes API, for the scripts that read and write objects with it
# (the generated-Secrets and Secret-copy Jobs; api-client.sh is inlined before this file,
# for $sa and /tmp/auth).
#
# api_call METHOD URL [BODY FILE]: prints the HTTP code and fails when no answer came;
# the answer's body is in /tmp/response, removed first so an older answer is never read
# as this one's.
# shellcheck disable=SC2154
api_call() {
  rm -f /tmp/response
  if [ -n "${3:-}" ]; then
    curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth -H 'Content-Type: application/json' -X "$1" --data-binary "@$3" "$2"
  else
    curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth -X "$1" "$2"
  fi
}

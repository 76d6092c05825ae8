#!/bin/sh
# The credentials Job (curl image, POSIX sh; api-client.sh and curl-json.sh are inlined
# before this script): for each Secret, a random 32-character password from
# /dev/urandom, then a POST of the Secret to the API server. 201 means created; 409
# (AlreadyExists) means it was there and is kept as it is, so running again never
# changes a password. The Secret holds username, password and sasl.jaas.config
# (Strimzi's KafkaUser layout), so clients can take the JAAS line as is. The password
# only ever is in shell variables and the request file, removed after the request.
#
# Environment (see access-scripts.ts renderCredentialsScript):
#   CDK8S_USERS         the users whose Secret it makes sure exists, one a line:
#                         <user> <Secret name>
#   CDK8S_LABELS        labels of every Secret it creates, one a line: <key>=<value>
#   CDK8S_ATTEMPTS      attempts per Secret while the API server does not answer
#   CDK8S_LOGIN_MODULE  client login module of the JAAS line (SCRAM or PLAIN)
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
labels=$(json_object_of_lines "${CDK8S_LABELS:-}")
create() {
  name="$1"; user="$2"
  pw=$(head -c 96 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 32)
  if [ "${#pw}" -ne 32 ]; then echo "could not make a password for $name"; exit 1; fi
  json_object apiVersion '"v1"' kind '"Secret"' type '"Opaque"' \
    metadata "$(json_object name "$(json_string "$name")" labels "$labels")" \
    stringData "$(json_object username "$(json_string "$user")" password "$(json_string "$pw")" \
      sasl.jaas.config "$(json_string "$CDK8S_LOGIN_MODULE required username=\"$user\" password=\"$pw\";")")" > /tmp/secret.json
  pw=""
  attempt=1
  while :; do
    code=$(curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth -H 'Content-Type: application/json' -X POST --data-binary @/tmp/secret.json "https://kubernetes.default.svc/api/v1/namespaces/$ns/secrets") || code=000
    case "$code" in
      201) echo "created Secret $name"; break ;;
      409) echo "Secret $name exists: kept as it is"; break ;;
      000|429|5??) echo "attempt $attempt for Secret $name: API server answered HTTP $code; retrying" ;;
      *) rm -f /tmp/secret.json; echo "creating Secret $name failed (HTTP $code):"; cat /tmp/response; echo; exit 1 ;;
    esac
    if [ "$attempt" -ge "$CDK8S_ATTEMPTS" ]; then rm -f /tmp/secret.json; echo "giving up on Secret $name"; exit 1; fi
    attempt=$((attempt + 1)); sleep 5
  done
  rm -f /tmp/secret.json
}
while read -r user secret <&3; do
  [ -n "$user" ] || continue
  create "$secret" "$user"
done 3<<EOF_USERS
${CDK8S_USERS:-}
EOF_USERS

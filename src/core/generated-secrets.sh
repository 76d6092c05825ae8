#!/bin/sh
# The generated-Secrets Jobs (curl image, POSIX sh; api-client.sh, api-call.sh and
# curl-json.sh are inlined before this script): for each Secret, a random 32-character password from
# /dev/urandom, then a POST of the Secret to the API server. 201 means created; 409
# (AlreadyExists) means it was there and is kept as it is, so running again never
# changes a password. The password only ever is in shell variables and the request
# file, removed after the request.
#
# What a Secret holds besides `password` depends on its layout:
#   sasl      username and sasl.jaas.config (Strimzi's KafkaUser layout), so Kafka
#             clients can take the JAAS line as is
#   basic     username and user-info (`<username>:<password>`, what Schema Registry
#             clients read as basic.auth.user.info)
#   password  nothing else (a keystore's password)
#
# Environment (see generated-secrets.ts renderGeneratedSecretsScript):
#   CDK8S_GENERATE       the Secrets it makes sure exist, one a line:
#                         <user> <Secret name> <layout> [<derived Secret>]
#                       a derived Secret was made from the password (a keystore
#                       cert-manager encrypted with it): when the password is made anew,
#                       it is deleted, so its maker writes it again with the new one
#   CDK8S_LABELS        labels of every Secret it creates, one a line: <key>=<value>
#   CDK8S_ATTEMPTS      attempts per Secret while the API server does not answer
#   CDK8S_LOGIN_MODULE  client login module of the JAAS line (layout sasl)
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
labels=$(json_object_of_lines "${CDK8S_LABELS:-}")
# drop SECRET PASSWORD-SECRET: deletes a Secret made from an older password (gone: fine).
drop() {
  code=$(api_call DELETE "https://kubernetes.default.svc/api/v1/namespaces/$ns/secrets/$1") || code=000
  case "$code" in
    200|202) echo "deleted Secret $1, made from the previous password of $2: its maker writes it again" ;;
    404) ;;
    *) echo "deleting Secret $1 failed (HTTP $code): it still holds what the previous password of $2 encrypted"; cat /tmp/response; echo; exit 1 ;;
  esac
}
create() {
  name="$1"; user="$2"; layout="$3"; derived="${4:-}"
  pw=$(head -c 96 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 32)
  if [ "${#pw}" -ne 32 ]; then echo "could not make a password for $name"; exit 1; fi
  case "$layout" in
    sasl) data=$(json_object username "$(json_string "$user")" password "$(json_string "$pw")" \
      sasl.jaas.config "$(json_string "$CDK8S_LOGIN_MODULE required username=\"$user\" password=\"$pw\";")") ;;
    basic) data=$(json_object username "$(json_string "$user")" password "$(json_string "$pw")" user-info "$(json_string "$user:$pw")") ;;
    password) data=$(json_object password "$(json_string "$pw")") ;;
    *) echo "unknown layout $layout for Secret $name"; exit 1 ;;
  esac
  json_object apiVersion '"v1"' kind '"Secret"' type '"Opaque"' \
    metadata "$(json_object name "$(json_string "$name")" labels "$labels")" stringData "$data" > /tmp/secret.json
  pw=""; data=""
  attempt=1
  while :; do
    code=$(api_call POST "https://kubernetes.default.svc/api/v1/namespaces/$ns/secrets" /tmp/secret.json) || code=000
    case "$code" in
      201) echo "created Secret $name"; [ -z "$derived" ] || drop "$derived" "$name"; break ;;
      409) echo "Secret $name exists: kept as it is"; break ;;
      000|429|5??) echo "attempt $attempt for Secret $name: API server answered HTTP $code; retrying" ;;
      *) rm -f /tmp/secret.json; echo "creating Secret $name failed (HTTP $code):"; cat /tmp/response; echo; exit 1 ;;
    esac
    if [ "$attempt" -ge "$CDK8S_ATTEMPTS" ]; then rm -f /tmp/secret.json; echo "giving up on Secret $name"; exit 1; fi
    attempt=$((attempt + 1)); sleep 5
  done
  rm -f /tmp/secret.json
}
while read -r user secret layout derived <&3; do
  [ -n "$user" ] || continue
  create "$secret" "$user" "$layout" "$derived"
done 3<<EOF_SECRETS
${CDK8S_GENERATE:-}
EOF_SECRETS

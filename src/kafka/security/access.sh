#!/bin/bash
# The access Job (Kafka image, bash; keystore-setup.sh is inlined before this script):
# writes the nodes' keystore and client settings, waits for the brokers, registers every
# SCRAM user's password (kafka-configs --alter: setting it again is harmless) and adds
# every ACL (kafka-acls --add of an existing ACL changes nothing). It connects to the
# replication listener with the nodes' certificate, a super user, so it needs no
# bootstrap credential of its own. Passwords are read from mounted Secrets; those with
# characters Kafka's config syntax cannot carry (, [ ] = and the like) are refused. A
# password goes to the tool in a file (--add-config-file, read as a properties file and
# parsed as iterations=N,password=P; apache/kafka ConfigCommand), never in argv.
#
# Environment (see access-scripts.ts renderAccessScript):
#   CDK8S_TLS_DIR and the rest of keystore-setup.sh's variables, when set
#   CDK8S_BOOTSTRAP         host:port,... of the brokers' replication listener
#   CDK8S_CLIENT_CONFIG     client settings file (written by setup_keystore; paths only)
#   CDK8S_WAIT_SECONDS      seconds to wait for the brokers before failing this attempt
#   CDK8S_WORK_DIR          private, memory-backed directory for the credential files
#   CDK8S_SCRAM_MECHANISMS  SCRAM mechanisms to register each user for, one a line
#   CDK8S_SCRAM_ITERATIONS  SCRAM iterations
#   CDK8S_SCRAM_USERS       users to register, one a line: <user> <password file>
#   CDK8S_ACLS              ACLs to add, one a line: <user> <kafka-acls arguments selecting
#                           the resource and operations>
set -euo pipefail
if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; fi
bootstrap="$CDK8S_BOOTSTRAP"
config="$CDK8S_CLIENT_CONFIG"
printf 'request.timeout.ms=10000\ndefault.api.timeout.ms=20000\n' >> "$config"
tool() { env -u KAFKA_OPTS -u KAFKA_JMX_OPTS KAFKA_HEAP_OPTS="-Xms32m -Xmx256m" "$@"; }
deadline=$(( SECONDS + CDK8S_WAIT_SECONDS ))
until tool kafka-broker-api-versions --bootstrap-server "$bootstrap" --command-config "$config" > /dev/null 2> /tmp/error; do
  if (( SECONDS > deadline )); then echo "the brokers did not answer: $(tail -n 1 /tmp/error)"; exit 1; fi
  echo "waiting for the brokers: $(tail -n 1 /tmp/error)"; sleep 10
done
mapfile -t mechanisms <<< "${CDK8S_SCRAM_MECHANISMS:-}"
register() {
  local user="$1" pw m
  pw=$(cat "$2")
  if ! [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]]; then echo "the password of $user (in $2) is empty or has characters other than letters, digits and ._~-"; exit 1; fi
  (umask 077 && for m in "${mechanisms[@]}"; do [ -z "$m" ] || printf '%s\n' "$m=iterations=${CDK8S_SCRAM_ITERATIONS},password=$pw"; done > "$CDK8S_WORK_DIR/scram.properties")
  pw=""
  tool kafka-configs --bootstrap-server "$bootstrap" --command-config "$config" --alter --entity-type users --entity-name "$user" --add-config-file "$CDK8S_WORK_DIR/scram.properties" > /dev/null
  rm -f "$CDK8S_WORK_DIR/scram.properties"
  echo "registered SCRAM credentials of $user"
}
users=0
mapfile -t lines <<< "${CDK8S_SCRAM_USERS:-}"
for line in "${lines[@]}"; do
  [ -n "$line" ] || continue
  read -r user file <<< "$line"
  register "$user" "$file"
  users=$(( users + 1 ))
done
acls=0
mapfile -t lines <<< "${CDK8S_ACLS:-}"
for line in "${lines[@]}"; do
  [ -n "$line" ] || continue
  read -r -a acl <<< "$line"
  tool kafka-acls --bootstrap-server "$bootstrap" --command-config "$config" --add --allow-principal "User:${acl[0]}" "${acl[@]:1}" > /dev/null
  acls=$(( acls + 1 ))
done
echo "access applied: $users user(s), $acls ACL(s)"

#!/bin/bash
# The access Job (Kafka image, bash; keystore-setup.sh and kafka-admin.sh are inlined
# before this script):
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
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG, CDK8S_WAIT_SECONDS  see kafka-admin.sh
#   CDK8S_WORK_DIR          private, memory-backed directory for the credential files
#   CDK8S_SCRAM_MECHANISMS  SCRAM mechanisms to register each user for, one a line
#   CDK8S_SCRAM_ITERATIONS  SCRAM iterations
#   CDK8S_SCRAM_USERS       users to register, one a line: <user> <password file>
#   CDK8S_ACLS              ACLs to add, one a line: <user> <kafka-acls arguments selecting
#                           the resource and operations>
#   CDK8S_QUOTAS            client quotas to set, one a line: <user, or * for the default
#                           user quota> <key=value,...> (kafka-configs --add-config: setting
#                           the same values again changes nothing)
set -euo pipefail
if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; fi
wait_for_brokers
mapfile -t mechanisms <<< "${CDK8S_SCRAM_MECHANISMS:-}"
register() {
  local user="$1" pw m
  pw=$(cat "$2")
  if ! [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]]; then echo "the password of $user (in $2) is empty or has characters other than letters, digits and ._~-"; exit 1; fi
  (umask 077 && for m in "${mechanisms[@]}"; do [ -z "$m" ] || printf '%s\n' "$m=iterations=${CDK8S_SCRAM_ITERATIONS},password=$pw"; done > "$CDK8S_WORK_DIR/scram.properties")
  pw=""
  kafka_tool kafka-configs --alter --entity-type users --entity-name "$user" --add-config-file "$CDK8S_WORK_DIR/scram.properties" > /dev/null
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
  kafka_tool kafka-acls --add --allow-principal "User:${acl[0]}" "${acl[@]:1}" > /dev/null
  acls=$(( acls + 1 ))
done
quotas=0
mapfile -t lines <<< "${CDK8S_QUOTAS:-}"
for line in "${lines[@]}"; do
  [ -n "$line" ] || continue
  read -r user config <<< "$line"
  if [ "$user" = '*' ]; then entity=(--entity-default); else entity=(--entity-name "$user"); fi
  kafka_tool kafka-configs --alter --entity-type users "${entity[@]}" --add-config "$config" > /dev/null
  echo "set the quotas of ${user/#\*/every user without its own}: $config"
  quotas=$(( quotas + 1 ))
done
echo "access applied: $users user(s), $acls ACL(s), $quotas quota set(s)"

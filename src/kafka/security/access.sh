#!/bin/bash
# The access Job's Kafka step (Kafka image, bash; keystore-setup.sh, kafka-admin.sh and
# ownership.sh are inlined before this script):
# writes the nodes' keystore and client settings, waits for the brokers, registers every
# SCRAM user's password (kafka-configs --alter: setting it again is harmless) and adds
# every ACL (kafka-acls --add of an existing ACL changes nothing). It connects to the
# replication listener with the nodes' certificate, a super user, so it needs no
# bootstrap credential of its own. Passwords are read from mounted Secrets; those with
# characters Kafka's config syntax cannot carry (, [ ] = and the like) are refused. A
# password goes to the tool in a file (--add-config-file, read as a properties file and
# parsed as iterations=N,password=P; apache/kafka ConfigCommand), never in argv.
# Each user it registers, ACL it adds and quota key it sets is noted for the ownership
# record. Then, for each item the record lists and the program no longer declares: with
# the kind's prune variable true it is deleted (a user's SCRAM credentials, the ACL, the
# quota key, each only when Kafka still has it); otherwise it is kept, with a line saying so.
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
#   CDK8S_PRUNE_USERS, CDK8S_PRUNE_ACLS, CDK8S_PRUNE_QUOTAS  true: delete recorded items
#                           of that kind the program no longer declares
#   CDK8S_RECORD_DIR        see ownership.sh
set -euo pipefail
mapfile -t mechanisms <<< "${CDK8S_SCRAM_MECHANISMS:-}"
register() {
  local user="$1" pw m
  pw=$(cat "$2")
  if ! [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]]; then echo "the password of $user (in $2) is empty or has characters other than letters, digits and ._~-"; exit 1; fi
  (umask 077 && for m in "${mechanisms[@]}"; do [ -z "$m" ] || printf '%s\n' "$m=iterations=${CDK8S_SCRAM_ITERATIONS},password=$pw"; done > "$CDK8S_WORK_DIR/scram.properties")
  pw=""
  kafka_tool kafka-configs --alter --entity-type users --entity-name "$user" --add-config-file "$CDK8S_WORK_DIR/scram.properties" > /dev/null
  rm -f "$CDK8S_WORK_DIR/scram.properties"
  record_added users "$user"
  echo "registered SCRAM credentials of $user"
}

# entity <user or *>: the kafka-configs arguments naming it.
entity() { if [ "$1" = '*' ]; then echo --entity-default; else echo --entity-name "$1"; fi; }

# prunable <kind> <item> <what>: 0 when the item is to be deleted; otherwise a line that
# it is kept, and 1.
prunable() {
  local var="CDK8S_PRUNE_${1^^}"
  if [ "${!var:-false}" = true ]; then return 0; fi
  echo "kept $3: made by this library and no longer declared; prune.$1 is off (turn it on to delete it, or declare it again)"
  return 1
}

# The lines of $1 that are not lines of $2.
undeclared() { grep -vxF -f <(printf '%s\n' "$2") <<< "$1" || true; }

apply_access() {
  if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; fi
  wait_for_brokers
  local users=0 acls=0 quotas=0 removed=0 line user file config key
  local -a acl
  declared_users=""
  # Lists on fd 4: the tools inside the loops must not read them from stdin.
  while read -r user file <&4; do
    [ -n "$user" ] || continue
    register "$user" "$file"
    declared_users+="$user"$'\n'
    users=$(( users + 1 ))
  done 4<<< "${CDK8S_SCRAM_USERS:-}"
  declared_acls=""
  while read -r line <&4; do
    [ -n "$line" ] || continue
    read -r -a acl <<< "$line"
    kafka_tool kafka-acls --add --allow-principal "User:${acl[0]}" "${acl[@]:1}" > /dev/null
    record_added acls "$line"
    declared_acls+="$line"$'\n'
    acls=$(( acls + 1 ))
  done 4<<< "${CDK8S_ACLS:-}"
  declared_quotas=""
  while read -r user config <&4; do
    [ -n "$user" ] || continue
    read -r -a entity_args <<< "$(entity "$user")"
    kafka_tool kafka-configs --alter --entity-type users "${entity_args[@]}" --add-config "$config" > /dev/null
    for key in $(tr ',' ' ' <<< "$config"); do
      record_added quotas "$user ${key%%=*}"
      declared_quotas+="$user ${key%%=*}"$'\n'
    done
    echo "set the quotas of ${user/#\*/every user without its own}: $config"
    quotas=$(( quotas + 1 ))
  done 4<<< "${CDK8S_QUOTAS:-}"

  # Users: their SCRAM credentials, the mechanisms Kafka still has
  # ("SCRAM credential configs for user-principal 'u' are SCRAM-SHA-512=iterations=8192, ...").
  while read -r user <&4; do
    [ -n "$user" ] || continue
    prunable users "$user" "SCRAM user $user" || continue
    have=$(kafka_tool kafka-configs --describe --entity-type users --entity-name "$user" \
      | sed -n "s/^SCRAM credential configs for user-principal '$user' are //p" | grep -o 'SCRAM-SHA-[0-9]*' | tr '\n' ',' || true)
    have=${have%,}
    if [ -n "$have" ]; then
      kafka_tool kafka-configs --alter --entity-type users --entity-name "$user" --delete-config "$have" > /dev/null
      echo "deleted the SCRAM credentials of $user ($have): made by this library, no longer declared, and prune.users is on"
      removed=$(( removed + 1 ))
    fi
    record_removed users "$user"
  done 4<<< "$(undeclared "$(record_owned users)" "$declared_users")"
  while read -r line <&4; do
    [ -n "$line" ] || continue
    prunable acls "$line" "ACL $line" || continue
    read -r -a acl <<< "$line"
    kafka_tool kafka-acls --remove --force --allow-principal "User:${acl[0]}" "${acl[@]:1}" > /dev/null
    record_removed acls "$line"
    echo "removed ACL $line: added by this library, no longer declared, and prune.acls is on"
    removed=$(( removed + 1 ))
  done 4<<< "$(undeclared "$(record_owned acls)" "$declared_acls")"
  # Quota keys, per user, those Kafka still has
  # ("Quota configs for user-principal 'u' are producer_byte_rate=1048576.0, ...").
  while read -r user key <&4; do
    [ -n "$user" ] || continue
    prunable quotas "$user $key" "quota $key of ${user/#\*/the default user}" || continue
    read -r -a entity_args <<< "$(entity "$user")"
    if kafka_tool kafka-configs --describe --entity-type users "${entity_args[@]}" | grep '^Quota configs for ' | grep -qE "(are |, )$key="; then
      kafka_tool kafka-configs --alter --entity-type users "${entity_args[@]}" --delete-config "$key" > /dev/null
      echo "removed quota $key of ${user/#\*/the default user}: set by this library, no longer declared, and prune.quotas is on"
      removed=$(( removed + 1 ))
    fi
    record_removed quotas "$user $key"
  done 4<<< "$(undeclared "$(record_owned quotas)" "$declared_quotas")"
  echo "access applied: $users user(s), $acls ACL(s), $quotas quota set(s), $removed removed"
}
record_run apply_access

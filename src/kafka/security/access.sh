#!/bin/bash
# The access Job's Kafka step (Kafka image, bash; kafka-admin.sh and ownership.sh are
# inlined before this script; the wait step before it wrote the client settings and
# waited for the brokers). It connects to the replication listener with the nodes'
# certificate, a super user, so it needs no bootstrap credential of its own.
#
# First, removal: for each item the ownership record lists and the program no longer
# declares, with the kind's prune variable true it is deleted, otherwise kept with a line
# saying so. Users: their SCRAM credentials, the mechanisms Kafka still has. ACLs: one
# item per user, resource, pattern and operation, so an operation still declared in
# another ACL of the program is never removed. Quotas: the key, when Kafka still has
# it. What Kafka no longer has leaves the record; a describe that fails is a failure
# (the item stays, the Job fails and retries), never taken as "gone". Deletions come
# first so they act on the record just read.
#
# Then it registers every SCRAM user's password (kafka-configs --alter: setting it again
# is harmless), adds every ACL (kafka-acls --add of an existing ACL changes nothing) and
# sets every quota, noting each for the record. Passwords are read from mounted
# Secrets; those with characters Kafka's config syntax cannot carry (, [ ] = and the
# like) are refused. A password goes to the tool in a file (--add-config-file, read as a
# properties file and parsed as iterations=N,password=P; apache/kafka ConfigCommand),
# never in argv.
#
# Environment (see access-scripts.ts renderAccessScript):
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG  see kafka-admin.sh
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

# acl_items <line>: the line ("<user> <resource arguments> --operation A --operation B")
# as one item per operation.
acl_items() {
  local prefix="${1%% --operation *}" word next=0
  local -a words
  read -r -a words <<< "${1#"$prefix"}"
  for word in "${words[@]}"; do
    if [ "$next" = 1 ]; then printf '%s --operation %s\n' "$prefix" "$word"; next=0; fi
    [ "$word" = --operation ] && next=1
  done
  return 0
}

# quota_items <user> <key=value,...>: one "<user> <key>" item per key.
quota_items() {
  local pair
  local -a pairs
  IFS=, read -r -a pairs <<< "$2"
  for pair in "${pairs[@]}"; do printf '%s %s\n' "$1" "${pair%%=*}"; done
}

# prunable <kind> <what>: 0 when items of the kind are to be deleted; otherwise a line
# that <what> is kept, and 1.
prunable() {
  local var="CDK8S_PRUNE_${1^^}"
  if [ "${!var:-false}" = true ]; then return 0; fi
  echo "kept $2: made by this library and no longer declared; prune.$1 is off (turn it on to delete it, or declare it again)"
  return 1
}

# The lines of $1 that are not lines of $2.
undeclared() { grep -vxF -f <(printf '%s\n' "$2") <<< "$1" || true; }

# remove_undeclared: deletes (or keeps) what the record lists and the program no longer
# declares; sets removed_count and unreadable_count (items whose state Kafka did not tell).
remove_undeclared() {
  local user key line have described declared_users declared_acls declared_quotas
  declared_users=$(while read -r user _; do if [ -n "$user" ]; then echo "$user"; fi; done <<< "${CDK8S_SCRAM_USERS:-}")
  declared_acls=$(while read -r line; do if [ -n "$line" ]; then acl_items "$line"; fi; done <<< "${CDK8S_ACLS:-}")
  declared_quotas=$(while read -r user config; do if [ -n "$user" ]; then quota_items "$user" "$config"; fi; done <<< "${CDK8S_QUOTAS:-}")
  removed_count=0 unreadable_count=0
  local -a acl entity_args
  # Users ("SCRAM credential configs for user-principal 'u' are SCRAM-SHA-512=iterations=8192, ...";
  # no such line for a user without credentials: ConfigCommand lists only users that have
  # them). An "Error retrieving" line, or a failed tool, is a failure, never "gone".
  # Lists on fd 4: the tools must not read them.
  while read -r user <&4; do
    [ -n "$user" ] || continue
    prunable users "SCRAM user $user" || continue
    if ! described=$(kafka_tool kafka-configs --describe --entity-type users --entity-name "$user" 2>&1) \
      || grep -q '^Error retrieving' <<< "$described"; then
      echo "could not read the SCRAM credentials of $user; kept in the record, the Job retries: $(tail -n 1 <<< "$described")"
      unreadable_count=$(( unreadable_count + 1 )); continue
    fi
    have=$(sed -n "s/^SCRAM credential configs for user-principal '$user' are //p" <<< "$described" | grep -o 'SCRAM-SHA-[0-9]*' | tr '\n' ',' || true)
    have=${have%,}
    if [ -n "$have" ]; then
      kafka_tool kafka-configs --alter --entity-type users --entity-name "$user" --delete-config "$have" > /dev/null
      echo "deleted the SCRAM credentials of $user ($have): made by this library, no longer declared, and prune.users is on"
      removed_count=$(( removed_count + 1 ))
    fi
    record_removed users "$user"
  done 4<<< "$(undeclared "$(record_owned users)" "$declared_users")"
  while read -r line <&4; do
    [ -n "$line" ] || continue
    prunable acls "ACL $line" || continue
    read -r -a acl <<< "$line"
    kafka_tool kafka-acls --remove --force --allow-principal "User:${acl[0]}" "${acl[@]:1}" > /dev/null
    record_removed acls "$line"
    echo "removed ACL $line: added by this library, no longer declared, and prune.acls is on"
    removed_count=$(( removed_count + 1 ))
  done 4<<< "$(undeclared "$(record_owned acls)" "$declared_acls")"
  # Quota keys ("Quota configs for user-principal 'u' are producer_byte_rate=1048576.0, ...").
  while read -r user key <&4; do
    [ -n "$user" ] || continue
    prunable quotas "quota $key of ${user/#\*/the default user}" || continue
    read -r -a entity_args <<< "$(entity "$user")"
    if ! described=$(kafka_tool kafka-configs --describe --entity-type users "${entity_args[@]}" 2>&1); then
      echo "could not read the quotas of ${user/#\*/the default user}; kept in the record, the Job retries: $(tail -n 1 <<< "$described")"
      unreadable_count=$(( unreadable_count + 1 )); continue
    fi
    if grep '^Quota configs for ' <<< "$described" | grep -qE "(are |, )$key="; then
      kafka_tool kafka-configs --alter --entity-type users "${entity_args[@]}" --delete-config "$key" > /dev/null
      echo "removed quota $key of ${user/#\*/the default user}: set by this library, no longer declared, and prune.quotas is on"
      removed_count=$(( removed_count + 1 ))
    fi
    record_removed quotas "$user $key"
  done 4<<< "$(undeclared "$(record_owned quotas)" "$declared_quotas")"
}

apply_access() {
  local users=0 acls=0 quotas=0 line user file config item
  local -a acl entity_args
  remove_undeclared
  while read -r user file <&4; do
    [ -n "$user" ] || continue
    register "$user" "$file"
    users=$(( users + 1 ))
  done 4<<< "${CDK8S_SCRAM_USERS:-}"
  while read -r line <&4; do
    [ -n "$line" ] || continue
    read -r -a acl <<< "$line"
    kafka_tool kafka-acls --add --allow-principal "User:${acl[0]}" "${acl[@]:1}" > /dev/null
    while read -r item; do record_added acls "$item"; done < <(acl_items "$line")
    acls=$(( acls + 1 ))
  done 4<<< "${CDK8S_ACLS:-}"
  while read -r user config <&4; do
    [ -n "$user" ] || continue
    read -r -a entity_args <<< "$(entity "$user")"
    kafka_tool kafka-configs --alter --entity-type users "${entity_args[@]}" --add-config "$config" > /dev/null
    while read -r item; do record_added quotas "$item"; done < <(quota_items "$user" "$config")
    echo "set the quotas of ${user/#\*/every user without its own}: $config"
    quotas=$(( quotas + 1 ))
  done 4<<< "${CDK8S_QUOTAS:-}"
  echo "access applied: $users user(s), $acls ACL(s), $quotas quota set(s), $removed_count removed, $unreadable_count not readable"
  [ "$unreadable_count" = 0 ]
}
record_run apply_access

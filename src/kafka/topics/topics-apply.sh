#!/bin/bash
# The topics Job's Kafka step (Kafka image, bash; keystore-setup.sh, kafka-admin.sh and
# ownership.sh are inlined before this script): makes every declared topic exist as the
# program declares it, connecting as the cluster (the nodes' certificate on the
# replication listener, a super user). For each topic:
#   - missing: created with its partitions, replication factor and configs, and noted
#     for the ownership record (a topic that was there before is never recorded);
#   - fewer partitions than declared: partitions added (kafka-topics --alter);
#   - more partitions than declared, or another replication factor: nothing changed,
#     a line saying why and what to do, and the Job fails once every other topic is
#     done (Kafka cannot remove partitions; a replication factor changes by
#     reassignment, not by a config);
#   - a declared config whose value differs (or is not set on the topic): set, together,
#     with kafka-configs --alter --add-config-file. Configs the program does not declare
#     are left as they are.
# Then, for each topic the record lists as made here and the program no longer declares:
# with CDK8S_PRUNE_TOPICS=true it is deleted (kafka-topics --delete); otherwise it is
# kept, with a line saying so. A listed topic that is gone leaves the record. Nothing
# else is ever deleted. Running it again changes nothing.
#
# Environment (see topics-script.ts renderTopicsScript):
#   CDK8S_TLS_DIR and the rest of keystore-setup.sh's variables, when the cluster has TLS
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG, CDK8S_WAIT_SECONDS  see kafka-admin.sh
#   CDK8S_WORK_DIR        private, memory-backed directory for the tools' files
#   CDK8S_TOPICS          declared topics, one a line: <name> <partitions> <replication factor>
#   CDK8S_TOPIC_CONFIGS   declared configs, one a line: <topic> <key> <value>
#   CDK8S_PRUNE_TOPICS    true: delete recorded topics the program no longer declares
#   CDK8S_RECORD_DIR      see ownership.sh
set -euo pipefail

# configs_of <topic>: its declared configs, one "key value" a line.
configs_of() {
  local topic key value
  while read -r topic key value; do
    [ "$topic" = "$1" ] && printf '%s %s\n' "$key" "$value"
  done <<< "${CDK8S_TOPIC_CONFIGS:-}"
  return 0
}

# field <topic> <name> <text>: the value after "<name>: " on the topic's own header line
# of kafka-topics --describe (no pipe into head: a long description would end the
# script with SIGPIPE under pipefail).
field() {
  local line
  while IFS= read -r line; do
    case "$line" in "Topic: $1"$'\t'*) tr '\t' '\n' <<< "$line" | sed -n "s/^ *$2: *//p"; return 0 ;; esac
  done <<< "$3"
}

apply_topics() {
  if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; else : > "$CDK8S_CLIENT_CONFIG"; fi
  wait_for_brokers
  existing=$(kafka_tool kafka-topics --list)
  declared=$(while read -r topic _; do if [ -n "$topic" ]; then echo "$topic"; fi; done <<< "${CDK8S_TOPICS:-}")
  created=0 changed=0 unchanged=0 failed=0
  # The list on fd 4: the tools inside the loop must not read it from stdin.
  while read -r topic partitions replicas <&4; do
    [ -n "$topic" ] || continue
    if ! grep -qxF -- "$topic" <<< "$existing"; then
      args=(--create --topic "$topic" --partitions "$partitions" --replication-factor "$replicas")
      while read -r key value; do [ -n "$key" ] && args+=(--config "$key=$value"); done <<< "$(configs_of "$topic")"
      kafka_tool kafka-topics "${args[@]}" > /dev/null
      record_added topics "$topic"
      echo "created topic $topic: $partitions partitions, replication factor $replicas"
      created=$(( created + 1 ))
      continue
    fi
    # --topic of --describe and --alter is a regular expression: "." must not match "-".
    pattern="${topic//./\\.}"
    description=$(kafka_tool kafka-topics --describe --topic "$pattern")
    have_partitions=$(field "$topic" PartitionCount "$description")
    have_replicas=$(field "$topic" ReplicationFactor "$description")
    if [ -z "$have_partitions" ] || [ -z "$have_replicas" ]; then echo "kafka-topics --describe did not describe topic $topic"; exit 1; fi
    touched=0
    if [ "$have_partitions" -gt "$partitions" ]; then
      echo "topic $topic has $have_partitions partitions and the program declares $partitions: Kafka cannot remove partitions. Declare $have_partitions, or create a new topic and move its clients"
      failed=$(( failed + 1 ))
    elif [ "$have_partitions" -lt "$partitions" ]; then
      kafka_tool kafka-topics --alter --topic "$pattern" --partitions "$partitions" > /dev/null
      echo "topic $topic: partitions $have_partitions -> $partitions (keys now map to other partitions)"
      touched=1
    fi
    if [ "$have_replicas" != "$replicas" ]; then
      echo "topic $topic has replication factor $have_replicas and the program declares $replicas: the topics Job does not change it (a partition reassignment moves data). Declare $have_replicas, or reassign with kafka-reassign-partitions"
      failed=$(( failed + 1 ))
    fi
    # The topic's own configs: "  key=value sensitive=... synonyms={...}" lines.
    current=$(kafka_tool kafka-configs --describe --entity-type topics --entity-name "$topic" | sed -n 's/^  \([^= ]*\)=\(.*\) sensitive=.*$/\1 \2/p')
    : > "$CDK8S_WORK_DIR/topic.properties"
    changes=""
    while read -r key value; do
      [ -n "$key" ] || continue
      have=$(printf '%s\n' "$current" | awk -v k="$key" '$1 == k { sub(/^[^ ]* /, ""); print; exit }')
      if [ "$have" != "$value" ]; then
        printf '%s=%s\n' "$key" "$value" >> "$CDK8S_WORK_DIR/topic.properties"
        changes="$changes $key (${have:-default} -> $value)"
      fi
    done <<< "$(configs_of "$topic")"
    if [ -n "$changes" ]; then
      kafka_tool kafka-configs --alter --entity-type topics --entity-name "$topic" --add-config-file "$CDK8S_WORK_DIR/topic.properties" > /dev/null
      echo "topic $topic: set$changes"
      touched=1
    fi
    if [ "$touched" = 1 ]; then changed=$(( changed + 1 )); else unchanged=$(( unchanged + 1 )); fi
  done 4<<< "${CDK8S_TOPICS:-}"
  deleted=0 kept=0
  while read -r topic <&4; do
    if grep -qxF -- "$topic" <<< "$declared"; then continue; fi
    if ! grep -qxF -- "$topic" <<< "$existing"; then
      record_removed topics "$topic"
      echo "topic $topic, made by this library and no longer declared, is gone: dropped from the record"
    elif [ "${CDK8S_PRUNE_TOPICS:-false}" = true ]; then
      kafka_tool kafka-topics --delete --topic "${topic//./\\.}" > /dev/null
      record_removed topics "$topic"
      echo "deleted topic $topic: made by this library, no longer declared, and prune.topics is on"
      deleted=$(( deleted + 1 ))
    else
      echo "kept topic $topic: made by this library and no longer declared; prune.topics is off (turn it on to delete it, or declare it again)"
      kept=$(( kept + 1 ))
    fi
  done 4< <(record_owned topics)
  echo "topics applied: $created created, $changed changed, $unchanged unchanged, $failed refused, $deleted deleted, $kept kept undeclared"
  [ "$failed" = 0 ]
}
record_run apply_topics

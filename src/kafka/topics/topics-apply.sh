#!/bin/bash
# The topics Job's Kafka step (Kafka image, bash; kafka-admin.sh and ownership.sh are
# inlined before this script): makes every declared topic exist as the program declares
# it, connecting as the cluster (the nodes' certificate on the replication listener, a
# super user; the wait step before it wrote the client settings and waited for the
# brokers). First, for each topic the record lists as made here and the program no
# longer declares: with CDK8S_PRUNE_TOPICS=true it is deleted (kafka-topics --delete),
# unless its topic id differs from the one recorded (someone made it again: it is not
# the library's); otherwise it is kept, with a line saying so. A listed topic that is
# gone leaves the record. Deletions come first so they act on the record just read.
# Then, for each declared topic:
#   - missing: created with its partitions, replication factor and configs, and noted
#     for the ownership record with its topic id (a topic that was there before is
#     never recorded; one whose id cannot be read is not recorded, and the run fails);
#   - fewer partitions than declared: partitions added (kafka-topics --alter);
#   - more partitions than declared, or another replication factor: nothing changed,
#     a line saying why and what to do, and the Job fails once every other topic is
#     done (Kafka cannot remove partitions; a replication factor changes by
#     reassignment, not by a config);
#   - a declared config whose value differs (or is not set on the topic): set, together,
#     with kafka-configs --alter --add-config-file. Configs the program does not declare
#     are left as they are.
# Nothing else is ever deleted. Running it again changes nothing.
#
# Environment (see topics-script.ts renderTopicsScript):
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG  see kafka-admin.sh
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

# topic_id <topic>: its id, from the header line of kafka-topics --describe ("" when not
# described; the tool's last error line is in $CDK8S_WORK_DIR/describe.err). --topic is a
# regular expression: "." must not match "-".
topic_id() {
  local description
  description=$(kafka_tool kafka-topics --describe --topic "${1//./\\.}" 2> "$CDK8S_WORK_DIR/describe.err") || return 0
  field "$1" TopicId "$description"
}

# created_id <topic>: the id of a topic just created. Right after --create a broker may
# not know the topic yet, so it asks a few times; "" if none answers.
created_id() {
  local id _
  for _ in 1 2 3 4 5; do
    id=$(topic_id "$1")
    if [ -n "$id" ]; then echo "$id"; return 0; fi
    sleep 2
  done
}

# prune_topics: for each recorded topic no longer declared, deletes it (prune on; only
# when its id is still the one recorded) or says it is kept; sets deleted and kept.
prune_topics() {
  local topic id have
  deleted=0 kept=0
  while read -r topic id <&4; do
    [ -n "$topic" ] || continue
    if grep -qxF -- "$topic" <<< "$declared"; then continue; fi
    if ! grep -qxF -- "$topic" <<< "$existing"; then
      record_removed topics "$topic $id"
      echo "topic $topic, made by this library and no longer declared, is gone: dropped from the record"
      continue
    fi
    if [ "${CDK8S_PRUNE_TOPICS:-false}" != true ]; then
      echo "kept topic $topic: made by this library and no longer declared; prune.topics is off (turn it on to delete it, or declare it again)"
      kept=$(( kept + 1 ))
      continue
    fi
    have=$(topic_id "$topic")
    if [ -z "$have" ]; then echo "kafka-topics --describe did not describe topic $topic: $(tail -n 1 "$CDK8S_WORK_DIR/describe.err")"; exit 1; fi
    if [ "$have" != "$id" ]; then
      record_removed topics "$topic $id"
      echo "topic $topic was made again since this library created it (id $have, recorded $id): not the library's, so kept and dropped from the record"
      continue
    fi
    kafka_tool kafka-topics --delete --topic "${topic//./\\.}" > /dev/null
    record_removed topics "$topic $id"
    echo "deleted topic $topic: made by this library, no longer declared, and prune.topics is on"
    deleted=$(( deleted + 1 ))
  done 4< <(record_owned topics)
}

apply_topics() {
  existing=$(kafka_tool kafka-topics --list)
  declared=$(while read -r topic _; do if [ -n "$topic" ]; then echo "$topic"; fi; done <<< "${CDK8S_TOPICS:-}")
  prune_topics
  created=0 changed=0 unchanged=0 failed=0
  # The list on fd 4: the tools inside the loop must not read it from stdin.
  while read -r topic partitions replicas <&4; do
    [ -n "$topic" ] || continue
    if ! grep -qxF -- "$topic" <<< "$existing"; then
      args=(--create --topic "$topic" --partitions "$partitions" --replication-factor "$replicas")
      while read -r key value; do [ -n "$key" ] && args+=(--config "$key=$value"); done <<< "$(configs_of "$topic")"
      kafka_tool kafka-topics "${args[@]}" > /dev/null
      echo "created topic $topic: $partitions partitions, replication factor $replicas"
      # Recorded with its id; an older item of the same name (a topic deleted by hand)
      # goes. Without an id it is not recorded (so never deleted), and the run fails.
      id=$(created_id "$topic")
      if [ -z "$id" ]; then
        echo "topic $topic was created, but kafka-topics --describe did not give its id: not recorded, so prune will never delete it ($(tail -n 1 "$CDK8S_WORK_DIR/describe.err"))"
        failed=$(( failed + 1 ))
      else
        while read -r name old; do if [ "$name" = "$topic" ]; then record_removed topics "$name $old"; fi; done < <(record_owned topics)
        record_added topics "$topic $id"
      fi
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
  echo "topics applied: $created created, $changed changed, $unchanged unchanged, $failed refused, $deleted deleted, $kept kept undeclared"
  [ "$failed" = 0 ]
}
record_run apply_topics

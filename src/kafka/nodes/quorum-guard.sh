# shellcheck shell=bash
# The quorum guard of a KRaft voter with persistent storage, run by the start wrapper
# (node-start.sh, inlined after this file) before the image's ensure step, which formats
# any empty metadata directory without asking. A static quorum is safe only while every
# voter keeps its log: Kafka's KRaft docs warn that voters starting with an empty log
# directory can elect a leader that misses committed data (KAFKA-14077), and Kafka has
# no online way to change a static voter set (KAFKA-14426). So a voter does not start
# (it exits saying why and what to do) when:
# - its metadata directory is empty but the cluster was bootstrapped before: the roll
#   Job records that in the <cluster>-kafka-quorum-state ConfigMap (mounted here, an
#   optional volume) once every voter of the new cluster was up. It has no owner, so it
#   outlives a recreated StatefulSet; a cluster recreated from scratch finds it and is
#   told to delete it. Before that (the first bootstrap) an empty directory is formatted
#   as the images do;
# - the voter ids it starts with differ from those it was formatted with, recorded in
#   cdk8s-kafka-voters on its data volume (written after the first format; a voter
#   formatted before this guard existed records its current ids at its next start).
#
# guard_quorum    refuses to start as above (exit 1), or returns
# record_voters   writes the voter ids after ensure formatted a new directory
#
# Environment (see node-scripts.ts renderStartScript):
#   CDK8S_QUORUM_DATA_DIR          the data volume that holds the metadata log (first disk)
#   CDK8S_METADATA_LOG_DIR         the metadata log directory (the first log directory)
#   CDK8S_QUORUM_STATE_DIR         the mounted quorum-state ConfigMap (may be empty)
#   CDK8S_QUORUM_STATE_CONFIGMAP   its name, for the messages
#   CDK8S_OPERATIONS_DOC           where the recovery procedures are documented
#   KAFKA_CONTROLLER_QUORUM_VOTERS the static voters (id@host:port,...)
#   KAFKA_NODE_ID                  this node's id

# The voter ids of a voters string, sorted: hosts may move (a cluster domain), ids may not.
voter_ids() {
  local v ids=() sorted=()
  local IFS=,
  for v in $1; do ids+=("${v%%@*}"); done
  mapfile -t sorted < <(printf '%s\n' "${ids[@]}" | sort -n)
  echo "${sorted[*]}"
}

guard_quorum() {
  local marker="$CDK8S_QUORUM_DATA_DIR/cdk8s-kafka-voters" ids recorded
  ids=$(voter_ids "$KAFKA_CONTROLLER_QUORUM_VOTERS")
  if [ ! -f "$CDK8S_METADATA_LOG_DIR/meta.properties" ]; then
    if [ -s "$CDK8S_QUORUM_STATE_DIR/bootstrapped" ]; then
      echo "cdk8s-kafka: KRaft voter node.id=${KAFKA_NODE_ID} does not start: its metadata directory ${CDK8S_METADATA_LOG_DIR} is empty, but this cluster was bootstrapped ($(cat "$CDK8S_QUORUM_STATE_DIR/bootstrapped")), so its disk was lost or replaced. Formatting it would let it vote with an empty log and the quorum could lose committed metadata. Follow \"A controller lost its disk\" in ${CDK8S_OPERATIONS_DOC}; if this really is a new cluster, delete ConfigMap ${CDK8S_QUORUM_STATE_CONFIGMAP} first." >&2
      exit 1
    fi
    return 0
  fi
  if [ ! -f "$marker" ]; then
    printf '%s\n' "$ids" > "$marker"
    return 0
  fi
  recorded=$(cat "$marker")
  if [ "$recorded" != "$ids" ]; then
    echo "cdk8s-kafka: KRaft voter node.id=${KAFKA_NODE_ID} does not start: the controller quorum changed from voters ${recorded} to ${ids}. A static quorum cannot change its voters by a restart (a controller count, nodeIdBase or mode change does that); the nodes that restarted with the new set would split from the others. Revert the change and apply, then follow \"Changing the controllers\" in ${CDK8S_OPERATIONS_DOC}." >&2
    exit 1
  fi
}

record_voters() {
  local marker="$CDK8S_QUORUM_DATA_DIR/cdk8s-kafka-voters"
  if [ ! -f "$marker" ]; then voter_ids "$KAFKA_CONTROLLER_QUORUM_VOTERS" > "$marker"; fi
}

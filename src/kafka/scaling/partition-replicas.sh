# shellcheck shell=bash
# partition_replicas: reads kafka-topics --describe output on stdin and prints one line
# per partition: "<topic> <partition> <replica,replica,...>". Fields are found by name
# ("\tTopic: t\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: ..."; 4.x adds Elr and,
# during a reassignment, Adding/Removing Replicas), in bash alone: a cluster's thousands
# of partitions cost no process each. Topic names hold no tab or space (Kafka allows
# letters, digits and ._- only). Inlined before the scripts that use it.
partition_replicas() {
  local -a fields
  local field topic partition replicas
  while IFS=$'\t' read -r -a fields; do
    topic="" partition="" replicas=""
    for field in "${fields[@]}"; do
      case "$field" in
        "Topic: "*) topic="${field#Topic: }" ;;
        "Partition: "*) partition="${field#Partition: }" ;;
        "Replicas: "*) replicas="${field#Replicas: }" ;;
      esac
    done
    if [ -n "$partition" ] && [ -n "$topic" ]; then printf '%s %s %s\n' "$topic" "$partition" "$replicas"; fi
  done
  return 0
}

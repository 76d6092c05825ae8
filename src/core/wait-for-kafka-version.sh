#!/bin/bash
# The first init container of a component wired to a KafkaCluster of the same app (the
# component's own image, bash): waits until every Kafka node runs the release the
# cluster was synthesized with, as the cluster's roll Job records it once all nodes are
# updated and Ready (ConfigMap <cluster>-kafka-version, mounted here as an optional
# volume: kubelet updates the file in place). So a version change rolls the component
# only after the brokers: its new pods wait here while the old ones keep serving (the
# Deployment's rolling update keeps them until a new pod is Ready). A release older
# than the recorded one passes too (sort -V), so a component may lag the cluster.
#
# Environment (see component-workload.ts kafkaVersionGate):
#   CDK8S_KAFKA_VERSION            the release to wait for
#   CDK8S_KAFKA_VERSION_FILE       the mounted ConfigMap's version key
#   CDK8S_KAFKA_VERSION_CONFIGMAP  its name, for the messages
#   CDK8S_KAFKA_VERSION_POLL_SECONDS  seconds between looks
set -u
want="$CDK8S_KAFKA_VERSION"
next_say=0
while :; do
  have=$(cat "$CDK8S_KAFKA_VERSION_FILE" 2>/dev/null || true)
  if [ -n "$have" ] && [ "$(printf '%s\n%s\n' "$want" "$have" | sort -V | head -n 1)" = "$want" ]; then
    echo "cdk8s-kafka: every Kafka node runs ${have}: starting"
    exit 0
  fi
  if (( SECONDS >= next_say )); then
    echo "cdk8s-kafka: waiting for every Kafka node to run ${want} (ConfigMap ${CDK8S_KAFKA_VERSION_CONFIGMAP} records ${have:-none yet}; the cluster's roll Job writes it when the roll is done)"
    next_say=$(( SECONDS + 60 ))
  fi
  sleep "$CDK8S_KAFKA_VERSION_POLL_SECONDS"
done

#!/bin/bash
# The startup and liveness probe of a Kafka node: Kafka itself runs and reports its
# state on the metrics page (node-metrics.sh, inlined before this script). The metrics
# agent also answers while the image formats storage (a separate JVM with the same
# options), so an open port alone would not mean Kafka started. A broker recovering its
# logs reports state RECOVERY and passes: liveness never restarts it for being busy.
#
# Environment (on the Kafka container, see node-scripts.ts renderStartedScript):
#   CDK8S_NODE_ROLES    broker, controller or broker,controller
#   CDK8S_METRICS_PORT  port of the JMX exporter agent
#
# broker_state and raft_state are set by read_metrics.
# shellcheck disable=SC2154
set -u
read_metrics
if has_role broker && [ -z "$broker_state" ]; then echo "Kafka reports no broker state yet"; exit 1; fi
if has_role controller && [ -z "$raft_state" ]; then echo "Kafka reports no KRaft state yet"; exit 1; fi
exit 0

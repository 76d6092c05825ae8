#!/bin/bash
# The readiness probe of a Kafka node: Ready only when the node has caught up, read from
# its own metrics page (node-metrics.sh, inlined before this script):
# - broker: BrokerState is RUNNING (3: caught up with the metadata log and unfenced), and
#   the replica fetchers' largest lag is at most CDK8S_MAX_FETCHER_LAG records, so a
#   restarted broker is not Ready while it is still copying what it missed;
# - controller: the node is the quorum leader or a follower (not a candidate or
#   unattached), and knows the leader.
# It prints why it is not Ready (kubelet puts that in the pod's events). Metric values
# are printed by Java's Double.toString: "0.0", "12.0", or "1.2E7" above 10^7.
#
# Environment (on the Kafka container, see node-scripts.ts renderReadinessScript):
#   CDK8S_NODE_ROLES        broker, controller or broker,controller
#   CDK8S_METRICS_PORT      port of the JMX exporter agent
#   CDK8S_MAX_FETCHER_LAG   brokers: largest replica fetcher lag, in records, still caught up
#
# broker_state, max_lag, raft_state and raft_leader are set by read_metrics.
# shellcheck disable=SC2154
set -u
read_metrics
if has_role broker; then
  case "$broker_state" in 3|3.0) ;; *) echo "broker state is ${broker_state:-not reported}, not RUNNING (3)"; exit 1 ;; esac
  if ! [[ "$max_lag" =~ ^[0-9]+(\.0+)?$ ]]; then echo "replica fetcher lag is ${max_lag:-not reported}"; exit 1; fi
  if (( ${max_lag%%.*} > CDK8S_MAX_FETCHER_LAG )); then echo "replica fetchers are ${max_lag%%.*} records behind (Ready at <= ${CDK8S_MAX_FETCHER_LAG})"; exit 1; fi
fi
if has_role controller; then
  case "$raft_state" in leader|follower) ;; *) echo "KRaft state is ${raft_state:-not reported}, not leader or follower"; exit 1 ;; esac
  if ! [[ "${raft_leader%%.*}" =~ ^[0-9]+$ ]]; then echo "no quorum leader known (current-leader ${raft_leader:-not reported})"; exit 1; fi
fi
exit 0

#!/bin/bash
# First step of the cluster's recorded Jobs (topics, access; Kafka image, bash;
# keystore-setup.sh and kafka-admin.sh are inlined before this script): writes the
# nodes' keystore and the client settings the Job's Kafka step reads (in volumes the pod's
# steps share), then waits for the brokers. A new cluster formats and elects first, so
# this can take minutes; the steps after it (reading the ownership record, then the Kafka
# step) run back to back once the brokers answer, so the record they act on is fresh.
#
# Environment (see wait-for-brokers.ts renderWaitForBrokersScript):
#   CDK8S_TLS_DIR and the rest of keystore-setup.sh's variables, when the cluster has TLS
#   CDK8S_BOOTSTRAP, CDK8S_CLIENT_CONFIG, CDK8S_WAIT_SECONDS  see kafka-admin.sh
set -euo pipefail
if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; else : > "$CDK8S_CLIENT_CONFIG"; fi
wait_for_brokers
echo "the brokers answer"

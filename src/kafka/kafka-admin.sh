# shellcheck shell=bash
# What the cluster's helper Jobs share (access, topics, features, drain, balance,
# unregister): run a Kafka tool with a small heap and without the node's JVM agents,
# and wait for the brokers. Inlined before the Job's own script; keystore-setup.sh
# before this file when the cluster has TLS.
#
# Environment:
#   CDK8S_BOOTSTRAP      host:port,... of the brokers' replication listener
#   CDK8S_CLIENT_CONFIG  client settings file (written by setup_keystore; paths only)
#   CDK8S_WAIT_SECONDS   seconds to wait for the brokers before failing this attempt
#                        (wait_for_brokers only)

# tool_jvm <tool> <args...>: a Kafka tool with a small heap and without the node's JVM
# agents (the image's KAFKA_OPTS would load them into every tool).
tool_jvm() {
  env -u KAFKA_OPTS -u KAFKA_JMX_OPTS KAFKA_HEAP_OPTS="-Xms32m -Xmx256m" "$@"
}

# kafka_tool <tool> <args...>: the tool against the brokers, as the cluster.
kafka_tool() {
  local name="$1"; shift
  tool_jvm "$name" --bootstrap-server "$CDK8S_BOOTSTRAP" --command-config "$CDK8S_CLIENT_CONFIG" "$@"
}

# wait_for_brokers: returns once a broker answers; exits 1 after CDK8S_WAIT_SECONDS.
wait_for_brokers() {
  local deadline=$(( SECONDS + CDK8S_WAIT_SECONDS ))
  printf 'request.timeout.ms=10000\ndefault.api.timeout.ms=20000\n' >> "$CDK8S_CLIENT_CONFIG"
  until kafka_tool kafka-broker-api-versions > /dev/null 2> /tmp/error; do
    if (( SECONDS > deadline )); then echo "the brokers did not answer: $(tail -n 1 /tmp/error)"; exit 1; fi
    echo "waiting for the brokers: $(tail -n 1 /tmp/error)"; sleep 10
  done
}

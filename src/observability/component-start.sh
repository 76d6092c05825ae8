# shellcheck shell=bash
# Start command of a Confluent component with monitoring on (after metrics-agent.sh):
# attaches the metrics agent, then runs the image's own start (`run`: configure,
# ensure, launch), as the image's CMD would.
#
# Environment:
#   CDK8S_JVM_OPTS_ENV  the variable the image's launch passes to the JVM (SCHEMA_REGISTRY_OPTS, KAFKA_OPTS, KSQL_OPTS)

attach_metrics_agent "$CDK8S_JVM_OPTS_ENV"
exec /etc/confluent/docker/run

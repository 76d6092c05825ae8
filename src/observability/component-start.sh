# shellcheck shell=bash
# Start command of a Confluent component with monitoring or logging settings (after
# metrics-agent.sh): attaches the metrics agent, points log4j at the library's file,
# then runs the image's own start (configure, ensure, launch), as the image would.
# Exported here rather than set on the container, so only the component's own JVM
# reads them.
#
# Environment:
#   CDK8S_JVM_OPTS_ENV    the variable the image's launch passes to the JVM (SCHEMA_REGISTRY_OPTS, KAFKA_OPTS, KSQL_OPTS)
#   CDK8S_METRICS_PORT    with monitoring: the metrics agent's port (metrics-agent.sh)
#   CDK8S_LOG4J_OPTS_ENV  the variable of the log4j flag (SCHEMA_REGISTRY_LOG4J_OPTS, KAFKA_LOG4J_OPTS, KSQL_LOG4J_OPTS)
#   CDK8S_LOG4J_OPTS      with logging settings: the flag pointing log4j at the library's file

if [ -n "${CDK8S_METRICS_PORT:-}" ]; then attach_metrics_agent "$CDK8S_JVM_OPTS_ENV"; fi
if [ -n "${CDK8S_LOG4J_OPTS:-}" ]; then export "${CDK8S_LOG4J_OPTS_ENV}=${CDK8S_LOG4J_OPTS}"; fi
# The image's own start, as its ENTRYPOINT and CMD would run it: the ksqlDB images of the
# lines with a CLI mode start with entrypoint.sh, whose default is server mode
# (confluentinc/ksql-images cp-ksqldb-server/Dockerfile.ubi9); the others with run.
for start in /etc/confluent/docker/entrypoint.sh /etc/confluent/docker/run; do
  if [ -x "$start" ]; then exec "$start"; fi
done
echo "cdk8s-kafka: the image has neither /etc/confluent/docker/entrypoint.sh nor /etc/confluent/docker/run to start with" >&2
exit 1

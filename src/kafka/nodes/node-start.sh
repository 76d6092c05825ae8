#!/bin/bash
# The Kafka container's command: derives this node's id from its pod name (the
# StatefulSet ordinal) and the NODE_ID_BASE/NODE_ID_STRIDE of its StatefulSet, builds its
# advertised listeners, waits until the client listeners' certificate names its
# external hosts (certificate-names.sh), attaches the metrics agent the probes read
# (attach_metrics_agent, metrics-agent.sh), points log4j at the library's file when
# there are logging settings, writes the TLS and SASL/PLAIN files, then hands over to the image's own entrypoint
# steps (/etc/confluent/docker/{configure,ensure,launch}), which turn the KAFKA_*
# environment into kafka.properties, format storage once and start Kafka.
# metrics-agent.sh, keystore-setup.sh, certificate-names.sh and quorum-guard.sh are inlined before this
# script; on a KRaft voter that keeps its disk, the guard runs before the format step
# (a voter that lost its disk, or whose voter set changed, does not start).
#
# Environment (on the Kafka container, see node-scripts.ts renderStartScript):
#   HOSTNAME, POD_NAMESPACE        pod name (ending in the ordinal) and namespace
#   NODE_ID_BASE, NODE_ID_STRIDE   node.id = base + ordinal * stride
#   CDK8S_HEADLESS_SERVICE         Service giving every pod its DNS name
#   CDK8S_CLUSTER_DOMAIN           cluster DNS domain
#   CDK8S_ADVERTISED               listeners to advertise, one a line:
#                                    <NAME> <host> <port> [<node port base>]
#                                  host {pod} is the pod's own DNS name, {id} in a host is
#                                  the node id; with a node port base, the port is
#                                  base + node id. Unset on controller-only nodes, which
#                                  must not advertise.
#   CDK8S_METRICS_PORT             port of the JMX exporter agent
#   CDK8S_METRICS_CONFIG           its configuration file
#   CDK8S_LOG4J_OPTS               with logging settings: the flag pointing log4j at the library's file
#   CDK8S_TLS_DIR and the rest of keystore-setup.sh's variables, when the node has a certificate
#   CDK8S_PLAIN_LISTENERS          SASL/PLAIN listeners (upper-case names), one a line
#   CDK8S_PLAIN_USERS_DIR          one file per PLAIN user, holding its password
#   CDK8S_QUORUM_DATA_DIR and the rest of quorum-guard.sh's variables, on guarded voters
#   CDK8S_CERTIFICATE_NAMES_POLL_SECONDS  on brokers with external hosts and a listeners'
#                                  certificate (certificate-names.sh)
#
# Controller-only nodes: the images refuse KAFKA_ADVERTISED_LISTENERS there, and their
# Dockerfile defines it empty; unset, nothing is written for it.
# SASL/PLAIN: Kafka's PLAIN server checks passwords against user_<name>="<password>"
# options of the listener's JAAS entry (PlainServerCallbackHandler). The passwords are
# read into a shell variable, not exported, so no process environment holds them, and
# the entries are appended to the rendered properties after configure.
# The protocol map: the image's configure step reads an SSL controller listener in
# KAFKA_LISTENER_SECURITY_PROTOCOL_MAP as a request for its own JKS keystore files
# (kafka-images PR #371) and an advertised name ending in SSL likewise; it gets a map
# without SSL, and the real one is written into the rendered file before anything
# reads it.
set -euo pipefail
ordinal="${HOSTNAME##*-}"
if ! [[ "$ordinal" =~ ^[0-9]+$ ]]; then echo "cdk8s-kafka: cannot read a StatefulSet ordinal from pod name $HOSTNAME" >&2; exit 1; fi
export KAFKA_NODE_ID=$(( NODE_ID_BASE + ordinal * NODE_ID_STRIDE ))
external_hosts=()
if [ -z "${CDK8S_ADVERTISED:-}" ]; then
  unset KAFKA_ADVERTISED_LISTENERS
else
  pod_host="${HOSTNAME}.${CDK8S_HEADLESS_SERVICE}.${POD_NAMESPACE}.svc.${CDK8S_CLUSTER_DOMAIN}"
  advertised=""
  while read -r name host port node_port_base; do
    [ -n "$name" ] || continue
    host="${host//\{id\}/$KAFKA_NODE_ID}"
    [ "$host" = "{pod}" ] || external_hosts+=("$host")
    host="${host//\{pod\}/$pod_host}"
    if [ -n "$node_port_base" ]; then port=$(( node_port_base + KAFKA_NODE_ID )); fi
    advertised="${advertised:+$advertised,}${name}://${host}:${port}"
  done <<< "$CDK8S_ADVERTISED"
  export KAFKA_ADVERTISED_LISTENERS="$advertised"
fi
attach_metrics_agent KAFKA_OPTS
# The server's own log4j file: exported here, not set on the container, so the Kafka
# tools the probes and the pre-stop gate run keep their own quiet configuration.
if [ -n "${CDK8S_LOG4J_OPTS:-}" ]; then export KAFKA_LOG4J_OPTS="$CDK8S_LOG4J_OPTS"; fi
# A broker added by scaling out serves its external host only once the client
# listeners' certificate names it (certificate-names.sh).
if [ -n "${CDK8S_LISTENER_TLS_DIR:-}" ] && [ "${#external_hosts[@]}" -gt 0 ]; then
  wait_for_certificate_names "$CDK8S_LISTENER_TLS_DIR" "$CDK8S_LISTENER_CERTIFICATE_NAME" "${external_hosts[@]}"
fi
if [ -n "${CDK8S_TLS_DIR:-}" ]; then setup_keystore; fi
plain_listeners="${CDK8S_PLAIN_LISTENERS:-}"
if [ -n "$plain_listeners" ]; then
  plain_users=""
  for f in "$CDK8S_PLAIN_USERS_DIR"/*; do
    [ -f "$f" ] || continue
    user="${f##*/}"; pw="$(cat "$f")"
    if ! [[ "$pw" =~ ^[A-Za-z0-9._~-]+$ ]]; then echo "cdk8s-kafka: the password of $user is empty or has characters other than letters, digits and ._~-" >&2; exit 1; fi
    plain_users="$plain_users user_${user}=\"${pw}\""
  done
  unset pw
fi
echo "cdk8s-kafka: starting node.id=${KAFKA_NODE_ID}"
protocol_map="$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"
export KAFKA_LISTENER_SECURITY_PROTOCOL_MAP="${protocol_map//SSL/PLAINTEXT}"
/etc/confluent/docker/configure
sed -i "s|^listener.security.protocol.map=.*|listener.security.protocol.map=${protocol_map}|" /etc/kafka/kafka.properties
if ! grep -qxF "listener.security.protocol.map=${protocol_map}" /etc/kafka/kafka.properties; then echo "cdk8s-kafka: could not write listener.security.protocol.map into /etc/kafka/kafka.properties" >&2; exit 1; fi
if [ -n "$plain_listeners" ]; then
  while read -r listener; do
    [ -n "$listener" ] || continue
    printf '%s\n' "listener.name.${listener,,}.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required${plain_users};" >> /etc/kafka/kafka.properties
  done <<< "$plain_listeners"
  unset plain_users
fi
export KAFKA_LISTENER_SECURITY_PROTOCOL_MAP="$protocol_map"
if [ -n "${CDK8S_QUORUM_DATA_DIR:-}" ]; then guard_quorum; fi
/etc/confluent/docker/ensure
if [ -n "${CDK8S_QUORUM_DATA_DIR:-}" ]; then record_voters; fi
exec /etc/confluent/docker/launch

# shellcheck shell=bash
# setup_keystore: checks the node certificate is there, writes the PEM keystore Kafka
# reads (one file, key first; owner-only) and the client settings of the node's own
# admin tools (paths only). Used by the nodes' start wrapper (node-start.sh) and the
# access Job (access.sh), which are inlined after this file.
#
# Environment (see access-scripts.ts renderKeystoreSetup):
#   CDK8S_TLS_DIR           mounted certificate Secret: tls.key, tls.crt, ca.crt
#   CDK8S_KEYSTORE_FILE     PEM keystore to write
#   CDK8S_CLIENT_CONFIG     client settings file to write
#   CDK8S_CERTIFICATE_NAME  the Certificate, named when cert-manager has not issued it yet

setup_keystore() {
  local dir="$CDK8S_TLS_DIR" f
  for f in tls.key tls.crt ca.crt; do
    if [ ! -s "$dir/$f" ]; then echo "cdk8s-kafka: $dir/$f is missing: cert-manager has not issued Certificate ${CDK8S_CERTIFICATE_NAME} (kubectl describe certificate ${CDK8S_CERTIFICATE_NAME})" >&2; exit 1; fi
  done
  (umask 077 && cat "$dir/tls.key" "$dir/tls.crt" > "$CDK8S_KEYSTORE_FILE")
  printf '%s\n' 'security.protocol=SSL' 'ssl.keystore.type=PEM' "ssl.keystore.location=$CDK8S_KEYSTORE_FILE" \
    'ssl.truststore.type=PEM' "ssl.truststore.location=$dir/ca.crt" > "$CDK8S_CLIENT_CONFIG"
}

# shellcheck shell=bash
# setup_keystore: checks the nodes' certificate is there, writes the PEM keystore Kafka
# reads (one file, key first; owner-only) and the client settings of the node's own
# admin tools (paths only); on brokers with TLS client listeners, the same for the
# listeners' certificate. Used by the nodes' start wrapper (node-start.sh), the access
# Job (access.sh) and the roll check (roll-check.sh), which are inlined after this file.
#
# Environment (see access-scripts.ts renderKeystoreSetup):
#   CDK8S_TLS_DIR           mounted nodes' certificate Secret: tls.key, tls.crt, ca.crt
#   CDK8S_KEYSTORE_FILE     PEM keystore to write
#   CDK8S_CLIENT_CONFIG     client settings file to write
#   CDK8S_TRUSTSTORE_FILE   PEM truststore to write: the CA that issued the certificate
#   CDK8S_CERTIFICATE_NAME  the Certificate, named when cert-manager has not issued it yet
#   CDK8S_LISTENER_TLS_DIR, CDK8S_LISTENER_KEYSTORE_FILE, CDK8S_LISTENER_TRUSTSTORE_FILE,
#   CDK8S_LISTENER_CERTIFICATE_NAME
#                           the same for the client listeners' certificate (brokers only)
#
# Trust is the issuing CA, not ca.crt: for an issuer whose own certificate is an
# intermediate, cert-manager puts the intermediate after the leaf in tls.crt and the top of
# the chain (a company root) in ca.crt, and trusting the root would trust everything it
# signs. A root issuer (the default) leaves tls.crt with the leaf alone: its ca.crt is the
# issuer.

# write_pem_keystore <certificate dir> <keystore file> <Certificate name>
write_pem_keystore() {
  local dir="$1" keystore="$2" name="$3" f
  for f in tls.key tls.crt ca.crt; do
    if [ ! -s "$dir/$f" ]; then echo "cdk8s-kafka: $dir/$f is missing: cert-manager has not issued Certificate ${name} (kubectl describe certificate ${name})" >&2; exit 1; fi
  done
  (umask 077 && cat "$dir/tls.key" "$dir/tls.crt" > "$keystore")
}

# write_truststore <certificate dir> <truststore file>: the certificate after the leaf in
# tls.crt (the issuing intermediate), else ca.crt (a root issuer).
write_truststore() {
  local dir="$1" truststore="$2"
  awk '/-----BEGIN CERTIFICATE-----/ { n++ } n == 2 { print } n == 2 && /-----END CERTIFICATE-----/ { exit }' "$dir/tls.crt" > "$truststore"
  [ -s "$truststore" ] || cat "$dir/ca.crt" > "$truststore"
}

setup_keystore() {
  write_pem_keystore "$CDK8S_TLS_DIR" "$CDK8S_KEYSTORE_FILE" "$CDK8S_CERTIFICATE_NAME"
  write_truststore "$CDK8S_TLS_DIR" "$CDK8S_TRUSTSTORE_FILE"
  if [ -n "${CDK8S_LISTENER_TLS_DIR:-}" ]; then
    write_pem_keystore "$CDK8S_LISTENER_TLS_DIR" "$CDK8S_LISTENER_KEYSTORE_FILE" "$CDK8S_LISTENER_CERTIFICATE_NAME"
    write_truststore "$CDK8S_LISTENER_TLS_DIR" "$CDK8S_LISTENER_TRUSTSTORE_FILE"
  fi
  printf '%s\n' 'security.protocol=SSL' 'ssl.keystore.type=PEM' "ssl.keystore.location=$CDK8S_KEYSTORE_FILE" \
    'ssl.truststore.type=PEM' "ssl.truststore.location=$CDK8S_TRUSTSTORE_FILE" > "$CDK8S_CLIENT_CONFIG"
}

# shellcheck shell=bash
# wait_for_certificate_names DIR CERTIFICATE HOST...: returns once the certificate in
# DIR/tls.crt (its first, the leaf) names every HOST as a DNS subject alternative name.
#
# Why: a broker added by scaling out (a larger pool, a new pool) advertises an external
# host that the client listeners' certificate did not name before this apply. cert-manager
# re-issues the certificate within seconds, but the new pod can mount the Secret before
# that, or before the kubelet refreshed its copy (about a minute, plus its cache), and
# Kafka reads its keystore only at start: serving the old certificate would fail every
# external client's host name check until the broker restarted. So the broker does not
# start until its names are there, and says what it waits for. The startup probe may
# restart the container meanwhile; each start waits again.
#
# Read with coreutils (base64, od) and awk: the 8.1+ images have no openssl, and a JVM
# (keytool) a look would be slow. A DNS name in the subjectAltName extension is DER
# context tag [2] (0x82), its length, then the name's ASCII bytes (RFC 5280 GeneralName
# dNSName, an IA5String); the bytes are compared as space-separated hex pairs, so a match
# is always byte-aligned. An image without base64 or od starts unchecked, with a warning.
#
# Environment (see node-scripts.ts renderStartScript):
#   CDK8S_CERTIFICATE_NAMES_POLL_SECONDS  seconds between looks at the mounted Secret

# certificate_hex FILE: the first certificate of a PEM file as " xx xx ..." hex pairs
# (lines may end in CRLF).
# shellcheck disable=SC2046 # od's words are the hex pairs, joined again with one space
certificate_hex() {
  printf ' %s' $(awk '{ sub(/\r$/, "") } /-----BEGIN CERTIFICATE-----/ { n++; next } /-----END CERTIFICATE-----/ { if (n == 1) exit } n == 1' "$1" \
    | base64 -d 2>/dev/null | od -An -v -tx1)
}

# dns_name_hex NAME: NAME as a DER dNSName (tag, length, bytes) in the same hex form.
# shellcheck disable=SC2046 # as above
dns_name_hex() {
  local length=${#1}
  if (( length < 128 )); then printf ' 82 %02x' "$length"; else printf ' 82 81 %02x' "$length"; fi
  printf ' %s' $(printf '%s' "$1" | od -An -v -tx1)
}

wait_for_certificate_names() {
  local dir="$1" certificate="$2" host missing said="" hex
  shift 2
  if ! command -v base64 > /dev/null || ! command -v od > /dev/null; then
    echo "cdk8s-kafka: warning: this image has no base64 or od; starting without checking that Certificate ${certificate} names $*" >&2
    return 0
  fi
  while :; do
    missing=""
    hex=""
    if [ -s "$dir/tls.crt" ]; then hex=$(certificate_hex "$dir/tls.crt"); fi
    for host in "$@"; do
      [[ "$hex" == *"$(dns_name_hex "$host")"* ]] || missing="$missing $host"
    done
    [ -n "$missing" ] || return 0
    if [ "$missing" != "$said" ]; then
      echo "cdk8s-kafka: waiting for Certificate ${certificate} to name${missing}, which this broker advertises to external clients: cert-manager re-issues it for added brokers, then the kubelet updates the mounted Secret (kubectl describe certificate ${certificate})" >&2
      said="$missing"
    fi
    sleep "${CDK8S_CERTIFICATE_NAMES_POLL_SECONDS:-10}"
  done
}

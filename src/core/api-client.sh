# shellcheck shell=sh
# The start of every script that calls the Kubernetes API (the credentials Job, the
# node roll; curl image, POSIX sh): strict mode, private files, the namespace in $ns, the
# ServiceAccount directory in $sa, and the token written to a header file in the pod's
# memory-backed /tmp, so it is passed to curl as `-H @/tmp/auth`, never on a command
# line (visible in ps). refresh_auth writes it again: the kubelet renews the bound token
# in place, and a roll may run for hours. epoch reads the API's times. Reads no
# environment variable.
#
# sa and ns are read by the scripts inlined after this file.
# shellcheck disable=SC2034
set -eu
umask 077
sa=/var/run/secrets/kubernetes.io/serviceaccount
ns=$(cat "$sa/namespace")
# Seconds since the epoch of an RFC 3339 time (fraction and zone dropped: the API writes UTC).
epoch() { date -u -d "$(printf '%s' "$1" | sed 's/T/ /; s/[.Z].*//')" +%s 2>/dev/null || echo 0; }
refresh_auth() { printf 'Authorization: Bearer %s\n' "$(cat "$sa/token")" > /tmp/auth; }
refresh_auth

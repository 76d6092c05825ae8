# shellcheck shell=sh
# The start of every script that calls the Kubernetes API (the credentials Job, the
# certificate rollout; curl image, POSIX sh): strict mode, private files, the namespace
# in $ns, the ServiceAccount directory in $sa, and the token written to a header file in
# the pod's memory-backed /tmp, so it is passed to curl as `-H @/tmp/auth`, never on a
# command line (visible in ps). Reads no environment variable.
#
# sa and ns are read by the scripts inlined after this file.
# shellcheck disable=SC2034
set -eu
umask 077
sa=/var/run/secrets/kubernetes.io/serviceaccount
ns=$(cat "$sa/namespace")
printf 'Authorization: Bearer %s\n' "$(cat "$sa/token")" > /tmp/auth

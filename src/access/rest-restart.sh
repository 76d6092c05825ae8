#!/bin/sh
# The REST certificate restart CronJob of a component (curl image, POSIX sh; api-client.sh
# and curl-json.sh are inlined before this script). Connect reads its keystore only at
# start, so after cert-manager renews the certificate the pods must restart onto it.
# A run restarts them when the renewal (the Certificate's notBefore) has had time to
# reach every kubelet and some pod started before that: it sets the pod template's
# annotation to the renewal's time, and the Deployment or StatefulSet rolls its pods
# one at a time, as for any change. Running again changes nothing: the annotation
# already holds that time, and the pods that roll start after it.
#
# Environment (see rest-server.ts):
#   CDK8S_CERTIFICATE     the component's REST Certificate
#   CDK8S_WORKLOAD        its workload under apps/v1: deployments/<name> or statefulsets/<name>
#   CDK8S_SELECTOR        the label selector of its pods (k=v,k=v)
#   CDK8S_ANNOTATION      the pod template annotation that records the renewal
#   CDK8S_SETTLE_SECONDS  how long after a renewal a starting container may still read
#                         the old certificate (the kubelet's Secret refresh)
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
base=https://kubernetes.default.svc
call() {
  curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth "$@" 2>/dev/null || echo 000
}
code=$(call "$base/apis/cert-manager.io/v1/namespaces/$ns/certificates/$CDK8S_CERTIFICATE")
case "$code" in
  200) ;;
  404) echo "Certificate $CDK8S_CERTIFICATE does not exist yet: nothing to restart"; exit 0 ;;
  *) echo "reading Certificate $CDK8S_CERTIFICATE failed (HTTP $code)"; exit 1 ;;
esac
issued=$(json_fields /tmp/response s:notBefore)
if [ -z "$issued" ]; then echo "Certificate $CDK8S_CERTIFICATE is not issued yet: nothing to restart"; exit 0; fi
settled=$(( $(epoch "$issued") + CDK8S_SETTLE_SECONDS ))
if [ "$(date -u +%s)" -lt "$settled" ]; then
  echo "certificate renewed at $issued: waiting until every kubelet has it; a later run restarts the pods that started before"
  exit 0
fi
selector=$(printf '%s' "$CDK8S_SELECTOR" | sed 's/=/%3D/g; s/,/%2C/g; s/\//%2F/g')
code=$(call "$base/api/v1/namespaces/$ns/pods?labelSelector=$selector")
if [ "$code" != 200 ]; then echo "listing the pods failed (HTTP $code)"; exit 1; fi
# When each running container started (its state.running.startedAt: after its volumes
# were mounted, unlike the pod's startTime, which the kubelet sets before a Secret it
# waits for exists). Finished init containers carry a terminated state instead.
oldest=$(grep -o '"running":{"startedAt":"[^"]*"' /tmp/response | sed 's/^"running":{"startedAt":"//; s/"$//' | sort | head -n 1)
if [ -z "$oldest" ]; then echo "no container is running: nothing to restart"; exit 0; fi
if [ "$(epoch "$oldest")" -ge "$settled" ]; then echo "every pod started after the certificate renewed at $issued reached it"; exit 0; fi
json_object spec "$(json_object template "$(json_object metadata "$(json_object annotations "$(json_object "$CDK8S_ANNOTATION" "$(json_string "$issued")")")")")" > /tmp/patch.json
code=$(call -X PATCH -H 'Content-Type: application/merge-patch+json' --data-binary @/tmp/patch.json "$base/apis/apps/v1/namespaces/$ns/$CDK8S_WORKLOAD")
case "$code" in
  200) echo "a pod started at $oldest, before the certificate renewed at $issued: restarting the pods of $CDK8S_WORKLOAD one at a time" ;;
  *) echo "patching $CDK8S_WORKLOAD failed (HTTP $code)"; cat /tmp/response; echo; exit 1 ;;
esac

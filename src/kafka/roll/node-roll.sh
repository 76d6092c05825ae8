#!/bin/sh
# The roll Job's driver (curl image, POSIX sh; api-client.sh and curl-json.sh are inlined
# before this script). The node StatefulSets are OnDelete: nothing restarts a node but
# this script, which restarts one node of the whole cluster at a time and only when
# Kafka says it is safe, so zone and pool StatefulSets never roll together.
#
# A node is outdated when its pod's controller-revision-hash is not its StatefulSet's
# updateRevision once the StatefulSet controller has seen the latest spec (the template
# changed: config, image, resources), or, with a certificate, when its container started
# before every kubelet could have the certificate renewed at notBefore (Kafka reads its
# certificate at start). Each round:
#   1. holds the roll Lease (two runs, e.g. the Job of an apply and the certificate
#      CronJob, never act at once; a run that finds it held by a live holder waits);
#   2. reads every node pod; nothing outdated: done;
#   3. picks the next node: an outdated node that is not Ready first (it serves nothing;
#      restarting it takes nothing away); otherwise, only when every node is Ready, the
#      KRaft voters first, the active controller last, then the brokers;
#   4. asks the Kafka check container (roll-check.sh, through files in CDK8S_ROLL_WORK)
#      whether restarting that node is safe: broker, no partition with the node in sync
#      is at or under min.insync.replicas; voter, a majority of the other voters caught
#      up with the leader. Not safe: it waits and says which partitions or voters block;
#   5. renews the Lease again (a run that lost it stops here), then restarts the node:
#      a Ready pod only while every other node is still Ready (read again), through the
#      Eviction API, so the PodDisruptionBudgets serialize the roll with node drains
#      (429: it waits); a pod that is not Ready by deletion; either only as it was read
#      (uid and resourceVersion preconditions). When Kafka cannot tell (no quorum), a
#      node that is not Ready still goes, but only if no node this roll restarted is down.
# The next round only starts once the restarted node is back, Ready (caught up) and
# safe by the next check. All state is in the cluster (revisions, readiness, the Lease):
# a run killed halfway is resumed by the next one (a retried pod, the next apply, the
# CronJob). It prints what it does and why it waits, and keeps the last status in the
# Lease's cdk8s-kafka/roll-status annotation. The pod's host name (its name) is its
# identity in the Lease. When a run ends with every node up to date and Ready, it
# records that the quorum was bootstrapped (CDK8S_ROLL_QUORUM_STATE), once: from then on
# a voter with an empty metadata directory refuses to start; and the release the nodes
# run (CDK8S_ROLL_VERSION), which the components' new pods wait for.
#
# Environment (see node-roll.ts renderRollScript):
#   CDK8S_ROLL_STATEFULSETS          the node StatefulSets, one a line
#   CDK8S_ROLL_NODES                 the node pods in roll order (voters first), one a line:
#                                      <pod> <StatefulSet> <node id> <roles>
#   CDK8S_ROLL_LEASE                 the Lease (coordination.k8s.io/v1) that serializes runs
#   CDK8S_ROLL_LEASE_SECONDS         how long a holder that stopped renewing keeps it
#   CDK8S_ROLL_POLL_SECONDS          seconds between rounds
#   CDK8S_ROLL_TICK_SECONDS          seconds between looks for the check's answer
#   CDK8S_ROLL_CHECK_TIMEOUT_SECONDS longest wait for the check's answer
#   CDK8S_ROLL_ATTEMPTS              rounds in a row the API may fail before the run fails
#   CDK8S_ROLL_WORK                  directory shared with the check container
#   CDK8S_ROLL_REPEAT                rounds after which an unchanged status is printed again
#   CDK8S_ROLL_CERTIFICATE           the nodes' Certificate, when nodes restart after renewal
#   CDK8S_ROLL_BROKER_CERTIFICATE    the client listeners' Certificate, which brokers also
#                                    restart after, when they serve TLS to clients
#   CDK8S_ROLL_CERTIFICATE_SETTLE_SECONDS  how long after a renewal a starting container
#                                    may still read the old certificate
#   CDK8S_ROLL_QUORUM_STATE          the ConfigMap that records the quorum's bootstrap
#                                    (quorum-guard.sh), when the voters keep their disks:
#                                    <name> <cluster id>
#   CDK8S_ROLL_VERSION               the ConfigMap that records the release every node
#                                    runs (components wait on it): <name> <owning
#                                    StatefulSet>
#
# sa and ns are set by api-client.sh.
# shellcheck disable=SC2154
base="https://kubernetes.default.svc"
work="$CDK8S_ROLL_WORK"
me=$(hostname)
lease_url="$base/apis/coordination.k8s.io/v1/namespaces/$ns/leases"
status="starting"
seq=0
# The check container stops when the driver does, whatever way it ends.
trap 'release_lease || true; touch "$work/done"' EXIT

# call METHOD URL [BODY]: the HTTP code on stdout, the answer in /tmp/response.
call() {
  if [ -n "${3:-}" ]; then
    _type=application/json
    if [ "$1" = PATCH ]; then _type=application/merge-patch+json; fi
    printf '%s' "$3" > /tmp/request.json
    set -- "$1" "$2" -H "Content-Type: $_type" --data-binary @/tmp/request.json
  fi
  _method="$1"; _url="$2"; shift 2
  alive
  curl -sS -o /tmp/response -w '%{http_code}' --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth -X "$_method" "$@" "$_url" 2>/dev/null || echo 000
}
answer() { cat /tmp/response 2>/dev/null; }
now() { date -u +%s; }
alive() { now > "$work/alive"; }
# say MESSAGE: the status, printed when it changes and every CDK8S_ROLL_REPEAT rounds.
said=0
say() {
  said=$((said + 1))
  if [ "$*" != "$status" ] || [ "$said" -ge "$CDK8S_ROLL_REPEAT" ]; then echo "cdk8s-kafka roll: $*"; said=0; fi
  status="$*"
}

# lease_body HOLDER [RESOURCE_VERSION]: the Lease held by HOLDER ("" to release it),
# carrying the roll's status; with the version read, an update that fails if it changed.
lease_body() {
  _annotations=$(json_object cdk8s-kafka/roll-status "$(json_string "$status")")
  if [ -n "$2" ]; then _meta=$(json_object name "$(json_string "$CDK8S_ROLL_LEASE")" resourceVersion "$(json_string "$2")" annotations "$_annotations")
  else _meta=$(json_object name "$(json_string "$CDK8S_ROLL_LEASE")" annotations "$_annotations"); fi
  json_object apiVersion '"coordination.k8s.io/v1"' kind '"Lease"' metadata "$_meta" \
    spec "$(json_object holderIdentity "$(json_string "$1")" leaseDurationSeconds "$CDK8S_ROLL_LEASE_SECONDS" renewTime "$(json_string "$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)")")"
}

# hold_lease: 0 when this run holds the Lease (taken or renewed), 1 when another live
# run holds it ($holder), 2 when the API failed. A write that raced another (409) loses.
hold_lease() {
  code=$(call GET "$lease_url/$CDK8S_ROLL_LEASE")
  case "$code" in
    404)
      code=$(call POST "$lease_url" "$(lease_body "$me" "")")
      case "$code" in 201) return 0 ;; 409) holder="another run"; return 1 ;; *) return 2 ;; esac ;;
    200) ;;
    *) return 2 ;;
  esac
  read_lease
  if [ -n "$holder" ] && [ "$holder" != "$me" ] && [ $(( $(epoch "$renewed") + ${duration:-0} )) -gt "$(now)" ]; then return 1; fi
  code=$(call PUT "$lease_url/$CDK8S_ROLL_LEASE" "$(lease_body "$me" "$lease_version")")
  case "$code" in 200) return 0 ;; 409) holder="another run"; return 1 ;; *) return 2 ;; esac
}

release_lease() {
  code=$(call GET "$lease_url/$CDK8S_ROLL_LEASE")
  [ "$code" = 200 ] || return 0
  read_lease
  [ "$holder" = "$me" ] || return 0
  call PUT "$lease_url/$CDK8S_ROLL_LEASE" "$(lease_body "" "$lease_version")" > /dev/null
}

# read_lease: of the Lease just read (the answer), holder, renewed (renewTime), duration
# and lease_version (its resourceVersion); empty when absent.
read_lease() {
  IFS='|' read -r holder renewed duration lease_version <<EOF_LEASE
$(json_fields /tmp/response s:holderIdentity s:renewTime n:leaseDurationSeconds s:resourceVersion)
EOF_LEASE
}

# ask REQUEST...: hands the request to the check container and waits for its answer
# (in $reply); returns its status: 0 safe, 1 not safe, 2 cannot tell.
ask() {
  seq=$((seq + 1))
  printf '%s %s\n' "$seq" "$*" > "$work/request.tmp" && mv "$work/request.tmp" "$work/request"
  _deadline=$(( $(now) + CDK8S_ROLL_CHECK_TIMEOUT_SECONDS ))
  while :; do
    if [ -f "$work/answer" ]; then
      { read -r _seq _rc || :; read -r reply || :; } < "$work/answer"
      if [ "$_seq" = "$seq" ]; then return "$_rc"; fi
    fi
    # One clock read a look: it is both the deadline's and the check's sign of life.
    _now=$(now)
    printf '%s\n' "$_now" > "$work/alive"
    [ "$_now" -le "$_deadline" ] || break
    sleep "$CDK8S_ROLL_TICK_SECONDS"
  done
  reply="the Kafka check gave no answer in ${CDK8S_ROLL_CHECK_TIMEOUT_SECONDS}s"
  return 2
}

# read_pod POD: p_exists, p_revision, p_ready, p_stopping, p_started (earliest running
# container start), p_uid and p_version (resourceVersion, for delete preconditions);
# returns 1 when the API failed. uid and resourceVersion come first in the answer
# (ObjectMeta's order), before any owner reference or managed field.
read_pod() {
  code=$(call GET "$base/api/v1/namespaces/$ns/pods/$1")
  p_exists=0 p_revision="" p_ready=0 p_stopping=0 p_started="" p_uid="" p_version=""
  case "$code" in 404) return 0 ;; 200) ;; *) return 1 ;; esac
  p_exists=1
  # One process reads it all.
  IFS='|' read -r p_uid p_version p_revision p_stopping p_ready p_started <<EOF_POD
$(pod_state /tmp/response)
EOF_POD
}

# pod_state FILE: of a pod's JSON (spaces and newlines ignored), on one line separated
# by "|" (as json_fields, empty for none): the first uid, resourceVersion and
# controller-revision-hash; 1 when it is being deleted, else 0;
# 1 when its Ready condition is True, else 0; the earliest start of a running container
# (the container's start, not the pod's: a pod is created before its volumes are
# mounted, so a new pod waiting for a renewed Secret would look old).
pod_state() {
  awk '
    { gsub(/ /, ""); text = text $0 }
    function first(key,   i, t) {
      i = index(text, "\"" key "\":\"")
      if (i == 0) return ""
      t = substr(text, i + length(key) + 4)
      return substr(t, 1, index(t, "\"") - 1)
    }
    END {
      ready = 0; started = ""; t = text
      while (match(t, /\{[^{}]*"type":"Ready"[^{}]*\}/)) {
        if (index(substr(t, RSTART, RLENGTH), "\"status\":\"True\"") > 0) ready = 1
        t = substr(t, RSTART + RLENGTH)
      }
      t = text
      while (match(t, /"running":\{"startedAt":"[^"]*"/)) {
        s = substr(t, RSTART + 24, RLENGTH - 25)
        if (started == "" || s < started) started = s
        t = substr(t, RSTART + RLENGTH)
      }
      stopping = index(text, "\"deletionTimestamp\":") > 0
      printf "%s|%s|%s|%d|%d|%s\n", first("uid"), first("resourceVersion"), first("controller-revision-hash"), stopping, ready, started
    }' "$1"
}

# round: 0 nothing outdated and every node Ready, 1 waiting ($status says why), 2 the API
# failed, 3 restarted a node, 4 superseded (a newer apply's Role no longer names what
# this run was made for: a newer run takes over).
# renewal <Certificate or empty>: sets renewed (its notBefore, empty when it has none or
# none is named) and renewed_settled (epoch seconds after which every kubelet has the
# renewed Secret; 0 without one). Fails when the API answers otherwise.
renewal() {
  renewed="" renewed_settled=0
  [ -n "$1" ] || return 0
  code=$(call GET "$base/apis/cert-manager.io/v1/namespaces/$ns/certificates/$1")
  case "$code" in
    200) renewed=$(json_fields /tmp/response s:notBefore) ;;
    404) ;;
    *) say "reading Certificate $1 failed (HTTP $code)"; return 1 ;;
  esac
  [ -z "$renewed" ] || renewed_settled=$(( $(epoch "$renewed") + CDK8S_ROLL_CERTIFICATE_SETTLE_SECONDS ))
}

round() {
  revisions="" uids="" versions=""
  while read -r sts <&4; do
    [ -n "$sts" ] || continue
    code=$(call GET "$base/apis/apps/v1/namespaces/$ns/statefulsets/$sts")
    case "$code" in
      200) ;;
      404) say "waiting for StatefulSet $sts to be created"; return 1 ;;
      403) return 4 ;;
      *) say "reading StatefulSet $sts failed (HTTP $code)"; return 2 ;;
    esac
    # The StatefulSet's own labels give its version (the pod template has no version label).
    IFS='|' read -r _generation _seen rev _uid _version <<EOF_STATEFULSET
$(json_fields /tmp/response n:generation n:observedGeneration s:updateRevision s:uid s:app.kubernetes.io/version)
EOF_STATEFULSET
    # Until the controller has seen the latest spec, its updateRevision is the old one.
    if [ "$_seen" != "$_generation" ]; then say "waiting for the StatefulSet controller to take in the change of $sts"; return 1; fi
    if [ -z "$rev" ]; then say "waiting for StatefulSet $sts to report its revision"; return 1; fi
    revisions="$revisions $sts=$rev"
    uids="$uids $sts=$_uid"
    versions="$versions $_version"
  done 4<<EOF_STATEFULSETS
$CDK8S_ROLL_STATEFULSETS
EOF_STATEFULSETS
  # kubelet refreshes a mounted Secret about once a minute, after its cache: a container
  # started soon after a renewal may have read the old certificate.
  renewal "${CDK8S_ROLL_CERTIFICATE:-}" || return 2
  issued="$renewed" settled="$renewed_settled"
  renewal "${CDK8S_ROLL_BROKER_CERTIFICATE:-}" || return 2
  broker_issued="$issued" broker_settled="$settled"
  if [ "$renewed_settled" -gt "$settled" ]; then broker_issued="$renewed" broker_settled="$renewed_settled"; fi
  outdated="" down="" fresh_down="" voters_down=0 unsettled=0 unsettled_at=""
  while read -r pod sts id roles <&4; do
    [ -n "$pod" ] || continue
    if ! read_pod "$pod"; then
      [ "$code" != 403 ] || return 4
      say "reading pod $pod failed (HTTP $code)"; return 2
    fi
    case "$roles" in *controller*) voter=1 ;; *) voter=0 ;; esac
    case "$roles" in *broker*) node_issued="$broker_issued" node_settled="$broker_settled" ;; *) node_issued="$issued" node_settled="$settled" ;; esac
    # A pod not there or stopping comes back at the new revision: down, not outdated.
    if [ "$p_exists" = 0 ] || [ "$p_stopping" = 1 ]; then
      down="$down $pod"; fresh_down="$fresh_down $pod"; [ "$voter" = 0 ] || voters_down=1; continue
    fi
    # shellcheck disable=SC2086 # one word per StatefulSet
    want=$(printf '%s\n' $revisions | sed -n "s/^$sts=//p")
    why=""
    if [ "$p_revision" != "$want" ]; then why="its StatefulSet's template changed ($p_revision -> $want)"
    elif [ "$node_settled" -gt 0 ] && [ -n "$p_started" ] && [ "$(epoch "$p_started")" -lt "$node_settled" ]; then
      if [ "$(now)" -ge "$node_settled" ]; then why="it started before its certificate, renewed at $node_issued, was on every node"; else unsettled=1; unsettled_at="$node_issued"; fi
    fi
    if [ "$p_ready" = 0 ]; then
      down="$down $pod"; [ "$voter" = 0 ] || voters_down=1
      [ -n "$why" ] || fresh_down="$fresh_down $pod"
    fi
    [ -z "$why" ] || outdated="$outdated$pod $id $roles $p_ready $p_uid $p_version $why
"
  done 4<<EOF_NODES
$CDK8S_ROLL_NODES
EOF_NODES
  # Every voter is up: the quorum is bootstrapped (recorded once; brokers may still start).
  if [ "$voters_down" = 0 ]; then record_bootstrap || return 2; fi
  if [ -z "$outdated" ]; then
    # Done only once every node is back: the Job's completion means the roll finished.
    if [ -n "$down" ]; then say "waiting for${down} to be Ready (caught up)"; return 1; fi
    if [ "$unsettled" = 1 ]; then say "waiting until kubelets have refreshed the certificate renewed at $unsettled_at on every node"; return 1; fi
    return 0
  fi
  # An outdated node that is not Ready serves nothing: it goes first, whatever its role.
  candidates=$(printf '%s' "$outdated" | awk '$4 == 0' | head -n 1)
  if [ -z "$candidates" ]; then
    if [ -n "$down" ]; then say "waiting for${down} to be Ready (caught up): one node at a time"; return 1; fi
    voters=$(printf '%s' "$outdated" | awk '$3 ~ /controller/')
    if [ -n "$voters" ]; then
      # Voters before any broker, the active controller last: one candidate.
      leader=""
      if ask leader; then leader="$reply"; fi
      candidates=$(printf '%s\n' "$voters" | awk -v leader="$leader" '$2 != leader' | head -n 1)
      [ -n "$candidates" ] || candidates=$(printf '%s\n' "$voters" | head -n 1)
    else
      # Brokers: the first one whose restart is safe (one blocked broker holds back no other).
      candidates="$outdated"
    fi
  fi
  blocked=""
  while read -r pod id roles ready uid version why <&5; do
    [ -n "$pod" ] || continue
    # Renewed before each check: a round of many slow checks keeps its Lease.
    if ! hold_lease; then say "lost the roll Lease to ${holder:-another run}"; return 1; fi
    rc=0; ask check "$id" "$roles" || rc=$?
    if [ "$rc" = 0 ]; then restart "$pod" "$id" "$ready" "$uid" "$version" "$why"; return $?; fi
    # Kafka cannot tell (a quorum without a leader, say). A node that is not Ready serves
    # nothing, but it goes only when every node that is down is down for the same reason
    # (outdated, not yet restarted): never beside a node this roll restarted.
    if [ "$rc" = 2 ] && [ "$ready" = 0 ] && [ -z "$fresh_down" ]; then
      echo "cdk8s-kafka roll: cannot tell whether restarting $pod (node $id) is safe ($reply); it is not Ready anyway, and no node it restarted is down"
      restart "$pod" "$id" "$ready" "$uid" "$version" "$why"; return $?
    fi
    [ "$rc" = 1 ] || reply="cannot tell whether it is safe: $reply"
    blocked="${blocked:+$blocked; }$pod (node $id): $reply"
  done 5<<EOF_CANDIDATES
$candidates
EOF_CANDIDATES
  say "waiting to restart $blocked"
  return 1
}

# others_ready POD: whether every node but POD is there, not stopping and Ready, read
# again right before a restart ($not_ready names the first that is not).
others_ready() {
  while read -r _pod _ <&6; do
    if [ -z "$_pod" ] || [ "$_pod" = "$1" ]; then continue; fi
    read_pod "$_pod" || { not_ready="$_pod (HTTP $code)"; return 1; }
    if [ "$p_exists" = 0 ] || [ "$p_stopping" = 1 ] || [ "$p_ready" = 0 ]; then not_ready="$_pod"; return 1; fi
  done 6<<EOF_NODES
$CDK8S_ROLL_NODES
EOF_NODES
}

# restart POD ID READY UID VERSION WHY: 3 restarted, 1 waiting, 2 the API failed. The
# Lease is renewed first (a run that lost it restarts nothing); a Ready pod goes only
# while every other node is still Ready, through the Eviction API; either way only the
# pod as it was read (uid and resourceVersion preconditions: 409 when it changed).
restart() {
  if ! hold_lease; then say "lost the roll Lease to ${holder:-another run} before restarting $1"; return 1; fi
  _options=$(json_object preconditions "$(json_object uid "$(json_string "$4")" resourceVersion "$(json_string "$5")")")
  if [ "$3" = 1 ]; then
    if ! others_ready "$1"; then say "waiting to restart $1 (node $2): $not_ready is not Ready"; return 1; fi
    code=$(call POST "$base/api/v1/namespaces/$ns/pods/$1/eviction" "$(json_object apiVersion '"policy/v1"' kind '"Eviction"' \
      metadata "$(json_object name "$(json_string "$1")" namespace "$(json_string "$ns")")" deleteOptions "$_options")")
    case "$code" in
      201|200) ;;
      429) say "waiting to restart $1 (node $2): its PodDisruptionBudget allows no eviction now (another node is down or being drained)"; return 1 ;;
      404|409) return 1 ;;
      *) say "evicting $1 failed (HTTP $code): $(answer | head -c 300)"; return 2 ;;
    esac
  else
    code=$(call DELETE "$base/api/v1/namespaces/$ns/pods/$1" "$(json_object apiVersion '"v1"' kind '"DeleteOptions"' preconditions "$(json_object uid "$(json_string "$4")" resourceVersion "$(json_string "$5")")")")
    case "$code" in 200|202|404|409) ;; *) say "deleting $1 failed (HTTP $code)"; return 2 ;; esac
  fi
  say "restarting $1 (node $2): $6"
  return 3
}

# create_config_map NAME OWNER DATA: POSTs a ConfigMap with DATA (a JSON object), owned
# by StatefulSet OWNER when one is named (so it goes with the cluster); the HTTP code on
# stdout.
create_config_map() {
  _meta=$(json_object name "$(json_string "$1")")
  if [ -n "$2" ]; then
    # shellcheck disable=SC2086 # one word per StatefulSet
    _uid=$(printf '%s\n' $uids | sed -n "s/^$2=//p")
    _owner=$(json_object apiVersion '"apps/v1"' kind '"StatefulSet"' name "$(json_string "$2")" uid "$(json_string "$_uid")")
    _meta=$(json_object name "$(json_string "$1")" ownerReferences "[$_owner]")
  fi
  call POST "$base/api/v1/namespaces/$ns/configmaps" "$(json_object apiVersion '"v1"' kind '"ConfigMap"' metadata "$_meta" data "$3")"
}

# record_version: the release every node runs now, in the version ConfigMap the
# components wait on (patched, or created the first time): the StatefulSets' own
# version label, which the last apply set, not this run's (an older run may finish a
# newer apply's roll). Nothing when the StatefulSets disagree.
record_version() {
  [ -n "${CDK8S_ROLL_VERSION:-}" ] || return 0
  # shellcheck disable=SC2086 # one word per StatefulSet
  _version=$(printf '%s\n' $versions | sort -u)
  case "$_version" in ""|*"
"*) return 0 ;; esac
  # shellcheck disable=SC2086 # the fields of the line
  set -- $CDK8S_ROLL_VERSION "$_version"
  _data=$(json_object version "$(json_string "$3")")
  code=$(call PATCH "$base/api/v1/namespaces/$ns/configmaps/$1" "$(json_object data "$_data")")
  if [ "$code" = 404 ]; then code=$(create_config_map "$1" "$2" "$_data"); fi
  case "$code" in
    200|201) echo "cdk8s-kafka roll: every node runs $3 (ConfigMap $1): components may start it" ;;
    *) say "recording the release in ConfigMap $1 failed (HTTP $code)"; return 1 ;;
  esac
}

# record_bootstrap: creates the quorum-state ConfigMap unless it exists (409): it is
# never rewritten. It has no owner: deleting and recreating the voters' StatefulSet
# (to change its volume claims) must not take the record with it; a cluster recreated
# from scratch finds it, and its voters say to delete it.
recorded_bootstrap=0
record_bootstrap() {
  [ -n "${CDK8S_ROLL_QUORUM_STATE:-}" ] && [ "$recorded_bootstrap" = 0 ] || return 0
  # shellcheck disable=SC2086 # the fields of the line
  set -- $CDK8S_ROLL_QUORUM_STATE
  code=$(create_config_map "$1" "" "$(json_object bootstrapped "$(json_string "cluster $2, every voter up at $(date -u +%Y-%m-%dT%H:%M:%SZ)")")")
  case "$code" in
    201) echo "cdk8s-kafka roll: recorded the quorum's bootstrap in ConfigMap $1: a voter that loses its disk now refuses to start" ;;
    409) ;;
    *) say "recording the quorum's bootstrap in ConfigMap $1 failed (HTTP $code)"; return 1 ;;
  esac
  recorded_bootstrap=1
}

failures=0
while :; do
  refresh_auth
  alive
  if hold_lease; then
    rc=0; round || rc=$?
    case "$rc" in
      0)
        if record_version; then say "every node is up to date"; release_lease; exit 0; fi
        failures=$((failures + 1)) ;;
      4) say "superseded: a newer apply changed what this run may restart; its own roll Job takes over"; release_lease; exit 0 ;;
      2) failures=$((failures + 1)) ;;
      *) failures=0 ;;
    esac
  else
    rc=$?
    if [ "$rc" = 1 ]; then say "waiting for the roll Lease $CDK8S_ROLL_LEASE, held by ${holder:-another run}"; failures=0
    else say "reading the roll Lease $CDK8S_ROLL_LEASE failed (HTTP $code)"; failures=$((failures + 1)); fi
  fi
  if [ "$failures" -ge "$CDK8S_ROLL_ATTEMPTS" ]; then echo "cdk8s-kafka roll: the API failed $failures rounds in a row: $status"; exit 1; fi
  sleep "$CDK8S_ROLL_POLL_SECONDS"
done

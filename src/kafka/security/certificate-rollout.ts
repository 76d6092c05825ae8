import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addNamespacedAccess, apiCallerPod, apiClientPreamble } from './api-caller';
import { nodeCertificateName } from './certificates';
import { apiServerEgressRule, dnsEgressRule } from '../../access/egress';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { ClusterMembers } from '../cluster-members';
import { ResolvedCluster, ResolvedPool } from '../cluster-model';
import { accessJobSelector, clusterLabels, statefulSetSelector } from '../pod-labels';

/** Pod template annotation the rollout sets: the renewed certificate's notBefore. */
export const CERTIFICATE_ANNOTATION = 'cdk8s-kafka/certificate-not-before';

/** What the rollout script checks and rolls. */
export interface RolloutScriptInput {
  /** The nodes' Certificate (cert-manager.io/v1), whose status.notBefore says when it was issued. */
  readonly certificate: string;
  /** StatefulSets of the nodes, with the label selector of their pods. */
  readonly statefulSets: ReadonlyArray<{ readonly name: string; readonly selector: string }>;
}


/**
 * The rollout script (POSIX sh, curl image). Kafka reads its certificate at start, so a
 * node whose container started before the current certificate was issued still serves
 * the old one. The script rolls at most one StatefulSet per run, and only when every
 * node StatefulSet has settled (no rollout in progress, every replica ready and
 * updated): StatefulSets rolling at once (one per zone) could each stop a replica of the
 * same partition. Controllers come first. It rolls a StatefulSet by setting the pod
 * template annotation to the certificate's notBefore, so the StatefulSet controller
 * rolls it one pod at a time through the readiness and pre-stop gates; one already
 * carrying that value is left alone. An API error fails the run (the Job shows it),
 * never passes as "nothing to do". Timestamps are RFC 3339 UTC seconds from the API
 * server, which compare as strings.
 */
export function renderRolloutScript(input: RolloutScriptInput): string {
  // JSON is read with tr/grep/cut (no jq in the image): spaces and newlines are removed
  // first, so pretty-printed answers parse alike.
  const field = (json: string, key: string, value: string) => `printf '%s' "${json}" | tr -d ' \\n' | grep -o '"${key}":${value}' | cut -d: -f2- | tr -d '"'`;
  return [
    ...apiClientPreamble(),
    'api() { curl -sS --fail-with-body --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth "$@"; }',
    // Functions below run inside `if`, where `set -e` does not apply: failures exit here.
    'failed() { echo "cdk8s-kafka: the API request for $1 failed; nothing rolled" >&2; exit 1; }',
    'base="https://kubernetes.default.svc"',
    `certificate=$(api "$base/apis/cert-manager.io/v1/namespaces/$ns/certificates/${input.certificate}")`,
    `issued=$(${field('$certificate', 'notBefore', '"[^"]*"')} | head -n 1 || true)`,
    `if [ -z "$issued" ]; then echo "Certificate ${input.certificate} has no notBefore yet: not issued"; exit 0; fi`,
    // The earlier of two stamps sorts first (POSIX test has no string <).
    'before() { [ "$1" != "$2" ] && [ "$(printf \'%s\\n%s\\n\' "$1" "$2" | sort | head -n 1)" = "$1" ]; }',
    'settled() {',
    '  json=$(api "$base/apis/apps/v1/namespaces/$ns/statefulsets/$1") || failed "StatefulSet $1"',
    // status is serialized last: its counts are the ones after the last "status".
    '  status=$(printf \'%s\' "$json" | tr -d \' \\n\' | sed \'s/.*"status"://\')',
    '  get() { printf \'%s\' "$status" | grep -o "\\"$1\\":[^,}]*" | head -n 1 | cut -d: -f2 | tr -d \'"\'; }',
    '  want=$(printf \'%s\' "$json" | tr -d \' \\n\' | grep -o \'"replicas":[0-9]*\' | head -n 1 | cut -d: -f2)',
    '  [ "$(get currentRevision)" = "$(get updateRevision)" ] && [ "$(get readyReplicas)" = "$want" ] && [ "$(get updatedReplicas)" = "$want" ]',
    '}',
    'needs_roll() {',
    '  json=$(api "$base/apis/apps/v1/namespaces/$ns/statefulsets/$1") || failed "StatefulSet $1"',
    `  current=$(${field('$json', CERTIFICATE_ANNOTATION, '"[^"]*"')} | head -n 1 || true)`,
    '  if [ "$current" = "$issued" ]; then return 1; fi',
    '  pods=$(api "$base/api/v1/namespaces/$ns/pods?labelSelector=$2") || failed "the pods of $1"',
    // The container's start, not the pod's: a pod is created (and its startTime set)
    // before its volumes are mounted, so a new pod waiting for the Secret would look old.
    `  for started in $(${field('$pods', 'running', '{"startedAt":"[^"]*"')} | sed 's/.*startedAt://'); do`,
    '    if before "$started" "$issued"; then older=$((older + 1)); fi',
    '  done',
    '  [ "$older" -gt 0 ]',
    '}',
    ...input.statefulSets.map(s => `if ! settled '${s.name}'; then echo "${s.name} is rolling or not ready: nothing else rolls this run"; exit 0; fi`),
    ...input.statefulSets.flatMap(s => [
      'older=0',
      `if needs_roll '${s.name}' '${s.selector}'; then`,
      `  printf '{"spec":{"template":{"metadata":{"annotations":{"${CERTIFICATE_ANNOTATION}":"%s"}}}}}' "$issued" > /tmp/patch.json`,
      `  api -X PATCH -H 'Content-Type: application/strategic-merge-patch+json' --data-binary @/tmp/patch.json "$base/apis/apps/v1/namespaces/$ns/statefulsets/${s.name}?fieldManager=cdk8s-kafka-certificate-rollout" > /dev/null`,
      `  echo "${s.name}: $older pod(s) started before the certificate issued $issued: rolling it (one StatefulSet per run)"`,
      '  exit 0',
      'fi',
    ]),
    'echo "every node runs the certificate issued $issued"',
    '',
  ].join('\n');
}

/** What the rollout CronJob is built from. */
export interface CertificateRolloutProps {
  readonly cluster: ResolvedCluster;
  /** The pools, whose StatefulSets it rolls, rendered at synth. */
  readonly members: ClusterMembers;
}

/** The node StatefulSets and their pods' label selectors, in pool order (controllers first). */
function nodeStatefulSets(m: ResolvedCluster, pools: readonly ResolvedPool[]): Array<{ name: string; selector: Record<string, string> }> {
  return pools.flatMap(pool => pool.statefulSets.map(sts => ({ name: sts.name, selector: statefulSetSelector(m, pool, sts) })));
}

/**
 * A CronJob that rolls the node StatefulSets after cert-manager renews their
 * certificate (see `renderRolloutScript`). Its Role may read that one Certificate, list
 * pods, and read and patch those StatefulSets by name, in this namespace only.
 */
export class CertificateRollout extends Construct {
  constructor(scope: Construct, id: string, props: CertificateRolloutProps) {
    super(scope, id);
    const m = props.cluster;
    const labels = clusterLabels(m, 'access');
    const certificate = nodeCertificateName(m);
    const name = `${m.name}-kafka-certificate-rollout`;
    const statefulSets = () => nodeStatefulSets(m, props.members.snapshot().pools);
    addNamespacedAccess(this, name, labels, late((): k8s.PolicyRule[] => [
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: [certificate], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: statefulSets().map(s => s.name), verbs: ['get', 'patch'] },
    ]));
    claimName(this, 'CronJob', name);
    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name, labels },
      spec: {
        schedule: m.certificateRolloutSchedule!,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            // It reads the Certificate and patches the StatefulSets: the API is its job.
            template: apiCallerPod({
              serviceAccount: name,
              labels: accessJobSelector(m.name, 'certificate-rollout'),
              container: 'rollout',
              imagePullPolicy: m.imagePullPolicy,
              script: late(() => renderRolloutScript({
                certificate,
                statefulSets: statefulSets().map(s => ({ name: s.name, selector: selectorQuery(s.selector) })),
              })),
            }),
          },
        },
      },
    });
    if (m.network.policy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', name), labels },
        spec: {
          podSelector: { matchLabels: accessJobSelector(m.name, 'certificate-rollout') },
          policyTypes: m.network.egress ? ['Ingress', 'Egress'] : ['Ingress'],
          ingress: [],
          egress: m.network.egress ? [apiServerEgressRule(m.network.egressPorts), dnsEgressRule(m.network.egressPorts)] : undefined,
        },
      });
    }
  }
}

/** A label selector as the `labelSelector` query parameter (URL-encoded `k=v,k=v`). */
function selectorQuery(selector: Record<string, string>): string {
  return Object.keys(selector).sort().map(k => `${encodeURIComponent(k)}%3D${encodeURIComponent(selector[k])}`).join('%2C');
}

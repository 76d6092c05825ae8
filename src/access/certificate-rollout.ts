import { Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addNamespacedAccess, apiCallerPod, apiClientPreamble } from './api-caller';
import { apiServerEgressRule, dnsEgressRule } from './egress';
import { claimName } from '../core/naming';

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
 * node started before the current certificate was issued still serves the old one.
 * For each StatefulSet with such a pod, it sets the pod template annotation to the
 * certificate's notBefore: the StatefulSet controller then rolls it like any change,
 * one pod at a time through the readiness and pre-stop gates. A StatefulSet already
 * carrying that value is rolling (or rolled) and is left alone, so the script is safe to
 * run at any time and as often as wanted. Timestamps are RFC 3339 in UTC from the API
 * server, which compare as strings.
 */
export function renderRolloutScript(input: RolloutScriptInput): string {
  return [
    ...apiClientPreamble(),
    'api() { curl -sS --fail-with-body --max-time 30 --cacert "$sa/ca.crt" -H @/tmp/auth "$@"; }',
    'base="https://kubernetes.default.svc"',
    `issued=$(api "$base/apis/cert-manager.io/v1/namespaces/$ns/certificates/${input.certificate}" | tr -d ' \\n' | grep -o '"notBefore":"[^"]*"' | cut -d'"' -f4 || true)`,
    `if [ -z "$issued" ]; then echo "Certificate ${input.certificate} has no notBefore yet: not issued"; exit 0; fi`,
    'roll() {',
    '  sts="$1"; selector="$2"',
    '  current=$(api "$base/apis/apps/v1/namespaces/$ns/statefulsets/$sts" | tr -d \' \\n\' | grep -o \'"' + CERTIFICATE_ANNOTATION + '":"[^"]*"\' | cut -d\'"\' -f4 || true)',
    '  if [ "$current" = "$issued" ]; then echo "$sts: already rolled for the certificate issued $issued"; return 0; fi',
    '  older=0',
    '  for started in $(api "$base/api/v1/namespaces/$ns/pods?labelSelector=$selector" | tr -d \' \\n\' | grep -o \'"startTime":"[^"]*"\' | cut -d\'"\' -f4); do',
    // The earlier of two RFC 3339 UTC stamps sorts first (POSIX test has no string <).
    '    if [ "$started" != "$issued" ] && [ "$(printf \'%s\\n%s\\n\' "$started" "$issued" | sort | head -n 1)" = "$started" ]; then older=$((older + 1)); fi',
    '  done',
    '  if [ "$older" -eq 0 ]; then echo "$sts: every pod started after the certificate issued $issued"; return 0; fi',
    `  printf '{"spec":{"template":{"metadata":{"annotations":{"${CERTIFICATE_ANNOTATION}":"%s"}}}}}' "$issued" > /tmp/patch.json`,
    '  api -X PATCH -H \'Content-Type: application/strategic-merge-patch+json\' --data-binary @/tmp/patch.json "$base/apis/apps/v1/namespaces/$ns/statefulsets/$sts" > /dev/null',
    '  echo "$sts: $older pod(s) started before the certificate issued $issued: rolling"',
    '}',
    ...input.statefulSets.map(s => `roll '${s.name}' '${s.selector}'`),
    '',
  ].join('\n');
}

/** What the rollout CronJob needs from the cluster. */
export interface CertificateRolloutProps {
  readonly cluster: string;
  readonly labels: Record<string, string>;
  readonly imagePullPolicy: string;
  /** The nodes' Certificate. */
  readonly certificate: string;
  /** The nodes' StatefulSets and their pod selectors, read at synth. */
  readonly statefulSets: () => ReadonlyArray<{ readonly name: string; readonly selector: Record<string, string> }>;
  /** When it runs (cron syntax, the CronJob's time zone). */
  readonly schedule: string;
  readonly networkPolicy: boolean;
  readonly egressPolicy: boolean;
}

/** Pod labels of the rollout CronJob. */
export function rolloutSelector(cluster: string): Record<string, string> {
  return { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': cluster, 'app.kubernetes.io/component': 'certificate-rollout' };
}

/**
 * A CronJob that rolls the node StatefulSets after cert-manager renews their
 * certificate (see `renderRolloutScript`). Its Role may read that one Certificate, list
 * pods, and read and patch those StatefulSets by name, in this namespace only.
 */
export class CertificateRollout extends Construct {
  constructor(scope: Construct, id: string, props: CertificateRolloutProps) {
    super(scope, id);
    const name = `${props.cluster}-kafka-certificate-rollout`;
    addNamespacedAccess(this, name, props.labels, Lazy.any({
      produce: (): k8s.PolicyRule[] => [
        { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: [props.certificate], verbs: ['get'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
        { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: props.statefulSets().map(s => s.name), verbs: ['get', 'patch'] },
      ],
    }) as unknown as k8s.PolicyRule[]);
    claimName(this, 'CronJob', name);
    new k8s.KubeCronJob(this, 'CronJob', {
      metadata: { name, labels: props.labels },
      spec: {
        schedule: props.schedule,
        concurrencyPolicy: 'Forbid',
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            backoffLimit: 2,
            // It reads the Certificate and patches the StatefulSets: the API is its job.
            template: apiCallerPod({
              serviceAccount: name,
              labels: rolloutSelector(props.cluster),
              container: 'rollout',
              imagePullPolicy: props.imagePullPolicy,
              script: Lazy.any({
                produce: () => renderRolloutScript({
                  certificate: props.certificate,
                  statefulSets: props.statefulSets().map(s => ({ name: s.name, selector: selectorQuery(s.selector) })),
                }),
              }) as unknown as string,
            }),
          },
        },
      },
    });
    if (props.networkPolicy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', name), labels: props.labels },
        spec: {
          podSelector: { matchLabels: rolloutSelector(props.cluster) },
          policyTypes: props.egressPolicy ? ['Ingress', 'Egress'] : ['Ingress'],
          ingress: [],
          egress: props.egressPolicy ? [apiServerEgressRule(), dnsEgressRule()] : undefined,
        },
      });
    }
  }
}

/** A label selector as the `labelSelector` query parameter (URL-encoded `k=v,k=v`). */
function selectorQuery(selector: Record<string, string>): string {
  return Object.keys(selector).sort().map(k => `${encodeURIComponent(k)}%3D${encodeURIComponent(selector[k])}`).join('%2C');
}

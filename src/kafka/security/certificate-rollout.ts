import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addNamespacedAccess, apiCallerPod, apiClientPreamble } from './api-caller';
import { nodeCertificateName } from './certificates';
import { apiServerEgressRule, dnsEgressRule } from '../../access/egress';
import { CURL_JSON } from '../../core/curl-json';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { envLines, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { ClusterMembers } from '../cluster-members';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { accessJobSelector, clusterLabels, statefulSetSelector } from '../pod-labels';

/** Pod template annotation the rollout sets: the renewed certificate's notBefore. */
export const CERTIFICATE_ANNOTATION = 'cdk8s-kafka/certificate-not-before';

const ROLLOUT = ScriptFile.at(__dirname, 'certificate-rollout.sh');

/** What the rollout script checks and rolls. */
export interface RolloutScriptInput {
  /** The nodes' Certificate (cert-manager.io/v1), whose status.notBefore says when it was issued. */
  readonly certificate: string;
  /** StatefulSets of the nodes, with the label selector of their pods. */
  readonly statefulSets: ReadonlyArray<{ readonly name: string; readonly selector: string }>;
}


/**
 * The rollout script (certificate-rollout.sh; POSIX sh, curl image). Kafka reads its
 * certificate at start, so a node whose container started before the current
 * certificate was issued still serves the old one. The script rolls at most one
 * StatefulSet per run, and only when every node StatefulSet has settled (no rollout in
 * progress, every replica ready and updated): StatefulSets rolling at once (one per
 * zone) could each stop a replica of the same partition. Controllers come first. It
 * rolls a StatefulSet by setting the pod template annotation to the certificate's
 * notBefore, so the StatefulSet controller rolls it one pod at a time through the
 * readiness and pre-stop gates; one already carrying that value is left alone. An API
 * error fails the run (the Job shows it), never passes as "nothing to do".
 */
export function renderRolloutScript(input: RolloutScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.SH, apiClientPreamble(), CURL_JSON, ROLLOUT),
    env: scriptEnv({
      CDK8S_CERTIFICATE: input.certificate,
      CDK8S_CERTIFICATE_ANNOTATION: CERTIFICATE_ANNOTATION,
      CDK8S_STATEFULSETS: envLines(input.statefulSets.map(s => [s.name, s.selector])),
    }),
  };
}

/** What the rollout CronJob is built from. */
export interface CertificateRolloutProps {
  readonly cluster: ResolvedCluster;
  /** The pools, whose StatefulSets it rolls, rendered at synth. */
  readonly members: ClusterMembers;
}

/**
 * The node StatefulSets and their pods' label selectors, controllers first (a quorum
 * voter rolls before any broker-only node), then in the order the pools were added.
 */
export function nodeStatefulSets(m: ResolvedCluster, pools: readonly ResolvedPool[]): Array<{ name: string; selector: Record<string, string> }> {
  const controllersFirst = [...pools].sort((a, b) => Number(hasRole(b, NodeRole.CONTROLLER)) - Number(hasRole(a, NodeRole.CONTROLLER)));
  return controllersFirst.flatMap(pool => pool.statefulSets.map(sts => ({ name: sts.name, selector: statefulSetSelector(m, pool, sts) })));
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
    const script = () => renderRolloutScript({
      certificate,
      statefulSets: statefulSets().map(s => ({ name: s.name, selector: selectorQuery(s.selector) })),
    });
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
              script: { command: late(() => script().command), env: late(() => script().env) },
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

import { Located } from '../k8s-object';
import { obj, str } from '../loose';
import { dns1035LabelErrors, dns1123LabelErrors, dns1123SubdomainErrors, pathSegmentNameErrors } from '../names';
import { Problem } from '../problem';
import { Check, problem } from './context';

/**
 * `metadata.name` rules per kind, as the API server's per-group validation applies them, plus
 * the limits that controllers impose later (a name the API server accepts but
 * whose pods can never be created is still a broken manifest).
 */

type NameRule = (name: string) => string[];

const RBAC_GROUP = 'rbac.authorization.k8s.io';

function maxLength(max: number, why: string): NameRule {
  return (name) => (name.length > max ? [`must be no more than ${max} characters (is ${name.length}): ${why}`] : []);
}

function all(...rules: NameRule[]): NameRule {
  return (name) => rules.flatMap((rule) => rule(name));
}

/** Rules keyed `group/Kind`; everything else is a DNS-1123 subdomain (NameIsDNSSubdomain). */
const NAME_RULES: Readonly<Record<string, NameRule>> = {
  // ValidateServiceName = NameIsDNS1035Label (1.27-1.32).
  '/Service': dns1035LabelErrors,
  // ValidateNamespaceName = NameIsDNSLabel.
  '/Namespace': dns1123LabelErrors,
  // RBAC names are path segments (ValidateRBACName), e.g. "system:metrics-reader" is fine.
  [`${RBAC_GROUP}/Role`]: pathSegmentNameErrors,
  [`${RBAC_GROUP}/ClusterRole`]: pathSegmentNameErrors,
  [`${RBAC_GROUP}/RoleBinding`]: pathSegmentNameErrors,
  [`${RBAC_GROUP}/ClusterRoleBinding`]: pathSegmentNameErrors,
  // Pods are named <name>-<ordinal> and get it as spec.hostname (a DNS-1123 label), and the
  // controller-revision-hash label value <name>-<10-char hash> must fit in 63 characters
  // (kubernetes/kubernetes#64023, still open): the API server accepts longer names, the
  // StatefulSet controller then fails to create any pod.
  'apps/StatefulSet': all(dns1123LabelErrors, maxLength(52, 'the controller-revision-hash label "<name>-<10-char hash>" must fit in 63')),
  // ValidateCronJobCreate: Jobs are named <name>-<11-char timestamp suffix>.
  'batch/CronJob': all(dns1123SubdomainErrors, maxLength(52, 'Jobs are named "<name>-<timestamp>" and must fit in 63')),
  // The Job name becomes the pod label value job-name / batch.kubernetes.io/job-name.
  'batch/Job': all(dns1123SubdomainErrors, maxLength(63, 'it is used as the job-name label value')),
};

function nameIssues(owner: Located): Problem[] {
  const metadata = obj(owner.object.metadata);
  const name = str(metadata.name);
  if (name === undefined || name === '') {
    // cdk8s never emits generateName; an object without a name cannot be applied.
    return [problem(owner, 'metadata.name', 'required: every synthesized object needs a name')];
  }
  const rule = NAME_RULES[`${owner.id.group}/${owner.id.kind}`] ?? dns1123SubdomainErrors;
  const namespaceIssues = str(metadata.namespace) === undefined ? [] : dns1123LabelErrors(str(metadata.namespace) ?? '')
    .map((e) => problem(owner, 'metadata.namespace', `invalid namespace "${String(metadata.namespace)}": ${e}`));
  return [
    ...rule(name).map((e) => problem(owner, 'metadata.name', `invalid ${owner.id.kind} name "${name}": ${e}`)),
    ...namespaceIssues,
  ];
}

export const checkObjectNames: Check = (context) => context.objects.flatMap(nameIssues);

import { childPath } from '../json-path';
import { Located } from '../k8s-object';
import { describeSelector, isEmptySelector, mapSelectorMatches, selectorMatches } from '../label-selector';
import { obj, objs, strMap } from '../loose';
import { Problem } from '../problem';
import { Check, CheckContext, OwnedPodTemplate, podTemplates, problem } from './context';

/**
 * Selectors that should pick pods from this synth: a Service, a
 * PodDisruptionBudget or a NetworkPolicy whose selector matches no pod
 * template in its namespace is accepted by the API server and silently does
 * nothing, which is always a bug in a library that synthesizes both sides.
 */

function labelsOf(t: OwnedPodTemplate): Record<string, string> {
  return strMap(t.template.metadata.labels);
}

/**
 * The label sets the pods of a template actually carry. The StatefulSet controller adds
 * `statefulset.kubernetes.io/pod-name` and `apps.kubernetes.io/pod-index` to each of its
 * pods (pkg/controller/statefulset/stateful_set_utils.go `initIdentity`), which per-pod
 * Services select on; other kinds' pods carry the template's labels only.
 */
function podLabelSets(t: OwnedPodTemplate): Record<string, string>[] {
  const labels = labelsOf(t);
  if (t.owner.id.kind !== 'StatefulSet') return [labels];
  const spec = obj(t.owner.object.spec);
  const replicas = typeof spec.replicas === 'number' ? spec.replicas : 1;
  return Array.from({ length: replicas }, (_, i) => ({
    ...labels,
    'statefulset.kubernetes.io/pod-name': `${t.owner.id.name}-${i}`,
    'apps.kubernetes.io/pod-index': String(i),
  }));
}

function podsIn(context: CheckContext, owner: Located): OwnedPodTemplate[] {
  return podTemplates(context, owner.id.namespace);
}

/** Pod templates a Service's plain-map selector picks; `undefined` if the Service has no selector (manual endpoints). */
export function templatesSelectedByService(context: CheckContext, service: Located): OwnedPodTemplate[] | undefined {
  const selector = strMap(obj(service.object.spec).selector);
  if (Object.keys(selector).length === 0) {
    return undefined;
  }
  return podsIn(context, service).filter((t) => podLabelSets(t).some((labels) => mapSelectorMatches(selector, labels)));
}

function candidates(context: CheckContext, owner: Located): string {
  const pods = podsIn(context, owner);
  return pods.length === 0
    ? `no pod templates in namespace "${String(owner.id.namespace)}"`
    : `pod templates in namespace: ${pods.map((t) => `${t.owner.id.kind}/${t.owner.id.name} ${JSON.stringify(labelsOf(t))}`).join('; ')}`;
}

function serviceProblems(context: CheckContext, service: Located): Problem[] {
  const selected = templatesSelectedByService(context, service);
  if (selected === undefined || selected.length > 0) {
    return [];
  }
  const selector = strMap(obj(service.object.spec).selector);
  return [problem(service, 'spec.selector', `selector ${JSON.stringify(selector)} matches no pod template (${candidates(context, service)})`)];
}

function labelSelectorProblem(context: CheckContext, owner: Located, selector: unknown, path: string, what: string): Problem[] {
  // An empty selector selects every pod in the namespace: always satisfied.
  if (isEmptySelector(selector) || podsIn(context, owner).some((t) => podLabelSets(t).some((labels) => selectorMatches(selector, labels)))) {
    return [];
  }
  return [problem(owner, path, `${what} ${describeSelector(selector)} matches no pod template (${candidates(context, owner)})`)];
}

function pdbProblems(context: CheckContext, pdb: Located): Problem[] {
  const selector = obj(pdb.object.spec).selector;
  if (selector === undefined) {
    // policy/v1: a null selector selects no pods.
    return [problem(pdb, 'spec.selector', 'is not set, so the PodDisruptionBudget protects no pods')];
  }
  return labelSelectorProblem(context, pdb, selector, 'spec.selector', 'selector');
}

function networkPolicyProblems(context: CheckContext, policy: Located): Problem[] {
  const spec = obj(policy.object.spec);
  const problems = labelSelectorProblem(context, policy, spec.podSelector, 'spec.podSelector', 'podSelector');
  for (const direction of ['ingress', 'egress'] as const) {
    const peersKey = direction === 'ingress' ? 'from' : 'to';
    objs(spec[direction]).forEach((rule, i) => objs(rule[peersKey]).forEach((peer, j) => {
      // With a namespaceSelector the peer pods live in other namespaces, outside what we can see.
      if (peer.podSelector !== undefined && peer.namespaceSelector === undefined) {
        const path = childPath('spec', direction, i, peersKey, j, 'podSelector');
        problems.push(...labelSelectorProblem(context, policy, peer.podSelector, path, `${direction} peer podSelector`));
      }
    }));
  }
  return problems;
}

export const checkSelectorTargets: Check = (context) => context.objects.flatMap((owner) => {
  switch (`${owner.id.group}/${owner.id.kind}`) {
    case '/Service': return serviceProblems(context, owner);
    case 'policy/PodDisruptionBudget': return pdbProblems(context, owner);
    case 'networking.k8s.io/NetworkPolicy': return networkPolicyProblems(context, owner);
    default: return [];
  }
});

import { childPath } from '../json-path';
import { Located } from '../k8s-object';
import { labelMapIssues, selectorSyntaxIssues } from '../label-selector';
import { obj, objs } from '../loose';
import { qualifiedNameErrors } from '../names';
import { podTemplateOf } from '../pod-template';
import { Issue, Problem } from '../problem';
import { Check, problemsFrom } from './context';

/**
 * Label, annotation and selector syntax wherever the API server validates it:
 * object metadata, pod template metadata, and the selectors of workloads,
 * PodDisruptionBudgets, NetworkPolicies, Services and pod (anti-)affinity and
 * topology spread constraints.
 */

// ValidateAnnotations: TotalAnnotationSizeLimitB.
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

function annotationIssues(annotations: unknown, path: string): Issue[] {
  const entries = Object.entries(obj(annotations));
  // Annotation keys are checked lowercased (ValidateAnnotations), so "Foo/Bar" is accepted.
  const keyIssues = entries.flatMap(([key]) => qualifiedNameErrors(key.toLowerCase())
    .map((e) => ({ path: childPath(path, key), message: `invalid annotation key "${key}": ${e}` })));
  const size = entries.reduce((total, [k, v]) => total + Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : ''), 0);
  return size > ANNOTATIONS_MAX_BYTES
    ? [...keyIssues, { path, message: `annotations total ${size} bytes, more than the ${ANNOTATIONS_MAX_BYTES}-byte limit` }]
    : keyIssues;
}

function metadataIssues(metadata: unknown, path: string): Issue[] {
  const m = obj(metadata);
  return [
    ...labelMapIssues(m.labels, childPath(path, 'labels')),
    ...annotationIssues(m.annotations, childPath(path, 'annotations')),
  ];
}

/** Selectors inside a pod spec: affinity terms and topology spread constraints. */
function podSpecSelectorIssues(spec: unknown, specPath: string): Issue[] {
  const s = obj(spec);
  const issues: Issue[] = [];
  const affinity = obj(s.affinity);
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const a = obj(affinity[kind]);
    objs(a.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, i) => {
      const termPath = childPath(specPath, 'affinity', kind, 'requiredDuringSchedulingIgnoredDuringExecution', i);
      issues.push(...selectorSyntaxIssues(term.labelSelector, childPath(termPath, 'labelSelector')));
    });
    objs(a.preferredDuringSchedulingIgnoredDuringExecution).forEach((weighted, i) => {
      const termPath = childPath(specPath, 'affinity', kind, 'preferredDuringSchedulingIgnoredDuringExecution', i, 'podAffinityTerm');
      issues.push(...selectorSyntaxIssues(obj(weighted.podAffinityTerm).labelSelector, childPath(termPath, 'labelSelector')));
    });
  }
  objs(s.topologySpreadConstraints).forEach((constraint, i) => {
    issues.push(...selectorSyntaxIssues(constraint.labelSelector, childPath(specPath, 'topologySpreadConstraints', i, 'labelSelector')));
  });
  return issues;
}

/** Selectors owned by the object itself (not its pod template). */
function objectSelectorIssues(owner: Located): Issue[] {
  const spec = obj(owner.object.spec);
  switch (owner.id.kind) {
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'ReplicaSet':
    case 'Job':
    case 'PodDisruptionBudget':
      return spec.selector === undefined ? [] : selectorSyntaxIssues(spec.selector, 'spec.selector');
    case 'Service':
    case 'ReplicationController':
      return labelMapIssues(spec.selector, 'spec.selector', 'selector label');
    case 'NetworkPolicy': {
      const issues = selectorSyntaxIssues(spec.podSelector, 'spec.podSelector');
      for (const direction of ['ingress', 'egress'] as const) {
        const peersKey = direction === 'ingress' ? 'from' : 'to';
        objs(spec[direction]).forEach((rule, i) => objs(rule[peersKey]).forEach((peer, j) => {
          const peerPath = childPath('spec', direction, i, peersKey, j);
          if (peer.podSelector !== undefined) {
            issues.push(...selectorSyntaxIssues(peer.podSelector, childPath(peerPath, 'podSelector')));
          }
          if (peer.namespaceSelector !== undefined) {
            issues.push(...selectorSyntaxIssues(peer.namespaceSelector, childPath(peerPath, 'namespaceSelector')));
          }
        }));
      }
      return issues;
    }
    default:
      return [];
  }
}

function issuesOf(owner: Located): Problem[] {
  const template = podTemplateOf(owner.object);
  // For a Pod the template *is* the object, so its metadata is checked once, below.
  const templateIssues = template === undefined ? [] : [
    ...(owner.id.kind === 'Pod' ? [] : metadataIssues(template.metadata, template.metadataPath)),
    ...podSpecSelectorIssues(template.spec, template.specPath),
  ];
  return problemsFrom(owner, [
    ...metadataIssues(owner.object.metadata, 'metadata'),
    ...templateIssues,
    ...objectSelectorIssues(owner),
  ]);
}

export const checkLabelsAndAnnotations: Check = (context) => context.objects.flatMap(issuesOf);

import { Located } from '../k8s-object';
import { describeLabels, describeSelector, isEmptySelector, selectorMatches } from '../label-selector';
import { obj, strMap } from '../loose';
import { podTemplateOf } from '../pod-template';
import { Problem } from '../problem';
import { Check, problem } from './context';

/**
 * A controller's `spec.selector` must select its own pod template
 * ("`selector` does not match template `labels`"), and for apps/v1 kinds it
 * must not be empty ("empty selector is invalid for deployment").
 */

const REQUIRED_SELECTOR = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet']);

function selectorProblems(owner: Located): Problem[] {
  const key = `${owner.id.group}/${owner.id.kind}`;
  const isJob = key === 'batch/Job';
  if (!REQUIRED_SELECTOR.has(key) && !isJob) {
    return [];
  }
  const selector = obj(owner.object.spec).selector;
  if (selector === undefined) {
    // A Job's selector is generated from its uid unless manualSelector is set.
    return isJob ? [] : [problem(owner, 'spec.selector', 'required for apps/v1 controllers')];
  }
  if (!isJob && isEmptySelector(selector)) {
    return [problem(owner, 'spec.selector', `empty selector is invalid for ${owner.id.kind}`)];
  }
  const template = podTemplateOf(owner.object);
  const labels = strMap(template?.metadata.labels);
  return selectorMatches(selector, labels) ? [] : [problem(owner, 'spec.template.metadata.labels',
    `selector ${describeSelector(selector)} does not match template labels ${describeLabels(labels)}`)];
}

export const checkWorkloadSelectors: Check = (context) => context.objects.flatMap(selectorProblems);

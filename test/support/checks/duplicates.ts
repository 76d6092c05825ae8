import { Located } from '../k8s-object';
import { Check, problem } from './context';

/**
 * Two objects with the same group, kind, namespace and name are one object to
 * the API server: the second `apply` silently overwrites the first. The
 * version is ignored because apps/v1 and apps/v1beta2 name the same resource.
 */
export const checkDuplicates: Check = (context) => {
  const first = new Map<string, Located>();
  return context.objects.flatMap((located, i) => {
    const key = `${located.id.group}/${located.id.kind}/${located.id.namespace ?? ''}/${located.id.name}`;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, located);
      return [];
    }
    const position = context.objects.indexOf(earlier);
    return [problem(located, '', `duplicate object: same group, kind, namespace and name as object #${position} in the synth (this is #${i})`)];
  });
};

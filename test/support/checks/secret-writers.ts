import { childPath } from '../json-path';
import { obj, strMap } from '../loose';
import { Problem } from '../problem';
import { CREATES_SECRETS_ANNOTATION, parseCreatesSecrets } from '../secret-writers';
import { Check, problem, problemsFrom } from './context';

/**
 * Secrets written at run time (../secret-writers.ts) must have one writer.
 *
 * - Two writers of one Secret overwrite each other: cert-manager re-issues
 *   into a Secret that `kubectl apply` resets, a Job's create fails because
 *   the Secret exists, two Certificates with one secretName make cert-manager
 *   stop issuing both (DuplicateSecretName).
 * - The `cdk8s-kafka/creates-secrets` annotation must be a well-formed list,
 *   and only a batch/v1 Job's is read: on any other object it declares
 *   nothing, so it is reported rather than silently ignored.
 */

export const checkSecretWriters: Check = (context) => {
  const annotationProblems = context.objects.flatMap((owner): Problem[] => {
    const value = strMap(obj(owner.object.metadata).annotations)[CREATES_SECRETS_ANNOTATION];
    if (value === undefined) {
      return [];
    }
    if (owner.id.group !== 'batch' || owner.id.kind !== 'Job') {
      return [problem(owner, childPath('metadata.annotations', CREATES_SECRETS_ANNOTATION),
        `only a batch/v1 Job declares the Secrets it creates; on a ${owner.id.kind} the annotation has no effect`)];
    }
    return problemsFrom(owner, parseCreatesSecrets(value).issues);
  });

  const conflictProblems = context.secretWriters.contested()
    // Two Secret objects with one name are reported by the duplicates check.
    .filter((writers) => writers.some((writer) => !writer.isObject))
    .flatMap(([first, ...others]) => others.map((writer) => problem(writer.owner, writer.path,
      `Secret "${writer.secret}" is also written by ${first.owner.id.label}${first.path === '' ? '' : ` (${first.path})`}; ` +
      'two writers overwrite each other')));

  return [...annotationProblems, ...conflictProblems];
};

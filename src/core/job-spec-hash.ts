import { createHash } from 'crypto';
import { k8s } from 'cdk8s-plus-27';

/**
 * First 10 hex digits of the SHA-256 of `parts` then a Job's spec as JSON (Quantities as
 * their strings). A Job's template cannot change in place, so the library names each
 * Job after this hash: any change is a new Job that runs, an unchanged one the same
 * finished Job.
 */
export function jobSpecHash(spec: k8s.JobSpec, ...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.update(JSON.stringify(spec, (_key, value) => (value instanceof k8s.Quantity ? value.value : value))).digest('hex').slice(0, 10);
}

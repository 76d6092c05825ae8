import { Duration } from 'cdk8s';
import { ErrorScope } from './errors';
import { checkArguments, Expect } from './input-shape';
import { INT32_SECONDS } from './prop-shapes';

// How long a finished Job of the library (the cluster's access and credentials Jobs, the
// connector apply Jobs) stays before Kubernetes deletes it (`ttlSecondsAfterFinished`).
// Each Job is named by a hash of its spec, so a finished one with the same name would
// never run again: deleting it is what lets the next apply (kubectl, Argo CD, Flux)
// recreate it and so run it again, re-establishing what it makes (users, ACLs,
// credentials Secrets, connector configs) if that was lost. Under GitOps the TTL is
// therefore also the period at which each Job re-runs; the Jobs are idempotent.

/**
 * The default: an hour. Long enough to read a finished Job's status and its pod's log,
 * and above GitOps tools' reconcile intervals (Argo CD: 3 min, Flux: the Kustomization's
 * interval, often 10 min); short enough that what a Job establishes comes back within
 * about an hour once a GitOps tool (or the next apply) recreates it. Each re-run is one
 * short pod per Job.
 */
export const DEFAULT_FINISHED_JOB_TTL = Duration.hours(1);

/**
 * The runtime form of a finished-Job TTL prop: from a minute (shorter, a GitOps tool with
 * self-heal would re-run the Jobs back to back, and Argo CD can miss a Job's completion
 * when the Job is gone before it looks, argoproj/argo-cd#21055) to the int32 seconds of
 * `ttlSecondsAfterFinished`, in whole seconds.
 */
export const finishedJobTtlShape = Expect.duration({ min: Duration.minutes(1), max: INT32_SECONDS, wholeSeconds: true, example: 'Duration.hours(1)' });

/** The `ttlSecondsAfterFinished` of `ttl` (the default when undefined), checked against its Shape. */
export function finishedJobTtlSeconds(scope: ErrorScope, prop: string, ttl: Duration | undefined): number {
  const value = ttl ?? DEFAULT_FINISHED_JOB_TTL;
  checkArguments(scope, [[prop, value, finishedJobTtlShape]]);
  return value.toSeconds();
}

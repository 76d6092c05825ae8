import { JsonObject, obj } from './loose';
import { podTemplateOf, POD_BEARING_KINDS } from './pod-template';

/**
 * Finders for tests: pick objects out of a synthesized list by kind and name,
 * failing with the list of what *is* there so a typo is obvious.
 */

function kindAndName(manifest: unknown): string {
  const o = obj(manifest);
  return `${String(o.kind)}/${String(obj(o.metadata).name)}`;
}

/** All objects of a kind, in synth order. */
export function findAll(objects: readonly unknown[], kind: string): any[] {
  return objects.filter((o) => obj(o).kind === kind);
}

/** The one object with this kind and `metadata.name`; throws listing the available kind/name pairs if absent or ambiguous. */
export function find(objects: readonly unknown[], kind: string, name: string): any {
  const matches = objects.filter((o) => obj(o).kind === kind && obj(obj(o).metadata).name === name);
  if (matches.length === 1) {
    return matches[0];
  }
  const available = objects.map(kindAndName).sort().join(', ') || '(none)';
  const problem = matches.length === 0 ? 'no' : `${matches.length}`;
  throw new Error(`find: ${problem} ${kind} named "${name}" in the synthesized objects. Available: ${available}`);
}

/**
 * The pod spec of a Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job
 * or CronJob (also ReplicationController and PodTemplate); `undefined` for any
 * other kind, so a loop over all synthesized objects can use it as a filter.
 */
export function podSpecOf(manifest: unknown): any {
  return podTemplateOf(manifest)?.spec;
}

/** Like `podSpecOf`, but throws naming the object when it has no pod template. */
export function requirePodSpecOf(manifest: unknown): any {
  const spec = podSpecOf(manifest);
  if (spec === undefined) {
    throw new Error(`requirePodSpecOf: ${kindAndName(manifest)} has no pod template (kinds with one: ${POD_BEARING_KINDS.join(', ')})`);
  }
  return spec as JsonObject;
}

/**
 * The Kafka step of a recorded Job (topics, access): the init container after the wait
 * for the brokers and the record's read step, before its write step. Throws naming the
 * Job when it has none.
 */
export function kafkaStepOf(manifest: unknown): any {
  return recordedStepsOf(manifest).kafka;
}

/** The wait step of a recorded Job: the keystore, the client settings, the wait for the brokers. */
export function waitStepOf(manifest: unknown): any {
  return recordedStepsOf(manifest).wait;
}

function recordedStepsOf(manifest: unknown): { wait: any; read: any; kafka: any } {
  const steps = requirePodSpecOf(manifest).initContainers ?? [];
  if (steps.length !== 3 || steps[0].name !== 'wait-for-brokers' || steps[1].name !== 'record-read') {
    throw new Error(`recordedStepsOf: ${kindAndName(manifest)} is not a recorded Job (init containers: ${steps.map((c: any) => c.name).join(', ') || 'none'})`);
  }
  return { wait: steps[0], read: steps[1], kafka: steps[2] };
}

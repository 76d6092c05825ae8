/**
 * One thing wrong with one synthesized object.
 *
 * Every check (schema, API-server semantics, cross-object references) reports
 * in this one shape so `validateManifests` can print a flat, sortable list.
 */
export interface Problem {
  /** The object, e.g. `apps/v1 StatefulSet kafka/broker` (cluster-scoped: `v1 Namespace kafka`). */
  readonly object: string;
  /** Dotted JSON path inside the object, e.g. `spec.template.spec.containers[0].name`; `''` for the whole object. */
  readonly path: string;
  /** What is wrong, precise enough to fix without opening the YAML. */
  readonly message: string;
}

/** A problem found inside one object before we know how the object is named. */
export interface Issue {
  readonly path: string;
  readonly message: string;
}

export function formatProblem(problem: Problem): string {
  const where = problem.path === '' ? problem.object : `${problem.object} ${problem.path}`;
  return `${where}: ${problem.message}`;
}

import { App, Chart } from 'cdk8s';
import { apiServerProblems } from './api-server-checks';
import { crdRegistryGeneration } from './crd-validators';
import { locateAll } from './k8s-object';
import { DEFAULT_NAMESPACE, ValidationOptions } from './options';
import { formatProblem, Problem } from './problem';
import { DEFAULT_KUBERNETES_VERSIONS, schemaIssues } from './schema-validator';
import { synthObjects } from './synth';

/**
 * The one entry point every test and example uses to check synthesized
 * manifests: strict schema validation against each Kubernetes version, the
 * kubernetes-models cross-check, and the API-server/controller checks over
 * the whole set. Free of jest so plain ts-node scripts can use it.
 */

export type { Problem } from './problem';
export type { ValidationOptions } from './options';
export type { ManifestValidator } from './crd-validators';
export { registerCrdValidator, kubernetesModelValidator } from './crd-validators';
export { synthObjects, synthYaml, expectDeterministic } from './synth';

// An object's schema findings depend on the object and the versions only: the fuzz and
// property tests validate hundreds of sets that differ from each other in one object.
const SCHEMA_CACHE = new Map<string, ReturnType<typeof schemaIssues>>();
const SCHEMA_CACHE_LIMIT = 20000;

function cachedSchemaIssues(object: unknown, versions: readonly string[]): ReturnType<typeof schemaIssues> {
  // Custom kinds are checked by registered validators, which tests add and remove.
  const key = `${crdRegistryGeneration()}\u0000${versions.join(',')}\u0000${JSON.stringify(object)}`;
  let issues = SCHEMA_CACHE.get(key);
  if (issues === undefined) {
    issues = schemaIssues(object, versions);
    if (SCHEMA_CACHE.size >= SCHEMA_CACHE_LIMIT) SCHEMA_CACHE.clear();
    SCHEMA_CACHE.set(key, issues);
  }
  return issues;
}

/** Every problem in the set, in object order (schema findings first, then cross-object checks). */
export function findProblems(objects: any[], options: ValidationOptions = {}): Problem[] {
  const versions = options.kubernetesVersions ?? DEFAULT_KUBERNETES_VERSIONS;
  const located = locateAll(objects, options.defaultNamespace ?? DEFAULT_NAMESPACE);
  const schemaProblems = located.flatMap(({ id, object }) => cachedSchemaIssues(object, versions)
    .map((issue) => ({ object: id.label, path: issue.path, message: issue.message })));
  return [...schemaProblems, ...apiServerProblems(objects, options)];
}

/** Throws one Error listing every problem, one per line; returns quietly when there are none. */
export function validateManifests(objects: any[], options: ValidationOptions = {}): void {
  const problems = findProblems(objects, options);
  if (problems.length > 0) {
    throw new Error(`${problems.length} problem${problems.length === 1 ? '' : 's'} in ${objects.length} synthesized objects:\n` +
      problems.map(formatProblem).join('\n'));
  }
}

/** Synthesizes, validates, and returns the objects for further assertions. */
export function expectValidChart(chartOrApp: Chart | App, options: ValidationOptions = {}): any[] {
  const objects = synthObjects(chartOrApp);
  validateManifests(objects, options);
  return objects;
}

import type { ErrorObject } from 'ajv';
import { ajvErrorsToIssues } from './ajv-issues';
import { Issue } from './problem';

/**
 * Validators for kinds that are not in the Kubernetes OpenAPI definitions
 * (custom resources such as cert-manager.io/v1 Certificate or
 * monitoring.coreos.com/v1 ServiceMonitor).
 *
 * An unregistered custom kind is reported as a problem rather than silently
 * skipped: a harness that passes what it never checked gives false comfort.
 * cert-manager.io/v1 Certificate, Issuer and ClusterIssuer are registered by
 * default (./cert-manager.ts).
 */

/** Checks one manifest and returns what is wrong with it (empty when valid). */
export type ManifestValidator = (manifest: Record<string, unknown>) => readonly Issue[];

const registry = new Map<string, ManifestValidator>();
let registryGeneration = 0;

function key(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/**
 * Registers the validator for one custom kind, for every later call in this
 * process. Returns a function that removes it again (use it in `afterAll`).
 */
export function registerCrdValidator(apiVersion: string, kind: string, validator: ManifestValidator): () => void {
  const k = key(apiVersion, kind);
  const previous = registry.get(k);
  registry.set(k, validator);
  registryGeneration++;
  return () => {
    registryGeneration++;
    if (previous === undefined) {
      registry.delete(k);
    } else {
      registry.set(k, previous);
    }
  };
}

/** A number that changes whenever a validator is registered or removed (for caches of findings). */
export function crdRegistryGeneration(): number {
  return registryGeneration;
}

export function crdValidatorFor(apiVersion: string, kind: string): ManifestValidator | undefined {
  return registry.get(key(apiVersion, kind));
}

/** A kubernetes-models class (first-party or `@kubernetes-models/*`): constructed from JSON, validated with ajv. */
export interface KubernetesModelClass {
  new (data: never): { validate(): void };
}

function hasAjvErrors(error: unknown): error is { errors: ErrorObject[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { errors?: unknown }).errors);
}

/**
 * Adapts a kubernetes-models class into a validator, e.g.
 * `registerCrdValidator('cert-manager.io/v1', 'Certificate', kubernetesModelValidator(Certificate))`.
 *
 * kubernetes-models accepts unknown fields (it does not set
 * `additionalProperties: false`), so this catches wrong types, enums and
 * missing required fields only.
 */
export function kubernetesModelValidator(model: KubernetesModelClass, label = 'kubernetes-models'): ManifestValidator {
  return (manifest) => {
    try {
      new model(manifest as never).validate();
      return [];
    } catch (error) {
      if (hasAjvErrors(error)) {
        return ajvErrorsToIssues(error.errors, manifest).map((issue) => ({ ...issue, message: `${label}: ${issue.message}` }));
      }
      return [{ path: '', message: `${label}: ${error instanceof Error ? error.message : String(error)}` }];
    }
  };
}

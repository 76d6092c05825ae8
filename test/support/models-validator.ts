import { createRequire } from 'module';
import { kubernetesModelValidator, KubernetesModelClass, ManifestValidator } from './crd-validators';
import { parseApiVersion } from './k8s-object';

/**
 * Cross-check of built-in kinds with the `kubernetes-models` package, an
 * independently generated set of validators. It disagrees with our strict
 * schema only where one of them has a bug, which is what a cross-check is for.
 *
 * kubernetes-models lays out one module per kind:
 * `kubernetes-models/<group>/<version>/<Kind>` for named groups
 * (`kubernetes-models/apps/v1/StatefulSet`) and `kubernetes-models/<version>/<Kind>`
 * for the core group (`kubernetes-models/v1/Pod`), each exporting a class
 * named after the kind.
 *
 * Modules are loaded by computed path, one kind at a time: importing the
 * package root loads every schema (over a second), while one kind takes tens
 * of milliseconds. `createRequire` is the synchronous way to do that.
 */

const load = createRequire(__filename);

// Guards the computed module path: only plain group/version/kind tokens.
const SAFE_GROUP = /^[a-z0-9.-]*$/;
const SAFE_TOKEN = /^[A-Za-z0-9]+$/;

const cache = new Map<string, ManifestValidator | null>();

function isModelClass(value: unknown): value is KubernetesModelClass {
  return typeof value === 'function' && typeof (value as { prototype?: { validate?: unknown } }).prototype?.validate === 'function';
}

function resolve(apiVersion: string, kind: string): ManifestValidator | null {
  const { group, version } = parseApiVersion(apiVersion);
  if (!SAFE_GROUP.test(group) || !SAFE_TOKEN.test(version) || !SAFE_TOKEN.test(kind)) {
    return null;
  }
  const modulePath = group === '' ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  try {
    const exported = (load(modulePath) as Record<string, unknown>)[kind];
    return isModelClass(exported) ? kubernetesModelValidator(exported) : null;
  } catch {
    // Kind not shipped by this kubernetes-models release (e.g. newer than it): nothing to cross-check.
    return null;
  }
}

/** The kubernetes-models validator for a built-in kind, or `null` when the package has no model for it. */
export function builtinModelValidator(apiVersion: string, kind: string): ManifestValidator | null {
  const k = `${apiVersion} ${kind}`;
  let validator = cache.get(k);
  if (validator === undefined) {
    validator = resolve(apiVersion, kind);
    cache.set(k, validator);
  }
  return validator;
}

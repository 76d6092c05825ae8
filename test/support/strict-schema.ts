import { QUANTITY_FORMAT } from './k8s-formats';
import { isObject, JsonObject } from './loose';

/**
 * Turns the published Kubernetes definitions into the strict schema the API
 * server effectively enforces with `fieldValidation=Strict` (the default for
 * `kubectl apply` since 1.27).
 *
 * - `additionalProperties: false` on every object schema that lists
 *   `properties`, except where `x-kubernetes-preserve-unknown-fields` says
 *   unknown fields are kept (none in 1.27/1.32 built-ins, but CRD-derived
 *   schemas use it). Maps (`additionalProperties: {...}`) are left alone.
 * - `oneOf` of bare types (IntOrString, Quantity) becomes a type union: the
 *   branches are disjoint, so the meaning is identical, and ajv then reports
 *   one "must be string or integer" instead of three oneOf errors.
 * - `Quantity` strings get our `k8s-quantity` format.
 * - `description` and `x-kubernetes-*` keys are dropped: ajv would ignore the
 *   former and reject the latter in strict mode; neither constrains values.
 */

const QUANTITY_DEFINITION = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

function isBareType(branch: unknown): branch is { type: string } {
  return isObject(branch) && Object.keys(branch).length === 1 && typeof branch.type === 'string';
}

function strictNode(node: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map(strictNode);
  }
  if (!isObject(node)) {
    return node;
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' || key.startsWith('x-')) {
      continue;
    }
    // Under `properties` the keys are field names, not keywords: keep them all.
    out[key] = key === 'properties' && isObject(value)
      ? Object.fromEntries(Object.entries(value).map(([field, schema]) => [field, strictNode(schema)]))
      : strictNode(value);
  }
  if (isObject(node.properties) && node['x-kubernetes-preserve-unknown-fields'] !== true && out.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  if (Array.isArray(out.oneOf) && out.oneOf.length > 0 && out.oneOf.every(isBareType)) {
    out.type = out.oneOf.map((branch) => (branch as { type: string }).type);
    delete out.oneOf;
  }
  return out;
}

/** A strict deep copy of a `{ definitions: {...} }` document; the input is not modified. */
export function strictDefinitions(document: JsonObject): JsonObject {
  const strict = strictNode(document) as JsonObject;
  const definitions = strict.definitions as Record<string, JsonObject>;
  const quantity = definitions[QUANTITY_DEFINITION];
  if (quantity !== undefined) {
    definitions[QUANTITY_DEFINITION] = { ...quantity, format: QUANTITY_FORMAT };
  }
  return strict;
}

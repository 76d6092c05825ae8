/**
 * Defensive readers for manifest JSON.
 *
 * The API-server checks run on objects that may also fail schema validation
 * (that is the point of a harness), so no shape is trusted: a field of the
 * wrong type reads as absent here and is reported by the schema check instead
 * of crashing this one.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value as an object, or `{}`. */
export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** The value as an array of objects, or `[]`; non-object items become `{}` to keep indices aligned. */
export function objs(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** A string-to-string map (labels, annotations, selectors); entries with non-string values are skipped. */
export function strMap(value: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, v] of Object.entries(obj(value))) {
    if (typeof v === 'string') {
      result[key] = v;
    }
  }
  return result;
}

export function strs(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

import type { ErrorObject } from 'ajv';
import { childPath, pointerToPath } from './json-path';
import { FORMAT_DESCRIPTIONS } from './k8s-formats';
import { Issue } from './problem';

/**
 * Rewrites ajv's errors into messages that name the offending field and show
 * the offending value, e.g. `spec.replicas: must be integer, got string "3"`
 * instead of `/spec/replicas must be integer`.
 */

function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '') {
    return data;
  }
  let current: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  if (typeof value === 'object') {
    return 'object';
  }
  const shown = JSON.stringify(value);
  const clipped = shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
  return `${typeof value} ${clipped}`;
}

function typeList(type: unknown): string {
  return Array.isArray(type) ? type.join(' or ') : String(type);
}

export function ajvErrorToIssue(error: ErrorObject, data: unknown): Issue {
  const path = pointerToPath(error.instancePath);
  const actual = (): string => describe(valueAt(data, error.instancePath));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return { path: childPath(path, String(params.additionalProperty)), message: 'unknown field' };
    case 'required':
      return { path: childPath(path, String(params.missingProperty)), message: 'required field is missing' };
    case 'type':
      return { path, message: `must be ${typeList(params.type)}, got ${actual()}` };
    case 'enum':
      return { path, message: `must be one of ${JSON.stringify(params.allowedValues)}, got ${actual()}` };
    case 'format': {
      const format = String(params.format);
      return { path, message: `must be ${FORMAT_DESCRIPTIONS[format] ?? `format ${format}`}, got ${actual()}` };
    }
    default:
      return { path, message: `${error.message ?? error.keyword}, got ${actual()}` };
  }
}

export function ajvErrorsToIssues(errors: readonly ErrorObject[] | null | undefined, data: unknown): Issue[] {
  return (errors ?? []).map((error) => ajvErrorToIssue(error, data));
}

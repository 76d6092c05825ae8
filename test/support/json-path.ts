/**
 * JSON paths in the dotted form `kubectl` and the API server print, e.g.
 * `spec.template.spec.containers[0].ports[1].name` and
 * `metadata.labels["app.kubernetes.io/name"]`, so a message points at the
 * same place a real rejection would.
 */

export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Appends segments to an existing path (`''` is the object root). */
export function childPath(base: string, ...segments: readonly PathSegment[]): string {
  let result = base;
  for (const segment of segments) {
    if (typeof segment === 'number') {
      result += `[${segment}]`;
    } else if (IDENTIFIER.test(segment)) {
      result += result === '' ? segment : `.${segment}`;
    } else {
      result += `[${JSON.stringify(segment)}]`;
    }
  }
  return result;
}

/** Converts an RFC 6901 JSON pointer (as ajv reports `instancePath`) to a dotted path. */
export function pointerToPath(pointer: string): string {
  if (pointer === '') {
    return '';
  }
  const segments = pointer
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment): PathSegment => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment));
  return childPath('', ...segments);
}

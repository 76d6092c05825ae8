/**
 * A copy of `record` with its keys in sorted order. Objects keep insertion order when
 * serialized, so rendering through this keeps manifests and hashes byte-identical
 * however the entries were assembled.
 */
export function sortedByKey<T>(record: Readonly<Record<string, T>>): Record<string, T> {
  return Object.fromEntries(Object.keys(record).sort().map(k => [k, record[k]]));
}

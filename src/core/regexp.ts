/**
 * `text` as a regular expression that matches exactly it, in JavaScript's and Java's
 * syntax alike (config key families here; Kafka's principal mapping rules, whose grammar
 * also reserves "/").
 */
export function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, c => `\\${c}`);
}

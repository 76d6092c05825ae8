import { ConfigScope, configKeyCatalog } from './config-keys';
import { configValueProblem, describeDefinition } from './config-values';
import { checkRules, ErrorScope, Rule } from './errors';
import { envPropertyName, propertyEnvName } from './image-env';
import { sortedByKey } from './stable-order';
import { ConfluentVersion } from './version';

/** What a component's property overrides are checked against. */
export interface PropertyRules {
  /** Which configuration the keys belong to. */
  readonly scope: ConfigScope;
  /** Human name of that configuration, for messages ("broker", "Schema Registry"). */
  readonly what: string;
  /** Keys the library sets itself, with the prop to use instead. */
  readonly owned: Readonly<Record<string, string>>;
  /** Families of keys the library sets itself (per-listener ones), with the reason. */
  readonly ownedPatterns?: ReadonlyArray<readonly [RegExp, string]>;
}

/**
 * Checks user properties of a component and reports every problem at once: every key
 * must be known for the version's Kafka line (or belong to an allow-listed family) and
 * not one the library owns; `custom` keys (for plugins the catalog cannot know) skip
 * the known-key check but not the owned-key check. Values must be strings, and, in
 * `properties`, of the key's type and range where Kafka documents them
 * (src/core/config-values.ts). Both maps must survive the images' way of passing them:
 * as environment variables turned back into a Java properties file. Returns the merged
 * properties, sorted.
 */
export function checkProperties(
  scope: ErrorScope,
  version: ConfluentVersion,
  rules: PropertyRules,
  prop: string,
  properties: Readonly<Record<string, string>> | undefined,
  customProp: string,
  custom: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const catalog = configKeyCatalog(rules.scope, version.kafkaVersion);
  const merged = new Map<string, string>();
  const found: Rule[] = [];
  const fail = (at: string, value: unknown, why: string, fix: string) => found.push({ when: true, prop: at, value, why, fix });
  const add = (source: string, map: Readonly<Record<string, string>> | undefined, checkKnown: boolean) => {
    if (map === undefined) return;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      fail(source, map, 'it must be a map of property names to string values', 'Write it like { \'some.property\': \'value\' }');
      return;
    }
    for (const key of Object.keys(map).sort()) {
      const at = `${source}['${key}']`;
      const value = map[key];
      const owned = Object.prototype.hasOwnProperty.call(rules.owned, key)
        ? rules.owned[key]
        : rules.ownedPatterns?.find(([re]) => re.test(key))?.[1];
      const arrives = envPropertyName('', propertyEnvName('', key));
      if (arrives !== key) {
        fail(at, value, `the image receives settings as environment variables and turns them back into keys, and ${key} would arrive as ${arrives}`,
          'Write the key in lower case, without "__" (Kafka\'s keys are lower case)');
        continue;
      }
      if (owned !== undefined) {
        fail(at, value, `the library sets ${key} itself (${owned})`, 'Remove it from the map');
        continue;
      }
      if (typeof value !== 'string') {
        fail(at, value, 'property values are strings, as in a properties file', `Quote it, e.g. '${String(value)}'`);
        continue;
      }
      const escape = propertiesEscapeProblem(value);
      if (escape !== undefined) {
        fail(at, value, `the image writes it into a Java properties file, where ${escape}`, 'Write \\\\ for each backslash the setting should hold');
        continue;
      }
      if (checkKnown && !catalog.isKnown(key)) {
        const hints = catalog.suggestions(key);
        fail(at, value, `${key} is not a ${rules.what} configuration of CP ${version.line} (Kafka ${version.kafkaVersion})`,
          (hints.length > 0 ? `Did you mean ${hints.map(h => `'${h}'`).join(' or ')}? ` : '') + `If a plugin reads it, move it to ${customProp}`);
        continue;
      }
      // customProperties stay the escape hatch for values: only their form is checked.
      const definition = checkKnown ? catalog.definition(key) : undefined;
      const problem = definition === undefined ? undefined : configValueProblem(definition, value);
      if (problem !== undefined) {
        fail(at, value, `${problem}: Kafka ${version.kafkaVersion} defines ${key} as ${describeDefinition(definition!)}, and would refuse to start`,
          'Give a value of that type and range');
        continue;
      }
      if (merged.has(key) && merged.get(key) !== value) {
        fail(at, value, `${key} is also set in ${prop}`, `Set it in one of ${prop} and ${customProp}`);
        continue;
      }
      merged.set(key, value);
    }
  };
  add(prop, properties, true);
  add(customProp, custom, false);
  const bytes = [...merged].reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 2, 0);
  if (bytes > MAX_PROPERTIES_BYTES) {
    fail(`${prop} and ${customProp}`, `${bytes} bytes`, 'the settings are stored in a ConfigMap, which holds at most 1 MiB with everything else in it',
      `Keep them under ${MAX_PROPERTIES_BYTES / 1024} KiB; large data belongs in a mounted file`);
  }
  checkRules(scope, found);
  return sortedByKey(Object.fromEntries(merged));
}

/** User settings per component: half a ConfigMap's 1 MiB, the rest is the library's. */
export const MAX_PROPERTIES_BYTES = 512 * 1024;

/**
 * Why Java's `Properties.load` would not read `value` back as written, or undefined.
 * A backslash starts an escape there: a trailing one joins the next line (the next
 * setting) to this value, `\u` needs four hex digits, and any other escaped character
 * loses its backslash.
 */
export function propertiesEscapeProblem(value: string): string | undefined {
  const escapes = /\\(u[0-9a-fA-F]{4}|[\\tnrf:=#! ]|u|.?)/gs;
  for (const m of value.matchAll(escapes)) {
    const after = m[1];
    if (after === '') return 'a trailing backslash joins the next line, another setting, to this value';
    if (after === 'u' || (after.startsWith('u') && after.length !== 5)) return 'a backslash before "u" must start a \\uXXXX escape';
    if (after.length === 1 && !'\\tnrf:=#! '.includes(after)) return `the backslash before "${after}" would be dropped`;
  }
  return undefined;
}

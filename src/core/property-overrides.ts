import { ConfigScope, configKeyCatalog } from './config-keys';
import { configValueProblem, describeDefinition } from './config-values';
import { ErrorScope, raise } from './errors';
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
 * Checks user properties of a component: every key must be known for the version's
 * Kafka line (or belong to an allow-listed family) and not one the library owns;
 * `custom` keys (for plugins the catalog cannot know) skip the known-key check but not
 * the owned-key check. Values must be strings, and, in `properties`, of the key's type
 * and range where Kafka documents them (src/core/config-values.ts). Returns the merged
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
  const merged: Record<string, string> = {};
  const add = (source: string, map: Readonly<Record<string, string>> | undefined, checkKnown: boolean) => {
    if (map === undefined) return;
    if (typeof map !== 'object' || map === null || Array.isArray(map)) {
      raise(scope, source, map, 'it must be a map of property names to string values', 'Write it like { \'some.property\': \'value\' }');
    }
    for (const key of Object.keys(map).sort()) {
      const at = `${source}['${key}']`;
      const owned = Object.prototype.hasOwnProperty.call(rules.owned, key)
        ? rules.owned[key]
        : rules.ownedPatterns?.find(([re]) => re.test(key))?.[1];
      if (owned !== undefined) {
        raise(scope, at, map[key], `the library sets ${key} itself (${owned})`, 'Remove it from the map');
      }
      if (typeof map[key] !== 'string') {
        raise(scope, at, map[key], 'property values are strings, as in a properties file', `Quote it, e.g. '${String(map[key])}'`);
      }
      if (checkKnown && !catalog.isKnown(key)) {
        const hints = catalog.suggestions(key);
        raise(scope, at, map[key], `${key} is not a ${rules.what} configuration of CP ${version.line} (Kafka ${version.kafkaVersion})`,
          (hints.length > 0 ? `Did you mean ${hints.map(h => `'${h}'`).join(' or ')}? ` : '') +
          `If a plugin reads it, move it to ${customProp}`);
      }
      // customProperties stay the raw escape hatch: neither key nor value is checked.
      const definition = checkKnown ? catalog.definition(key) : undefined;
      const problem = definition === undefined ? undefined : configValueProblem(definition, map[key]);
      if (problem !== undefined) {
        raise(scope, at, map[key], `${problem}: Kafka ${version.kafkaVersion} defines ${key} as ${describeDefinition(definition!)}, and would refuse to start`,
          'Give a value of that type and range');
      }
      if (merged[key] !== undefined && merged[key] !== map[key]) {
        raise(scope, at, map[key], `${key} is also set in ${prop}`, `Set it in one of ${prop} and ${customProp}`);
      }
      merged[key] = map[key];
    }
  };
  add(prop, properties, true);
  add(customProp, custom, false);
  return sortedByKey(merged);
}

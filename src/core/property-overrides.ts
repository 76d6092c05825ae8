import { ConfigScope, configKeyCatalog } from './config-keys';
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
}

/**
 * Checks user properties of a component: every key must be known for the version's
 * Kafka line (or belong to an allow-listed family) and not one the library owns;
 * `custom` keys (for plugins the catalog cannot know) skip the known-key check but not
 * the owned-key check. Values must be strings. Returns the merged properties, sorted.
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
      const owned = rules.owned[key];
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

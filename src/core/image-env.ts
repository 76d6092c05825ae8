/**
 * The environment variable a Confluent image's `configure` script turns into property
 * `key`: prefix, then the key upper-cased with '.' → '_', '_' → '__' and '-' → '___'.
 * (confluentinc/confluent-docker-utils `dub.py env_to_props` for 7.x/8.0 and
 * confluentinc/common-docker `base-lite/ub/ub.go ConvertKey` for 8.1+, read in reverse;
 * apache/kafka docker/examples/README.md states the same rule.)
 */
export function propertyEnvName(prefix: string, key: string): string {
  const body = key
    .replace(/_/g, '__')
    .replace(/-/g, '___')
    .replace(/\./g, '_')
    .toUpperCase();
  return `${prefix}${body}`;
}

/**
 * The property an image derives from environment variable `name` (the image's own
 * rule), used to prove `propertyEnvName` round-trips for every key we render.
 */
export function envPropertyName(prefix: string, name: string): string {
  return name
    .slice(prefix.length)
    .toLowerCase()
    .replace(/___/g, '-')
    .replace(/__/g, '\u0000')
    .replace(/_/g, '.')
    .replace(/\u0000/g, '_');
}

/** Renders properties as image environment variables, sorted by name for stable output. */
export function propertiesToEnv(prefix: string, properties: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const key of Object.keys(properties).sort()) {
    env[propertyEnvName(prefix, key)] = properties[key];
  }
  return env;
}

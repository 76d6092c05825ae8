import { KAFKA_BROKER_3_9_INTERNAL } from './config-keys/kafka-broker-3.9-internal.generated';
import { KAFKA_BROKER_3_9_TYPES } from './config-keys/kafka-broker-3.9-types.generated';
import { KAFKA_BROKER_3_9 } from './config-keys/kafka-broker-3.9.generated';
import { KAFKA_BROKER_4_0_INTERNAL } from './config-keys/kafka-broker-4.0-internal.generated';
import { KAFKA_BROKER_4_0_TYPES } from './config-keys/kafka-broker-4.0-types.generated';
import { KAFKA_BROKER_4_0 } from './config-keys/kafka-broker-4.0.generated';
import { KAFKA_BROKER_4_1_INTERNAL } from './config-keys/kafka-broker-4.1-internal.generated';
import { KAFKA_BROKER_4_1_TYPES } from './config-keys/kafka-broker-4.1-types.generated';
import { KAFKA_BROKER_4_1 } from './config-keys/kafka-broker-4.1.generated';
import { ConfigKeyFamily, KAFKA_BROKER_PREFIXES } from './config-keys/kafka-broker-prefixes.generated';
import { KAFKA_CONNECT_WORKER_3_9_TYPES } from './config-keys/kafka-connect-worker-3.9-types.generated';
import { KAFKA_CONNECT_WORKER_3_9 } from './config-keys/kafka-connect-worker-3.9.generated';
import { KAFKA_CONNECT_WORKER_4_0_TYPES } from './config-keys/kafka-connect-worker-4.0-types.generated';
import { KAFKA_CONNECT_WORKER_4_0 } from './config-keys/kafka-connect-worker-4.0.generated';
import { KAFKA_CONNECT_WORKER_4_1_TYPES } from './config-keys/kafka-connect-worker-4.1-types.generated';
import { KAFKA_CONNECT_WORKER_4_1 } from './config-keys/kafka-connect-worker-4.1.generated';
import { KAFKA_TOPIC_3_9_TYPES } from './config-keys/kafka-topic-3.9-types.generated';
import { KAFKA_TOPIC_3_9 } from './config-keys/kafka-topic-3.9.generated';
import { KAFKA_TOPIC_4_0_TYPES } from './config-keys/kafka-topic-4.0-types.generated';
import { KAFKA_TOPIC_4_0 } from './config-keys/kafka-topic-4.0.generated';
import { KAFKA_TOPIC_4_1_TYPES } from './config-keys/kafka-topic-4.1-types.generated';
import { KAFKA_TOPIC_4_1 } from './config-keys/kafka-topic-4.1.generated';
import { KSQLDB_SERVER } from './config-keys/ksqldb-server.generated';
import { SCHEMA_REGISTRY as SCHEMA_REGISTRY_KEYS } from './config-keys/schema-registry.generated';
import { ConfigDefinition } from './config-values';
import { editDistance } from './edit-distance';
import { escapeRegExp } from './regexp';

/**
 * Which configuration a key belongs to.
 */
export enum ConfigScope {
  /** Broker and controller `server.properties`. */
  BROKER = 'broker',
  /** Topic-level configs (`cleanup.policy`, `retention.ms`...). */
  TOPIC = 'topic',
  /** Distributed Kafka Connect worker configs. */
  CONNECT_WORKER = 'connect',
  /** Schema Registry server configs. */
  SCHEMA_REGISTRY = 'schema-registry',
  /** ksqlDB server configs. */
  KSQLDB = 'ksqldb',
}

/** How the catalog knows a key. */
export enum ConfigKeyStatus {
  /** Defined and documented by the component. */
  DOCUMENTED = 'documented',
  /** Defined (`defineInternal`) but not documented: valid, yet may change without notice. */
  INTERNAL = 'internal',
  /** Part of an allow-listed family (`listener.name.<listener>.ssl.*`, `config.providers.*`). */
  FAMILY = 'family',
  /** Not known for this component and Kafka line. */
  UNKNOWN = 'unknown',
}

/** The Apache Kafka lines whose config definitions the catalog holds. */
export const KAFKA_LINES_WITH_KEYS = ['3.9', '4.0', '4.1'] as const;

interface KeyLists {
  readonly all: readonly string[];
  readonly internal?: readonly string[];
  /** Type and valid values of the documented keys (Kafka's own lines only). */
  readonly types?: Readonly<Record<string, ConfigDefinition>>;
}

// Sources, named with their commits in each generated file's header: Kafka's own
// ConfigDefs (brokers: AbstractKafkaConfig.CONFIG_DEF; topics: LogConfig; Connect
// workers: DistributedConfig + WorkerConfig) per Kafka line; Schema Registry's
// SchemaRegistryConfig (+ rest-utils) and ksqlDB's KsqlRestConfig + KsqlConfig at CP
// 8.0.0, serving every line. scripts/import-config-keys.js writes the generated files.
const LISTS: Record<ConfigScope, Record<string, KeyLists>> = {
  [ConfigScope.BROKER]: {
    '3.9': { all: KAFKA_BROKER_3_9, internal: KAFKA_BROKER_3_9_INTERNAL, types: KAFKA_BROKER_3_9_TYPES },
    '4.0': { all: KAFKA_BROKER_4_0, internal: KAFKA_BROKER_4_0_INTERNAL, types: KAFKA_BROKER_4_0_TYPES },
    '4.1': { all: KAFKA_BROKER_4_1, internal: KAFKA_BROKER_4_1_INTERNAL, types: KAFKA_BROKER_4_1_TYPES },
  },
  [ConfigScope.TOPIC]: {
    '3.9': { all: KAFKA_TOPIC_3_9, types: KAFKA_TOPIC_3_9_TYPES },
    '4.0': { all: KAFKA_TOPIC_4_0, types: KAFKA_TOPIC_4_0_TYPES },
    '4.1': { all: KAFKA_TOPIC_4_1, types: KAFKA_TOPIC_4_1_TYPES },
  },
  [ConfigScope.CONNECT_WORKER]: {
    '3.9': { all: KAFKA_CONNECT_WORKER_3_9, types: KAFKA_CONNECT_WORKER_3_9_TYPES },
    '4.0': { all: KAFKA_CONNECT_WORKER_4_0, types: KAFKA_CONNECT_WORKER_4_0_TYPES },
    '4.1': { all: KAFKA_CONNECT_WORKER_4_1, types: KAFKA_CONNECT_WORKER_4_1_TYPES },
  },
  [ConfigScope.SCHEMA_REGISTRY]: { '*': { all: SCHEMA_REGISTRY_KEYS } },
  [ConfigScope.KSQLDB]: { '*': { all: KSQLDB_SERVER } },
};

// Component names used in the families file, per scope.
const FAMILY_COMPONENT: Record<ConfigScope, string | undefined> = {
  [ConfigScope.BROKER]: 'broker',
  [ConfigScope.TOPIC]: undefined,
  [ConfigScope.CONNECT_WORKER]: 'connect',
  [ConfigScope.SCHEMA_REGISTRY]: 'schema-registry',
  [ConfigScope.KSQLDB]: 'ksqldb',
};

const PLACEHOLDERS: Record<string, string> = {
  // Listener names are lower-cased in config keys; Kafka allows [A-Za-z0-9_] in them.
  listener: '[a-z0-9_]+',
  mechanism: '(?:plain|scram-sha-256|scram-sha-512|gssapi|oauthbearer)',
  name: '[A-Za-z0-9_-]+',
  param: '[^\\s]+',
  udf: '[^.\\s]+',
};

/**
 * The known config keys of one component at one Kafka line: what `properties`
 * style overrides are checked against, so a typo fails at synth instead of being
 * ignored by the broker with a log warning.
 */
export class ConfigKeyCatalog {
  private readonly documented: ReadonlySet<string>;
  private readonly internal: ReadonlySet<string>;
  private readonly families: readonly RegExp[];
  private readonly types: Readonly<Record<string, ConfigDefinition>>;

  constructor(public readonly scope: ConfigScope, public readonly kafkaLine: string, lists: KeyLists, families: readonly RegExp[]) {
    this.internal = new Set(lists.internal ?? []);
    this.documented = new Set(lists.all.filter(k => !this.internal.has(k)));
    this.families = families;
    this.types = lists.types ?? {};
  }

  /**
   * The type and valid values of `key`, when Kafka documents them: the key's own, or,
   * for a per-listener override (`listener.name.<listener>.<key>`), the key's. Undefined
   * for internal keys, families without a documented base key, and the Confluent
   * components (whose lists carry no types).
   */
  public definition(key: string): ConfigDefinition | undefined {
    if (Object.prototype.hasOwnProperty.call(this.types, key)) return this.types[key];
    const base = /^listener\.name\.[a-z0-9_]+\.(.+)$/.exec(key)?.[1];
    return base !== undefined && Object.prototype.hasOwnProperty.call(this.types, base) ? this.types[base] : undefined;
  }

  /** How the catalog knows `key`. */
  public status(key: string): ConfigKeyStatus {
    if (this.documented.has(key)) return ConfigKeyStatus.DOCUMENTED;
    if (this.internal.has(key)) return ConfigKeyStatus.INTERNAL;
    if (this.families.some(f => f.test(key))) return ConfigKeyStatus.FAMILY;
    return ConfigKeyStatus.UNKNOWN;
  }

  /** Whether `key` is a valid key of this component (documented, internal or in a family). */
  public isKnown(key: string): boolean {
    return this.status(key) !== ConfigKeyStatus.UNKNOWN;
  }

  /** Known keys closest to `key` (edit distance), best first, for "did you mean" hints. */
  public suggestions(key: string, max: number = 3): string[] {
    const limit = Math.max(2, Math.floor(key.length / 4));
    return [...this.documented, ...this.internal]
      .map(k => ({ k, d: editDistance(key, k, limit) }))
      .filter(x => x.d <= limit)
      .sort((a, b) => a.d - b.d || (a.k < b.k ? -1 : 1))
      .slice(0, max)
      .map(x => x.k);
  }
}

const CATALOGS = new Map<string, ConfigKeyCatalog>();

/**
 * The key catalog of `scope` at Kafka line `kafkaLine` (`'4.0'`). Use
 * `ConfluentVersion.configKeys()` rather than calling this with a line by hand.
 */
export function configKeyCatalog(scope: ConfigScope, kafkaLine: string): ConfigKeyCatalog {
  const cacheKey = `${scope}@${kafkaLine}`;
  const cached = CATALOGS.get(cacheKey);
  if (cached) return cached;
  const byLine = LISTS[scope];
  const lists = byLine[kafkaLine] ?? byLine['*'];
  if (!lists) {
    throw new RangeError(`no ${scope} config keys for Kafka ${kafkaLine}; known lines: ${Object.keys(byLine).join(', ')}`);
  }
  const catalog = new ConfigKeyCatalog(scope, kafkaLine, lists, familiesOf(FAMILY_COMPONENT[scope]));
  CATALOGS.set(cacheKey, catalog);
  return catalog;
}

function familiesOf(component: string | undefined): RegExp[] {
  if (component === undefined) return [];
  return KAFKA_BROKER_PREFIXES
    .filter(f => f.component === component && isMachineReadable(f))
    .map(familyRegExp);
}

// Rows like "<plugin-defined>" or "(connector-level, NOT worker) ..." document rules
// rather than key shapes; they cannot be matched and are left out.
function isMachineReadable(family: ConfigKeyFamily): boolean {
  return !/\s/.test(family.pattern) && !family.pattern.startsWith('<');
}

function familyRegExp(family: ConfigKeyFamily): RegExp {
  const parts = family.pattern.split(/(<[a-z]+>)/);
  const body = parts.map(p => {
    const placeholder = /^<([a-z]+)>$/.exec(p);
    if (placeholder) {
      const re = PLACEHOLDERS[placeholder[1]];
      if (!re) throw new Error(`config key family ${family.pattern} uses unknown placeholder ${p}`);
      return re;
    }
    return escapeRegExp(p);
  }).join('');
  // A pattern ending in '.' is a prefix: something must follow it.
  return new RegExp(family.pattern.endsWith('.') ? `^${body}\\S+$` : `^${body}$`);
}

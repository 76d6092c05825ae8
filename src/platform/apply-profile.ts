import { Profile, ProfileOptions } from './profile';
import { ConnectOptions } from '../connect/connect-props';
import { KafkaClusterProps, KRaftMode } from '../kafka/kafka-cluster-props';
import { NodePoolOptions } from '../kafka/nodes/node-pool-options';
import { KsqlDbOptions } from '../ksqldb/ksqldb-props';
import { SchemaRegistryOptions } from '../schema-registry/schema-registry-props';

/** A platform's parts after the profile: what each construct is given. */
export interface ProfiledParts {
  readonly kafka: KafkaClusterProps;
  readonly schemaRegistry?: SchemaRegistryOptions;
  readonly connect?: ConnectOptions;
  readonly ksqlDb?: KsqlDbOptions;
  /** What the profile's own values decided (nothing the program set), for the synth note. */
  readonly decided: string[];
}

/** `later` over `earlier`, field by field; a field left undefined in `later` keeps `earlier`'s. */
function over<T extends object>(earlier: T | undefined, later: T | undefined): T | undefined {
  if (earlier === undefined) return later;
  if (later === undefined) return earlier;
  const merged: Record<string, unknown> = { ...(earlier as Record<string, unknown>) };
  for (const [k, v] of Object.entries(later)) if (v !== undefined) merged[k] = v;
  return merged as T;
}

/** The fields of `builtIn` that `explicit` leaves unset: what the profile decides. */
function undecided<T extends object>(builtIn: T | undefined, explicit: T | undefined): string[] {
  if (builtIn === undefined) return [];
  const given = (explicit ?? {}) as Record<string, unknown>;
  return Object.keys(builtIn).filter(k => (builtIn as Record<string, unknown>)[k] !== undefined && given[k] === undefined);
}

/**
 * Applies a profile under a platform's props: the program's props win, then the
 * profile's options (the program's values for this environment), then the profile's own
 * values, field by field (a pool's `replicas`, `resources` and `storage` separately).
 * Only sizes and safety margins come from a profile: the fields of ProfileOptions.
 *
 * The profile's own combined mode applies only where nobody gave a controller pool, and
 * its own controller pool only where the cluster stays dedicated, so a program that
 * sizes its controllers keeps them under every profile.
 */
export function applyProfile(
  profile: Profile,
  props: { kafka?: KafkaClusterProps; schemaRegistry?: SchemaRegistryOptions; connect?: ConnectOptions; ksqlDb?: KsqlDbOptions },
): ProfiledParts {
  const own = profile._builtIn;
  const explicitKafka = props.kafka ?? {};
  // What the program set for this environment, in both places.
  const explicit: ProfileOptions = {
    mode: explicitKafka.mode ?? profile._options.mode,
    controllers: over(profile._options.controllers, explicitKafka.controllers),
    brokers: over(profile._options.brokers, explicitKafka.brokers),
    zones: explicitKafka.zones ?? profile._options.zones,
    replicationFactor: explicitKafka.replicationFactor ?? profile._options.replicationFactor,
    minInSyncReplicas: explicitKafka.minInSyncReplicas ?? profile._options.minInSyncReplicas,
  };
  const decided: string[] = [];
  const ownMode = explicit.mode === undefined && explicit.controllers === undefined ? own.mode : undefined;
  const mode = explicit.mode ?? ownMode;
  if (ownMode !== undefined) decided.push(`mode ${ownMode}`);
  const dedicated = (mode ?? KRaftMode.DEDICATED) === KRaftMode.DEDICATED;
  const pool = (name: 'controllers' | 'brokers', use: boolean): NodePoolOptions | undefined => {
    if (!use) return explicit[name];
    for (const field of undecided(own[name], explicit[name])) decided.push(`${name}.${field}`);
    return over(own[name], explicit[name]);
  };
  const scalar = <K extends 'zones' | 'replicationFactor' | 'minInSyncReplicas'>(key: K): ProfileOptions[K] => {
    if (explicit[key] === undefined && own[key] !== undefined) decided.push(key);
    return explicit[key] ?? own[key];
  };
  const controllers = pool('controllers', dedicated);
  const brokers = pool('brokers', true);
  const zones = scalar('zones');
  const replicationFactor = scalar('replicationFactor');
  // The profile's own min.insync.replicas goes with its own factor: under a factor the
  // program set, the cluster derives it from that factor (ephemeral's 1 under a factor of 3
  // would accept writes with one copy).
  const minInSyncReplicas = explicit.minInSyncReplicas ?? (explicit.replicationFactor === undefined ? scalar('minInSyncReplicas') : undefined);
  const kafka: KafkaClusterProps = {
    ...explicitKafka,
    mode,
    controllers,
    brokers,
    zones,
    replicationFactor,
    minInSyncReplicas,
  };
  const component = <T extends object>(key: 'schemaRegistry' | 'connect' | 'ksqlDb', options: T | undefined): T | undefined => {
    if (options === undefined) return undefined;
    const mine = over(profile._options[key] as T | undefined, options);
    const sizing = own[key] as T | undefined;
    for (const field of undecided(sizing, mine)) decided.push(`${key}.${field}`);
    return over(sizing, mine);
  };
  return {
    kafka: dropUndefined(kafka),
    schemaRegistry: component('schemaRegistry', props.schemaRegistry),
    connect: component('connect', props.connect),
    ksqlDb: component('ksqlDb', props.ksqlDb),
    decided,
  };
}

/** A copy of `o` without its undefined fields, so a prop left unset stays absent. */
function dropUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

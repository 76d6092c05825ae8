import { Size } from 'cdk8s';
import { ContainerResources, Cpu, k8s } from 'cdk8s-plus-27';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { containerResources } from '../core/prop-shapes';
import { KAFKA_CLUSTER_PROPS, KRaftMode } from '../kafka/kafka-cluster-props';
import { NODE_POOL_OPTIONS, SpreadPolicy } from '../kafka/nodes/node-pool-options';
import { Storage } from '../kafka/nodes/storage';
import { KsqlStateStore, stateStoreShape } from '../ksqldb/state-store';

/**
 * How many nodes a pool runs, how big each is, and where: the part of `NodePoolOptions`
 * a profile may set. No configuration, environment or node ids: those mean something.
 */
export interface PoolSizing {
  /**
   * Nodes in the pool.
   *
   * @default - the profile's, else the pool's default
   */
  readonly replicas?: number;
  /**
   * Requests and limits of each node (the JVM heap follows the memory request).
   *
   * @default - the profile's, else the pool's default
   */
  readonly resources?: ContainerResources;
  /**
   * The nodes' disks.
   *
   * @default - the profile's, else the pool's default
   */
  readonly storage?: Storage;
  /**
   * Whether two nodes of the pool may share a host.
   *
   * @default - the profile's, else SpreadPolicy.REQUIRED
   */
  readonly hostSpread?: SpreadPolicy;
  /**
   * Node labels the pods must run on.
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };
  /**
   * Taints the pods tolerate.
   *
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];
  /**
   * PriorityClass of the pods.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
}

/** How many instances of a component run, and how big each is. */
export interface ComponentSizing {
  /**
   * Instances of the component.
   *
   * @default - the profile's, else the component's own default
   */
  readonly replicas?: number;
  /**
   * Requests and limits of each instance (the JVM heap follows the memory request).
   *
   * @default - the profile's, else the component's own default
   */
  readonly resources?: ContainerResources;
}

/** How many ksqlDB servers run, how big each is, and where their state lives. */
export interface KsqlDbSizing extends ComponentSizing {
  /**
   * Where the servers keep their RocksDB state.
   *
   * @default - the profile's, else ksqlDB's own default
   */
  readonly stateStore?: KsqlStateStore;
}

/**
 * What a profile decides: sizes and safety margins, never what the platform means. No
 * topic, user, ACL, listener, security setting or configuration key is here, so two
 * profiles of one program can differ only in how many, how big and how safe.
 */
export interface ProfileOptions {
  /**
   * KRaft mode. A profile that combines controllers and brokers does so only where no
   * `controllers` pool is given.
   *
   * @default - the profile's (ephemeral: KRaftMode.COMBINED), else KRaftMode.DEDICATED
   */
  readonly mode?: KRaftMode;
  /**
   * The controller pool's size and placement (dedicated mode).
   *
   * @default - the profile's, else the cluster's default
   */
  readonly controllers?: PoolSizing;
  /**
   * The `brokers` pool's size and placement.
   *
   * @default - the profile's, else the cluster's default
   */
  readonly brokers?: PoolSizing;
  /**
   * Zones the nodes spread over, one broker StatefulSet per zone.
   *
   * @default - none
   */
  readonly zones?: string[];
  /**
   * Replication factor of topics created without one, and of internal topics.
   *
   * @default - the profile's (ephemeral: 1), else 3
   */
  readonly replicationFactor?: number;
  /**
   * `min.insync.replicas` of the cluster.
   *
   * @default - the profile's (ephemeral: 1), else 1 below the replication factor
   */
  readonly minInSyncReplicas?: number;
  /**
   * Schema Registry's size.
   *
   * @default - the profile's
   */
  readonly schemaRegistry?: ComponentSizing;
  /**
   * Connect's size.
   *
   * @default - the profile's
   */
  readonly connect?: ComponentSizing;
  /**
   * ksqlDB's size and state store.
   *
   * @default - the profile's
   */
  readonly ksqlDb?: KsqlDbSizing;
}

const COMPONENT_SIZING_FIELDS = {
  replicas: Expect.integer(0, 1000, 2),
  resources: containerResources,
};

const COMPONENT_SIZING = Expect.struct('ComponentSizing', COMPONENT_SIZING_FIELDS);
const KSQLDB_SIZING = Expect.struct('KsqlDbSizing', { ...COMPONENT_SIZING_FIELDS, stateStore: stateStoreShape });

const POOL = NODE_POOL_OPTIONS.fields!;
const POOL_SIZING = Expect.struct('PoolSizing', {
  replicas: POOL.replicas,
  resources: POOL.resources,
  storage: POOL.storage,
  hostSpread: POOL.hostSpread,
  nodeSelector: POOL.nodeSelector,
  tolerations: POOL.tolerations,
  priorityClassName: POOL.priorityClassName,
});

// The cluster's own checks of the props a profile may set.
const CLUSTER = KAFKA_CLUSTER_PROPS.fields!;

/** The runtime form of ProfileOptions (src/core/input-shape.ts). */
export const PROFILE_OPTIONS = Expect.struct('ProfileOptions', {
  mode: CLUSTER.mode,
  controllers: POOL_SIZING,
  brokers: POOL_SIZING,
  zones: CLUSTER.zones,
  replicationFactor: CLUSTER.replicationFactor,
  minInSyncReplicas: CLUSTER.minInSyncReplicas,
  schemaRegistry: COMPONENT_SIZING,
  connect: COMPONENT_SIZING,
  ksqlDb: KSQLDB_SIZING,
});

const small = (cpuMillis: number, memoryMiB: number): ContainerResources => ({
  cpu: { request: Cpu.millis(cpuMillis) },
  memory: { request: Size.mebibytes(memoryMiB) },
});

// Staging rehearses production's failure modes: as many controllers and brokers, the
// same replication factor and min.insync.replicas (so a roll waits for in-sync replicas
// as it will in production) and persistent disks, on smaller machines.
const STAGING: ProfileOptions = {
  controllers: { resources: small(250, 1024), storage: Storage.persistent({ size: Size.gibibytes(5) }) },
  brokers: { resources: small(500, 2048), storage: Storage.persistent({ size: Size.gibibytes(20) }) },
  schemaRegistry: { resources: small(100, 512) },
  connect: { replicas: 2, resources: small(250, 1024) },
  ksqlDb: { resources: small(250, 2048) },
};

// Ephemeral is a throw-away copy: one node that is both controller and broker, one
// copy of each partition, disks that die with the pod, one instance of each component.
// The heaps stay above every component's 256 MiB floor (core/resources.ts).
const EPHEMERAL: ProfileOptions = {
  mode: KRaftMode.COMBINED,
  brokers: { replicas: 1, resources: small(500, 2048), storage: Storage.ephemeral({ sizeLimit: Size.gibibytes(10) }) },
  replicationFactor: 1,
  minInSyncReplicas: 1,
  schemaRegistry: { replicas: 1, resources: small(100, 512) },
  connect: { replicas: 1, resources: small(250, 1024) },
  ksqlDb: { replicas: 1, resources: small(250, 1024), stateStore: KsqlStateStore.ephemeral({ sizeLimit: Size.gibibytes(5) }) },
};

/**
 * An environment's sizes and safety margins for `ConfluentPlatform`: production,
 * staging or ephemeral. A profile never changes what the platform means (topics, users,
 * ACLs, listeners, security, configuration keys stay as the program declares them), and
 * every prop the program sets explicitly wins over the profile.
 *
 * Each factory takes `ProfileOptions` for this environment's own sizes (production's
 * zones and disk sizes, say), so one program carries every environment's sizes and
 * picks the profile by name (an environment variable or cdk8s context).
 */
export class Profile {
  /**
   * Production: the library's defaults, which are production's (3 dedicated
   * controllers, 3 brokers, replication factor 3 with min.insync.replicas 2, persistent
   * disks, 2–3 instances of each component), and your own options.
   *
   * @param options this environment's sizes, over the defaults
   */
  public static production(options: ProfileOptions = {}): Profile {
    return Profile.make('production', 'Profile.production', {}, options);
  }

  /**
   * Staging: production's shape (as many controllers and brokers, the same replication
   * factor and min.insync.replicas, persistent disks) on smaller machines: brokers 2 GiB
   * and 0.5 CPU with 20 GiB disks, controllers 1 GiB with 5 GiB, two Connect workers,
   * ksqlDB servers with 2 GiB. Rolls, failovers and scaling behave as they will in
   * production.
   *
   * @param options this environment's sizes, over the profile's
   */
  public static staging(options: ProfileOptions = {}): Profile {
    return Profile.make('staging', 'Profile.staging', STAGING, options);
  }

  /**
   * Ephemeral: a cheap, throw-away copy. One combined controller-broker with 2 GiB and
   * a 10 GiB emptyDir, replication factor 1 with min.insync.replicas 1, one instance of
   * each component with small resources, ksqlDB state in an emptyDir. Every byte is lost
   * when a pod restarts: for per-branch and test environments only. Synth prints a note
   * saying so.
   *
   * @param options this environment's sizes, over the profile's
   */
  public static ephemeral(options: ProfileOptions = {}): Profile {
    return Profile.make('ephemeral', 'Profile.ephemeral', EPHEMERAL, options);
  }

  private static make(name: string, entry: string, builtIn: ProfileOptions, options: ProfileOptions): Profile {
    checkArguments(entry, [['options', options, Expect.optional(PROFILE_OPTIONS)]]);
    return new Profile(name, builtIn, options ?? {});
  }

  /** The profile's name: `production`, `staging` or `ephemeral`. */
  public readonly name: string;

  /**
   * The profile's own values, which only fill what the program leaves unset.
   *
   * @internal
   */
  public readonly _builtIn: ProfileOptions;

  /**
   * The program's options for this environment, which win over the profile's own.
   *
   * @internal
   */
  public readonly _options: ProfileOptions;

  private constructor(name: string, builtIn: ProfileOptions, options: ProfileOptions) {
    this.name = name;
    this._builtIn = builtIn;
    this._options = options;
    madeByFactory(this);
  }
}

/** A Profile prop (src/core/input-shape.ts). */
export const PROFILE_SHAPE = Expect.made('Profile', () => Profile, 'Profile.ephemeral()');

// What each profile means, for the note that lists what it decided.
const SUMMARIES: Readonly<Record<string, string>> = {
  staging: 'production\'s shape on smaller machines',
  ephemeral: 'a throw-away copy: every byte is lost when a pod restarts (emptyDir disks, one copy of each partition); never for data you keep',
};

/**
 * The synth-time note of a profile that decided something (`decided`: the props it
 * set, which the program left unset), or undefined when it decided nothing.
 */
export function profileNote(profile: Profile, decided: readonly string[]): string | undefined {
  if (decided.length === 0) return undefined;
  const summary = SUMMARIES[profile.name];
  return `profile ${profile.name}${summary === undefined ? '' : ` (${summary})`} set ${decided.join(', ')}; a prop set in code wins over the profile.`;
}

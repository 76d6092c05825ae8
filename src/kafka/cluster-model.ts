import { ResolvedListener } from './listener';
import { ResolvedMonitoring } from '../observability/monitoring';
import { SpreadPolicy } from './nodes/node-pool-options';
import { ResolvedStorage } from './nodes/storage';
import { ResolvedPrune } from './prune-options';
import { ResolvedSecurity } from './security/cluster-security';
import { ClientPeer } from '../access/client-peer';
import { EgressPorts } from '../access/egress';
import { ResolvedPodSettings } from '../core/pod-settings';
import { ResolvedResources } from '../core/resources';
import { ConfluentVersion } from '../core/version';
import { ResolvedLogging } from '../observability/logging';

/** What a node does in KRaft. */
export enum NodeRole {
  /** Serves clients and holds partitions. */
  BROKER = 'broker',
  /** Votes in the KRaft metadata quorum. */
  CONTROLLER = 'controller',
}

/** Cluster-wide replication defaults, checked against the broker count. */
export interface ResolvedReplication {
  readonly factor: number;
  readonly minInSync: number;
  readonly partitions: number;
}

/** One KRaft voter: its id and the DNS name of its pod (without namespace and domain). */
export interface QuorumVoter {
  readonly id: number;
  readonly pod: string;
}

/** Where DNS and Kubernetes API traffic may go under egress rules. */
export interface ResolvedNetwork {
  /** Render the cluster's NetworkPolicies. */
  readonly policy: boolean;
  /** Also restrict egress. */
  readonly egress: boolean;
  readonly egressPorts: EgressPorts;
}

/** Everything about the cluster that pools share, after defaults and checks. */
export interface ResolvedCluster {
  /** Base of every object name (`events`). */
  readonly name: string;
  /** The chart's namespace (required once the cluster has certificates). */
  readonly namespace?: string;
  /** Controllers in a pool of their own (`KRaftMode.DEDICATED`), or on the brokers. */
  readonly dedicatedControllers: boolean;
  readonly clusterId: string;
  readonly version: ConfluentVersion;
  /** Confluent Server (`cp-server`) rather than the community image. */
  readonly confluentServer: boolean;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly clusterDomain: string;
  readonly headlessService: string;
  readonly bootstrapService: string;
  readonly serviceAccount: string;
  readonly metricsConfigMap: string;
  /** `host:port` of the first internal client listener's bootstrap Service ('' without one). */
  readonly bootstrapServers: string;
  readonly listeners: readonly ResolvedListener[];
  /** Who may scrape the metrics port. */
  readonly metricsPeers: readonly ClientPeer[];
  /** Monitoring settings; undefined when off. */
  readonly monitoring?: ResolvedMonitoring;
  /** The library's log4j file for the nodes; undefined for the images' own. */
  readonly logging?: ResolvedLogging;
  /** ConfigMap of the nodes' log4j file (with `logging`). */
  readonly loggingConfigMap: string;
  readonly zones: readonly string[];
  readonly replication: ResolvedReplication;
  readonly voters: readonly QuorumVoter[];
  /** User broker properties for every pool. */
  readonly properties: Readonly<Record<string, string>>;
  /** TLS, authentication and authorization. */
  readonly security: ResolvedSecurity;
  readonly network: ResolvedNetwork;
  /** When the certificate rollout CronJob runs; undefined when it is off (or there is no TLS). */
  readonly certificateRolloutSchedule?: string;
  /** `ttlSecondsAfterFinished` of the cluster's Jobs (the `finishedJobTtl` prop). */
  readonly finishedJobTtlSeconds: number;
  /** What the topics and access Jobs delete when the program stops declaring it. */
  readonly prune: ResolvedPrune;
  /** The release whose Kafka features the features Job turns on (undefined: none). */
  readonly finalizedVersion?: ConfluentVersion;
  /** Bytes per second a drain or balance reassignment may replicate, per broker (`reassignmentThrottle`). */
  readonly reassignmentThrottleBytes: number;
  /** Whether the balance Job evens the brokers' replica counts (`balanceReplicas`). */
  readonly balanceReplicas: boolean;
}

/** One StatefulSet of a pool: the whole pool, or its share in one zone. */
export interface PoolStatefulSet {
  readonly name: string;
  /** Zone (undefined without zones). */
  readonly zone?: string;
  /** Label-safe form of the zone. */
  readonly zoneLabel?: string;
  /**
   * Zones a zone-less StatefulSet spreads its pods over evenly (dedicated controllers
   * with zones: one StatefulSet, so they roll strictly one at a time).
   */
  readonly spreadZones?: readonly string[];
  readonly replicas: number;
  /** `NODE_ID_BASE` of this StatefulSet: pool base plus zone index. */
  readonly nodeIdBase: number;
  /** `NODE_ID_STRIDE`: the pool's zone count. */
  readonly nodeIdStride: number;
  /** Ids of its pods, by ordinal. */
  readonly nodeIds: readonly number[];
}

/** A node pool after defaults and checks. */
export interface ResolvedPool {
  /** Pool name (`brokers`). */
  readonly name: string;
  /** Base of its object names (`events-brokers`). */
  readonly resourceName: string;
  readonly roles: readonly NodeRole[];
  readonly replicas: number;
  readonly nodeIdBase: number;
  readonly statefulSets: readonly PoolStatefulSet[];
  readonly storage: ResolvedStorage;
  readonly resources: ResolvedResources;
  readonly heapBytes: number;
  /** User broker properties for this pool (over the cluster's). */
  readonly properties: Readonly<Record<string, string>>;
  readonly hostSpread: SpreadPolicy;
  /** Scheduling and the user's escape hatches (extra env, pod annotations). */
  readonly pod: ResolvedPodSettings;
  readonly terminationGraceSeconds: number;
  /** Seconds the pre-stop gate may start looks (pre-stop-timing.ts preStopBudget). */
  readonly preStopMaxWaitSeconds: number;
  readonly startupSeconds: number;
  readonly maxFetcherLag: number;
  /** Brokers of the pool being drained (`drainTo`), with their zone (the rack). */
  readonly draining: readonly PlacedBroker[];
}

/** A broker and its zone (drained, kept or balanced). */
export interface PlacedBroker {
  readonly id: number;
  /** Its zone, when the cluster has zones. */
  readonly zone?: string;
}

/** Whether a pool has a role. */
export function hasRole(pool: Pick<ResolvedPool, 'roles'>, role: NodeRole): boolean {
  return pool.roles.includes(role);
}

/** A pool's roles as flags, as the node scripts and the pre-stop budget take them. */
export function roleFlags(pool: Pick<ResolvedPool, 'roles'>): { readonly broker: boolean; readonly controller: boolean } {
  return { broker: hasRole(pool, NodeRole.BROKER), controller: hasRole(pool, NodeRole.CONTROLLER) };
}

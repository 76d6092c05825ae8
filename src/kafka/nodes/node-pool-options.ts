import { Duration } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { MAX_NODE_ID } from './node-identity';
import { Storage, storageShape } from './storage';
import { Expect } from '../../core/input-shape';
import { PodSettings } from '../../core/pod-settings';
import { containerResources, INT32_SECONDS, podSettingsFields, properties } from '../../core/prop-shapes';

/** Most nodes in one pool: far above any real cluster, it catches unit mistakes. */
export const MAX_POOL_REPLICAS = 1000;

/** Whether a pod can be placed on a host that already runs a pod of its pool. */
export enum SpreadPolicy {
  /** Never: the pod stays Pending until a free host exists. */
  REQUIRED = 'required',
  /** Avoided when possible, allowed when no other host fits. */
  PREFERRED = 'preferred',
}

/**
 * A pool of nodes: how many, how big, where they run, how they are configured. The
 * cluster's `controllers` and `brokers` pools take it, and so does `addNodePool()`.
 */
export interface NodePoolOptions extends PodSettings {
  /**
   * Number of nodes.
   *
   * @default 3 — brokers: with replication factor 3 each partition has a replica on
   * every broker's peer; controllers: a quorum of 3 survives losing one voter
   */
  readonly replicas?: number;

  /**
   * CPU and memory of each node. The JVM heap is half the memory request (at most
   * 6 GiB): Kafka serves reads from the page cache, which is the rest.
   *
   * @default - brokers 4 GiB memory and 1 CPU requested; controllers 2 GiB and 0.5 CPU;
   * the memory limit equals the request and CPU has no limit (CFS throttling of a JVM
   * shows up as latency spikes)
   */
  readonly resources?: ContainerResources;

  /**
   * Where each node keeps its data.
   *
   * @default - brokers Storage.persistent({ size: Size.gibibytes(100) }); controllers
   * Storage.persistent({ size: Size.gibibytes(10) }), ample for the metadata log;
   * both on the default StorageClass and retained when pods or the cluster are deleted
   */
  readonly storage?: Storage;

  /**
   * Whether two nodes of this pool may share a Kubernetes node.
   *
   * @default SpreadPolicy.REQUIRED — two brokers on one host lose two replicas of a
   * partition when that host fails, and with replication factor 3 and min ISR 2 the
   * partition then refuses writes. Use PREFERRED on dev clusters with fewer hosts.
   */
  readonly hostSpread?: SpreadPolicy;

  /**
   * Time a node has to stop, including the pre-stop wait for its partitions to be safe.
   *
   * @default - brokers 5 minutes: the pre-stop gate may wait up to 3, and a KRaft
   * broker's controlled shutdown waits up to 5 minutes for the controller's approval
   * (BrokerServer), though it normally takes seconds; controllers 2 minutes
   */
  readonly terminationGracePeriod?: Duration;

  /**
   * Time a node has to report its state (broker state, or KRaft state for controllers)
   * after starting. Log recovery after an unclean stop does not count against it: a
   * broker recovering its logs reports state RECOVERY, and that passes.
   *
   * @default Duration.minutes(5) — formatting storage, starting the JVM and joining the
   * quorum take seconds to a minute; five leave room for a slow volume attach and image
   * pull without hiding a node that never starts
   */
  readonly startupTimeout?: Duration;

  /**
   * Broker properties for this pool, over the cluster's `properties`. Keys are
   * checked against the broker configuration of the cluster's Kafka line.
   *
   * @default - none
   */
  readonly properties?: { [key: string]: string };

  /**
   * Properties for plugins (authorizers, metric reporters) that Kafka's own
   * configuration does not list: not checked against the known keys.
   *
   * @default - none
   */
  readonly customProperties?: { [key: string]: string };

  /**
   * First node id of the pool: node ids are `nodeIdBase` to `nodeIdBase + replicas - 1`
   * (see the cluster docs for the rule with zones). Ids are part of each node's
   * storage: never change it for a running pool.
   *
   * @default - 0 for the cluster's `brokers` pool; 9990 for dedicated controllers, far
   * above broker ids, so brokers keep the small ids their external host names show (the
   * convention of Confluent's cp-ansible); required for added pools, whose range must
   * not overlap another pool's
   */
  readonly nodeIdBase?: number;

  /**
   * Largest replica-fetcher lag, in records, at which a broker counts as caught up and
   * becomes Ready. A restarted broker that missed minutes of traffic is far above it;
   * a healthy broker under heavy load stays below. Brokers only: dedicated controllers
   * replicate no partitions.
   *
   * @default 10000 — a few seconds of a busy partition's writes: a broker that just
   * restarted is well above it until it has fetched what it missed
   */
  readonly readyMaxFetcherLag?: number;

  /**
   * The replica count this pool is about to shrink to. The brokers that count would
   * remove (the highest ordinals of each zone's StatefulSet, which Kubernetes removes
   * first) are drained: the drain Job moves every partition replica off them to the
   * cluster's other brokers (the same zone first), throttled by the cluster's
   * `reassignmentThrottle`, and checks none is left. They keep running, empty. Once the
   * Job has succeeded, set `replicas` to this count; the unregister Job then removes
   * their ids from the KRaft metadata. Broker pools only (controllers hold no partitions).
   *
   * @default - no broker is drained
   */
  readonly drainTo?: number;
}

/** The runtime form of NodePoolOptions (src/core/input-shape.ts). */
export const NODE_POOL_OPTIONS = Expect.struct('NodePoolOptions', {
  ...podSettingsFields,
  replicas: Expect.integer(0, MAX_POOL_REPLICAS),
  resources: containerResources,
  storage: storageShape,
  hostSpread: Expect.enumOf('SpreadPolicy', SpreadPolicy),
  // Rendered in whole seconds into the pod's grace period and the probes' thresholds.
  terminationGracePeriod: Expect.duration({ min: Duration.seconds(1), max: INT32_SECONDS, wholeSeconds: true, example: 'Duration.minutes(5)' }),
  startupTimeout: Expect.duration({ min: Duration.seconds(1), max: INT32_SECONDS, wholeSeconds: true, example: 'Duration.minutes(10)' }),
  properties,
  customProperties: properties,
  nodeIdBase: Expect.integer(0, MAX_NODE_ID, 1000),
  // Compared in the readiness script's shell arithmetic (int64).
  readyMaxFetcherLag: Expect.integer(0, Number.MAX_SAFE_INTEGER, 10000),
  drainTo: Expect.integer(0, MAX_POOL_REPLICAS, 3),
});

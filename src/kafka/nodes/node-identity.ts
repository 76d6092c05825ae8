import { createHash } from 'crypto';
import { ErrorScope, raise } from '../../core/errors';

/**
 * The node-id rule. Every pool owns the range `[nodeIdBase, nodeIdBase + replicas)`.
 * Without zones, the pod with ordinal `o` has id `nodeIdBase + o`. With `z` zones the
 * pool runs one StatefulSet per zone, zone `i` holding `ceil` or `floor(replicas / z)`
 * pods (the first `replicas % z` zones take one more), and its pod `o` has id
 * `nodeIdBase + o * z + i`: ids interleave across zones and fill the range exactly,
 * so scaling up only appends ids. The zone list therefore is part of every node's
 * identity: never reorder it or change its length on a running cluster.
 *
 * The pod computes its id at start from its ordinal (the suffix of its name), with
 * `NODE_ID_BASE` and `NODE_ID_STRIDE` from its StatefulSet.
 */
export interface NodeIdLayout {
  /** First id of the pool. */
  readonly base: number;
  /** Number of zones the pool is spread over (1 without zones). */
  readonly stride: number;
}

/** Ids of pool pods per zone: `[zoneIndex][ordinal]`. */
export function nodeIdsByZone(layout: NodeIdLayout, replicas: number): number[][] {
  const zones = layout.stride;
  return Array.from({ length: zones }, (_, zone) =>
    Array.from({ length: replicasInZone(replicas, zones, zone) }, (__, ordinal) => layout.base + ordinal * zones + zone));
}

/** How many of `replicas` pods zone `zone` (of `zones`) runs. */
export function replicasInZone(replicas: number, zones: number, zone: number): number {
  return Math.floor(replicas / zones) + (zone < replicas % zones ? 1 : 0);
}

/** Largest node id Kafka accepts (`node.id` is a non-negative int). */
export const MAX_NODE_ID = 2 ** 31 - 1;

/** Checks a pool's `nodeIdBase`. */
export function checkNodeIdBase(scope: ErrorScope, prop: string, base: number, replicas: number): void {
  if (!Number.isInteger(base) || base < 0 || base + replicas - 1 > MAX_NODE_ID) {
    raise(scope, prop, base, 'node ids are whole numbers from 0 to 2147483647', 'Use a base such as 0 or 1000');
  }
}

/**
 * A cluster id for `namespace`/`name`: the first 16 bytes of SHA-256 over them, as
 * Kafka writes a Uuid (URL-safe base64 without padding, 22 characters). Kafka's own
 * generator never returns an id starting with '-' (a command-line hazard), so neither
 * does this one (the hash is extended until it does not). The id is written into every
 * node's storage at format time and must never change: renaming the cluster or moving
 * it to another namespace needs `clusterId` set to the old value.
 */
export function deriveClusterId(namespace: string, name: string): string {
  for (let attempt = 0; ; attempt++) {
    const digest = createHash('sha256').update(`cdk8s-kafka/cluster-id/${namespace}/${name}/${attempt}`).digest();
    const id = digest.subarray(0, 16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const CLUSTER_ID = /^[A-Za-z0-9_-]{21}[AQgw]$/;

/**
 * Checks a user-supplied cluster id: 22 URL-safe base64 characters encoding 16 bytes
 * (so the last character carries only 2 bits: one of A, Q, g, w), not starting with '-'.
 */
export function checkClusterId(scope: ErrorScope, prop: string, id: string): string {
  if (typeof id !== 'string' || !CLUSTER_ID.test(id) || id.startsWith('-')) {
    raise(scope, prop, id, 'a KRaft cluster id is 16 bytes in URL-safe base64 without padding (22 characters, as `kafka-storage random-uuid` prints), not starting with "-"',
      'Copy the id of the existing cluster, or leave clusterId unset to derive one from the namespace and name');
  }
  return id;
}

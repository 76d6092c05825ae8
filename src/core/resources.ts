import { Size } from 'cdk8s';
import { ContainerResources, k8s } from 'cdk8s-plus-27';
import { ErrorScope, raise } from './errors';
import { cpuToMillis, formatBytes, formatJvmMemory, positiveSizeBytes } from './quantity';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

/**
 * How much of a container's memory request goes to the JVM heap.
 */
export interface HeapRule {
  /** Share of the memory request given to the heap (0 < fraction < 1). */
  readonly fraction: number;
  /** Smallest heap the component can run with; a smaller request is rejected. */
  readonly floorBytes: number;
  /** Largest useful heap; memory above it is left to the page cache or native memory. */
  readonly ceilingBytes?: number;
  /** Why this rule, for error messages and docs. */
  readonly reason: string;
}

/**
 * Heap rules per kind of process.
 *
 * - Brokers and controllers: half the request, at most 6 GiB. Kafka serves reads from
 *   the OS page cache, so memory outside the heap is not wasted; Apache Kafka's
 *   operations guide gives `-Xmx6g -Xms6g` as its production example, and Strimzi
 *   uses 50 % (capped at 5 GiB).
 * - Connect and Schema Registry: three quarters, no cap: they do not lean on the page
 *   cache (Strimzi gives Connect 75 %, no cap).
 * - ksqlDB: half: RocksDB state stores live in native memory outside the heap.
 */
export const HEAP_RULES = {
  KAFKA: { fraction: 0.5, floorBytes: 256 * MiB, ceilingBytes: 6 * GiB, reason: 'Kafka needs memory outside the heap for the page cache' },
  CONNECT: { fraction: 0.75, floorBytes: 256 * MiB, reason: 'Connect workers keep their working set on the heap' },
  SCHEMA_REGISTRY: { fraction: 0.75, floorBytes: 256 * MiB, reason: 'Schema Registry keeps its schema cache on the heap' },
  KSQLDB: { fraction: 0.5, floorBytes: 256 * MiB, reason: 'ksqlDB keeps RocksDB state in native memory outside the heap' },
} as const satisfies Record<string, HeapRule>;

/**
 * The JVM heap for a memory request under `rule`: `fraction` of the request, capped at
 * the ceiling, rounded down to whole MiB. Fails when the request is too small to
 * give the rule's floor, naming the smallest request that works.
 */
export function heapForMemory(scope: ErrorScope, prop: string, memoryRequestBytes: number, rule: HeapRule): number {
  const share = Math.floor((memoryRequestBytes * rule.fraction) / MiB) * MiB;
  if (share < rule.floorBytes) {
    const needed = Math.ceil(rule.floorBytes / rule.fraction / MiB) * MiB;
    raise(scope, prop, formatBytes(memoryRequestBytes),
      `it leaves a JVM heap of ${formatJvmMemory(share)}, below the ${formatJvmMemory(rule.floorBytes)} minimum (${rule.reason}, so the heap is ${rule.fraction * 100} % of the request)`,
      `Request at least ${formatBytes(needed)}`);
  }
  return rule.ceilingBytes === undefined ? share : Math.min(share, rule.ceilingBytes);
}

/** JVM flags for a fixed heap: `-Xms` equals `-Xmx`, so the heap never resizes under load. */
export function heapOptions(heapBytes: number): string {
  const size = formatJvmMemory(heapBytes);
  return `-Xms${size} -Xmx${size}`;
}

/** Container resources resolved to Kubernetes form, with the numbers decisions need. */
export interface ResolvedResources {
  readonly requirements: k8s.ResourceRequirements;
  readonly memoryRequestBytes: number;
  readonly memoryLimitBytes: number;
}

/**
 * Resolves user resources over component defaults.
 *
 * Memory: the limit defaults to the request. A JVM's footprint is fixed by its heap,
 * so a limit above the request only lets the pod be OOM-killed when the node is
 * short, instead of being placed where its memory is guaranteed.
 * CPU: no limit unless given. CFS throttling of a JVM (GC threads, request handlers)
 * shows up as latency spikes; the request alone guarantees the share.
 */
export function resolveResources(
  scope: ErrorScope, prop: string, given: ContainerResources | undefined, defaults: ContainerResources,
): ResolvedResources {
  const memoryRequest = given?.memory?.request ?? defaults.memory?.request;
  if (memoryRequest === undefined) {
    raise(scope, `${prop}.memory.request`, undefined, 'the heap is sized from the memory request, so it is needed',
      'Set it, e.g. Size.gibibytes(4)');
  }
  const memoryRequestBytes = positiveSizeBytes(scope, `${prop}.memory.request`, memoryRequest);
  const memoryLimit: Size | undefined = given?.memory?.limit ?? (given?.memory?.request ? undefined : defaults.memory?.limit);
  const memoryLimitBytes = memoryLimit === undefined ? memoryRequestBytes : positiveSizeBytes(scope, `${prop}.memory.limit`, memoryLimit);
  if (memoryLimitBytes < memoryRequestBytes) {
    raise(scope, `${prop}.memory.limit`, formatBytes(memoryLimitBytes), `it is below the memory request (${formatBytes(memoryRequestBytes)})`,
      'Raise the limit to at least the request, or leave it unset to use the request');
  }

  const cpuRequest = given?.cpu?.request ?? defaults.cpu?.request;
  const cpuLimit = given?.cpu?.limit ?? (given?.cpu?.request ? undefined : defaults.cpu?.limit);
  const requestMillis = cpuRequest === undefined ? undefined : positiveMillis(scope, `${prop}.cpu.request`, cpuRequest);
  const limitMillis = cpuLimit === undefined ? undefined : positiveMillis(scope, `${prop}.cpu.limit`, cpuLimit);
  if (requestMillis !== undefined && limitMillis !== undefined && limitMillis < requestMillis) {
    raise(scope, `${prop}.cpu.limit`, formatMillis(limitMillis), `it is below the CPU request (${formatMillis(requestMillis)})`,
      'Raise the limit to at least the request, or leave it unset');
  }

  const requests: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(formatBytes(memoryRequestBytes)) };
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(formatBytes(memoryLimitBytes)) };
  if (requestMillis !== undefined) requests.cpu = k8s.Quantity.fromString(formatMillis(requestMillis));
  if (limitMillis !== undefined) limits.cpu = k8s.Quantity.fromString(formatMillis(limitMillis));
  const storage = given?.ephemeralStorage ?? defaults.ephemeralStorage;
  const storageRequest = storage?.request === undefined ? undefined : positiveSizeBytes(scope, `${prop}.ephemeralStorage.request`, storage.request);
  const storageLimit = storage?.limit === undefined ? undefined : positiveSizeBytes(scope, `${prop}.ephemeralStorage.limit`, storage.limit);
  if (storageRequest !== undefined && storageLimit !== undefined && storageLimit < storageRequest) {
    raise(scope, `${prop}.ephemeralStorage.limit`, formatBytes(storageLimit), `it is below the ephemeral-storage request (${formatBytes(storageRequest)}), which the API server refuses`,
      'Raise the limit to at least the request, or leave it unset');
  }
  if (storageRequest !== undefined) requests['ephemeral-storage'] = k8s.Quantity.fromString(formatBytes(storageRequest));
  if (storageLimit !== undefined) limits['ephemeral-storage'] = k8s.Quantity.fromString(formatBytes(storageLimit));
  return { requirements: { requests, limits }, memoryRequestBytes, memoryLimitBytes };
}

function positiveMillis(scope: ErrorScope, prop: string, cpu: unknown): number {
  const millis = cpuToMillis(cpu as never);
  if (millis === undefined || !(millis > 0)) {
    raise(scope, prop, (cpu as { amount?: unknown })?.amount ?? cpu, 'it must be a positive CPU amount',
      'Use Cpu.millis(500) or Cpu.units(2)');
  }
  return millis;
}

/** Renders millicores canonically: whole cores as `2`, otherwise `500m`. */
export function formatMillis(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

import { Size } from 'cdk8s';
import { ErrorScope } from '../core/errors';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { objectName, volumeSize } from '../core/prop-shapes';
import { formatBytes, positiveSizeBytes } from '../core/quantity';
import { resolveDisk } from '../core/volumes';

const EPHEMERAL_OPTIONS = Expect.struct('EphemeralStateStoreOptions', { sizeLimit: volumeSize });
const PERSISTENT_OPTIONS = Expect.struct('PersistentStateStoreOptions', { size: Expect.required(volumeSize), storageClass: objectName, initialSize: volumeSize });

/** A KsqlStateStore prop (src/core/input-shape.ts). */
export const stateStoreShape = Expect.made('KsqlStateStore', () => KsqlStateStore, 'KsqlStateStore.persistent({ size: Size.gibibytes(50) })');

/** Options of an ephemeral (emptyDir) ksqlDB state store. */
export interface EphemeralStateStoreOptions {
  /**
   * Most the emptyDir may hold before the kubelet evicts the pod.
   *
   * @default - 10 GiB: room for the RocksDB stores of typical aggregations and joins,
   * small enough that a runaway query cannot fill the node's disk; beyond it use
   * `KsqlStateStore.persistent()`
   */
  readonly sizeLimit?: Size;
}

/** Options of a persistent ksqlDB state store: one volume claim per server. */
export interface PersistentStateStoreOptions {
  /** Size of each server's volume claim. */
  readonly size: Size;

  /**
   * StorageClass of the claims. Prefer `volumeBindingMode: WaitForFirstConsumer`, so a
   * zonal disk is created where the pod is scheduled.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;

  /**
   * The size the claims were created with, once `size` has grown past it: the
   * StatefulSet's claim template cannot change, so it keeps this size and each server's
   * claim is declared on its own at `size`, for Kubernetes to expand (StorageClass with
   * `allowVolumeExpansion: true`). A `size` below it is refused.
   *
   * @default - `size`: the claims have their first size
   */
  readonly initialSize?: Size;
}

/** How a ksqlDB state store is kept (internal: the factories choose it). */
export enum KsqlStateStoreKind {
  /** An emptyDir: lost when the pod is deleted, rebuilt from the changelog topics. */
  EPHEMERAL = 'ephemeral',
  /** A volume claim per server, retained when pods or the StatefulSet are deleted. */
  PERSISTENT = 'persistent',
}

/** A state store after checks. */
export interface ResolvedStateStore {
  readonly kind: KsqlStateStoreKind;
  /** emptyDir size limit, as a quantity (ephemeral only). */
  readonly sizeLimit?: string;
  /** Claim size, as a quantity (persistent only). */
  readonly size?: string;
  /** StorageClass of the claims (persistent only, when given). */
  readonly storageClass?: string;
  /** The claims' first size, once they have grown (persistent only). */
  readonly initialSize?: string;
}


/**
 * Where ksqlDB keeps the local state of its stateful queries (RocksDB stores of
 * aggregations, joins and tables: Kafka Streams' `state.dir`).
 *
 * The local state is a cache: every store is backed by a changelog topic in Kafka
 * (replicated like the cluster's topics), and a server that starts without its state
 * restores it from there. The choice is about restore time, not durability:
 *
 * - `ephemeral()` (the default): an emptyDir. It survives container restarts (an
 *   out-of-memory kill, a liveness restart) but not pod deletion, so every rolling
 *   update and node drain restores the stores from Kafka. No volumes to provision or
 *   pin pods to a zone; right while the state is small.
 * - `persistent({ size })`: a volume claim per server, so a restarted server only
 *   catches up on what changed. Use it when restoring the state would take minutes.
 */
export class KsqlStateStore {
  /**
   * An emptyDir per pod (the default).
   *
   * @param options size limit of the emptyDir
   */
  public static ephemeral(options: EphemeralStateStoreOptions = {}): KsqlStateStore {
    checkArguments('KsqlStateStore.ephemeral', [['options', options, EPHEMERAL_OPTIONS]]);
    return new KsqlStateStore(KsqlStateStoreKind.EPHEMERAL, options.sizeLimit ?? Size.gibibytes(10), undefined);
  }

  /**
   * A volume claim per server, retained when pods are deleted or the StatefulSet scales
   * down (delete them by hand when the state is no longer wanted).
   *
   * @param options size and StorageClass of each claim
   */
  public static persistent(options: PersistentStateStoreOptions): KsqlStateStore {
    checkArguments('KsqlStateStore.persistent', [['options', options, PERSISTENT_OPTIONS]]);
    return new KsqlStateStore(KsqlStateStoreKind.PERSISTENT, options?.size, options?.storageClass, options?.initialSize);
  }

  private constructor(
    private readonly kind: KsqlStateStoreKind,
    private readonly size: Size | undefined,
    private readonly storageClass: string | undefined,
    private readonly initialSize?: Size,
  ) {
    madeByFactory(this);
  }

  /**
   * Checks the options and returns them resolved. Internal: used by `KsqlDb`.
   * @internal
   */
  public _resolve(scope: ErrorScope, prop: string): ResolvedStateStore {
    if (this.kind === KsqlStateStoreKind.EPHEMERAL) {
      return { kind: this.kind, sizeLimit: formatBytes(positiveSizeBytes(scope, `${prop}.sizeLimit`, this.size!)) };
    }
    const disk = resolveDisk(scope, { size: `${prop}.size`, storageClass: `${prop}.storageClass`, initialSize: `${prop}.initialSize` },
      { size: this.size, storageClass: this.storageClass, initialSize: this.initialSize });
    return { kind: this.kind, size: disk.size, storageClass: disk.storageClass, initialSize: disk.initialSize };
  }
}

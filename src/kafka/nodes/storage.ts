import { Size } from 'cdk8s';
import { ErrorScope, raise } from '../../core/errors';
import { checkArguments, Expect, madeByFactory } from '../../core/input-shape';
import { objectName, volumeSize } from '../../core/prop-shapes';
import { formatBytes, positiveSizeBytes } from '../../core/quantity';
import { ResolvedDisk, resolveDisk } from '../../core/volumes';

const PERSISTENT_DISK_OPTIONS = Expect.struct('PersistentDiskOptions', {
  size: Expect.required(volumeSize),
  storageClass: objectName,
  initialSize: volumeSize,
}, '{ size: Size.gibibytes(500) }');

const EPHEMERAL_STORAGE_OPTIONS = Expect.struct('EphemeralStorageOptions', { sizeLimit: volumeSize });

/** A Storage prop (src/core/input-shape.ts). */
export const storageShape = Expect.made('Storage', () => Storage, 'Storage.persistent({ size: Size.gibibytes(500) })');

/** One persistent disk of a node. */
export interface PersistentDiskOptions {
  /** Size of the volume claim. */
  readonly size: Size;
  /**
   * StorageClass of the claim. Use a class with `allowVolumeExpansion: true` so disks
   * can grow later, and `volumeBindingMode: WaitForFirstConsumer` so a zonal disk is
   * created in the zone the pod is scheduled to.
   *
   * @default - the cluster's default StorageClass
   */
  readonly storageClass?: string;

  /**
   * The size the disks were created with, once `size` has grown past it. A StatefulSet's
   * volume claim template cannot change after the StatefulSet exists (the API server
   * refuses the update), so the template keeps this size, and each node's claim is
   * declared on its own at `size` (named as the StatefulSet names it, so it is the same
   * claim): Kubernetes then expands each volume, where the StorageClass has
   * `allowVolumeExpansion: true`. To grow disks, set this to the current size and raise
   * `size`; keep it when growing again. A `size` below it is refused (claims only grow).
   *
   * @default - `size`: the disks have their first size, and the StatefulSet's template
   * alone makes the claims
   */
  readonly initialSize?: Size;
}

/** Options of ephemeral (emptyDir) storage. */
export interface EphemeralStorageOptions {
  /**
   * Most the emptyDir may hold before the pod is evicted.
   *
   * @default - 10 GiB: enough for a dev cluster's test traffic, small enough that a
   * runaway producer cannot fill the node's disk
   */
  readonly sizeLimit?: Size;
}

/** How storage is kept, as the library resolved it (internal: the factories choose it). */
export enum StorageKind {
  /** PersistentVolumeClaims, retained when pods or the cluster are deleted. */
  PERSISTENT = 'persistent',
  /** emptyDir: lost whenever a pod is deleted or rescheduled. */
  EPHEMERAL = 'ephemeral',
}

/**
 * Where a node keeps its log (data) directories.
 *
 * Persistent storage is a StatefulSet volume claim per disk; several disks form a JBOD
 * (one Kafka `log.dirs` entry each, Kafka balancing partitions across them). Claims
 * are retained when pods, the StatefulSet or the cluster are deleted or scaled down:
 * deleting data is always a separate, deliberate step.
 */
export class Storage {
  /** One persistent disk per node. */
  public static persistent(options: PersistentDiskOptions): Storage {
    checkArguments('Storage.persistent', [['options', options, PERSISTENT_DISK_OPTIONS]]);
    return new Storage(StorageKind.PERSISTENT, [options], undefined);
  }

  /**
   * Several persistent disks per node (JBOD): each becomes one `log.dirs` entry.
   * The first also holds the KRaft metadata log. Disks can be added at the end later;
   * never remove or reorder them, since each holds partitions.
   */
  public static jbod(disks: PersistentDiskOptions[]): Storage {
    checkArguments('Storage.jbod', [['disks', disks, Expect.list(PERSISTENT_DISK_OPTIONS, { minLength: 1, maxLength: 64 })]]);
    return new Storage(StorageKind.PERSISTENT, disks, undefined);
  }

  /**
   * An emptyDir: **every restart that moves or recreates the pod loses that node's
   * data**, and a cluster-wide restart loses everything, metadata included. For
   * throwaway dev and test clusters only; synth prints a warning.
   */
  public static ephemeral(options: EphemeralStorageOptions = {}): Storage {
    checkArguments('Storage.ephemeral', [['options', options, EPHEMERAL_STORAGE_OPTIONS]]);
    return new Storage(StorageKind.EPHEMERAL, [], options.sizeLimit ?? Size.gibibytes(10));
  }

  private constructor(
    private readonly kind: StorageKind,
    private readonly disks: readonly PersistentDiskOptions[],
    private readonly sizeLimit: Size | undefined,
  ) {
    madeByFactory(this);
  }

  /**
   * Checks the disks and returns them resolved. Internal: used by node pools.
   * @internal
   */
  public _resolve(scope: ErrorScope, prop: string): ResolvedStorage {
    if (this.kind === StorageKind.EPHEMERAL) {
      const bytes = positiveSizeBytes(scope, `${prop}.sizeLimit`, this.sizeLimit!);
      return { kind: this.kind, disks: [], ephemeralLimit: formatBytes(bytes) };
    }
    if (!Array.isArray(this.disks) || this.disks.length === 0) {
      raise(scope, prop, this.disks, 'a JBOD needs at least one disk', 'Pass one or more disks, e.g. Storage.jbod([{ size: Size.gibibytes(500) }])');
    }
    const disks = this.disks.map((disk, i) => {
      const at = this.disks.length === 1 ? prop : `${prop}.disks[${i}]`;
      return resolveDisk(scope, { size: `${at}.size`, storageClass: `${at}.storageClass`, initialSize: `${at}.initialSize` }, disk ?? {});
    });
    return { kind: this.kind, disks };
  }
}

/** Storage after checks. */
export interface ResolvedStorage {
  readonly kind: StorageKind;
  /** Persistent disks, in `log.dirs` order (empty for ephemeral). */
  readonly disks: readonly ResolvedDisk[];
  /** emptyDir size limit (ephemeral only). */
  readonly ephemeralLimit?: string;
}

/** Where disk `index` is mounted. The first is the image's own data path, which `ensure` checks. */
export function dataMountPath(index: number): string {
  return index === 0 ? '/var/lib/kafka/data' : `/var/lib/kafka/data-${index}`;
}

/**
 * The Kafka log directory on disk `index`: a subdirectory of the mount, so a volume's
 * `lost+found` (ext4) never sits in a log directory, where Kafka would take it for a
 * partition. cp-helm-charts does the same (`/opt/kafka/data-0/logs`).
 */
export function logDirPath(index: number): string {
  return `${dataMountPath(index)}/logs`;
}

/** Volume claim template name of disk `index`. */
export function dataVolumeName(index: number): string {
  return index === 0 ? 'data' : `data-${index}`;
}

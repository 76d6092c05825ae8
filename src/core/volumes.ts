import { Size } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { ErrorScope, raise } from './errors';
import { isObjectName } from './naming';
import { formatBytes, positiveSizeBytes } from './quantity';

// The two ways a workload keeps data on a node, shared by Kafka's storage and ksqlDB's
// state store: a volume claim per pod (kept when pods or the StatefulSet go away), or an
// emptyDir with a size limit (lost with the pod).

/** A persistent disk after checks. */
export interface ResolvedDisk {
  readonly sizeBytes: number;
  /** The size as a Kubernetes quantity. */
  readonly size: string;
  readonly storageClass?: string;
  /**
   * The size the claims were created with, when they have grown since (a quantity): the
   * claim template keeps it, and each pod's claim is declared on its own at `size`.
   */
  readonly initialSize?: string;
}

/** Where a disk's props are, for errors. */
export interface DiskProps {
  readonly size: string;
  readonly storageClass: string;
  readonly initialSize: string;
}

/** What a disk prop holds. */
export interface DiskOptions {
  readonly size?: Size;
  readonly storageClass?: string;
  readonly initialSize?: Size;
}

/**
 * Checks a disk's size, StorageClass name and the size it was created with: a volume
 * claim only grows (the API server refuses a smaller request), so a size below the
 * initial one is refused here.
 */
export function resolveDisk(scope: ErrorScope, props: DiskProps, disk: DiskOptions): ResolvedDisk {
  const sizeBytes = positiveSizeBytes(scope, props.size, disk.size!);
  if (disk.storageClass !== undefined && !isObjectName(disk.storageClass)) {
    raise(scope, props.storageClass, disk.storageClass, 'it is not a valid StorageClass name', 'Use the name as `kubectl get storageclass` shows it');
  }
  const size = formatBytes(sizeBytes);
  if (disk.initialSize === undefined) return { sizeBytes, size, storageClass: disk.storageClass };
  const initialBytes = positiveSizeBytes(scope, props.initialSize, disk.initialSize);
  if (initialBytes > sizeBytes) {
    raise(scope, props.size, formatBytes(sizeBytes), `it is smaller than ${props.initialSize} (${formatBytes(initialBytes)}): a volume claim only grows, Kubernetes refuses a smaller request`,
      `Keep ${props.size} at ${formatBytes(initialBytes)} or more; to get smaller disks, add a pool with them, move the partitions and remove this one`);
  }
  return { sizeBytes, size, storageClass: disk.storageClass, initialSize: initialBytes === sizeBytes ? undefined : formatBytes(initialBytes) };
}

/**
 * A StatefulSet volume claim template for one disk of every pod. It keeps the size the
 * claims were created with: a StatefulSet's claim templates cannot change once created.
 */
export function volumeClaimTemplate(name: string, disk: Pick<ResolvedDisk, 'size' | 'storageClass' | 'initialSize'>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: disk.storageClass,
      resources: { requests: { storage: k8s.Quantity.fromString(disk.initialSize ?? disk.size) } },
    },
  };
}

/**
 * Annotations that keep GitOps tools from deleting a declared claim when it leaves the
 * manifests (a pool scaled in or removed): deleting a claim deletes the data. Argo CD's
 * sync option and Flux's prune label as their docs name them.
 */
export const KEEP_CLAIM_ANNOTATIONS: Readonly<Record<string, string>> = {
  'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false',
  'kustomize.toolkit.fluxcd.io/prune': 'disabled',
};

/** A claim template whose claims may have grown: the template's name and its disk. */
export interface ClaimedDisk {
  readonly template: string;
  readonly disk: Pick<ResolvedDisk, 'size' | 'storageClass' | 'initialSize'>;
}

/** One pod's claim of a grown disk, declared so its size can grow. */
export interface GrownClaim {
  readonly name: string;
  readonly props: k8s.KubePersistentVolumeClaimProps;
}

/**
 * The claims of a grown disk, one per pod of a StatefulSet, named as the StatefulSet
 * names the claims it makes (`<template>-<statefulset>-<ordinal>`), so it uses them as
 * they are. Each requests `size`; Kubernetes expands the volume where the StorageClass
 * allows it (`allowVolumeExpansion: true`). None when the disk has not grown.
 * `labels` are the StatefulSet's selector labels, which it puts on the claims it makes.
 */
export function grownClaims(
  template: string, statefulSet: string, replicas: number, disk: Pick<ResolvedDisk, 'size' | 'storageClass' | 'initialSize'>, labels: Readonly<Record<string, string>>,
): GrownClaim[] {
  if (disk.initialSize === undefined) return [];
  return Array.from({ length: replicas }, (_, ordinal) => {
    const name = `${template}-${statefulSet}-${ordinal}`;
    return {
      name,
      props: {
        metadata: { name, labels: { ...labels }, annotations: { ...KEEP_CLAIM_ANNOTATIONS } },
        spec: {
          accessModes: ['ReadWriteOnce'],
          storageClassName: disk.storageClass,
          resources: { requests: { storage: k8s.Quantity.fromString(disk.size) } },
        },
      },
    };
  });
}

/** An emptyDir that the kubelet evicts the pod for when it grows past `sizeLimit` (a quantity). */
export function sizedEmptyDir(name: string, sizeLimit: string): k8s.Volume {
  return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } };
}

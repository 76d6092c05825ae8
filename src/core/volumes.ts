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
}

/** Checks a disk's size and StorageClass name. */
export function resolveDisk(
  scope: ErrorScope, sizeProp: string, classProp: string, size: Size | undefined, storageClass: string | undefined,
): ResolvedDisk {
  const sizeBytes = positiveSizeBytes(scope, sizeProp, size!);
  if (storageClass !== undefined && !isObjectName(storageClass)) {
    raise(scope, classProp, storageClass, 'it is not a valid StorageClass name', 'Use the name as `kubectl get storageclass` shows it');
  }
  return { sizeBytes, size: formatBytes(sizeBytes), storageClass };
}

/** A StatefulSet volume claim template for one disk of every pod. */
export function volumeClaimTemplate(name: string, disk: Pick<ResolvedDisk, 'size' | 'storageClass'>): k8s.KubePersistentVolumeClaimProps {
  return {
    metadata: { name },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: disk.storageClass,
      resources: { requests: { storage: k8s.Quantity.fromString(disk.size) } },
    },
  };
}

/** An emptyDir that the kubelet evicts the pod for when it grows past `sizeLimit` (a quantity). */
export function sizedEmptyDir(name: string, sizeLimit: string): k8s.Volume {
  return { name, emptyDir: { sizeLimit: k8s.Quantity.fromString(sizeLimit) } };
}

import { k8s } from 'cdk8s-plus-27';
import { COMPONENT_RUNTIME, ConfluentComponent, WritablePath } from './component';

/**
 * The user and group a pod runs as.
 */
export interface RunAsUser {
  /** `runAsUser`. */
  readonly uid: number;
  /** `runAsGroup`. */
  readonly gid: number;
  /** `fsGroup`: volumes are made group-writable for it, so a fresh PVC is writable. */
  readonly fsGroup: number;
}

/**
 * `appuser` of every Confluent image: uid 1000 (the first `useradd` user in the 7.x/8.0
 * base images, pinned as APP_UID=1000 in later ones), group 1000. Image directories
 * are owned `appuser:root` with `ug+w`, so uid 1000 can write them.
 * (confluentinc/common-docker `base/Dockerfile.ubi8` at 7.9.x creates appuser with
 * `useradd` and no uid; `base-java-micro/Dockerfile.ubi9` on master pins APP_UID=1000;
 * kafka-images `kafka/Dockerfile.ubi8` chowns its directories `appuser:root`.)
 */
export const CONFLUENT_APP_USER: RunAsUser = { uid: 1000, gid: 1000, fsGroup: 1000 };

/**
 * Pod-level security context meeting the "restricted" Pod Security Standard:
 * non-root, a fixed non-zero uid, seccomp RuntimeDefault. `fsGroupChangePolicy:
 * OnRootMismatch` skips the recursive chown of a large data volume on every restart,
 * which would otherwise delay a broker's start by minutes.
 */
export function restrictedPodSecurityContext(user: RunAsUser = CONFLUENT_APP_USER): k8s.PodSecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    fsGroup: user.fsGroup,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Container-level security context meeting the "restricted" Pod Security Standard,
 * plus a read-only root filesystem (writable paths come from `writableVolumes`).
 * Set on every container too, so a container stays compliant if copied into a pod
 * without the pod-level context.
 */
export function restrictedContainerSecurityContext(user: RunAsUser = CONFLUENT_APP_USER): k8s.SecurityContext {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    runAsUser: user.uid,
    runAsGroup: user.gid,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** An emptyDir volume and its mount, for one path the image writes to. */
export interface WritableVolume {
  readonly volume: k8s.Volume;
  readonly mount: k8s.VolumeMount;
}

/**
 * The emptyDir volumes and mounts a component needs under a read-only root
 * filesystem. Each emptyDir has a size limit so a runaway writer is evicted rather
 * than filling the node's disk.
 */
export function writableVolumes(component: ConfluentComponent): WritableVolume[] {
  return COMPONENT_RUNTIME[component].writablePaths.map(toWritableVolume);
}

/** Environment the images need for the writable layout: LOG_DIR points at the emptyDir. */
export function writableLayoutEnv(component: ConfluentComponent): k8s.EnvVar[] {
  const logs = COMPONENT_RUNTIME[component].writablePaths.find(p => p.volume === 'logs');
  return logs ? [{ name: 'LOG_DIR', value: logs.mountPath }] : [];
}

function toWritableVolume(path: WritablePath): WritableVolume {
  return {
    volume: { name: path.volume, emptyDir: { sizeLimit: k8s.Quantity.fromString(EMPTY_DIR_LIMIT[path.volume] ?? '64Mi') } },
    mount: { name: path.volume, mountPath: path.mountPath },
  };
}

// Config directories hold a few rendered files. GC logs rotate at 10 files x 100M
// (kafka-run-class.sh `filecount=10,filesize=100M`), so the log limit sits above 1000M:
// a limit below it would evict a healthy pod once its GC log filled up. /tmp holds
// extracted native libraries.
const EMPTY_DIR_LIMIT: Record<string, string> = {
  'config': '16Mi',
  'kafka-config': '16Mi',
  'logs': '1536Mi',
  'tmp': '256Mi',
};

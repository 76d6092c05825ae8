import { k8s } from 'cdk8s-plus-27';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { logDirPath, dataMountPath, StorageKind } from './storage';
import { scriptEnv, ScriptFile } from '../../core/script-file';

// The quorum guard of the KRaft voters (quorum-guard.sh, run by the start wrapper before
// the image formats storage) and the ConfigMap that records the quorum's bootstrap,
// which the roll Job writes and the voters read.

/** The guard's functions (guard_quorum, record_voters), inlined before node-start.sh. */
export const QUORUM_GUARD = ScriptFile.at(__dirname, 'quorum-guard.sh');

/** Where a voter mounts the quorum-state ConfigMap. */
const QUORUM_STATE_DIR = '/var/run/cdk8s-kafka/quorum-state';

/** Where the refusals send the user. */
export const OPERATIONS_DOC = 'https://github.com/cdk8s-kafka/cdk8s-kafka/blob/main/docs/operations.md';

/** The ConfigMap that records the quorum's bootstrap. */
export function quorumStateName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka-quorum-state`;
}

/**
 * Whether a pool's nodes run the guard: KRaft voters that keep their disks. Ephemeral
 * voters lose their log on every restart by design (a throw-away cluster).
 */
export function guardsQuorum(pool: ResolvedPool): boolean {
  return hasRole(pool, NodeRole.CONTROLLER) && pool.storage.kind === StorageKind.PERSISTENT;
}

/** The guard's environment. */
export function renderQuorumGuardEnv(m: Pick<ResolvedCluster, 'name'>): k8s.EnvVar[] {
  return scriptEnv({
    CDK8S_QUORUM_DATA_DIR: dataMountPath(0),
    CDK8S_METADATA_LOG_DIR: logDirPath(0),
    CDK8S_QUORUM_STATE_DIR: QUORUM_STATE_DIR,
    CDK8S_QUORUM_STATE_CONFIGMAP: quorumStateName(m),
    CDK8S_OPERATIONS_DOC: OPERATIONS_DOC,
  });
}

/**
 * The quorum-state ConfigMap as a volume and its mount: optional, so a new cluster
 * starts before the roll Job has written it.
 */
export function quorumStateVolume(m: Pick<ResolvedCluster, 'name'>): { volume: k8s.Volume; mount: k8s.VolumeMount } {
  return {
    volume: { name: 'quorum-state', configMap: { name: quorumStateName(m), optional: true } },
    mount: { name: 'quorum-state', mountPath: QUORUM_STATE_DIR, readOnly: true },
  };
}

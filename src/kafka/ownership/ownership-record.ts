import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { addNamespacedAccess, apiCallerContainer, apiCallerVolumes, apiClientPreamble } from '../../core/api-caller';
import { jobSpecHash } from '../../core/job-spec-hash';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { CONFLUENT_APP_USER, restrictedPodSecurityContext } from '../../core/pod-security';
import { mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell } from '../../core/script-file';
import { ResolvedCluster } from '../cluster-model';
import { kafkaToolsVolumes } from '../kafka-tools-container';

// What the library made in Kafka, recorded where its Jobs read it back: each Job that
// makes state in Kafka (topics; users, ACLs and quotas) keeps a ConfigMap,
// `<cluster>-kafka-<job>-owned`, listing the items it made. Only listed items are ever
// deleted when the program stops declaring them (and only with the prune option for
// their kind). Such a Job's pod runs four steps in order:
//   1. wait-for-brokers (the Kafka tools, no token): the client settings, then a wait for
//      the brokers, so the steps after it run back to back;
//   2. record-read (curl, API token): reads the record; a Job of an older apply stops here;
//   3. the Kafka step (the Kafka tools, no token): prunes, applies, and notes what it
//      made and removed;
//   4. record-write (curl, API token): merges that into the record, then ends the pod
//      with the Kafka step's status.

/** Where the record steps and the Kafka step of a recorded Job share their files. */
export const RECORD_DIR = '/var/run/cdk8s-kafka/record';

/** Bash helpers of the Kafka step (`record_owned`, `record_added`, `record_removed`, `record_run`). */
export const OWNERSHIP = ScriptFile.at(__dirname, 'ownership.sh');

const RECORD_API = ScriptFile.at(__dirname, 'record-api.sh');
const RECORD_READ = ScriptFile.at(__dirname, 'record-read.sh');
const RECORD_WRITE = ScriptFile.at(__dirname, 'record-write.sh');

/** Attempts of a record step while the API server does not answer (5 s apart on reads). */
const RECORD_ATTEMPTS = 24;

/** A kind of state a recorded Job makes in Kafka: a key of its record. */
export enum RecordKind {
  TOPICS = 'topics',
  USERS = 'users',
  ACLS = 'acls',
  QUOTAS = 'quotas',
}

/** A recorded Job's record and the account its API steps use. */
export interface OwnershipRecordSpec {
  /** The ConfigMap that lists what the Job made. */
  readonly record: string;
  /** ServiceAccount, Role and RoleBinding of the API steps. */
  readonly serviceAccount: string;
  readonly kinds: readonly RecordKind[];
}

/** The record of one of the cluster's Jobs (`job`: `topics` or `access`). */
export function ownershipRecordSpec(m: Pick<ResolvedCluster, 'name'>, job: string, kinds: readonly RecordKind[]): OwnershipRecordSpec {
  return { record: `${m.name}-kafka-${job}-owned`, serviceAccount: `${m.name}-kafka-${job}`, kinds };
}

/**
 * A record ConfigMap, synthesized with one key, `desired`: the desired state of this
 * apply ('' while the program has no Job for it), which tells a Job of an older apply
 * that it is superseded. The item keys are written by the Jobs only, so applying the
 * manifests again keeps them (kubectl apply and server-side apply change only the keys
 * the manifest holds). The cluster adds its records before its Jobs, so the manifests
 * list each record before the Job that reads it, and a record stays when its Job goes
 * (the program declares nothing of its kind any more), so what it lists is not forgotten.
 */
export function addRecordConfigMap(scope: Construct, id: string, record: string, labels: Record<string, string>, desired: () => string): void {
  new k8s.KubeConfigMap(scope, id, {
    metadata: { name: claimName(scope, 'ConfigMap', record), labels },
    data: { desired: late(desired) },
  });
}

/** The account of a recorded Job's API steps: get and patch its record, nothing else. */
export function addRecordAccess(scope: Construct, spec: OwnershipRecordSpec, labels: Record<string, string>): void {
  addNamespacedAccess(new Construct(scope, 'RecordAccess'), spec.serviceAccount, labels, [
    { apiGroups: [''], resources: ['configmaps'], resourceNames: [spec.record], verbs: ['get', 'patch'] },
  ]);
}

/** What a recorded Job's pod is made of. */
export interface RecordedJobPodProps {
  readonly labels: Record<string, string>;
  readonly spec: OwnershipRecordSpec;
  readonly imagePullPolicy: string;
  /** The wait step: writes the client settings the Kafka step reads, waits for the brokers. */
  readonly wait: k8s.Container;
  /** The Kafka step: a Kafka tools container whose script ends with `record_run`. */
  readonly kafka: k8s.Container;
  /** Volumes the Kafka step mounts (its writable paths are added here). */
  readonly volumes: readonly k8s.Volume[];
}

/** A recorded Job's spec, and the desired state its record must name for it to act. */
export interface RecordedJobSpec {
  readonly spec: k8s.JobSpec;
  readonly desired: string;
}

/** A recorded Job's pod, and the desired state its record must name for it to act. */
export interface RecordedJobPod {
  readonly template: k8s.PodTemplateSpec;
  /** Hash of the Kafka step: what it applies, and how. */
  readonly desired: string;
}

/**
 * A recorded Job's pod: the wait step, record-read and the Kafka step as init containers
 * (in order), record-write as the container, so the write step runs after the Kafka step
 * whatever its outcome and `kubectl logs job/<name>` shows its log. The token is mounted
 * into the two curl containers only; every container runs as the Confluent images' user,
 * so the steps read each other's files.
 */
export function recordedJobPod(props: RecordedJobPodProps): RecordedJobPod {
  const desired = jobSpecHash({ template: { spec: { containers: [props.kafka] } } });
  const mount: k8s.VolumeMount = { name: 'record', mountPath: RECORD_DIR };
  const recordEnv = scriptEnv({
    CDK8S_RECORD: props.spec.record,
    CDK8S_RECORD_DIR: RECORD_DIR,
    CDK8S_RECORD_KINDS: props.spec.kinds.join(' '),
    CDK8S_RECORD_DESIRED: desired,
    CDK8S_ATTEMPTS: RECORD_ATTEMPTS,
  });
  const apiStep = (name: string, file: ScriptFile, env: k8s.EnvVar[]) => apiCallerContainer({
    name,
    imagePullPolicy: props.imagePullPolicy,
    user: CONFLUENT_APP_USER,
    mounts: [mount],
    script: { command: scriptCommand(Shell.SH, apiClientPreamble(), RECORD_API, file), env: mergeEnv(recordEnv, env) },
  });
  return {
    desired,
    template: {
      metadata: { labels: props.labels },
      spec: {
        restartPolicy: 'Never',
        serviceAccountName: props.spec.serviceAccount,
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        initContainers: [
          props.wait,
          apiStep('record-read', RECORD_READ, []),
          { ...props.kafka, volumeMounts: [...props.kafka.volumeMounts ?? [], mount] },
        ],
        containers: [apiStep('record-write', RECORD_WRITE, [])],
        volumes: [
          ...kafkaToolsVolumes(),
          ...props.volumes,
          ...apiCallerVolumes(),
          // The Kafka step's log and the item lists: a few MB hold the log of thousands of topics.
          { name: 'record', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('16Mi') } },
        ],
      },
    },
  };
}

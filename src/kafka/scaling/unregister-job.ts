import { k8s } from 'cdk8s-plus-27';
import { mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { ConfluentVersion } from '../../core/version';
import { brokerClientJobSpec } from '../broker-client-job';
import { declaredBrokers } from '../broker-connection';
import { MembersSnapshot } from '../cluster-members';
import { ResolvedCluster } from '../cluster-model';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget } from '../kafka-tools-container';

/** Reads `kafka-topics --describe` into "topic partition replicas" lines (bash). */
export const PARTITION_REPLICAS = ScriptFile.at(__dirname, 'partition-replicas.sh');
const UNREGISTER_BROKERS = ScriptFile.at(__dirname, 'unregister-brokers.sh');

/**
 * Seconds one pod waits for removed brokers to stop: their grace period (5 minutes by
 * default) and a margin; then the Job retries with a new pod.
 */
const STOP_WAIT_SECONDS = 600;
/** The first release whose tools list fenced brokers (kafka-cluster list-endpoints --include-fenced-brokers, Kafka 4.0). */
const FIRST_RELEASE = ConfluentVersion.of('8.0.0');

/** What the unregister script needs. */
export interface UnregisterScriptInput extends KafkaAdminTarget {
  /** The broker ids the program declares. */
  readonly brokerIds: readonly number[];
  readonly stopWaitSeconds: number;
}

/** The unregister script (unregister-brokers.sh after kafka-admin.sh and partition-replicas.sh; bash, Kafka image). */
export function renderUnregisterScript(input: UnregisterScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, KAFKA_ADMIN, PARTITION_REPLICAS, UNREGISTER_BROKERS),
    env: mergeEnv(kafkaAdminEnv(input), scriptEnv({
      CDK8S_BROKER_IDS: [...input.brokerIds].sort((a, b) => a - b).join(' '),
      CDK8S_STOP_WAIT_SECONDS: input.stopWaitSeconds,
    })),
  };
}

/** Whether the cluster has an unregister Job: from 8.0, whose tools list fenced brokers. */
export function hasUnregisterJob(m: Pick<ResolvedCluster, 'version'>): boolean {
  return m.version.isAtLeast(FIRST_RELEASE);
}

/**
 * The cluster's unregister Job (`<cluster>-kafka-unregister-<hash>`, from 8.0): a wait
 * for the brokers, then the unregister step, which removes from the KRaft metadata the
 * brokers the program no longer declares, once stopped and only when they hold no
 * replica; a removed broker that still holds replicas (a scale-in without a drain) fails
 * the Job with what it holds and how to recover. Named from the declared brokers, so a
 * scale-in or a removed pool is a new Job; unchanged, it runs again after
 * `finishedJobTtl`, so a removal that went wrong is reported again.
 */
export function renderUnregisterJobSpec(m: ResolvedCluster, members: MembersSnapshot): k8s.JobSpec {
  return brokerClientJobSpec(m, members, 'unregister',
    target => renderUnregisterScript({ ...target, brokerIds: declaredBrokers(members).map(b => b.id), stopWaitSeconds: STOP_WAIT_SECONDS }));
}

import { k8s } from 'cdk8s-plus-27';
import { declaredBrokers } from '../broker-connection';
import { drainingBrokers, REASSIGN } from './drain-job';
import { PARTITION_REPLICAS } from './unregister-job';
import { envLines, mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { brokerClientJobSpec } from '../broker-client-job';
import { MembersSnapshot } from '../cluster-members';
import { PlacedBroker, ResolvedCluster } from '../cluster-model';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget } from '../kafka-tools-container';

const BALANCE_BROKERS = ScriptFile.at(__dirname, 'balance-brokers.sh');

/** Seconds between checks of a running reassignment. */
const POLL_SECONDS = 30;
/** Seconds one pod waits or checks before it ends and the Job retries (and resumes): six hours. */
const WAIT_LIMIT_SECONDS = 6 * 3600;

/** What the balance script needs. */
export interface BalanceScriptInput extends KafkaAdminTarget {
  readonly workDir: string;
  /** The brokers to even out (not those being drained), with their zones. */
  readonly brokers: readonly PlacedBroker[];
  readonly throttleBytes: number;
  readonly pollSeconds: number;
  readonly waitSeconds: number;
}

/** The balance script (balance-brokers.sh after kafka-admin.sh, partition-replicas.sh and reassign.sh; bash, Kafka image). */
export function renderBalanceScript(input: BalanceScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, KAFKA_ADMIN, PARTITION_REPLICAS, REASSIGN, BALANCE_BROKERS),
    env: mergeEnv(kafkaAdminEnv(input), scriptEnv({
      CDK8S_WORK_DIR: input.workDir,
      CDK8S_BROKERS: envLines([...input.brokers].sort((a, b) => a.id - b.id).map(b => [b.id, b.zone ?? '-'])),
      CDK8S_THROTTLE: input.throttleBytes,
      CDK8S_POLL_SECONDS: input.pollSeconds,
      CDK8S_WAIT_LIMIT_SECONDS: input.waitSeconds,
    })),
  };
}

/**
 * The cluster's balance Job (`<cluster>-kafka-balance-<hash>`, with `balanceReplicas`):
 * a wait for the brokers, then the balance step, which moves partition replicas between
 * brokers of the same zone until each holds within one of the others, throttled, and
 * checks the move is done. Named from the brokers: adding brokers (a pool's replicas, a
 * new pool) is a new Job, so new brokers take their share; unchanged, it runs again after
 * `finishedJobTtl` and moves nothing while the counts stay even.
 */
export function renderBalanceJobSpec(m: ResolvedCluster, members: MembersSnapshot): k8s.JobSpec {
  const draining = new Set(drainingBrokers(members).map(b => b.id));
  const brokers = declaredBrokers(members).filter(b => !draining.has(b.id));
  return brokerClientJobSpec(m, members, 'balance', (target, workDir) => renderBalanceScript({
    ...target, workDir, brokers, throttleBytes: m.reassignmentThrottleBytes, pollSeconds: POLL_SECONDS, waitSeconds: WAIT_LIMIT_SECONDS,
  }));
}

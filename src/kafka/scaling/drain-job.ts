import { k8s } from 'cdk8s-plus-27';
import { declaredBrokers } from '../broker-connection';
import { PARTITION_REPLICAS } from './unregister-job';
import { envLines, mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { brokerClientJobSpec } from '../broker-client-job';
import { MembersSnapshot } from '../cluster-members';
import { PlacedBroker, ResolvedCluster } from '../cluster-model';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget } from '../kafka-tools-container';

const DRAIN_BROKERS = ScriptFile.at(__dirname, 'drain-brokers.sh');
/** The reassignment steps the drain and balance Jobs share (reassign.sh). */
export const REASSIGN = ScriptFile.at(__dirname, 'reassign.sh');

/** Seconds between checks of a running reassignment. */
const POLL_SECONDS = 30;
/**
 * Seconds one drain pod checks a running reassignment before it ends and the Job retries
 * (and resumes): six hours, so a large drain spans a few attempts, not the retry budget.
 */
const DRAIN_WAIT_SECONDS = 6 * 3600;

/** What the drain script needs. */
export interface DrainScriptInput extends KafkaAdminTarget {
  /** A private directory for the reassignment file. */
  readonly workDir: string;
  readonly draining: readonly PlacedBroker[];
  /** The brokers that stay, with their zones. */
  readonly kept: readonly PlacedBroker[];
  readonly throttleBytes: number;
  readonly pollSeconds: number;
  readonly waitSeconds: number;
}

/** The drain script (drain-brokers.sh after kafka-admin.sh and partition-replicas.sh; bash, Kafka image). */
export function renderDrainScript(input: DrainScriptInput): ShellScript {
  const lines = (brokers: readonly PlacedBroker[]) => envLines([...brokers].sort((a, b) => a.id - b.id).map(b => [b.id, b.zone ?? '-']));
  return {
    command: scriptCommand(Shell.BASH, KAFKA_ADMIN, PARTITION_REPLICAS, REASSIGN, DRAIN_BROKERS),
    env: mergeEnv(kafkaAdminEnv(input), scriptEnv({
      CDK8S_WORK_DIR: input.workDir,
      CDK8S_DRAINING: lines(input.draining),
      CDK8S_KEPT: lines(input.kept),
      CDK8S_THROTTLE: input.throttleBytes,
      CDK8S_POLL_SECONDS: input.pollSeconds,
      CDK8S_WAIT_LIMIT_SECONDS: input.waitSeconds,
    })),
  };
}

/** The brokers being drained, over every pool. */
export function drainingBrokers(members: Pick<MembersSnapshot, 'pools'>): PlacedBroker[] {
  return members.pools.flatMap(p => p.draining);
}


/**
 * The cluster's drain Job (`<cluster>-kafka-drain-<hash>`), while a pool has `drainTo`:
 * a wait for the brokers, then the drain step, which moves every partition replica off
 * the brokers that count will remove, throttled, checks none is left, and resumes where
 * an earlier attempt left off. Named from what it drains and where to.
 */
export function renderDrainJobSpec(m: ResolvedCluster, members: MembersSnapshot): k8s.JobSpec {
  const draining = drainingBrokers(members);
  const drained = new Set(draining.map(b => b.id));
  const kept = declaredBrokers(members).filter(b => !drained.has(b.id));
  return brokerClientJobSpec(m, members, 'drain', (target, workDir) => renderDrainScript({
    ...target, workDir, draining, kept, throttleBytes: m.reassignmentThrottleBytes, pollSeconds: POLL_SECONDS, waitSeconds: DRAIN_WAIT_SECONDS,
  }));
}

import { k8s } from 'cdk8s-plus-27';
import { ResolvedCluster } from './cluster-model';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget, kafkaToolsContainer } from './kafka-tools-container';
import { KEYSTORE_SETUP, NodeTlsFiles, renderKeystoreSetup } from './security/access-scripts';
import { mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../core/script-file';

const WAIT_FOR_BROKERS = ScriptFile.at(__dirname, 'wait-for-brokers.sh');

/** What the wait step needs. */
export interface WaitForBrokersInput extends KafkaAdminTarget {
  /** The nodes' certificate, when the cluster has TLS (the Job acts as the cluster). */
  readonly tls?: NodeTlsFiles;
  /** Seconds to wait for the brokers before failing this attempt. */
  readonly waitSeconds: number;
}

/**
 * The wait step's script (wait-for-brokers.sh after keystore-setup.sh and
 * kafka-admin.sh; bash, Kafka image): the keystore and client settings for the Job's
 * Kafka step, then a wait for the brokers.
 */
export function renderWaitForBrokersScript(input: WaitForBrokersInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, KEYSTORE_SETUP, KAFKA_ADMIN, WAIT_FOR_BROKERS),
    env: mergeEnv(
      input.tls === undefined ? [] : renderKeystoreSetup(input.tls),
      kafkaAdminEnv(input),
      scriptEnv({ CDK8S_WAIT_SECONDS: input.waitSeconds }),
    ),
  };
}

/** The wait step of a recorded Job: the same image, mounts and target as its Kafka step. */
export function waitForBrokersContainer(m: Pick<ResolvedCluster, 'image' | 'imagePullPolicy'>, input: WaitForBrokersInput, mounts: k8s.VolumeMount[]): k8s.Container {
  return kafkaToolsContainer(m, 'wait-for-brokers', renderWaitForBrokersScript(input), mounts);
}

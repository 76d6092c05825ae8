import { k8s } from 'cdk8s-plus-27';
import { renderKafkaVersionGate } from '../../core/kafka-version-gate';
import { mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { brokerClientJobSpec } from '../broker-client-job';
import { MembersSnapshot } from '../cluster-members';
import { ResolvedCluster } from '../cluster-model';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget } from '../kafka-tools-container';
import { versionConfigMapName } from '../roll/node-roll';

const FEATURES_FINALIZE = ScriptFile.at(__dirname, 'features-finalize.sh');


/** What the features script needs. */
export interface FeaturesScriptInput extends KafkaAdminTarget {
  /** The Kafka release (major.minor) whose features to turn on. */
  readonly release: string;
}

/**
 * The features script (features-finalize.sh after kafka-admin.sh; bash, Kafka image):
 * turns on the features of a Kafka release at the levels `kafka-features
 * version-mapping` gives, one named feature at a time and never kraft.version; leaves
 * what is on, refuses to lower anything, dry-runs first.
 */
export function renderFeaturesScript(input: FeaturesScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, KAFKA_ADMIN, FEATURES_FINALIZE),
    env: mergeEnv(kafkaAdminEnv(input), scriptEnv({ CDK8S_FEATURES_RELEASE: input.release })),
  };
}


/**
 * The cluster's features Job (`<cluster>-kafka-features-<hash>`), when `finalizedVersion`
 * is set: a wait until the roll Job has recorded that every node runs the cluster's
 * release (as the components wait for it), a wait for the brokers, then the features
 * step, which turns on the finalized release's Kafka features (metadata.version, the
 * new group protocol, transactions v2) as the cluster itself. A new `finalizedVersion`
 * is a new Job; an unchanged one runs again after `finishedJobTtl` and changes nothing.
 */
export function renderFeaturesJobSpec(m: ResolvedCluster, members: MembersSnapshot): k8s.JobSpec {
  const gate = renderKafkaVersionGate({ configMap: versionConfigMapName(m), version: m.version.version }, m.image, m.imagePullPolicy);
  return brokerClientJobSpec(m, members, 'features', target => renderFeaturesScript({ ...target, release: m.finalizedVersion!.kafkaVersion }), gate);
}

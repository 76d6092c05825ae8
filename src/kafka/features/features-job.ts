import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { jobSpecHash } from '../../core/job-spec-hash';
import { renderKafkaVersionGate } from '../../core/kafka-version-gate';
import { late } from '../../core/late';
import { restrictedPodSecurityContext } from '../../core/pod-security';
import { mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { ClusterMembers, MembersSnapshot } from '../cluster-members';
import { ResolvedCluster } from '../cluster-model';
import { addHelperJobNetworkPolicy } from '../helper-job-network-policy';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget, kafkaToolsContainer, kafkaToolsVolumes } from '../kafka-tools-container';
import { accessJobSelector, clusterLabels } from '../pod-labels';
import { versionConfigMapName } from '../roll/node-roll';
import { replicationBootstrap } from '../security/access-jobs';
import { nodeCertificateInPod } from '../security/certificates';
import { waitForBrokersContainer } from '../wait-for-brokers';

const FEATURES_FINALIZE = ScriptFile.at(__dirname, 'features-finalize.sh');

/** Where the features Job writes its client settings. */
const WORK_DIR = '/tmp/work';
/** Seconds one features pod waits for the brokers, once every node runs the release. */
const FEATURES_WAIT_SECONDS = 900;

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

/** What the features Job is built from. */
export interface FeaturesJobProps {
  readonly cluster: ResolvedCluster;
  /** The pools (the brokers to bootstrap from), rendered at synth. */
  readonly members: ClusterMembers;
}

/**
 * The cluster's features Job (`<cluster>-kafka-features-<hash>`), when `finalizedVersion`
 * is set: once the roll Job has recorded that every node runs the cluster's release, it
 * turns on the Kafka features of the finalized release (metadata.version, the new group
 * protocol, transactions v2), as the cluster itself. Named from its spec: a new
 * `finalizedVersion` is a new Job; an unchanged one runs again after `finishedJobTtl`
 * and changes nothing. With the cluster's NetworkPolicies its pod admits nothing and
 * reaches the brokers' replication port and DNS only.
 */
export class FeaturesJob extends Construct {
  constructor(scope: Construct, id: string, props: FeaturesJobProps) {
    super(scope, id);
    const m = props.cluster;
    const labels = clusterLabels(m, 'features');
    const spec = props.members.memo(() => renderFeaturesJobSpec(m, props.members.snapshot()));
    new k8s.KubeJob(this, 'Job', {
      metadata: { name: late(() => `${m.name}-kafka-features-${jobSpecHash(spec())}`), labels },
      spec: late(spec),
    });
    addHelperJobNetworkPolicy(this, m, 'features', labels);
  }
}

/**
 * The features Job: a wait until every node runs the cluster's release (the roll Job's
 * record, as the components wait for it), a wait for the brokers with the nodes'
 * certificate written, then the features step.
 */
export function renderFeaturesJobSpec(m: ResolvedCluster, members: MembersSnapshot): k8s.JobSpec {
  const tls = m.security.tls;
  const clientConfigFile = `${WORK_DIR}/client.properties`;
  const certificate = tls === undefined ? undefined : nodeCertificateInPod(m, tls, clientConfigFile);
  const target = { bootstrap: replicationBootstrap(m, members), clientConfigFile };
  const mounts = [{ name: 'work', mountPath: WORK_DIR }, ...certificate?.mounts ?? []];
  const gate = renderKafkaVersionGate({ configMap: versionConfigMapName(m), version: m.version.version }, m.image, m.imagePullPolicy);
  return {
    // A refusal (a node that cannot take the levels) fails every attempt: a few show it.
    backoffLimit: 6,
    ttlSecondsAfterFinished: m.finishedJobTtlSeconds,
    template: {
      metadata: { labels: accessJobSelector(m.name, 'features') },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        initContainers: [
          gate.container,
          waitForBrokersContainer(m, { ...target, tls: certificate?.files, waitSeconds: FEATURES_WAIT_SECONDS }, mounts),
        ],
        containers: [kafkaToolsContainer(m, 'features', renderFeaturesScript({ ...target, release: m.finalizedVersion!.kafkaVersion }), mounts)],
        volumes: [
          ...kafkaToolsVolumes(),
          gate.volume,
          { name: 'work', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
          ...certificate?.volumes ?? [],
        ],
      },
    },
  };
}

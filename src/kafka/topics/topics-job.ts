import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { renderTopicsScript } from './topics-script';
import { apiServerEgressRule, dnsEgressRule, serviceEgressRule } from '../../access/egress';
import { jobSpecHash } from '../../core/job-spec-hash';
import { late } from '../../core/late';
import { claimName } from '../../core/naming';
import { ClusterMembers, MembersSnapshot } from '../cluster-members';
import { ResolvedCluster } from '../cluster-model';
import { kafkaToolsContainer } from '../kafka-tools-container';
import { RESERVED_LISTENERS } from '../listener';
import { addOwnershipRecord, OwnershipRecordSpec, ownershipRecordSpec, RECORD_DIR, RecordedJobPod, recordedJobPod, RecordedJobSpec, RecordKind } from '../ownership/ownership-record';
import { accessJobSelector, brokerSelector, clusterLabels } from '../pod-labels';
import { replicationBootstrap } from '../security/access-jobs';
import { nodeCertificateInPod } from '../security/certificates';

/** Where the topics Job writes its client settings and the tools' files. */
const WORK_DIR = '/tmp/work';
/** Seconds one topics pod waits for the brokers (a new cluster formats and elects first). */
const TOPICS_WAIT_SECONDS = 900;

/** What the topics Job is built from. */
export interface TopicsJobProps {
  readonly cluster: ResolvedCluster;
  /** Topics and pools, rendered at synth. */
  readonly members: ClusterMembers;
}

/** Name of the topics Job: a hash of its spec, so every change of a topic is a new Job that runs. */
export function topicsJobName(m: Pick<ResolvedCluster, 'name'>, spec: k8s.JobSpec): string {
  return `${m.name}-kafka-topics-${jobSpecHash(spec)}`;
}

/** The topics Job's ownership record: the topics it created. */
export function topicsRecord(m: Pick<ResolvedCluster, 'name'>): OwnershipRecordSpec {
  return ownershipRecordSpec(m, 'topics', [RecordKind.TOPICS]);
}

/**
 * The cluster's topics Job: makes every declared topic exist as declared, as the
 * cluster itself (the nodes' certificate on the replication listener, with TLS), and
 * records the topics it creates (`<cluster>-kafka-topics-owned`), so that with
 * `prune.topics` it deletes those the program stops declaring, and only those. Named
 * from its spec, so a changed topic is a new Job; an unchanged one is the same finished
 * Job until Kubernetes deletes it (`finishedJobTtl`), and the next apply runs it again,
 * so topics deleted by hand or lost with a recreated cluster come back. With the
 * cluster's NetworkPolicies, its pod admits nothing and, with egress rules, reaches the
 * brokers' replication port, the API server (its record) and DNS only.
 */
export class TopicsJob extends Construct {
  constructor(scope: Construct, id: string, props: TopicsJobProps) {
    super(scope, id);
    const m = props.cluster;
    const labels = clusterLabels(m, 'topics');
    const job = props.members.memo(() => renderTopicsJob(m, props.members.snapshot()));
    new k8s.KubeJob(this, 'Job', {
      metadata: { name: late(() => topicsJobName(m, job().spec)), labels },
      spec: late(() => job().spec),
    });
    addOwnershipRecord(this, topicsRecord(m), labels, () => job().desired);
    if (!m.network.policy) return;
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: claimName(this, 'NetworkPolicy', `${m.name}-kafka-topics`), labels },
      spec: {
        podSelector: { matchLabels: accessJobSelector(m.name, 'topics') },
        policyTypes: m.network.egress ? ['Ingress', 'Egress'] : ['Ingress'],
        ingress: [],
        egress: !m.network.egress ? undefined : [
          serviceEgressRule([RESERVED_LISTENERS.REPLICATION.port], brokerSelector(m)),
          apiServerEgressRule(m.network.egressPorts),
          dnsEgressRule(m.network.egressPorts),
        ],
      },
    });
  }
}

/**
 * The topics Job: its record's read step, the Kafka image's tools (with the nodes'
 * certificate when the cluster has TLS), its record's write step.
 */
export function renderTopicsJob(m: ResolvedCluster, members: MembersSnapshot): RecordedJobSpec {
  const tls = m.security.tls;
  const clientConfigFile = `${WORK_DIR}/client.properties`;
  const certificate = tls === undefined ? undefined : nodeCertificateInPod(m, tls, clientConfigFile);
  const script = renderTopicsScript({
    bootstrap: replicationBootstrap(m, members),
    clientConfigFile,
    tls: certificate?.files,
    waitSeconds: TOPICS_WAIT_SECONDS,
    workDir: WORK_DIR,
    topics: members.topics,
    prune: m.prune.topics,
    recordDir: RECORD_DIR,
  });
  const pod: RecordedJobPod = recordedJobPod({
    labels: accessJobSelector(m.name, 'topics'),
    spec: topicsRecord(m),
    imagePullPolicy: m.imagePullPolicy,
    kafka: kafkaToolsContainer(m, 'topics', script, [{ name: 'work', mountPath: WORK_DIR }, ...certificate?.mounts ?? []]),
    volumes: [{ name: 'work', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } }, ...certificate?.volumes ?? []],
  });
  return {
    desired: pod.desired,
    spec: {
      // A refused change (fewer partitions) fails every attempt: a few are enough to see it.
      backoffLimit: 6,
      ttlSecondsAfterFinished: m.finishedJobTtlSeconds,
      template: pod.template,
    },
  };
}

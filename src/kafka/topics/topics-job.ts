import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { renderTopicsScript } from './topics-script';
import { apiServerEgressRule } from '../../access/egress';
import { jobSpecHash } from '../../core/job-spec-hash';
import { late } from '../../core/late';
import { brokerConnection } from '../broker-connection';
import { MembersSnapshot } from '../cluster-members';
import { ResolvedCluster } from '../cluster-model';
import { addHelperJobNetworkPolicy } from '../helper-job-network-policy';
import { kafkaToolsContainer } from '../kafka-tools-container';
import { addRecordAccess, OwnershipRecordSpec, ownershipRecordSpec, RECORD_DIR, RecordedJobPod, recordedJobPod, RecordedJobSpec, RecordKind } from '../ownership/ownership-record';
import { accessJobSelector, clusterLabels } from '../pod-labels';

/** What the topics Job is built from. */
export interface TopicsJobProps {
  readonly cluster: ResolvedCluster;
  /** The Job, rendered at synth from the topics and pools (`renderTopicsJob`). */
  readonly job: () => RecordedJobSpec;
}

/**
 * Whether the cluster has a topics Job: when it declares topics, or prunes them (so
 * removing the last topic deletes it too).
 */
export function hasTopicsJob(m: Pick<ResolvedCluster, 'prune'>, members: Pick<MembersSnapshot, 'topics'>): boolean {
  return m.prune.topics || members.topics.length > 0;
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
    const job = props.job;
    // The account first: the manifests list it before the Job whose pod uses it.
    addRecordAccess(this, topicsRecord(m), labels);
    new k8s.KubeJob(this, 'Job', {
      metadata: { name: late(() => topicsJobName(m, job().spec)), labels },
      spec: late(() => job().spec),
    });
    addHelperJobNetworkPolicy(this, m, 'topics', labels, [apiServerEgressRule(m.network.egressPorts)]);
  }
}

/**
 * The topics Job: a wait for the brokers, its record's read step, the Kafka image's
 * tools (with the nodes' certificate when the cluster has TLS), its record's write step.
 */
export function renderTopicsJob(m: ResolvedCluster, members: MembersSnapshot): RecordedJobSpec {
  const connection = brokerConnection(m, members);
  const script = renderTopicsScript({
    ...connection.target,
    workDir: connection.workDir,
    topics: members.topics,
    prune: m.prune.topics,
    recordDir: RECORD_DIR,
  });
  const pod: RecordedJobPod = recordedJobPod({
    labels: accessJobSelector(m.name, 'topics'),
    spec: topicsRecord(m),
    imagePullPolicy: m.imagePullPolicy,
    wait: connection.wait,
    kafka: kafkaToolsContainer(m, 'topics', script, connection.mounts),
    volumes: connection.volumes,
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

import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { brokerConnection } from './broker-connection';
import { ClusterMembers, MembersSnapshot } from './cluster-members';
import { ResolvedCluster } from './cluster-model';
import { addHelperJobNetworkPolicy } from './helper-job-network-policy';
import { KafkaAdminTarget, kafkaToolsContainer, kafkaToolsVolumes } from './kafka-tools-container';
import { accessJobSelector, clusterLabels } from './pod-labels';
import { jobSpecHash } from '../core/job-spec-hash';
import { late } from '../core/late';
import { restrictedPodSecurityContext } from '../core/pod-security';
import { ShellScript } from '../core/script-file';

/** The cluster's helper Jobs that act on the brokers as the cluster, without a record. */
export type BrokerClientJobKind = 'features' | 'unregister' | 'drain' | 'balance';

/** A step that runs before the broker wait (the features Job's wait for the release). */
export interface FirstStep {
  readonly container: k8s.Container;
  readonly volume: k8s.Volume;
}

/**
 * A helper Job that acts on the brokers as the cluster: `first` when given, the wait
 * for the brokers (`brokerConnection`), then its step, in the Kafka image; no API token,
 * restricted. `script` gets where the brokers are and the work directory.
 */
export function brokerClientJobSpec(
  m: ResolvedCluster, members: MembersSnapshot, job: BrokerClientJobKind,
  script: (target: KafkaAdminTarget, workDir: string) => ShellScript, first?: FirstStep,
): k8s.JobSpec {
  const connection = brokerConnection(m, members);
  return {
    // A refusal (a node that cannot take a feature level, a broker removed with replicas,
    // no broker left to take one) fails every attempt until it is resolved: a few show it.
    backoffLimit: 6,
    ttlSecondsAfterFinished: m.finishedJobTtlSeconds,
    template: {
      metadata: { labels: accessJobSelector(m.name, job) },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        initContainers: [...first === undefined ? [] : [first.container], connection.wait],
        containers: [kafkaToolsContainer(m, job, script(connection.target, connection.workDir), connection.mounts)],
        volumes: [...kafkaToolsVolumes(), ...first === undefined ? [] : [first.volume], ...connection.volumes],
      },
    },
  };
}

/** What a broker client Job is built from. */
export interface BrokerClientJobProps {
  readonly cluster: ResolvedCluster;
  /** The pools (the brokers to bootstrap from), rendered at synth. */
  readonly members: ClusterMembers;
  readonly job: BrokerClientJobKind;
  /** Its spec, from the model and the members (a `brokerClientJobSpec`). */
  readonly render: (m: ResolvedCluster, members: MembersSnapshot) => k8s.JobSpec;
}

/**
 * One of the cluster's broker client Jobs (`<cluster>-kafka-<job>-<hash>`): named from
 * its spec, so a change of what it does is a new Job, and an unchanged one runs again
 * after `finishedJobTtl`; with the cluster's NetworkPolicies its pod admits nothing and
 * reaches the brokers' replication port and DNS only.
 */
export class BrokerClientJob extends Construct {
  constructor(scope: Construct, id: string, props: BrokerClientJobProps) {
    super(scope, id);
    const m = props.cluster;
    const labels = clusterLabels(m, props.job);
    const spec = props.members.memo(() => props.render(m, props.members.snapshot()));
    new k8s.KubeJob(this, 'Job', {
      metadata: { name: late(() => `${m.name}-kafka-${props.job}-${jobSpecHash(spec())}`), labels },
      spec: late(spec),
    });
    addHelperJobNetworkPolicy(this, m, props.job, labels);
  }
}

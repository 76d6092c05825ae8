import { k8s } from 'cdk8s-plus-27';
import { MembersSnapshot } from './cluster-members';
import { hasRole, NodeRole, PlacedBroker, ResolvedCluster } from './cluster-model';
import { KafkaAdminTarget } from './kafka-tools-container';
import { RESERVED_LISTENERS } from './listener';
import { nodeCertificateInPod } from './security/certificates';
import { waitForBrokersContainer } from './wait-for-brokers';

// How the cluster's helper Jobs reach the brokers as the cluster itself (the nodes'
// certificate on the replication listener): the same in every one of them.

/** Where a helper Job writes its client settings and the tools' files. */
const WORK_DIR = '/tmp/work';
/** Seconds one pod waits for the brokers (a new cluster formats and elects first). */
const BROKER_WAIT_SECONDS = 900;

/** `host:port,...` of the replication listener of every broker. */
export function replicationBootstrap(m: ResolvedCluster, members: MembersSnapshot): string {
  return members.pools.filter(p => hasRole(p, NodeRole.BROKER))
    .flatMap(p => p.statefulSets.flatMap(sts => Array.from({ length: sts.replicas }, (_, i) => `${sts.name}-${i}`)))
    .map(pod => `${pod}.${m.headlessService}.${m.namespace}.svc.${m.clusterDomain}:${RESERVED_LISTENERS.REPLICATION.port}`)
    .join(',');
}

/** The brokers the program declares, over every broker pool, with their zones. */
export function declaredBrokers(members: Pick<MembersSnapshot, 'pools'>): PlacedBroker[] {
  return members.pools.filter(p => hasRole(p, NodeRole.BROKER))
    .flatMap(p => p.statefulSets.flatMap(s => s.nodeIds.map(id => ({ id, zone: s.zone }))));
}

/** What a helper Job's Kafka steps share to reach the brokers. */
export interface BrokerConnection {
  /** Where the brokers are, and the client settings the wait step writes. */
  readonly target: KafkaAdminTarget;
  /** A private, memory-backed directory: the client settings and the tools' files. */
  readonly workDir: string;
  /** Mounts of the wait step and the Job's Kafka step: the work directory, the nodes' certificate with TLS. */
  readonly mounts: k8s.VolumeMount[];
  /** Their volumes. */
  readonly volumes: k8s.Volume[];
  /** The wait step: the keystore and client settings written, then a wait for the brokers. */
  readonly wait: k8s.Container;
}

/** How a helper Job reaches the brokers: its wait step and what its Kafka step mounts. */
export function brokerConnection(m: ResolvedCluster, members: MembersSnapshot): BrokerConnection {
  const clientConfigFile = `${WORK_DIR}/client.properties`;
  const tls = m.security.tls;
  const certificate = tls === undefined ? undefined : nodeCertificateInPod(m, tls, clientConfigFile);
  const target = { bootstrap: replicationBootstrap(m, members), clientConfigFile };
  const mounts = [{ name: 'work', mountPath: WORK_DIR }, ...certificate?.mounts ?? []];
  return {
    target,
    workDir: WORK_DIR,
    mounts,
    volumes: [{ name: 'work', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } }, ...certificate?.volumes ?? []],
    wait: waitForBrokersContainer(m, { ...target, tls: certificate?.files, waitSeconds: BROKER_WAIT_SECONDS }, mounts),
  };
}

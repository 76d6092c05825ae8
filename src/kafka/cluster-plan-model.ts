import { MembersSnapshot } from './cluster-members';
import { ResolvedCluster } from './cluster-model';
import { IssuerReference } from '../core/cert-manager';
import { ClusterModel, MODEL_VERSION } from '../core/model-annotation';

/**
 * What the change-safety plan reads of a cluster (core/model-annotation.ts): identity,
 * release, replication, voters, each pool's node ids, drain and disks, the listeners,
 * the certificate issuers and the declared topics. Pure: from the resolved cluster and
 * its members at synth.
 */
export function clusterPlanModel(m: ResolvedCluster, members: MembersSnapshot): ClusterModel {
  const tls = m.security.tls;
  const issuer = (ref: IssuerReference) => `${ref.kind}/${ref.name}`;
  return {
    v: MODEL_VERSION,
    kind: 'KafkaCluster',
    name: m.name,
    namespace: m.namespace,
    clusterId: m.clusterId,
    version: m.version.version,
    replicationFactor: m.replication.factor,
    minInSyncReplicas: m.replication.minInSync,
    voters: m.voters.map(v => v.id).sort((a, b) => a - b),
    pools: members.pools.map(p => ({
      name: p.name,
      roles: [...p.roles].sort(),
      nodeIds: p.statefulSets.flatMap(s => s.nodeIds).sort((a, b) => a - b),
      draining: p.draining.map(b => b.id).sort((a, b) => a - b),
      storage: p.storage.kind,
      disks: p.storage.disks.map(d => ({ sizeBytes: d.sizeBytes, storageClass: d.storageClass })),
      statefulSets: p.statefulSets.map(s => ({ name: s.name, zone: s.zone, nodeIds: [...s.nodeIds] })),
    })),
    listeners: m.listeners.map(l => ({ name: l.name, port: l.port, protocol: l.protocol, authentication: l.authentication })),
    nodesIssuer: tls === undefined ? undefined : issuer(tls.nodeAuthority.issuer),
    clientsIssuer: tls === undefined ? undefined : issuer(tls.clientAuthority.issuer),
    topics: members.topics.map(t => ({
      name: t.name,
      partitions: t.partitions,
      replicationFactor: t.replicationFactor,
      minInSyncReplicas: Number(t.configs['min.insync.replicas'] ?? m.replication.minInSync),
    })),
    pruneTopics: m.prune.topics,
    pruneAccess: m.prune.users || m.prune.acls || m.prune.quotas,
    finalizedVersion: m.finalizedVersion?.version,
  };
}

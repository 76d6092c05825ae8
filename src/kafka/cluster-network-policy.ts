import { k8s } from 'cdk8s-plus-27';
import { MembersSnapshot } from './cluster-members';
import { ResolvedCluster } from './cluster-model';
import { ListenerScope, RESERVED_LISTENERS } from './listener';
import { METRICS_PORT } from './nodes/metrics-exporter';
import { accessJobSelector, clusterSelector } from './pod-labels';
import { drainingBrokers } from './scaling/drain-job';
import { hasUnregisterJob } from './scaling/unregister-job';
import { hasAccessJob } from './security/access-jobs';
import { hasTopicsJob } from './topics/topics-job';
import { peerRules } from '../access/client-peer';
import { dnsEgressRule } from '../access/egress';
import { wiredClientRules } from '../access/wired-clients';

function tcp(port: number): k8s.NetworkPolicyPort {
  return { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) };
}

/**
 * The spec of the cluster's NetworkPolicy over every node: the replication and
 * controller ports admit the cluster's own nodes and the roll's Kafka check (and the
 * access Job the replication port); the first internal listener, the one wired components use, admits each wired
 * client by its own rule; every listener admits its peers, the metrics port its
 * metrics peers. With egress rules the nodes reach each other's replication and
 * controller ports and DNS only.
 */
export function renderClusterNetworkPolicy(m: ResolvedCluster, members: MembersSnapshot): k8s.NetworkPolicySpec {
  const internalPorts = [tcp(RESERVED_LISTENERS.REPLICATION.port), tcp(RESERVED_LISTENERS.CONTROLLER.port)];
  const nodes = { podSelector: { matchLabels: clusterSelector(m) } };
  const wiredListener = m.listeners.find(l => l.scope === ListenerScope.INTERNAL);
  return {
    podSelector: { matchLabels: clusterSelector(m) },
    policyTypes: m.network.egress ? ['Ingress', 'Egress'] : ['Ingress'],
    egress: !m.network.egress ? undefined : [{ to: [nodes], ports: internalPorts }, dnsEgressRule(m.network.egressPorts)],
    ingress: [
      // The roll's Kafka check connects to both as the cluster itself.
      { from: [nodes, { podSelector: { matchLabels: accessJobSelector(m.name, 'roll') } }], ports: internalPorts },
      // The access Job connects to the replication listener as the cluster itself.
      ...(!hasAccessJob(m, members.users) ? [] : [{
        from: [{ podSelector: { matchLabels: accessJobSelector(m.name, 'access') } }],
        ports: [tcp(RESERVED_LISTENERS.REPLICATION.port)],
      }]),
      // So does the topics Job.
      ...(!hasTopicsJob(m, members) ? [] : [{
        from: [{ podSelector: { matchLabels: accessJobSelector(m.name, 'topics') } }],
        ports: [tcp(RESERVED_LISTENERS.REPLICATION.port)],
      }]),
      // And the maintenance Jobs that exist (unregister, balance, drain, features), in one rule.
      ...maintenanceRule(m, members),
      ...(wiredListener === undefined ? [] : wiredClientRules(members.clients, [tcp(wiredListener.port)])),
      ...m.listeners.flatMap(l => peerRules(l.peers, [tcp(l.port)], m.namespace)),
      ...peerRules(m.metricsPeers, [tcp(METRICS_PORT)], m.namespace),
    ],
  };
}

/** The cluster's maintenance Jobs that exist, admitted together to the replication port. */
function maintenanceRule(m: ResolvedCluster, members: MembersSnapshot): k8s.NetworkPolicyIngressRule[] {
  const jobs: Array<'unregister' | 'balance' | 'drain' | 'features'> = [
    ...(hasUnregisterJob(m) ? ['unregister' as const] : []),
    ...(m.balanceReplicas ? ['balance' as const] : []),
    ...(drainingBrokers(members).length > 0 ? ['drain' as const] : []),
    ...(m.finalizedVersion !== undefined ? ['features' as const] : []),
  ];
  if (jobs.length === 0) return [];
  return [{
    from: jobs.map(job => ({ podSelector: { matchLabels: accessJobSelector(m.name, job) } })),
    ports: [tcp(RESERVED_LISTENERS.REPLICATION.port)],
  }];
}

import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ResolvedCluster } from './cluster-model';
import { RESERVED_LISTENERS } from './listener';
import { accessJobSelector, brokerSelector } from './pod-labels';
import { dnsEgressRule, serviceEgressRule } from '../access/egress';
import { claimName } from '../core/naming';

/** A helper Job of the cluster that connects to the brokers as the cluster. */
export type BrokerClientJob = 'topics' | 'features' | 'unregister' | 'drain' | 'balance';

/**
 * The NetworkPolicy of one of the cluster's helper Jobs, when the cluster has
 * NetworkPolicies: its pods admit nothing; with egress rules they reach the brokers'
 * replication port, DNS, and what `egress` adds (the API server for a Job that keeps a
 * record).
 */
export function addHelperJobNetworkPolicy(
  scope: Construct, m: ResolvedCluster, job: BrokerClientJob, labels: Record<string, string>, egress: k8s.NetworkPolicyEgressRule[] = [],
): void {
  if (!m.network.policy) return;
  new k8s.KubeNetworkPolicy(scope, 'NetworkPolicy', {
    metadata: { name: claimName(scope, 'NetworkPolicy', `${m.name}-kafka-${job}`), labels },
    spec: {
      podSelector: { matchLabels: accessJobSelector(m.name, job) },
      policyTypes: m.network.egress ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress: [],
      egress: !m.network.egress ? undefined : [
        serviceEgressRule([RESERVED_LISTENERS.REPLICATION.port], brokerSelector(m)),
        ...egress,
        dnsEgressRule(m.network.egressPorts),
      ],
    },
  });
}

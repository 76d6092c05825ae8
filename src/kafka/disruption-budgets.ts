import { k8s } from 'cdk8s-plus-27';
import { ResolvedCluster } from './cluster-model';
import { brokerSelector, clusterLabels, controllerSelector } from './pod-labels';

/** A PodDisruptionBudget of the cluster, with the construct id it is created under. */
export interface ClusterBudget {
  readonly id: string;
  readonly props: k8s.KubePodDisruptionBudgetProps;
}

/**
 * One budget over every broker of every pool, not one per pool: Kafka places a
 * partition's replicas on brokers of any pool, so draining one broker from each of two
 * pools at once could take two replicas of one partition. Dedicated controllers get
 * their own (a quorum of 3 keeps its majority with one voter out). Budgets never
 * overlap: the eviction API refuses pods that two budgets select.
 */
export function renderDisruptionBudgets(m: ResolvedCluster): ClusterBudget[] {
  const budget = (id: string, name: string, component: string, selector: Record<string, string>): ClusterBudget => ({
    id,
    props: {
      metadata: { name, labels: clusterLabels(m, component) },
      spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
    },
  });
  return [
    budget('BrokerBudget', `${m.name}-kafka-brokers`, 'broker', brokerSelector(m)),
    ...(!m.dedicatedControllers ? [] : [budget('ControllerBudget', `${m.name}-kafka-controllers`, 'controller', controllerSelector(m))]),
  ];
}

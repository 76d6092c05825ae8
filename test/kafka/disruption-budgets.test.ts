import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KafkaClusterProps, KRaftMode } from '../../src';
import { NodeRole } from '../../src/kafka/cluster-model';
import { renderDisruptionBudgets } from '../../src/kafka/disruption-budgets';
import { clusterLabels, podLabels } from '../../src/kafka/pod-labels';
import { resolveCluster, resolveClusterPool } from '../../src/kafka/resolve-cluster';

function resolve(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  return { scope, ...resolveCluster(scope, props, { name: 'events', namespace: 'kafka' }) };
}

const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

describe('dedicated controllers', () => {
  const { cluster, controllers, brokers } = resolve();
  const budgets = renderDisruptionBudgets(cluster);

  test('one budget over every broker and one over the controllers, one pod at a time', () => {
    expect(budgets).toEqual([
      {
        id: 'BrokerBudget',
        props: {
          metadata: { name: 'events-kafka-brokers', labels: clusterLabels(cluster, 'broker') },
          spec: {
            maxUnavailable: k8s.IntOrString.fromNumber(1),
            selector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/broker': 'true' } },
          },
        },
      },
      {
        id: 'ControllerBudget',
        props: {
          metadata: { name: 'events-kafka-controllers', labels: clusterLabels(cluster, 'controller') },
          spec: {
            maxUnavailable: k8s.IntOrString.fromNumber(1),
            selector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/controller': 'true' } },
          },
        },
      },
    ]);
  });

  test('every node pod is selected by exactly one budget', () => {
    for (const pool of [controllers, brokers!]) {
      for (const sts of pool.statefulSets) {
        const labels = podLabels(cluster, pool, sts);
        expect(budgets.filter(b => selects(b.props.spec!.selector!.matchLabels!, labels)).map(b => b.id))
          .toEqual([pool === controllers ? 'ControllerBudget' : 'BrokerBudget']);
      }
    }
  });
});

describe('added pools', () => {
  test('their brokers fall under the one broker budget', () => {
    const { scope, cluster } = resolve();
    const more = resolveClusterPool(scope, cluster, 'more', [NodeRole.BROKER], { nodeIdBase: 1000 }, undefined);
    const [brokerBudget, controllerBudget] = renderDisruptionBudgets(cluster);
    const labels = podLabels(cluster, more, more.statefulSets[0]);
    expect(selects(brokerBudget.props.spec!.selector!.matchLabels!, labels)).toBe(true);
    expect(selects(controllerBudget.props.spec!.selector!.matchLabels!, labels)).toBe(false);
  });
});

describe('combined mode', () => {
  test('one budget over the brokers, which are the controllers too', () => {
    const { cluster, controllers } = resolve({ mode: KRaftMode.COMBINED });
    const budgets = renderDisruptionBudgets(cluster);
    expect(budgets.map(b => [b.id, b.props.metadata!.name])).toEqual([['BrokerBudget', 'events-kafka-brokers']]);
    for (const sts of controllers.statefulSets) {
      expect(selects(budgets[0].props.spec!.selector!.matchLabels!, podLabels(cluster, controllers, sts))).toBe(true);
    }
  });
});

describe('zones', () => {
  test('one budget across every zone of the brokers (never one per zone)', () => {
    const { cluster, brokers } = resolve({ zones: ['a', 'b', 'c'] });
    const [brokerBudget] = renderDisruptionBudgets(cluster);
    expect(renderDisruptionBudgets(cluster)).toHaveLength(2);
    for (const sts of brokers!.statefulSets) {
      expect(selects(brokerBudget.props.spec!.selector!.matchLabels!, podLabels(cluster, brokers!, sts))).toBe(true);
    }
  });
});

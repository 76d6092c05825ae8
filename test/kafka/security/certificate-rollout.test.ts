import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { KRaftMode } from '../../../src';
import { NodeRole } from '../../../src/kafka/cluster-model';
import { resolveCluster, resolveClusterPool } from '../../../src/kafka/resolve-cluster';
import { nodeStatefulSets } from '../../../src/kafka/security/certificate-rollout';

function plan(mode: KRaftMode = KRaftMode.DEDICATED) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  const p = resolveCluster(scope, { mode, zones: ['a', 'b'] }, { name: 'events', namespace: 'kafka' });
  const archive = resolveClusterPool(scope, p.cluster, 'archive', [NodeRole.BROKER], { nodeIdBase: 1000 }, [p.controllers, ...(p.brokers ? [p.brokers] : [])], undefined);
  return { ...p, archive };
}

describe('the StatefulSets the certificate rollout rolls', () => {
  test('controllers first, whatever order the pools come in, then the pools in the order added', () => {
    const { cluster, controllers, brokers, archive } = plan();
    expect(nodeStatefulSets(cluster, [brokers!, archive, controllers]).map(s => s.name)).toEqual([
      'events-controllers', 'events-brokers-a', 'events-brokers-b', 'events-archive-a', 'events-archive-b',
    ]);
  });

  test('in combined mode the voters are the brokers pool: it comes first', () => {
    const { cluster, controllers, archive } = plan(KRaftMode.COMBINED);
    expect(nodeStatefulSets(cluster, [archive, controllers]).map(s => s.name)).toEqual(['events-brokers-a', 'events-brokers-b', 'events-archive-a', 'events-archive-b']);
  });

  test('each with the label selector of its pods (pool and zone)', () => {
    const { cluster, brokers } = plan();
    expect(nodeStatefulSets(cluster, [brokers!])[0].selector).toEqual({
      'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/pool': 'brokers', 'cdk8s-kafka/zone': 'a',
    });
  });
});

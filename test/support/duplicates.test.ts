import { kafkaSet } from './fixtures';
import { findProblems } from './validate';

describe('duplicate objects and namespaces', () => {
  const configMap = (namespace?: string): any => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'shared', ...(namespace ? { namespace } : {}) } });

  test('two objects with the same group, kind, namespace and name', () => {
    expect(findProblems([...kafkaSet(), configMap()])).toEqual([]);
    expect(findProblems([...kafkaSet(), configMap(), configMap()])).toEqual([{
      object: 'v1 ConfigMap default/shared',
      path: '',
      message: 'duplicate object: same group, kind, namespace and name as object #8 in the synth (this is #9)',
    }]);
  });

  test('an object without a namespace is in the default namespace', () => {
    expect(findProblems([configMap(), configMap('default')])).toHaveLength(1);
    expect(findProblems([configMap(), configMap('kafka')])).toEqual([]);
    expect(findProblems([configMap(), configMap('kafka')], { defaultNamespace: 'kafka' })).toEqual([
      expect.objectContaining({ object: 'v1 ConfigMap kafka/shared', message: expect.stringContaining('duplicate object') }),
    ]);
  });

  test('the default namespace is applied to every reference check', () => {
    const problems = findProblems(kafkaSet().filter((o) => o.kind !== 'ServiceAccount'), { defaultNamespace: 'kafka' });
    expect(problems).toEqual([expect.objectContaining({
      object: 'apps/v1 StatefulSet kafka/kafka',
      message: 'ServiceAccount "kafka" is not in the synth (namespace "kafka") and not declared in options.external.serviceAccounts',
    })]);
  });

  test('cluster-scoped kinds ignore namespaces', () => {
    const role = (namespace?: string): any => ({
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'reader', ...(namespace ? { namespace } : {}) }, rules: [],
    });
    expect(findProblems([role(), role('kafka')])).toEqual([expect.objectContaining({
      object: 'rbac.authorization.k8s.io/v1 ClusterRole reader',
      message: expect.stringContaining('duplicate object'),
    })]);
  });

  test('the version does not distinguish objects', () => {
    const hpa = (apiVersion: string): any => ({
      apiVersion,
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'kafka' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'kafka' }, maxReplicas: 5 },
    });
    expect(findProblems([...kafkaSet(), hpa('autoscaling/v1'), hpa('autoscaling/v2')])).toEqual([
      expect.objectContaining({ object: 'autoscaling/v2 HorizontalPodAutoscaler default/kafka', message: expect.stringContaining('duplicate object') }),
    ]);
  });
});

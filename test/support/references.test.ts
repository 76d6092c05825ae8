import { kafkaSet, mutated } from './fixtures';
import { findProblems } from './validate';

const STS = 'apps/v1 StatefulSet default/kafka';
const without = (kind: string, name: string): any[] => kafkaSet().filter((o) => !(o.kind === kind && o.metadata.name === name));
const withPod = (objects: any[], change: (spec: any) => void): any[] => mutated(objects, 'StatefulSet', 'kafka', (s) => change(s.spec.template.spec));

describe('references must resolve in the synth or be declared external', () => {
  test('the unmutated fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('a missing ConfigMap volume, passing once declared external', () => {
    const objects = without('ConfigMap', 'kafka-config');
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.volumes[0].configMap.name',
      message: 'ConfigMap "kafka-config" is not in the synth (namespace "default") and not declared in options.external.configMaps',
    }]);
    expect(findProblems(objects, { external: { configMaps: ['kafka-config'] } })).toEqual([]);
  });

  test('a missing envFrom ConfigMap', () => {
    expect(findProblems(without('ConfigMap', 'kafka-env'))).toEqual([expect.objectContaining({
      path: 'spec.template.spec.containers[0].envFrom[0].configMapRef.name',
      message: expect.stringMatching(/^ConfigMap "kafka-env" is not in the synth/),
    })]);
  });

  test('a missing Secret (secretKeyRef), passing once declared external', () => {
    const objects = without('Secret', 'kafka-secret');
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
      message: 'Secret "kafka-secret" is not in the synth (namespace "default") and not declared in options.external.secrets',
    }]);
    expect(findProblems(objects, { external: { secrets: ['kafka-secret'] } })).toEqual([]);
  });

  test('optional references may dangle', () => {
    const objects = withPod(without('Secret', 'kafka-secret'), (spec) => { spec.containers[0].env[0].valueFrom.secretKeyRef.optional = true; });
    expect(findProblems(objects)).toEqual([]);
  });

  test('a key missing from a ConfigMap in the synth', () => {
    const objects = withPod(kafkaSet(), (spec) => { spec.volumes[0].configMap.items[0].key = 'log4j.properties'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.template.spec.volumes[0].configMap.items[0].key',
      message: 'key "log4j.properties" is not in ConfigMap "kafka-config" (has: server.properties)',
    })]);
  });

  test('Secret volumes, projected sources and imagePullSecrets', () => {
    const objects = withPod(kafkaSet(), (spec) => {
      spec.imagePullSecrets = [{ name: 'registry' }];
      spec.volumes.push({ name: 'tls', secret: { secretName: 'kafka-tls' } });
      spec.volumes.push({ name: 'bundle', projected: { sources: [{ secret: { name: 'ca' } }, { configMap: { name: 'extra' } }] } });
      spec.containers[0].volumeMounts.push({ name: 'tls', mountPath: '/tls' }, { name: 'bundle', mountPath: '/bundle' });
    });
    expect(findProblems(objects).map((p) => p.path)).toEqual([
      'spec.template.spec.volumes[1].secret.secretName',
      'spec.template.spec.volumes[2].projected.sources[0].secret.name',
      'spec.template.spec.volumes[2].projected.sources[1].configMap.name',
      'spec.template.spec.imagePullSecrets[0].name',
    ]);
    expect(findProblems(objects, { external: { secrets: ['registry', 'kafka-tls', 'ca'], configMaps: ['extra'] } })).toEqual([]);
  });

  test('a missing ServiceAccount, passing once declared external; "default" always exists', () => {
    const objects = without('ServiceAccount', 'kafka');
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.serviceAccountName',
      message: 'ServiceAccount "kafka" is not in the synth (namespace "default") and not declared in options.external.serviceAccounts',
    }]);
    expect(findProblems(objects, { external: { serviceAccounts: ['kafka'] } })).toEqual([]);
    expect(findProblems(withPod(objects, (spec) => { spec.serviceAccountName = 'default'; }))).toEqual([]);
  });

  test('a missing PersistentVolumeClaim, passing once declared external', () => {
    const objects = withPod(kafkaSet(), (spec) => {
      spec.volumes.push({ name: 'archive', persistentVolumeClaim: { claimName: 'kafka-archive' } });
      spec.containers[0].volumeMounts.push({ name: 'archive', mountPath: '/archive' });
    });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.volumes[1].persistentVolumeClaim.claimName',
      message: 'PersistentVolumeClaim "kafka-archive" is not in the synth (namespace "default") and not declared in options.external.persistentVolumeClaims',
    }]);
    expect(findProblems(objects, { external: { persistentVolumeClaims: ['kafka-archive'] } })).toEqual([]);
  });

  test('a StatefulSet serviceName without its governing Service', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => { s.spec.serviceName = 'kafka-brokers'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.serviceName',
      message: 'Service "kafka-brokers" is not in the synth (namespace "default") and not declared in options.external.services',
    })]);
  });

  test('references are looked up in the referencing object\'s namespace', () => {
    const objects = mutated(kafkaSet(), 'ConfigMap', 'kafka-config', (c) => { c.metadata.namespace = 'other'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({ path: 'spec.template.spec.volumes[0].configMap.name' })]);
  });

  test('a RoleBinding to a Role and ServiceAccount that are not in the synth', () => {
    const binding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'kafka' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'kafka-reader' },
      subjects: [{ kind: 'ServiceAccount', name: 'kafka' }],
    };
    expect(findProblems([...kafkaSet(), binding])).toEqual([{
      object: 'rbac.authorization.k8s.io/v1 RoleBinding default/kafka',
      path: 'roleRef.name',
      message: 'Role "kafka-reader" is not in the synth (namespace "default")',
    }]);
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'kafka-reader' }, rules: [] };
    expect(findProblems([...kafkaSet(), binding, role])).toEqual([]);
    const toClusterRole = { ...binding, roleRef: { ...binding.roleRef, kind: 'ClusterRole', name: 'view' } };
    expect(findProblems([...kafkaSet(), toClusterRole])).toEqual([]);
  });
});

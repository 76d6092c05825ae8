import { registerCrdValidator } from './crd-validators';
import { kafkaSet, mutated } from './fixtures';
import { builtinModelValidator } from './models-validator';
import { schemaIssues } from './schema-validator';
import { findProblems } from './validate';

const STS = 'apps/v1 StatefulSet default/kafka';

describe('strict schema validation', () => {
  test('the valid set has no problems', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('an unknown field is rejected by both versions, naming the field', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (sts) => { sts.spec.replicaz = 3; });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.replicaz',
      message: 'unknown field (rejected by the Kubernetes 1.27.0 and 1.32.0 schemas)',
    }]);
  });

  test('an unknown field deep in a pod template is found', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (sts) => { sts.spec.template.spec.containers[0].imagePullPolicyy = 'Always'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({ path: 'spec.template.spec.containers[0].imagePullPolicyy' })]);
  });

  test('a wrong type shows the offending value', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (sts) => { sts.spec.replicas = '3'; });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.replicas',
      message: 'must be integer, got string "3" (rejected by the Kubernetes 1.27.0 and 1.32.0 schemas)',
    }]);
  });

  test('a missing required field is named', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (sts) => { delete sts.spec.template.spec.containers[0].name; });
    expect(findProblems(objects)).toContainEqual(expect.objectContaining({
      path: 'spec.template.spec.containers[0].name',
      message: expect.stringContaining('required field is missing'),
    }));
  });

  test('IntOrString accepts both forms and rejects anything else with one message', () => {
    expect(findProblems(kafkaSet())).toEqual([]); // targetPort is 'client' and 9093 in the fixture
    const objects = mutated(kafkaSet(), 'Service', 'kafka-headless', (svc) => { svc.spec.ports[1].targetPort = true; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      path: 'spec.ports[1].targetPort',
      message: expect.stringMatching(/^must be string or integer, got boolean true/),
    })]);
  });

  test('formats are enforced: int32 range, base64 Secret data, quantities', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (sts) => {
      sts.spec.template.spec.containers[0].ports[0].containerPort = 2 ** 31;
      sts.spec.template.spec.containers[0].resources.requests.memory = '2 GB';
    });
    const secret = mutated(objects, 'Secret', 'kafka-secret', (s) => { s.data.password = 'not base64!'; });
    const messages = findProblems(secret).map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(expect.arrayContaining([
      expect.stringMatching(/^data\.password: must be base64-encoded/),
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: must be a 32-bit integer, got number 2147483648/),
      expect.stringMatching(/^spec\.template\.spec\.containers\[0\]\.resources\.requests\.memory: must be a quantity/),
    ]));
  });

  test('a kind only one version serves is reported against the other', () => {
    const flowSchema = { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2', kind: 'FlowSchema', metadata: { name: 'x' }, spec: { priorityLevelConfiguration: { name: 'y' } } };
    expect(schemaIssues(flowSchema)).toEqual([{ path: 'apiVersion', message: 'flowcontrol.apiserver.k8s.io/v1beta2 FlowSchema is not served by Kubernetes 1.32.0' }]);
    expect(schemaIssues(flowSchema, ['1.27.0'])).toEqual([]);
  });

  test('versions can be chosen, with or without a leading v', () => {
    const objects = mutated(kafkaSet(), 'StatefulSet', 'kafka', (sts) => { sts.spec.replicaz = 3; });
    expect(findProblems(objects, { kubernetesVersions: ['v1.32.0'] })[0].message).toBe('unknown field (rejected by the Kubernetes 1.32.0 schema)');
    expect(() => findProblems(objects, { kubernetesVersions: ['1.99.0'] })).toThrow(/No Kubernetes schema for version 1\.99\.0 \(have: 1\.27\.0, 1\.32\.0\)/);
  });

  test('missing apiVersion or kind is reported', () => {
    expect(schemaIssues({ metadata: { name: 'x' } })).toEqual([
      { path: 'apiVersion', message: 'required string field is missing' },
      { path: 'kind', message: 'required string field is missing' },
    ]);
  });
});

describe('custom resources', () => {
  // A kind no validator is registered for (cert-manager.io kinds are registered by default).
  const widget = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'kafka-widget' },
    spec: { size: 3 },
  };

  test('an unregistered CRD kind is a problem, not silently skipped', () => {
    expect(findProblems([widget])).toEqual([{
      object: 'example.com/v1 Widget default/kafka-widget',
      path: '',
      message: expect.stringMatching(/^example\.com\/v1 Widget is not a built-in kind of Kubernetes 1\.27\.0 or 1\.32\.0 and no validator is registered/),
    }]);
  });

  test('a registered validator replaces the problem with its own findings', () => {
    const unregister = registerCrdValidator('example.com/v1', 'Widget', (m) =>
      (typeof (m.spec as Record<string, unknown>).size === 'number' ? [] : [{ path: 'spec.size', message: 'required' }]));
    try {
      expect(findProblems([widget])).toEqual([]);
      const broken = { ...widget, spec: {} };
      expect(findProblems([broken])).toEqual([{ object: 'example.com/v1 Widget default/kafka-widget', path: 'spec.size', message: 'required' }]);
    } finally {
      unregister();
    }
    expect(findProblems([widget])).toHaveLength(1);
  });

  test('registering over a default validator and unregistering restores the default', () => {
    const certificate = { apiVersion: 'cert-manager.io/v1', kind: 'Certificate', metadata: { name: 'kafka-tls' }, spec: { secretName: 'kafka-tls' } };
    const unregister = registerCrdValidator('cert-manager.io/v1', 'Certificate', () => []);
    try {
      expect(schemaIssues(certificate)).toEqual([]);
    } finally {
      unregister();
    }
    expect(schemaIssues(certificate)).toEqual([
      { path: 'spec.issuerRef', message: 'required field is missing' },
      { path: 'spec', message: expect.stringMatching(/^at least one of commonName, literalSubject, dnsNames/) },
    ]);
  });
});

describe('kubernetes-models cross-check', () => {
  test('resolves model classes for core and named groups', () => {
    expect(builtinModelValidator('v1', 'Pod')).not.toBeNull();
    expect(builtinModelValidator('apps/v1', 'StatefulSet')).not.toBeNull();
    expect(builtinModelValidator('example.com/v1', 'Widget')).toBeNull();
    expect(builtinModelValidator('../../etc', 'passwd')).toBeNull();
  });

  test('adds the enums the published definitions lack (e.g. port protocol)', () => {
    const objects = mutated(kafkaSet(), 'Service', 'kafka-headless', (svc) => { svc.spec.ports[0].protocol = 'tcp'; });
    expect(findProblems(objects)).toEqual([{
      object: 'v1 Service default/kafka-headless',
      path: 'spec.ports[0].protocol',
      message: expect.stringMatching(/^kubernetes-models: must be one of \[.*"TCP".*\], got string "tcp"$/),
    }]);
  });

  test('reports what kubernetes-models rejects, prefixed with its name', () => {
    const validate = builtinModelValidator('apps/v1', 'StatefulSet')!;
    const sts = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => { s.spec.replicas = 'three'; }).find((o) => o.kind === 'StatefulSet');
    expect(validate(sts)).toEqual([{ path: 'spec.replicas', message: 'kubernetes-models: must be integer, got string "three"' }]);
  });
});

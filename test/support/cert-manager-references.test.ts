import { mutated, tlsKafkaSet } from './fixtures';
import { findProblems } from './validate';

const LEAF = 'cert-manager.io/v1 Certificate events/events-kafka-tls';
const STS = 'apps/v1 StatefulSet events/kafka';

const without = (kind: string, name: string): any[] => tlsKafkaSet().filter((o) => !(o.kind === kind && o.metadata.name === name));
const withLeaf = (objects: any[], change: (spec: any) => void): any[] => mutated(objects, 'Certificate', 'events-kafka-tls', (c) => change(c.spec));
const withPod = (objects: any[], change: (spec: any) => void): any[] => mutated(objects, 'StatefulSet', 'kafka', (s) => change(s.spec.template.spec));

describe('a Certificate writes its spec.secretName Secret', () => {
  test('a pod mounting it passes; without the Certificate the Secret is missing', () => {
    expect(findProblems(tlsKafkaSet())).toEqual([]);
    expect(findProblems(without('Certificate', 'events-kafka-tls'))).toEqual([{
      object: STS,
      path: 'spec.template.spec.volumes[1].secret.secretName',
      message: 'Secret "events-kafka-tls" is not in the synth (namespace "events") and not declared in options.external.secrets',
    }]);
  });

  test('whatever the synth order (the writer may come after the reader)', () => {
    expect(findProblems([...tlsKafkaSet()].reverse())).toEqual([]);
  });

  test('only in the Certificate\'s namespace', () => {
    const objects = mutated(tlsKafkaSet(), 'StatefulSet', 'kafka', (s) => { s.metadata.namespace = 'other'; });
    expect(findProblems(objects)).toContainEqual(expect.objectContaining({
      object: 'apps/v1 StatefulSet other/kafka',
      path: 'spec.template.spec.volumes[1].secret.secretName',
      message: expect.stringMatching(/^Secret "events-kafka-tls" is not in the synth \(namespace "other"\)/),
    }));
  });

  test('keys are the ones cert-manager writes for the spec', () => {
    const objects = withPod(tlsKafkaSet(), (spec) => { spec.volumes[1].secret.items.push({ key: 'keystore.p12', path: 'keystore.p12' }); });
    expect(findProblems(objects)).toEqual([{
      object: STS,
      path: 'spec.template.spec.volumes[1].secret.items[3].key',
      message: 'key "keystore.p12" is not in Secret "events-kafka-tls" as Certificate "events-kafka-tls" writes it (has: tls.crt, tls.key, ca.crt)',
    }]);
    const withKeystore = withLeaf(objects, (spec) => { spec.keystores = { pkcs12: { create: true, password: 'changeit', profile: 'Modern2023' } }; });
    expect(findProblems(withKeystore)).toEqual([]);
  });
});

describe('a Certificate\'s issuerRef must resolve', () => {
  test('a missing Issuer is reported, and passes once declared external', () => {
    const objects = without('Issuer', 'events-ca');
    expect(findProblems(objects)).toEqual([{
      object: LEAF,
      path: 'spec.issuerRef.name',
      message: 'Issuer "events-ca" is not in the synth (namespace "events") and not declared in options.external.issuers',
    }]);
    expect(findProblems(objects, { external: { issuers: ['events-ca'] } })).toEqual([]);
  });

  test('an issuerRef without a kind means an Issuer', () => {
    expect(findProblems(withLeaf(tlsKafkaSet(), (spec) => { delete spec.issuerRef.kind; }))).toEqual([]);
    expect(findProblems(withLeaf(without('Issuer', 'events-ca'), (spec) => { delete spec.issuerRef.kind; }))).toEqual([
      expect.objectContaining({ path: 'spec.issuerRef.name', message: expect.stringMatching(/^Issuer "events-ca" is not in the synth/) }),
    ]);
  });

  test('an Issuer in another namespace does not count', () => {
    const objects = mutated(tlsKafkaSet(), 'Issuer', 'events-ca', (issuer) => { issuer.metadata.namespace = 'platform'; });
    expect(findProblems(objects)).toEqual([
      // The moved CA Issuer looks for its Secret in its own namespace.
      expect.objectContaining({ object: 'cert-manager.io/v1 Issuer platform/events-ca', path: 'spec.ca.secretName' }),
      expect.objectContaining({ object: LEAF, path: 'spec.issuerRef.name', message: expect.stringMatching(/\(namespace "events"\)/) }),
    ]);
  });

  test('a ClusterIssuer must be in the synth or declared in options.external.clusterIssuers', () => {
    const objects = withLeaf(tlsKafkaSet(), (spec) => { spec.issuerRef = { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'platform-ca' }; });
    expect(findProblems(objects)).toEqual([{
      object: LEAF,
      path: 'spec.issuerRef.name',
      message: 'ClusterIssuer "platform-ca" is not in the synth and not declared in options.external.clusterIssuers',
    }]);
    expect(findProblems(objects, { external: { clusterIssuers: ['platform-ca'] } })).toEqual([]);
    // An Issuer of the same name is not a ClusterIssuer.
    expect(findProblems(objects, { external: { issuers: ['platform-ca'] } })).toHaveLength(1);
    const clusterIssuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'platform-ca' }, spec: { selfSigned: {} } };
    expect(findProblems([...objects, clusterIssuer])).toEqual([]);
  });

  test('issuers of other groups (external issuer types) are not checked', () => {
    const objects = withLeaf(tlsKafkaSet(), (spec) => { spec.issuerRef = { group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'pca' }; });
    expect(findProblems(objects)).toEqual([]);
  });
});

describe('a CA Issuer\'s spec.ca.secretName must exist', () => {
  const CA_ISSUER = 'cert-manager.io/v1 Issuer events/events-ca';
  const caSecretIs = (name: string): any[] => mutated(tlsKafkaSet(), 'Issuer', 'events-ca', (issuer) => { issuer.spec.ca.secretName = name; });

  test('written by the CA Certificate it passes; otherwise it is reported, and passes once declared external', () => {
    expect(findProblems(caSecretIs('events-root'))).toEqual([{
      object: CA_ISSUER,
      path: 'spec.ca.secretName',
      message: 'Secret "events-root" is not in the synth (namespace "events") and not declared in options.external.secrets',
    }]);
    expect(findProblems(caSecretIs('events-root'), { external: { secrets: ['events-root'] } })).toEqual([]);
  });

  test('a Secret object in the synth must hold tls.crt and tls.key', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'events-root', namespace: 'events' }, type: 'Opaque', data: { 'tls.crt': 'Y2VydA==' } };
    expect(findProblems([...caSecretIs('events-root'), secret])).toEqual([{
      object: CA_ISSUER,
      path: 'spec.ca.secretName',
      message: 'key "tls.key" is not in Secret "events-root" (has: tls.crt)',
    }]);
  });
});

describe('a keystore passwordSecretRef must resolve', () => {
  test('reported when missing, with its key', () => {
    const objects = withLeaf(tlsKafkaSet(), (spec) => { spec.keystores = { jks: { create: true, passwordSecretRef: { name: 'events-kafka-keystore', key: 'password' } } }; });
    expect(findProblems(objects)).toEqual([{
      object: LEAF,
      path: 'spec.keystores.jks.passwordSecretRef.name',
      message: 'Secret "events-kafka-keystore" is not in the synth (namespace "events") and not declared in options.external.secrets',
    }]);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'events-kafka-keystore', namespace: 'events' }, type: 'Opaque', data: { pass: 'Y2hhbmdlaXQ=' } };
    expect(findProblems([...objects, secret])).toEqual([expect.objectContaining({
      path: 'spec.keystores.jks.passwordSecretRef.key',
      message: 'key "password" is not in Secret "events-kafka-keystore" (has: pass)',
    })]);
  });
});

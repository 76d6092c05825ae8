import { crdValidatorFor } from './crd-validators';
import { certManagerBootstrap, mutated, tlsKafkaSet } from './fixtures';
import { find } from './objects';
import { findProblems } from './validate';

const LEAF = 'cert-manager.io/v1 Certificate events/events-kafka-tls';
const SELF_SIGNED = 'cert-manager.io/v1 Issuer events/events-selfsigned';

/** The valid set with the leaf Certificate's spec changed. */
const withLeaf = (change: (spec: any) => void): any[] => mutated(tlsKafkaSet(), 'Certificate', 'events-kafka-tls', (c) => change(c.spec));
const withIssuer = (name: string, change: (issuer: any) => void): any[] => mutated(tlsKafkaSet(), 'Issuer', name, change);
const leafProblems = (change: (spec: any) => void): string[] => findProblems(withLeaf(change)).map((p) => `${p.path}: ${p.message}`);

describe('cert-manager.io/v1 validation is on by default', () => {
  test.each(['Certificate', 'Issuer', 'ClusterIssuer'])('a %s validator is registered when the harness loads', (kind) => {
    expect(crdValidatorFor('cert-manager.io/v1', kind)).toBeDefined();
  });

  test('the bootstrap (self-signed Issuer, CA Certificate, CA Issuer, leaf Certificate) and a StatefulSet mounting its Secret pass', () => {
    expect(findProblems(certManagerBootstrap())).toEqual([]);
    expect(findProblems(tlsKafkaSet())).toEqual([]);
  });
});

describe('strict schema: unknown fields at every level', () => {
  test('a typo\'d field (spec.dnsName) is rejected', () => {
    const objects = withLeaf((spec) => { spec.dnsName = spec.dnsNames; delete spec.dnsNames; });
    expect(findProblems(objects)).toEqual([{ object: LEAF, path: 'spec.dnsName', message: 'unknown field' }]);
  });

  test('unknown fields deep in the spec, in metadata, and in a CA Issuer are rejected', () => {
    const objects = withLeaf((spec) => {
      spec.privateKey.sizee = 4096;
      spec.issuerRef.namespace = 'events';
    });
    const certificate = find(objects, 'Certificate', 'events-kafka-tls');
    certificate.metadata.label = { a: 'b' };
    const issuer = find(objects, 'Issuer', 'events-ca');
    issuer.spec.ca.secret = 'events-ca';
    expect(findProblems(objects).map((p) => `${p.object} ${p.path}: ${p.message}`)).toEqual([
      'cert-manager.io/v1 Issuer events/events-ca spec.ca.secret: unknown field',
      `${LEAF} metadata.label: unknown field`,
      `${LEAF} spec.issuerRef.namespace: unknown field`,
      `${LEAF} spec.privateKey.sizee: unknown field`,
    ]);
  });

  test('an unknown usage is rejected', () => {
    expect(leafProblems((spec) => { spec.usages.push('server-auth'); })).toEqual([
      expect.stringMatching(/^spec\.usages\[4\]: must be one of \[.*"server auth".*\], got string "server-auth"$/),
    ]);
  });

  test('wrong types and enums are reported once, by the strict schema', () => {
    expect(leafProblems((spec) => { spec.isCA = 'true'; spec.privateKey.encoding = 'PKCS12'; })).toEqual([
      'spec.isCA: must be boolean, got string "true"',
      'spec.privateKey.encoding: must be one of ["PKCS1","PKCS8"], got string "PKCS12"',
    ]);
  });

  test('fields cert-manager added after the model\'s typings are accepted', () => {
    const objects = withLeaf((spec) => {
      delete spec.renewBefore;
      spec.renewBeforePercentage = 25;
      spec.additionalOutputFormats = [{ type: 'DER' }, { type: 'CombinedPEM' }];
      spec.keystores = {
        pkcs12: { create: true, password: 'changeit', profile: 'Modern2023' },
        jks: { create: true, password: 'changeit', alias: 'kafka' },
      };
      spec.otherNames = [{ oid: '1.3.6.1.4.1.311.20.2.3', utf8Value: 'kafka@events' }];
    });
    find(objects, 'Certificate', 'events-ca').spec.nameConstraints = { critical: true, permitted: { dnsDomains: ['events.svc'] } };
    expect(findProblems(objects)).toEqual([]);
  });

  test('the new fields are type-checked too', () => {
    expect(leafProblems((spec) => {
      delete spec.renewBefore;
      spec.renewBeforePercentage = 100;
      spec.keystores = { pkcs12: { create: true, password: 'changeit', profile: 'Modern2024' } };
    })).toEqual([
      'spec.keystores.pkcs12.profile: must be one of ["LegacyRC2","LegacyDES","Modern2023"], got string "Modern2024"',
      'spec.renewBeforePercentage: must be < 100, got number 100',
    ]);
  });

  test('the model cross-checks issuer types the strict schema leaves open (acme, vault, venafi)', () => {
    const objects = withIssuer('events-selfsigned', (issuer) => { issuer.spec = { acme: { server: 5, privateKeySecretRef: { name: 'acme-key' } } }; });
    expect(findProblems(objects)).toEqual([{ object: SELF_SIGNED, path: 'spec.acme.server', message: '@kubernetes-models/cert-manager: must be string, got number 5' }]);
  });

  test('status is cert-manager\'s to write', () => {
    const objects = mutated(tlsKafkaSet(), 'Certificate', 'events-kafka-tls', (c) => { c.status = { revision: 1 }; });
    expect(findProblems(objects)).toEqual([{ object: LEAF, path: 'status', message: 'is written by cert-manager; a manifest must not set it' }]);
  });
});

describe('durations', () => {
  test.each(['2160h', '720h0m0s', '1h30m', '90.5m'])('duration %j is accepted', (duration) => {
    expect(leafProblems((spec) => { spec.duration = duration; spec.renewBefore = '30m'; })).toEqual([]);
  });

  test.each(['90d', '1w', '8760', '-8760h', '8760h0ms', '1e3h'])('duration %j is rejected', (duration) => {
    expect(leafProblems((spec) => { spec.duration = duration; })).toEqual([
      `spec.duration: invalid duration "${duration}": must be a Go duration in h, m and s units, e.g. "2160h" or "720h0m0s"`,
    ]);
  });

  test('renewBefore must be less than duration', () => {
    expect(leafProblems((spec) => { spec.duration = '720h'; spec.renewBefore = '720h0m0s'; })).toEqual([
      'spec.renewBefore: "720h0m0s" must be less than duration "720h": the certificate would be renewed continuously',
    ]);
  });

  test('renewBefore is compared with the 90-day default when duration is unset', () => {
    expect(leafProblems((spec) => { delete spec.duration; spec.renewBefore = '2400h'; })).toEqual([
      'spec.renewBefore: "2400h" must be less than the default duration 2160h0m0s: the certificate would be renewed continuously',
    ]);
  });

  test('cert-manager\'s minimums and the renewBefore / renewBeforePercentage exclusion', () => {
    expect(leafProblems((spec) => { spec.duration = '30m'; spec.renewBefore = '1m'; spec.renewBeforePercentage = 10; })).toEqual([
      'spec.duration: "30m" is shorter than cert-manager\'s minimum certificate duration of 1h',
      'spec.renewBefore: "1m" is shorter than cert-manager\'s minimum renewBefore of 5m',
      'spec.renewBefore: renewBefore and renewBeforePercentage are mutually exclusive; set one',
    ]);
  });
});

describe('names and the issuer reference', () => {
  test('commonName is at most 64 bytes', () => {
    expect(leafProblems((spec) => { spec.commonName = 'k'.repeat(64); })).toEqual([]);
    expect(leafProblems((spec) => { spec.commonName = 'k'.repeat(65); })).toEqual([
      'spec.commonName: is 65 bytes, at most 64 are allowed (X.509 ub-common-name); put long names in dnsNames',
    ]);
    // Bytes, not characters: 33 two-byte characters.
    expect(leafProblems((spec) => { spec.commonName = 'é'.repeat(33); })).toEqual([expect.stringMatching(/^spec\.commonName: is 66 bytes/)]);
  });

  test('dnsNames are non-empty and unique', () => {
    expect(leafProblems((spec) => { spec.dnsNames.push('', 'kafka.events.svc'); })).toEqual([
      'spec.dnsNames[3]: must be a non-empty DNS name',
      'spec.dnsNames[4]: duplicate of spec.dnsNames[0] "kafka.events.svc"',
    ]);
  });

  test('a Certificate must name something', () => {
    expect(leafProblems((spec) => { delete spec.commonName; spec.dnsNames = []; })).toEqual([
      'spec: at least one of commonName, literalSubject, dnsNames, uris, emailAddresses, ipAddresses or otherNames must be set',
    ]);
  });

  test('issuerRef.kind is Issuer or ClusterIssuer in the cert-manager.io group; external issuer groups choose their own', () => {
    expect(leafProblems((spec) => { spec.issuerRef.kind = 'CAIssuer'; })).toEqual([
      'spec.issuerRef.kind: must be Issuer or ClusterIssuer, got "CAIssuer" (an external issuer kind needs spec.issuerRef.group)',
    ]);
    expect(leafProblems((spec) => { spec.issuerRef = { group: 'awspca.cert-manager.io', kind: 'AWSPCAClusterIssuer', name: 'pca' }; })).toEqual([]);
  });

  test('key sizes fit the algorithm', () => {
    expect(leafProblems((spec) => { spec.privateKey.size = 1024; })).toEqual(['spec.privateKey.size: 1024 is not a valid RSA key size: must be between 2048 and 8192']);
    expect(leafProblems((spec) => { spec.privateKey = { algorithm: 'ECDSA', size: 2048 }; })).toEqual([
      'spec.privateKey.size: 2048 is not a valid ECDSA key size: must be 256, 384 or 521',
    ]);
  });

  test('a keystore has exactly one password source, which the 4.x model does not yet know', () => {
    expect(leafProblems((spec) => { spec.keystores = { pkcs12: { create: true } }; })).toEqual([
      'spec.keystores.pkcs12: set exactly one of password and passwordSecretRef',
    ]);
    const both = withLeaf((spec) => { spec.keystores = { jks: { create: true, password: 'changeit', passwordSecretRef: { name: 'events-ca', key: 'tls.key' } } }; });
    expect(findProblems(both).map((p) => `${p.path}: ${p.message}`)).toEqual(['spec.keystores.jks: set exactly one of password and passwordSecretRef, not both']);
  });
});

describe('Issuers', () => {
  test('an Issuer configures exactly one issuer type', () => {
    expect(findProblems(withIssuer('events-selfsigned', (issuer) => { issuer.spec = {}; }))).toEqual([
      { object: SELF_SIGNED, path: 'spec', message: 'must configure one issuer type (acme, ca, selfSigned, vault, venafi)' },
    ]);
    expect(findProblems(withIssuer('events-selfsigned', (issuer) => { issuer.spec.ca = { secretName: 'events-ca' }; }))).toEqual([
      { object: SELF_SIGNED, path: 'spec', message: 'configures 2 issuer types (ca, selfSigned); exactly one is allowed' },
    ]);
  });

  test('a CA Issuer needs its secretName', () => {
    expect(findProblems(withIssuer('events-ca', (issuer) => { delete issuer.spec.ca.secretName; }))).toEqual([
      { object: 'cert-manager.io/v1 Issuer events/events-ca', path: 'spec.ca.secretName', message: 'required field is missing' },
    ]);
  });

  test('a ClusterIssuer has the same rules and is cluster-scoped', () => {
    const clusterIssuer = { apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'platform-ca' }, spec: { selfSigned: { crlDistributionPoints: [] } } };
    expect(findProblems([clusterIssuer])).toEqual([]);
    expect(findProblems([{ ...clusterIssuer, spec: { selfSigned: { crlDistributionPoint: [] } } }])).toEqual([
      { object: 'cert-manager.io/v1 ClusterIssuer platform-ca', path: 'spec.selfSigned.crlDistributionPoint', message: 'unknown field' },
    ]);
  });
});

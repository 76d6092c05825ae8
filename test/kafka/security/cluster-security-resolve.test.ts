import { Duration } from 'cdk8s';
import { CertificateAuthority, Listener, ListenerAuthentication } from '../../../src';
import { KafkaUser } from '../../../src/access/kafka-user';
import { AuthenticationMechanism } from '../../../src/access/listener-authentication';
import { resolveListeners } from '../../../src/kafka/listener';
import {
  ADMIN_USER, internalProtocol, plainUserSecrets, resolveSecurity, ResolvedSecurity, SecurityInput,
} from '../../../src/kafka/security/cluster-security';
import { configErrorOf } from '../../support/errors';
import { secretRef } from '../../support/secrets';

const SCOPE = 'c/events';

const listener = (name: string, port: number, tls?: boolean, authentication?: ListenerAuthentication) =>
  Listener.internal({ name, port, tls, authentication });

function security(listeners: Listener[] = [listener('client', 9092)], input: SecurityInput = {}, namespace: string | null = 'kafka'): ResolvedSecurity {
  return resolveSecurity(SCOPE, input, 'events', namespace ?? undefined, resolveListeners(SCOPE, listeners));
}

const errorOf = configErrorOf;

const PLAINTEXT = () => [listener('client', 9092, false, ListenerAuthentication.none())];

describe('resolveSecurity', () => {
  test('by default (TLS, SCRAM-SHA-512): certificates, authorization, the admin\'s generated Secret', () => {
    const s = security();
    expect(s).toEqual({
      tls: {
        clientAuthority: { authority: expect.any(CertificateAuthority), name: 'events-kafka', issuer: { name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' } },
        nodeAuthority: {
          authority: expect.any(CertificateAuthority), name: 'events-kafka-nodes', issuer: { name: 'events-kafka-nodes-ca', kind: 'Issuer', group: 'cert-manager.io' },
        },
        nodeSecret: 'events-kafka-tls',
        nodePrincipal: 'events-kafka',
        listenerSecret: 'events-kafka-listeners-tls',
        clientPrincipalRules: 'RULE:^CN=(?!(?:admin|events-kafka)(?:,|$))([^,]+)(?:,.*)?$/$1/',
        durationHours: 8760,
        renewBeforeHours: 720,
      },
      authorizer: true,
      superUsers: ['User:events-kafka', 'User:admin'],
      scramMechanisms: [AuthenticationMechanism.SCRAM_SHA_512],
      plainListeners: [],
      adminSecret: 'events-kafka-admin',
      adminSecretProvided: false,
    });
    expect(internalProtocol(s)).toBe('SSL');
    expect(ADMIN_USER).toBe('admin');
  });

  test('plaintext and unauthenticated: no certificates, no authorization, no admin, only the nodes as super user', () => {
    const s = security(PLAINTEXT());
    expect(s).toEqual({
      tls: undefined,
      authorizer: false,
      superUsers: ['User:events-kafka'],
      scramMechanisms: [],
      plainListeners: [],
      adminSecret: undefined,
      adminSecretProvided: false,
    });
    expect(internalProtocol(s)).toBe('PLAINTEXT');
  });

  test.each([
    ['TLS without authentication', [listener('client', 9092, true, ListenerAuthentication.none())], true, false],
    ['SCRAM without TLS', [listener('client', 9092, false)], true, true],
    ['one plaintext listener among secured ones', [...PLAINTEXT(), listener('secure', 9095)], true, true],
  ])('%s: certificates %p, authorization %p', (_, listeners, certificates, authorizer) => {
    const s = security(listeners);
    expect([s.tls !== undefined, s.authorizer]).toEqual([certificates, authorizer]);
  });

  test('a named authority gives certificates even to a plaintext cluster', () => {
    const s = security(PLAINTEXT(), { certificateAuthority: CertificateAuthority.issuer('company-ca') });
    expect(s.tls?.clientAuthority.issuer).toEqual({ name: 'company-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(s.tls?.listenerSecret).toBeUndefined();
    expect(s.authorizer).toBe(false);
  });

  test('SCRAM mechanisms in use, each once, sorted', () => {
    const s = security([
      listener('a', 9092),
      listener('b', 9095, true, ListenerAuthentication.scramSha256()),
      listener('c', 9096),
      listener('d', 9097, true, ListenerAuthentication.plain()),
    ]);
    expect(s.scramMechanisms).toEqual([AuthenticationMechanism.SCRAM_SHA_256, AuthenticationMechanism.SCRAM_SHA_512]);
  });

  test('PLAIN listeners by name; the admin gets a Secret', () => {
    const s = security([listener('client', 9092, true, ListenerAuthentication.plain()), listener('other', 9095, true, ListenerAuthentication.plain())]);
    expect(s).toMatchObject({ plainListeners: ['CLIENT', 'OTHER'], scramMechanisms: [], adminSecret: 'events-kafka-admin', superUsers: ['User:events-kafka', 'User:admin'] });
  });

  test('mutual TLS only: authorization without an admin password', () => {
    const s = security([listener('client', 9092, true, ListenerAuthentication.mutualTls())]);
    expect(s).toMatchObject({ authorizer: true, adminSecret: undefined, superUsers: ['User:events-kafka'] });
  });

  test('the admin\'s Secret may be the user\'s', () => {
    expect(security(undefined, { adminSecret: secretRef('vault-kafka-admin') })).toMatchObject({ adminSecret: 'vault-kafka-admin', adminSecretProvided: true });
  });

  test('issuers: the self-signed root\'s CA Issuer, an Issuer, a ClusterIssuer', () => {
    expect(security(undefined, { certificateAuthority: CertificateAuthority.selfSigned() }).tls?.clientAuthority.issuer)
      .toEqual({ name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(security(undefined, { certificateAuthority: CertificateAuthority.clusterIssuer('corp') }).tls?.clientAuthority.issuer)
      .toEqual({ name: 'corp', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(security(undefined, { nodeCertificateAuthority: CertificateAuthority.issuer('nodes') }).tls?.nodeAuthority.issuer)
      .toEqual({ name: 'nodes', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test.each([
    [Duration.days(7), 168, 56],
    [Duration.days(90), 2160, 720],
    [Duration.hours(200), 200, 66],
  ])('validity %p: %p hours, renewed %p hours before the end', (certificateValidity, durationHours, renewBeforeHours) => {
    expect(security(undefined, { certificateValidity }).tls).toMatchObject({ durationHours, renewBeforeHours });
  });

  test('without certificates no namespace is needed', () => {
    expect(security(PLAINTEXT(), {}, null).tls).toBeUndefined();
  });

  test('fails if the cluster has certificates and its chart no namespace', () => {
    expect(errorOf(() => security(undefined, {}, null))).toBe(
      'c/events: namespace = undefined is invalid: certificates name the namespace in every address they cover, so a cluster with TLS needs its chart\'s namespace. ' +
      'Create the chart with a namespace: new Chart(app, id, { namespace: "kafka" }).');
  });

  test('fails if the validity is under 7 days', () => {
    expect(errorOf(() => security(undefined, { certificateValidity: Duration.days(6) })))
      .toContain('c/events: certificateValidity = "6 days" is invalid: the nodes pick a renewed certificate up only when they restart');
  });

  test('fails if the authority is not a CertificateAuthority', () => {
    expect(errorOf(() => security(undefined, { certificateAuthority: 'company-ca' as unknown as CertificateAuthority })))
      .toContain('c/events: certificateAuthority = "company-ca" is invalid: it is not a CertificateAuthority');
  });

  test('fails if the admin Secret reference has no valid name', () => {
    expect(errorOf(() => security(undefined, { adminSecret: { name: 'Bad Name' } as never })))
      .toContain('c/events: adminSecret = "Bad Name" is invalid: it is not a reference to a Secret with a valid name');
  });
});

describe('plainUserSecrets', () => {
  const user = (name: string, credentialsSecret?: string) => KafkaUser._of(name, {
    bootstrapServers: 'b:9092', securityProtocol: 'SASL_SSL', authentication: AuthenticationMechanism.PLAIN, credentialsSecret,
  }, false);

  test('the admin first, then every user with a credentials Secret, in order', () => {
    const s = security([listener('client', 9092, true, ListenerAuthentication.plain())]);
    expect(plainUserSecrets(s, [user('orders', 'events-user-orders'), user('cert-only'), user('billing', 'vault-billing')])).toEqual([
      { user: 'admin', secret: 'events-kafka-admin' },
      { user: 'orders', secret: 'events-user-orders' },
      { user: 'billing', secret: 'vault-billing' },
    ]);
  });

  test('no admin entry without an admin Secret', () => {
    expect(plainUserSecrets(security(PLAINTEXT()), [user('orders', 'x')])).toEqual([{ user: 'orders', secret: 'x' }]);
    expect(plainUserSecrets(security(PLAINTEXT()), [])).toEqual([]);
  });
});

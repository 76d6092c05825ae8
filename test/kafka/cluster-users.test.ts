import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Acl, AclOperation, ExternalAccess, KafkaCluster, KafkaClusterProps, Listener, ListenerAuthentication } from '../../src';
import { KafkaUserOptions } from '../../src/access/kafka-user';
import { KafkaConfigError } from '../../src/core/errors';
import { ResolvedCluster } from '../../src/kafka/cluster-model';
import { resolveUser, userSecretName } from '../../src/kafka/cluster-users';
import { resolveCluster } from '../../src/kafka/resolve-cluster';
import { configErrorOf } from '../support/errors';
import { secretRef } from '../support/secrets';

const SCOPE = 'c/events.addUser';

function resolve(props: KafkaClusterProps = {}): ResolvedCluster {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  return resolveCluster(scope, props, { name: 'events', namespace: 'kafka' }).cluster;
}

const errorOf = configErrorOf;

const user = (name: string, options: KafkaUserOptions = {}, props: KafkaClusterProps = {}, taken = false) =>
  resolveUser(SCOPE, resolve(props), name, options, taken);

describe('resolveUser', () => {
  test('by default: SCRAM-SHA-512 over TLS on the client listener, a generated credentials Secret and a certificate', () => {
    const u = user('orders');
    expect(u.name).toBe('orders');
    expect(u.principal).toBe('User:orders');
    expect(u.connection).toEqual({
      bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      securityProtocol: 'SASL_SSL',
      authentication: 'SCRAM-SHA-512',
      saslMechanism: 'SCRAM-SHA-512',
      credentialsSecret: 'events-user-orders',
      certificateSecret: 'events-user-orders-tls',
    });
    expect(u._secretProvided).toBe(false);
    expect(u.acls).toEqual([]);
  });

  test('a given credentials Secret is used instead', () => {
    const u = user('orders', { credentialsSecret: secretRef('vault-orders') });
    expect(u.connection.credentialsSecret).toBe('vault-orders');
    expect(u._secretProvided).toBe(true);
  });

  test('mutual TLS: no SASL, no credentials, the certificate is the identity', () => {
    const u = user('orders', {}, { listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })] });
    expect(u.connection).toEqual({
      bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      securityProtocol: 'SSL',
      authentication: 'mutual-tls',
      saslMechanism: undefined,
      credentialsSecret: undefined,
      certificateSecret: 'events-user-orders-tls',
    });
  });

  test('PLAIN and SCRAM-SHA-256 are SASL mechanisms with credentials', () => {
    for (const authentication of [ListenerAuthentication.plain(), ListenerAuthentication.scramSha256()]) {
      const u = user('orders', {}, { listeners: [Listener.internal({ name: 'client', port: 9092, authentication })] });
      expect(u.connection).toMatchObject({ securityProtocol: 'SASL_SSL', saslMechanism: authentication.mechanism, credentialsSecret: 'events-user-orders' });
    }
  });

  test('a plaintext cluster: PLAINTEXT, no Secrets at all', () => {
    const u = user('orders', {}, { listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] });
    expect(u.connection).toEqual({
      bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      securityProtocol: 'PLAINTEXT',
      authentication: 'none',
      saslMechanism: undefined,
      credentialsSecret: undefined,
      certificateSecret: undefined,
    });
  });

  test('SCRAM without TLS: SASL_PLAINTEXT, credentials, and a certificate for trust (the cluster has certificates)', () => {
    const u = user('orders', {}, { listeners: [Listener.internal({ name: 'client', port: 9092, tls: false })] });
    expect(u.connection).toMatchObject({ securityProtocol: 'SASL_PLAINTEXT', credentialsSecret: 'events-user-orders', certificateSecret: 'events-user-orders-tls' });
  });

  test('users connect through the first internal listener, whatever comes before it', () => {
    const u = user('orders', {}, {
      listeners: [
        Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }) }),
        Listener.internal({ name: 'mtls', port: 9095, authentication: ListenerAuthentication.mutualTls() }),
        Listener.internal({ name: 'client', port: 9092 }),
      ],
    });
    expect(u.connection).toMatchObject({ bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9095', securityProtocol: 'SSL' });
  });

  test('its ACLs, without repeats', () => {
    const read = Acl.topic('orders', [AclOperation.READ]);
    const u = user('orders', { acls: [read, Acl.topic('orders', [AclOperation.READ]), Acl.group('orders', [AclOperation.READ])] });
    expect(u.acls.map(a => a._cliArguments())).toEqual([read._cliArguments(), Acl.group('orders', [AclOperation.READ])._cliArguments()]);
  });

  test.each(['Orders', 'orders_service', '-orders', 'a'.repeat(41), ''])('fails if the name is %p', name => {
    expect(errorOf(() => user(name))).toContain(`c/events.addUser: name = "${name}" is invalid: a user name is a lower-case DNS name of at most 40 characters`);
  });

  test('fails if the user exists', () => {
    expect(errorOf(() => user('orders', {}, {}, true))).toBe('c/events.addUser: name = "orders" is invalid: the cluster already has this user. Give every user its own name (components add their own user, named after their id).');
  });

  test.each(['admin', 'events-kafka'])('fails if the name is the cluster\'s own principal %p', name => {
    expect(errorOf(() => user(name))).toBe(`c/events.addUser: name = "${name}" is invalid: the cluster uses this principal itself. Give every user its own name.`);
  });

  test('the nodes\' name is free when the cluster has no certificates', () => {
    const props = { listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] };
    expect(user('events-kafka', {}, props).name).toBe('events-kafka');
  });

  test('fails if the cluster has no internal listener', () => {
    const props = { listeners: [Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }) })] };
    expect(errorOf(() => user('orders', {}, props))).toBe(
      'c/events.addUser: name = "orders" is invalid: users connect through the first internal listener, and the cluster has none. Add an internal listener.');
  });

  test('fails if the credentials Secret reference has no valid name', () => {
    expect(errorOf(() => user('orders', { credentialsSecret: { name: 'Not_A_Name' } as never })))
      .toContain('c/events.addUser: credentialsSecret = "Not_A_Name" is invalid');
  });

  test('fails if an ACL is not an Acl', () => {
    expect(errorOf(() => user('orders', { acls: ['read orders' as unknown as Acl] }))).toContain('KafkaUser(orders).addAcl: acls[0] = "read orders" is invalid: it must be an Acl');
  });

  // A user's credentials Secret is `<cluster>-user-<name>` and its certificate Secret
  // `<cluster>-user-<name>-tls`, so users "orders" and "orders-tls" would both write
  // `events-user-orders-tls` (the credentials Job and cert-manager overwriting each other).
  test('fails if one user\'s credentials Secret would be another user\'s certificate Secret', () => {
    const cluster = new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
    expect(() => {
      cluster.addUser('orders');
      cluster.addUser('orders-tls');
    }).toThrow(KafkaConfigError);
  });
});

describe('userSecretName', () => {
  test('is <cluster>-user-<name>', () => {
    expect(userSecretName({ name: 'events' }, 'orders')).toBe('events-user-orders');
  });
});

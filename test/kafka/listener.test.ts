import { ClientPeer, ExternalAccess, Listener, ListenerAuthentication } from '../../src';
import { KafkaConfigError } from '../../src/core/errors';
import { ExternalAccessType } from '../../src/kafka/external-access';
import { checkPort, ListenerScope, RESERVED_LISTENERS, resolveListeners } from '../../src/kafka/listener';

const SCOPE = 'c/events';

function errorOf(listeners: Listener[]): string {
  try {
    resolveListeners(SCOPE, listeners);
  } catch (e) {
    if (e instanceof KafkaConfigError) return e.message;
    throw e;
  }
  return '';
}

const lb = (hostPattern = 'broker-{id}.kafka.example.com') => ExternalAccess.loadBalancer({ hostPattern });

describe('resolveListeners', () => {
  test('an internal listener: upper-case name, lower-case port name, TLS and SCRAM-SHA-512 by default, no peers', () => {
    expect(resolveListeners(SCOPE, [Listener.internal({ name: 'client', port: 9092 })])).toEqual([{
      name: 'CLIENT',
      portName: 'client',
      port: 9092,
      scope: ListenerScope.INTERNAL,
      access: undefined,
      advertisedPort: 9092,
      peers: [],
      tls: true,
      authentication: 'SCRAM-SHA-512',
      protocol: 'SASL_SSL',
    }]);
  });

  test('underscores become dashes in the port name', () => {
    expect(resolveListeners(SCOPE, [Listener.internal({ name: 'Internal_Apps', port: 9095 })])[0]).toMatchObject({ name: 'INTERNAL_APPS', portName: 'internal-apps' });
  });

  test('an external listener keeps its access and advertised port, and admits anyone by default', () => {
    const access = ExternalAccess.nodePort({ hostPattern: 'kafka-{id}.example.com', basePort: 30100 });
    const [external] = resolveListeners(SCOPE, [Listener.external({ name: 'external', port: 9094, advertisedPort: 443, access })]);
    expect(external).toMatchObject({ name: 'EXTERNAL', scope: ListenerScope.EXTERNAL, access, advertisedPort: 443, protocol: 'SASL_SSL' });
    expect(external.access?._type).toBe(ExternalAccessType.NODE_PORT);
    expect(external.peers).toEqual([ClientPeer.anywhere()]);
  });

  test('an external listener without an advertised port advertises its own', () => {
    expect(resolveListeners(SCOPE, [Listener.external({ name: 'external', port: 9094, access: lb() })])[0].advertisedPort).toBe(9094);
  });

  test('peers are kept, in order', () => {
    const peers = [ClientPeer.namespace('apps'), ClientPeer.ipBlock('10.0.0.0/8')];
    expect(resolveListeners(SCOPE, [Listener.internal({ name: 'client', port: 9092, peers })])[0].peers).toEqual(peers);
  });

  test('several listeners keep their order', () => {
    const resolved = resolveListeners(SCOPE, [
      Listener.internal({ name: 'b', port: 9095 }),
      Listener.internal({ name: 'a', port: 9092 }),
    ]);
    expect(resolved.map(l => [l.name, l.port])).toEqual([['B', 9095], ['A', 9092]]);
  });

  test.each([
    [true, ListenerAuthentication.scramSha512(), 'SCRAM-SHA-512', 'SASL_SSL'],
    [false, ListenerAuthentication.scramSha512(), 'SCRAM-SHA-512', 'SASL_PLAINTEXT'],
    [true, ListenerAuthentication.scramSha256(), 'SCRAM-SHA-256', 'SASL_SSL'],
    [false, ListenerAuthentication.scramSha256(), 'SCRAM-SHA-256', 'SASL_PLAINTEXT'],
    [true, ListenerAuthentication.plain(), 'PLAIN', 'SASL_SSL'],
    [true, ListenerAuthentication.mutualTls(), 'mutual-tls', 'SSL'],
    [true, ListenerAuthentication.none(), 'none', 'SSL'],
    [false, ListenerAuthentication.none(), 'none', 'PLAINTEXT'],
  ])('tls %p with %s authentication: security protocol %s', (tls, authentication, mechanism, protocol) => {
    const [l] = resolveListeners(SCOPE, [Listener.internal({ name: 'client', port: 9092, tls, authentication })]);
    expect([l.tls, l.authentication, l.protocol]).toEqual([tls, mechanism, protocol]);
  });

  test('the reserved listeners are the replication, controller and metrics ports', () => {
    expect(RESERVED_LISTENERS).toEqual({
      REPLICATION: { name: 'REPLICATION', port: 9091 },
      CONTROLLER: { name: 'CONTROLLER', port: 9093 },
      METRICS: { name: 'METRICS', port: 9404 },
    });
  });

  test('fails if there is no listener', () => {
    expect(errorOf([])).toBe(
      'c/events: listeners = [] is invalid: the cluster needs at least one client listener. Add one, e.g. Listener.internal({ name: \'client\', port: 9092 }).');
  });

  test('fails if a listener is not a Listener', () => {
    expect(errorOf([{ name: 'client', port: 9092 } as unknown as Listener])).toContain('c/events: listeners[0] = {"name":"client","port":9092} is invalid: it is not a Listener');
  });

  test.each(['1client', 'my-client', 'client.a', 'averyverylongname', ''])('fails if the name is %p', name => {
    expect(() => Listener.internal({ name, port: 9092 })).toThrow(`Listener.internal: options.name = "${name}" is invalid: it `);
  });

  test.each(['clientssl', 'SSL', 'sasl_client', 'my_SASL_x'])('fails if the name %p would trigger the image\'s own keystore or JAAS checks', name => {
    expect(errorOf([Listener.internal({ name, port: 9092 })])).toContain(`c/events: listeners[0].name = "${name}" is invalid: a listener name ending in SSL or containing SASL_`);
  });

  test.each(['replication', 'Controller', 'METRICS'])('fails if the name is the reserved %p', name => {
    expect(errorOf([Listener.internal({ name, port: 9092 })]))
      .toContain(`c/events: listeners[0].name = "${name}" is invalid: ${name.toUpperCase()} is the cluster's own listener. Give every listener its own name.`);
  });

  test('fails if two names are equal but for case', () => {
    expect(errorOf([Listener.internal({ name: 'client', port: 9092 }), Listener.internal({ name: 'CLIENT', port: 9095 })]))
      .toBe('c/events: listeners[1].name = "CLIENT" is invalid: listeners[0] has the same name. Give every listener its own name.');
  });

  test.each([
    [9091, 'REPLICATION'],
    [9093, 'CONTROLLER'],
    [9404, 'METRICS'],
  ])('fails if the port is the reserved %p', (port, owner) => {
    expect(errorOf([Listener.internal({ name: 'client', port })]))
      .toBe(`c/events: listeners[0].port = ${port} is invalid: listener ${owner} already uses it. Give every listener its own port.`);
  });

  test('fails if two listeners share a port', () => {
    expect(errorOf([Listener.internal({ name: 'a', port: 9092 }), Listener.internal({ name: 'b', port: 9092 })]))
      .toBe('c/events: listeners[1].port = 9092 is invalid: listener A already uses it. Give every listener its own port.');
  });

  test.each([0, 65536, 9092.5, -1])('fails if the port is %p', port => {
    expect(() => Listener.internal({ name: 'client', port })).toThrow(`Listener.internal: options.port = ${port} is invalid: it must be a whole number from 1 to 65535`);
  });

  test('fails if mutual TLS is asked for without TLS', () => {
    expect(errorOf([Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.mutualTls() })]))
      .toContain('c/events: listeners[0].tls = false is invalid: mutual TLS authentication is a TLS handshake with client certificates');
  });

  test('fails if PLAIN is asked for without TLS', () => {
    expect(errorOf([Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.plain() })]))
      .toContain('c/events: listeners[0].tls = false is invalid: SASL/PLAIN sends the password itself');
  });

  test('fails if an external listener has no TLS', () => {
    expect(errorOf([Listener.external({ name: 'external', port: 9094, access: lb(), tls: false })]))
      .toContain('c/events: listeners[0].tls = false is invalid: an external listener carries credentials and records over networks the cluster does not control');
  });

  test('fails if tls is not a boolean', () => {
    expect(() => Listener.internal({ name: 'client', port: 9092, tls: 'yes' as unknown as boolean })).toThrow('Listener.internal: options.tls = "yes" is invalid: it must be true or false');
  });

  test('fails if authentication is not a ListenerAuthentication', () => {
    expect(() => Listener.internal({ name: 'client', port: 9092, authentication: 'SCRAM-SHA-512' as unknown as ListenerAuthentication }))
      .toThrow('Listener.internal: options.authentication = "SCRAM-SHA-512" is invalid: it must be a ListenerAuthentication');
  });

  test('fails if an external listener has no access', () => {
    expect(() => Listener.external({ name: 'external', port: 9094, access: undefined as unknown as ExternalAccess }))
      .toThrow('Listener.external: options.access = undefined is invalid: it is required');
  });

  test.each(['kafka.example.com', 'Broker-{id}.example.com', 'broker-{id}.example.com.', 'broker_{id}.example.com'])('fails if the host pattern is %p', hostPattern => {
    expect(() => lb(hostPattern)).toThrow(`ExternalAccess.loadBalancer: options.hostPattern = "${hostPattern}" is invalid: it must be a DNS name containing "{id}"`);
  });

  test('fails if the bootstrap host is not a DNS name', () => {
    expect(() => ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com', bootstrapHost: 'Bootstrap.example.com' }))
      .toThrow('ExternalAccess.loadBalancer: options.bootstrapHost = "Bootstrap.example.com" is invalid: it must be a DNS name');
    expect(() => ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com', bootstrapHost: `${'x'.repeat(60)}.`.repeat(5) + 'com' }))
      .toThrow('ExternalAccess.loadBalancer: options.bootstrapHost = ');
  });

  test('fails if the node-port base is not a port', () => {
    expect(() => ExternalAccess.nodePort({ hostPattern: 'b-{id}.example.com', basePort: 70000 })).toThrow('ExternalAccess.nodePort: options.basePort = 70000 is invalid');
  });

  test('fails if the advertised port is not a port', () => {
    expect(() => Listener.external({ name: 'external', port: 9094, advertisedPort: 0, access: lb() })).toThrow('Listener.external: options.advertisedPort = 0 is invalid');
  });

  test('fails if a peer is not a ClientPeer', () => {
    expect(() => Listener.internal({ name: 'client', port: 9092, peers: ['apps' as unknown as ClientPeer] }))
      .toThrow('Listener.internal: options.peers[0] = "apps" is invalid: it must be a ClientPeer');
  });

  // The port name is the lower-cased name with '_' turned into '-', so a trailing or
  // doubled '_' would give a port name Kubernetes refuses (IANA_SVC_NAME: no leading,
  // trailing or consecutive '-'), on the container ports and the Services alike.
  test.each(['client_', 'a__b', 'x_'])('fails if the name %p gives an invalid port name', name => {
    expect(() => Listener.internal({ name, port: 9092 })).toThrow(`Listener.internal: options.name = "${name}" is invalid`);
  });
});

describe('checkPort', () => {
  test.each([1, 9092, 65535])('accepts %p', port => {
    expect(() => checkPort(SCOPE, 'port', port)).not.toThrow();
  });

  test.each([0, 65536, 1.5, NaN, '9092' as unknown as number])('fails if the port is %p', port => {
    expect(() => checkPort(SCOPE, 'somePort', port)).toThrow(/^c\/events: somePort = .* is invalid: a port is a whole number from 1 to 65535\. Use a port such as 9092\.$/);
  });
});

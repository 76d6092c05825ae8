import { ExternalAccess, ExternalAccessType } from './external-access';
import { checkPeers, ClientPeer, clientPeers } from '../access/client-peer';
import { AuthenticationMechanism, isSaslMechanism, ListenerAuthentication } from '../access/listener-authentication';
import { ErrorScope, raise } from '../core/errors';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { portShape } from '../core/prop-shapes';

/** Options of a client listener. */
export interface ListenerOptions {
  /**
   * Listener name as Kafka sees it (letters, digits and '_'), upper-cased in the
   * configuration. Also the container port's name, lower-cased, so at most 15 characters.
   */
  readonly name: string;
  /** Port the brokers listen on. */
  readonly port: number;
  /**
   * Who may connect to this listener besides the components wired to the cluster in
   * code (Schema Registry, Connect, ksqlDB), which are admitted by name.
   *
   * @default - internal listeners: nobody else (name your clients, e.g.
   * `[ClientPeer.namespace('apps')]`); external listeners: `[ClientPeer.anywhere()]`,
   * since clients behind a load balancer come from addresses not known in advance
   */
  readonly peers?: ClientPeer[];
  /**
   * Encrypt the listener with TLS, with a certificate from the cluster's
   * `certificateAuthority` naming every address clients use.
   *
   * @default true — credentials and records cross the network; an external listener
   * cannot turn it off
   */
  readonly tls?: boolean;
  /**
   * How clients authenticate. Once any listener authenticates, the cluster authorizes
   * every request: principals get only the ACLs granted to them (`addUser`).
   *
   * @default ListenerAuthentication.scramSha512() — works with every client, and wired
   * components get their own users and ACLs without any code
   */
  readonly authentication?: ListenerAuthentication;
}

/** Options of an external listener. */
export interface ExternalListenerOptions extends ListenerOptions {
  /** How clients outside the cluster reach each broker. */
  readonly access: ExternalAccess;
  /**
   * Port clients connect to (the Service port); with node ports, the node port is used.
   *
   * @default - the listener port
   */
  readonly advertisedPort?: number;
}

// Letters, digits and single '_' between them: the port name (lower case, '_' -> '-')
// must be an IANA service name, which has no leading, trailing or doubled '-'.
const LISTENER_NAME = /^[A-Za-z](_?[A-Za-z0-9])*$/;

const LISTENER_FIELDS = {
  name: Expect.required(Expect.text({
    expected: 'a listener name (a letter, then letters, digits and single "_", at most 15 characters)',
    example: '"client"',
    maxLength: 15,
    pattern: LISTENER_NAME,
  })),
  port: Expect.required(portShape),
  peers: clientPeers,
  tls: Expect.boolean(),
  authentication: Expect.made('ListenerAuthentication', () => ListenerAuthentication, 'ListenerAuthentication.scramSha512()'),
};

const LISTENER_OPTIONS = Expect.struct('ListenerOptions', LISTENER_FIELDS);

const EXTERNAL_LISTENER_OPTIONS = Expect.struct('ExternalListenerOptions', {
  ...LISTENER_FIELDS,
  access: Expect.required(Expect.made('ExternalAccess', () => ExternalAccess, "ExternalAccess.loadBalancer({ hostPattern: 'broker-{id}.kafka.example.com' })")),
  advertisedPort: portShape,
});

/** A Listener prop (src/core/input-shape.ts). */
export const listenerShape = Expect.made('Listener', () => Listener, "Listener.internal({ name: 'client', port: 9092 })");

/** Where a listener is reachable from (internal: the factories choose it). */
export enum ListenerScope {
  /** From inside the Kubernetes cluster, at the brokers' pod DNS names. */
  INTERNAL = 'internal',
  /** From outside, through per-broker Services. */
  EXTERNAL = 'external',
}

/**
 * A listener clients connect to. The replication (inter-broker) and controller
 * listeners are not listed here: the cluster always has them, on ports it owns.
 */
export class Listener {
  /** A listener for clients inside the Kubernetes cluster. */
  public static internal(options: ListenerOptions): Listener {
    checkArguments('Listener.internal', [['options', options, LISTENER_OPTIONS]]);
    const peers = options.peers ?? [];
    return new Listener(ListenerScope.INTERNAL, options.name, options.port, undefined, undefined, peers, options.tls, options.authentication);
  }

  /** A listener for clients outside the Kubernetes cluster. */
  public static external(options: ExternalListenerOptions): Listener {
    checkArguments('Listener.external', [['options', options, EXTERNAL_LISTENER_OPTIONS]]);
    const peers = options.peers ?? [ClientPeer.anywhere()];
    const { name, port, access, advertisedPort, tls, authentication } = options;
    return new Listener(ListenerScope.EXTERNAL, name, port, access, advertisedPort, peers, tls, authentication);
  }

  private constructor(
    /**
     * Internal or external.
     *
     * @internal
     */
    public readonly _scope: ListenerScope,
    /** Name as given. */
    public readonly name: string,
    /** Port brokers listen on. */
    public readonly port: number,
    /** External access, for external listeners. */
    public readonly access: ExternalAccess | undefined,
    /** Port clients connect to, for external listeners. */
    public readonly advertisedPort: number | undefined,
    /** Who may connect besides wired components. */
    public readonly peers: ClientPeer[],
    /** TLS, if given. */
    public readonly tls: boolean | undefined,
    /** Authentication, if given. */
    public readonly authentication: ListenerAuthentication | undefined,
  ) {
    madeByFactory(this);
  }
}

/** Names and ports the cluster reserves for itself. */
export const RESERVED_LISTENERS = {
  REPLICATION: { name: 'REPLICATION', port: 9091 },
  CONTROLLER: { name: 'CONTROLLER', port: 9093 },
  METRICS: { name: 'METRICS', port: 9404 },
} as const;

/** A listener after checks, in configuration form. */
export interface ResolvedListener {
  /** Upper-case Kafka listener name. */
  readonly name: string;
  /** Lower-case container/Service port name. */
  readonly portName: string;
  readonly port: number;
  readonly scope: ListenerScope;
  readonly access?: ExternalAccess;
  readonly advertisedPort?: number;
  /** Who may connect besides wired components. */
  readonly peers: readonly ClientPeer[];
  /** TLS on the listener. */
  readonly tls: boolean;
  /** How clients authenticate. */
  readonly authentication: AuthenticationMechanism;
  /** Kafka security protocol (`SASL_SSL`, `SSL`, `SASL_PLAINTEXT`, `PLAINTEXT`). */
  readonly protocol: string;
}

const HOST_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Checks the client listeners together: names and ports unique and clear of the reserved ones. */
export function resolveListeners(scope: ErrorScope, listeners: readonly Listener[]): ResolvedListener[] {
  if (!Array.isArray(listeners) || listeners.length === 0) {
    raise(scope, 'listeners', listeners, 'the cluster needs at least one client listener',
      "Add one, e.g. Listener.internal({ name: 'client', port: 9092 })");
  }
  const seenNames = new Map<string, number>();
  const seenPorts = new Map<number, string>();
  const seenHosts = new Map<string, string>();
  for (const r of Object.values(RESERVED_LISTENERS)) {
    seenNames.set(r.name, -1);
    seenPorts.set(r.port, r.name);
  }
  return listeners.map((listener, i) => {
    const prop = `listeners[${i}]`;
    if (!(listener instanceof Listener)) {
      raise(scope, prop, listener, 'it is not a Listener', 'Create it with Listener.internal(...) or Listener.external(...)');
    }
    if (typeof listener.name !== 'string' || !LISTENER_NAME.test(listener.name) || listener.name.length > 15) {
      raise(scope, `${prop}.name`, listener.name,
        'a listener name starts with a letter, has only letters, digits and single "_" between them, and at most 15 characters (it also names the container port)',
        'Use a short name such as "client" or "external"');
    }
    const name = listener.name.toUpperCase();
    if (/SSL$/.test(name) || name.includes('SASL_')) {
      // The images' configure script keys its own keystore and JAAS-file checks on these
      // names in advertised.listeners, and exits without those files.
      raise(scope, `${prop}.name`, listener.name, 'a listener name ending in SSL or containing SASL_ makes the image\'s start script demand its own keystore or JAAS files',
        'Name it after its clients, e.g. "client" or "external"; security comes from tls and authentication');
    }
    if (listener._scope === ListenerScope.EXTERNAL && name === 'KAFKA') {
      raise(scope, `${prop}.name`, listener.name, 'an external listener\'s bootstrap Service is named <cluster>-<listener>-bootstrap, and <cluster>-kafka-bootstrap is the cluster\'s internal bootstrap Service',
        'Name it after its clients, e.g. "external" or "partners"');
    }
    const previous = seenNames.get(name);
    if (previous !== undefined) {
      raise(scope, `${prop}.name`, listener.name, previous < 0 ? `${name} is the cluster's own listener` : `listeners[${previous}] has the same name`,
        'Give every listener its own name');
    }
    seenNames.set(name, i);
    checkPort(scope, `${prop}.port`, listener.port);
    const clash = seenPorts.get(listener.port);
    if (clash !== undefined) {
      raise(scope, `${prop}.port`, listener.port, `listener ${clash} already uses it`, 'Give every listener its own port');
    }
    seenPorts.set(listener.port, name);
    if (listener._scope === ListenerScope.EXTERNAL) {
      checkExternal(scope, prop, listener);
      // Each load-balancer listener has its own Services, and external-dns points each
      // name at one of them: two listeners with one host name would fight over its record.
      const hosts = listener.access!._type === ExternalAccessType.LOAD_BALANCER ? [listener.access!.hostPattern, listener.access!.bootstrapHost] : [];
      for (const host of hosts.filter((h): h is string => h !== undefined)) {
        const other = seenHosts.get(host);
        if (other !== undefined) raise(scope, `${prop}.access`, host, `${other} already advertises ${host} through its own load balancers`, 'Give every load-balancer listener its own host names');
        seenHosts.set(host, `listener ${name}`);
      }
    }
    const security = resolveListenerSecurity(scope, prop, listener);
    return {
      ...security,
      name,
      portName: name.toLowerCase().replace(/_/g, '-'),
      port: listener.port,
      scope: listener._scope,
      access: listener.access,
      advertisedPort: listener.advertisedPort ?? listener.port,
      peers: checkPeers(scope, `${prop}.peers`, listener.peers),
    };
  });
}

interface ListenerSecurity {
  readonly tls: boolean;
  readonly authentication: AuthenticationMechanism;
  readonly protocol: string;
}

function resolveListenerSecurity(scope: ErrorScope, prop: string, listener: Listener): ListenerSecurity {
  const tls = listener.tls === undefined ? true : listener.tls;
  if (typeof tls !== 'boolean') raise(scope, `${prop}.tls`, tls, 'it is true or false', 'Remove it (TLS is on by default)');
  const auth = listener.authentication ?? ListenerAuthentication.scramSha512();
  if (!(auth instanceof ListenerAuthentication)) {
    raise(scope, `${prop}.authentication`, auth, 'it is not a ListenerAuthentication', 'Use ListenerAuthentication.scramSha512() or ListenerAuthentication.mutualTls()');
  }
  if (auth.mechanism === AuthenticationMechanism.MUTUAL_TLS && !tls) {
    raise(scope, `${prop}.tls`, tls, 'mutual TLS authentication is a TLS handshake with client certificates: it needs TLS on the listener', 'Remove tls: false');
  }
  if (auth.mechanism === AuthenticationMechanism.PLAIN && !tls) {
    raise(scope, `${prop}.tls`, tls, 'SASL/PLAIN sends the password itself: without TLS anyone on the path reads it',
      'Remove tls: false, or use ListenerAuthentication.scramSha512(), which never sends the password');
  }
  if (listener._scope === ListenerScope.EXTERNAL && !tls) {
    raise(scope, `${prop}.tls`, tls, 'an external listener carries credentials and records over networks the cluster does not control',
      'Remove tls: false; clients outside trust the cluster\'s CA (or use a CertificateAuthority they already trust)');
  }
  const sasl = isSaslMechanism(auth.mechanism);
  const protocol = sasl ? (tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : (tls ? 'SSL' : 'PLAINTEXT');
  return { tls, authentication: auth.mechanism, protocol };
}

function checkExternal(scope: ErrorScope, prop: string, listener: Listener): void {
  const access = listener.access;
  if (!(access instanceof ExternalAccess)) {
    raise(scope, `${prop}.access`, access, 'an external listener needs external access', 'Use ExternalAccess.loadBalancer(...) or ExternalAccess.nodePort(...)');
  }
  const pattern = access.hostPattern;
  if (typeof pattern !== 'string' || !pattern.includes('{id}') || !HOST_NAME.test(pattern.replace(/\{id\}/g, '0'))) {
    raise(scope, `${prop}.access.hostPattern`, pattern, 'it must be a DNS name containing "{id}", so each broker advertises its own host',
      'Write it like "broker-{id}.kafka.example.com"');
  }
  if (access.bootstrapHost !== undefined && !HOST_NAME.test(access.bootstrapHost)) {
    raise(scope, `${prop}.access.bootstrapHost`, access.bootstrapHost, 'it is not a DNS name', 'Write it like "bootstrap.kafka.example.com"');
  }
  if (access.basePort !== undefined) checkPort(scope, `${prop}.access.basePort`, access.basePort);
  if (listener.advertisedPort !== undefined) checkPort(scope, `${prop}.advertisedPort`, listener.advertisedPort);
}

/** Checks a TCP port number. */
export function checkPort(scope: ErrorScope, prop: string, port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    raise(scope, prop, port, 'a port is a whole number from 1 to 65535', 'Use a port such as 9092');
  }
}

import { ISecret } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { ClientPeer } from '../access/client-peer';
import { checkUserName, KafkaUser, KafkaUserOptions } from '../access/kafka-user';
import { AuthenticationMechanism, isSaslMechanism, ListenerAuthentication } from '../access/listener-authentication';
import { checkRules, KafkaConfigError, raise } from '../core/errors';
import { checkProps, Expect } from '../core/input-shape';
import { KafkaVersionGate } from '../core/kafka-version-gate';
import { checkConstructId, resourceName } from '../core/naming';
import { secret } from '../core/prop-shapes';
import { secretName } from '../core/secret-reference';
import { ConfluentVersion, confluentVersion } from '../core/version';
import { LoggingSettings } from '../observability/logging';
import { MonitoringSettings } from '../observability/monitoring';

// What components see of a Kafka cluster, and the importer for one defined elsewhere.
// Components depend on this file only, never on the KafkaCluster construct.

/**
 * What a client component needs from a Kafka cluster: where to connect and which
 * release it runs. `KafkaCluster` implements it; components take the interface.
 */
export interface IKafkaCluster extends IConstruct {
  /** Base name of the cluster's objects (`events`). */
  readonly clusterName: string;
  /** Bootstrap address of the first internal client listener, `host:port`. */
  readonly bootstrapServers: string;
  /** Confluent Platform release of the brokers. */
  readonly version: ConfluentVersion;
  /** Replication factor for topics clients create (internal topics of components). */
  readonly replicationFactor: number;
  /** `min.insync.replicas` of the cluster. */
  readonly minInSyncReplicas: number;
  /**
   * Whether the endpoint was imported (`KafkaCluster.fromBootstrap`): components may use
   * an imported endpoint from any chart or namespace, since its address is explicit.
   */
  readonly imported: boolean;
  /**
   * Labels of the broker pods, for clients' egress rules; undefined for an imported
   * cluster (only its address is known).
   */
  readonly brokerPodLabels?: { [key: string]: string };
  /**
   * DNS domain of the Kubernetes cluster the brokers run in, which components in the
   * same namespace share; undefined for an imported cluster.
   */
  readonly clusterDomain?: string;
  /**
   * ConfigMap (key `version`) in which the cluster's roll Job records the release every
   * node runs, once all of them do; components of the same app wait for it before a new
   * release starts, so a version change reaches the brokers first. Undefined for an
   * imported cluster.
   */
  readonly versionConfigMap?: string;
  /**
   * The cluster's monitoring settings, which components wired to it inherit; undefined
   * when off or imported.
   */
  readonly monitoring?: MonitoringSettings;
  /**
   * Who may scrape the cluster's metrics, which components wired to it admit to theirs
   * too; undefined for an imported cluster.
   */
  readonly metricsPeers?: ClientPeer[];
  /**
   * The cluster's logging settings, which components wired to it inherit; undefined when
   * the images' own log4j files are used, or imported.
   */
  readonly logging?: LoggingSettings;

  /**
   * Records that the pods with these labels are clients of the cluster: the cluster's
   * NetworkPolicy admits them to the internal client listeners by name. Components call
   * it when they are wired; a no-op for an imported cluster.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  allowClient(podLabels: { [key: string]: string }): void;

  /**
   * Adds a user (principal `User:<name>`) with its ACLs, and returns how a client
   * connects as it: the listener's protocol, and the Secrets with its SCRAM credentials
   * (created in the cluster once) and its certificate (trust, and the identity for
   * mutual TLS). Components wired to the cluster add their own user.
   *
   * @param name user name, a lower-case DNS name
   * @param options its ACLs and an existing credentials Secret
   */
  addUser(name: string, options?: KafkaUserOptions): KafkaUser;
}

/** An existing Kafka cluster's endpoint, for `KafkaCluster.fromBootstrap`. */
export interface KafkaEndpointAttributes {
  /** `host:port[,host:port...]` clients connect to. */
  readonly bootstrapServers: string;
  /** Confluent Platform release of the brokers (decides client features). */
  readonly version: ConfluentVersion;
  /**
   * Replication factor for the internal topics components create.
   *
   * @default 3 — survives one broker down, as the library's clusters
   */
  readonly replicationFactor?: number;
  /**
   * The cluster's `min.insync.replicas`.
   *
   * @default 2 (1 below replication factor 3) — the library's own default
   */
  readonly minInSyncReplicas?: number;
  /**
   * Whether the endpoint uses TLS.
   *
   * @default false — an imported endpoint is described as it is; say true for TLS
   */
  readonly tls?: boolean;
  /**
   * How clients authenticate: SCRAM or PLAIN (each component then needs its
   * `kafkaCredentialsSecret`), or none.
   *
   * @default ListenerAuthentication.none() — an imported endpoint is described as it
   * is; name its mechanism when it authenticates
   */
  readonly authentication?: ListenerAuthentication;
  /**
   * A Secret in the components' namespace with the CA that signed the endpoint's
   * certificate under `ca.crt`.
   *
   * @default - the JVM's default trust store (publicly trusted certificates, as managed
   * services use)
   */
  readonly caSecret?: ISecret;
}

/** Why `addUser` refuses a name the cluster already has (components recognize it). */
export const USER_TAKEN = 'the cluster already has this user';

/**
 * Adds a component's own user, named after the component, to the cluster. When the
 * name is taken (the user added one with `addUser`, or another component has it), the
 * error names the component and its id, which is where the name comes from.
 */
export function addComponentUser(component: IConstruct, kafka: IKafkaCluster, name: string, options: KafkaUserOptions): KafkaUser {
  try {
    return kafka.addUser(name, options);
  } catch (e) {
    if (e instanceof KafkaConfigError && e.violations.some(v => v.why === USER_TAKEN)) {
      raise(component, 'id', name, `the component's Kafka user is named after it, and ${kafka.node.path} already has a user called ${name} (added with addUser, or by another component)`,
        'Give the component another id, or the other user another name');
    }
    throw e;
  }
}

/** Kafka stores a replication factor as an int16. */
export const MAX_REPLICATION_FACTOR = 32767;

const KAFKA_ENDPOINT_ATTRIBUTES = Expect.struct('KafkaEndpointAttributes', {
  bootstrapServers: Expect.required(Expect.text({ expected: 'a comma-separated list of host:port', example: '"kafka.example.com:9092"', maxLength: 4096 })),
  version: Expect.required(confluentVersion),
  replicationFactor: Expect.integer(1, MAX_REPLICATION_FACTOR),
  minInSyncReplicas: Expect.integer(1, MAX_REPLICATION_FACTOR, 2),
  tls: Expect.boolean(),
  authentication: Expect.made('ListenerAuthentication', () => ListenerAuthentication, 'ListenerAuthentication.scramSha512()'),
  caSecret: secret,
});

/** An imported cluster's endpoint after checks. */
interface ResolvedEndpoint {
  readonly bootstrapServers: string;
  readonly version: ConfluentVersion;
  readonly replicationFactor: number;
  readonly minInSyncReplicas: number;
  readonly tls: boolean;
  readonly authentication: AuthenticationMechanism;
  readonly caSecret?: string;
}

// host:port with a DNS name (labels alphanumeric at both ends), an IPv4 address or a
// bracketed IPv6 one, and a port from 1 to 65535.
const HOST_PORT = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/;

function isHostPort(text: string): boolean {
  const m = HOST_PORT.exec(text);
  return m !== null && Number(m[1]) >= 1 && Number(m[1]) <= 65535;
}

/** Checks an imported cluster's attributes together and applies their defaults. */
function resolveEndpoint(scope: IConstruct, attributes: KafkaEndpointAttributes): ResolvedEndpoint {
  const auth = attributes.authentication ?? ListenerAuthentication.none();
  const tls = attributes.tls === undefined ? false : attributes.tls;
  const servers = attributes.bootstrapServers;
  const replicationFactor = attributes.replicationFactor ?? 3;
  const minInSyncReplicas = attributes.minInSyncReplicas ?? (replicationFactor >= 3 ? 2 : 1);
  checkRules(scope, [
    { when: typeof tls !== 'boolean', prop: 'tls', value: tls, why: 'it is true or false', fix: 'Set tls: true when the endpoint uses TLS' },
    { when: !(auth instanceof ListenerAuthentication), prop: 'authentication', value: auth, why: 'it is not a ListenerAuthentication', fix: 'Use ListenerAuthentication.scramSha512() or ListenerAuthentication.plain()' },
    {
      when: auth instanceof ListenerAuthentication && auth.mechanism === AuthenticationMechanism.MUTUAL_TLS,
      prop: 'authentication',
      value: 'mutual-tls',
      why: 'components authenticate with SCRAM or PLAIN, not client certificates',
      fix: 'Give the components SCRAM or PLAIN users on the cluster',
    },
    {
      when: auth instanceof ListenerAuthentication && auth.mechanism === AuthenticationMechanism.PLAIN && tls === false,
      prop: 'tls',
      value: false,
      why: 'SASL/PLAIN sends the password itself: without TLS anyone on the path reads it',
      fix: 'Use the endpoint\'s TLS listener (tls: true)',
    },
    {
      when: attributes.caSecret !== undefined && !tls,
      prop: 'caSecret',
      value: (attributes.caSecret as { name?: unknown } | undefined)?.name ?? attributes.caSecret,
      why: 'it holds the CA of a TLS endpoint, and tls is false',
      fix: 'Set tls: true, or remove caSecret',
    },
  ]);
  const caSecret = secretName(scope, 'caSecret', attributes.caSecret);
  checkRules(scope, [
    {
      when: typeof servers !== 'string' || servers.split(',').some(x => !isHostPort(x.trim())),
      prop: 'bootstrapServers',
      value: servers,
      why: 'it must be a comma-separated list of host:port (a DNS name or IP address, a port from 1 to 65535)',
      fix: 'Write it like "kafka.example.com:9092"',
    },
    { when: !(attributes.version instanceof ConfluentVersion), prop: 'version', value: attributes.version, why: 'it is not a ConfluentVersion', fix: 'Use e.g. ConfluentVersion.V8_0' },
  ]);
  checkRules(scope, [
    { when: !Number.isInteger(replicationFactor) || replicationFactor < 1, prop: 'replicationFactor', value: replicationFactor, why: 'it is a whole number of replicas, at least 1', fix: 'Use the cluster\'s default replication factor, e.g. 3' },
    { when: !Number.isInteger(minInSyncReplicas) || minInSyncReplicas < 1, prop: 'minInSyncReplicas', value: minInSyncReplicas, why: 'it is a whole number of replicas, at least 1', fix: 'Use the cluster\'s min.insync.replicas, e.g. 2' },
  ]);
  return {
    bootstrapServers: servers.split(',').map(x => x.trim()).join(','),
    version: attributes.version,
    replicationFactor,
    minInSyncReplicas,
    tls,
    authentication: auth.mechanism,
    caSecret,
  };
}

/** A cluster known only by its address (`KafkaCluster.fromBootstrap`). */
export class ImportedKafkaCluster extends Construct implements IKafkaCluster {
  public readonly clusterName: string;
  public readonly bootstrapServers: string;
  public readonly version: ConfluentVersion;
  public readonly replicationFactor: number;
  public readonly minInSyncReplicas: number;
  public readonly imported = true;
  private readonly endpoint: ResolvedEndpoint;

  constructor(scope: Construct, id: string, attributes: KafkaEndpointAttributes) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, attributes, KAFKA_ENDPOINT_ATTRIBUTES, true, 'attributes');
    this.endpoint = resolveEndpoint(this, attributes);
    this.clusterName = resourceName(this);
    this.bootstrapServers = this.endpoint.bootstrapServers;
    this.version = this.endpoint.version;
    this.replicationFactor = this.endpoint.replicationFactor;
    this.minInSyncReplicas = this.endpoint.minInSyncReplicas;
  }

  /** Nothing to admit: the cluster's network rules are managed where it runs. */
  public allowClient(_podLabels: { [key: string]: string }): void {}

  /**
   * A user of an imported cluster is managed where the cluster runs: this says how to
   * connect as it, with the Secret holding its credentials (required when the endpoint
   * authenticates). Its ACLs are not applied: grant them where the cluster is managed.
   *
   * @param name user name
   * @param options the user's existing credentials Secret
   */
  public addUser(name: string, options: KafkaUserOptions = {}): KafkaUser {
    const scope = `${this.node.path}.addUser`;
    checkUserName(scope, name);
    const { tls, authentication } = this.endpoint;
    const sasl = isSaslMechanism(authentication);
    const credentials = secretName(scope, 'credentialsSecret', options.credentialsSecret);
    if (sasl && credentials === undefined) {
      raise(scope, 'credentialsSecret', undefined, `${this.clusterName} is imported and authenticates with ${authentication}: its users are managed where it runs, so their credentials cannot be made here`,
        'Pass the Secret holding the user\'s password and sasl.jaas.config (for a component: its kafkaCredentialsSecret prop)');
    }
    if ((options.appNamespaces ?? []).length > 0) {
      raise(scope, 'appNamespaces', options.appNamespaces, `${this.clusterName} is imported: the user's Secrets are yours, and the library copies only Secrets of a cluster it defines`,
        'Remove appNamespaces, and create the Secrets in those namespaces where you manage them');
    }
    const user = KafkaUser._of(name, {
      bootstrapServers: this.bootstrapServers,
      securityProtocol: sasl ? (tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : (tls ? 'SSL' : 'PLAINTEXT'),
      authentication,
      saslMechanism: sasl ? authentication : undefined,
      credentialsSecret: sasl ? credentials : undefined,
      certificateSecret: tls ? this.endpoint.caSecret : undefined,
    }, true);
    user.addAcl(...(options.acls ?? []));
    return user;
  }
}

/**
 * What a component's new pods wait for before they start: every node of a cluster of
 * the same app on the cluster's release; nothing for an imported cluster.
 */
export function kafkaVersionGateOf(kafka: IKafkaCluster): KafkaVersionGate | undefined {
  return kafka.versionConfigMap === undefined ? undefined : { configMap: kafka.versionConfigMap, version: kafka.version.version };
}

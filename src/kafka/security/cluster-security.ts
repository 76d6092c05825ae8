import { Duration } from 'cdk8s';
import { ISecret } from 'cdk8s-plus-27';
import { CertificateAuthority } from './certificate-authority';
import { KafkaUser } from '../../access/kafka-user';
import { AuthenticationMechanism, isScramMechanism } from '../../access/listener-authentication';
import { renderQuotaConfig, UserQuotas } from '../../access/user-quotas';
import { IssuerReference } from '../../core/cert-manager';
import { ErrorScope, raise } from '../../core/errors';
import { escapeRegExp } from '../../core/regexp';
import { secretName } from '../../core/secret-reference';
import { ResolvedListener } from '../listener';

/** Where the nodes' certificate Secret (`tls.crt`, `tls.key`, `ca.crt`) is mounted. */
export const NODE_TLS_DIR = '/mnt/kafka-tls';
/**
 * Where the start script writes the PEM keystores (key, then certificate): Kafka's PEM
 * keystore is one file holding both (DefaultSslEngineFactory.FileBasedPemStore), and
 * cert-manager writes them apart. A memory-backed emptyDir, so no key lands on a
 * node's disk.
 */
export const KEYSTORE_DIR = '/var/run/kafka-keystore';
/** The nodes' PEM keystore: their identity on the replication and controller listeners. */
export const KEYSTORE_FILE = `${KEYSTORE_DIR}/node.pem`;
/**
 * Trust on the replication and controller listeners: the CA that issued the nodes'
 * certificate, written at start (keystore-setup.sh: the intermediate after the leaf in
 * `tls.crt`, else `ca.crt`).
 */
export const TRUSTSTORE_FILE = `${KEYSTORE_DIR}/node-ca.pem`;
/** Where brokers mount the client listeners' certificate Secret. */
export const LISTENER_TLS_DIR = '/mnt/kafka-listener-tls';
/** The client listeners' PEM keystore. */
export const LISTENER_KEYSTORE_FILE = `${KEYSTORE_DIR}/listeners.pem`;
/**
 * Trust on the client listeners: the clients' CA, the issuer of the listeners'
 * certificate (the same as every user's), written at start like `TRUSTSTORE_FILE`.
 */
export const LISTENER_TRUSTSTORE_FILE = `${KEYSTORE_DIR}/listeners-ca.pem`;
/** Client settings the node's own admin tools (pre-stop gate) use: paths only, no secret. */
export const LOCAL_CLIENT_CONFIG = '/etc/kafka/cdk8s-local-client.properties';

/** KRaft's authorizer (ACLs in the metadata log). */
export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';

/**
 * Principal of a node on the replication and controller listeners: the common name of a
 * certificate whose subject starts with `CN=` (the nodes' own CA signs nothing else).
 * No `DEFAULT`: a certificate without one has no principal, and Kafka refuses it
 * (SslPrincipalMapper.NoMatchingRule fails the authentication).
 */
export const NODE_PRINCIPAL_RULES = 'RULE:^CN=([^,]+)(,.*)?$/$1/';

/**
 * Principal of a client certificate on a client listener: its common name, unless that
 * is a name the cluster keeps for itself (a super user): then no rule applies and Kafka
 * refuses the client. A subject that does not start with `CN=` is refused the same way.
 * So no certificate the clients' issuer signs, whatever its subject, maps to a super
 * user, and the nodes' own principal is only ever given on the nodes' listeners, to
 * certificates of the nodes' CA.
 *
 * @param reserved the principal names no client certificate may take
 */
export function clientPrincipalRules(reserved: readonly string[]): string {
  const names = [...reserved].sort().map(escapeRegExp).join('|');
  // Java regex (java.util.regex): the lookahead refuses exactly the reserved names; a
  // longer common name that starts with one (admin-tools) is an ordinary user.
  return `RULE:^CN=(?!(?:${names})(?:,|$))([^,]+)(?:,.*)?$/$1/`;
}

/** Where broker pods find the PLAIN users' passwords, one file per user. */
export const PLAIN_USERS_DIR = '/mnt/kafka-plain-users';

/** The SCRAM user the cluster registers for people and tools (a super user). */
export const ADMIN_USER = 'admin';

/** An authority as the cluster uses it: the object, the base of its own objects' names, the issuer its certificates name. */
export interface ResolvedAuthority {
  /** Where the certificates come from (its bootstrap objects are created with the cluster). */
  readonly authority: CertificateAuthority;
  /** Base of the names of the authority's own objects (the self-signed bootstrap), which `issuer` names. */
  readonly name: string;
  /** The issuer the certificates name. */
  readonly issuer: IssuerReference;
}

/**
 * The cluster's certificates: two authorities kept apart, as Strimzi keeps its cluster
 * and clients CAs. The nodes' authority signs only the nodes' certificate and is the
 * only one trusted on the replication and controller listeners; the clients' authority
 * signs the users' and components' certificates and the certificate the client
 * listeners serve, and is the only one trusted there.
 */
export interface ResolvedTls {
  /** Signs the nodes' certificate only. */
  readonly nodeAuthority: ResolvedAuthority;
  /** Signs users', components' and the client listeners' certificates. */
  readonly clientAuthority: ResolvedAuthority;
  /** Secret cert-manager writes the nodes' certificate to. */
  readonly nodeSecret: string;
  /** Principal of the nodes (the certificate's common name). */
  readonly nodePrincipal: string;
  /** Secret of the client listeners' certificate, when a broker serves TLS to clients. */
  readonly listenerSecret?: string;
  /** `ssl.principal.mapping.rules` of the client listeners (the super users' names refused). */
  readonly clientPrincipalRules: string;
  /** Leaf validity, hours. */
  readonly durationHours: number;
  /** Renew this many hours before the end. */
  readonly renewBeforeHours: number;
}

/** The cluster's security after defaults: decided once, read by every renderer. */
export interface ResolvedSecurity {
  /** Certificates, when any listener encrypts or authenticates (the internal listeners then use mutual TLS). */
  readonly tls?: ResolvedTls;
  /** Whether requests are authorized (any listener authenticates). */
  readonly authorizer: boolean;
  /** `super.users` entries, `User:<name>`. */
  readonly superUsers: readonly string[];
  /** SCRAM mechanisms used by some listener (the admin and users get credentials for each). */
  readonly scramMechanisms: readonly AuthenticationMechanism[];
  /** Listeners with SASL/PLAIN (upper-case names). */
  readonly plainListeners: readonly string[];
  /** Secret holding the admin's password (`password` key), when a listener uses SASL. */
  readonly adminSecret?: string;
  /** Whether the admin Secret is the user's (else the credentials Job creates it). */
  readonly adminSecretProvided: boolean;
  /** Quotas of every user without its own (`kafka-configs --add-config` form), when set. */
  readonly defaultQuotas?: string;
}

/** Security protocol of the cluster's own listeners (replication, controller). */
export function internalProtocol(security: ResolvedSecurity): string {
  return security.tls === undefined ? 'PLAINTEXT' : 'SSL';
}

/** What the cluster's security is resolved from: its props, as far as security goes. */
export interface SecurityInput {
  readonly certificateAuthority?: CertificateAuthority;
  readonly nodeCertificateAuthority?: CertificateAuthority;
  readonly certificateValidity?: Duration;
  readonly adminSecret?: ISecret;
  readonly defaultUserQuotas?: UserQuotas;
}

/**
 * Decides the cluster's security from its listeners and props: certificates whenever a
 * listener encrypts or authenticates (or an authority is named), authorization whenever
 * one authenticates, the SCRAM mechanisms and PLAIN listeners in use, the admin's Secret
 * when any listener uses SASL. Pure: the issuer is named here, its objects are created
 * by the authority when the cluster assembles.
 */
export function resolveSecurity(
  scope: ErrorScope, input: SecurityInput, name: string, namespace: string | undefined, listeners: readonly ResolvedListener[],
): ResolvedSecurity {
  const secured = listeners.some(l => l.tls || l.authentication !== AuthenticationMechanism.NONE) || input.certificateAuthority !== undefined;
  const authorizer = listeners.some(l => l.authentication !== AuthenticationMechanism.NONE);
  const scramMechanisms = [...new Set(listeners.map(l => l.authentication).filter(isScramMechanism))].sort();
  const authority = input.certificateAuthority ?? CertificateAuthority.selfSigned();
  const nodeAuthority = input.nodeCertificateAuthority ?? CertificateAuthority.selfSigned();
  if (!(authority instanceof CertificateAuthority)) {
    raise(scope, 'certificateAuthority', authority, 'it is not a CertificateAuthority', 'Use CertificateAuthority.selfSigned() or CertificateAuthority.issuer("name")');
  }
  if (!(nodeAuthority instanceof CertificateAuthority)) {
    raise(scope, 'nodeCertificateAuthority', nodeAuthority, 'it is not a CertificateAuthority', 'Leave it out (a root of the cluster\'s own), or use CertificateAuthority.issuer("name")');
  }
  if (secured && namespace === undefined) {
    raise(scope, 'namespace', undefined, 'certificates name the namespace in every address they cover, so a cluster with TLS needs its chart\'s namespace',
      'Create the chart with a namespace: new Chart(app, id, { namespace: "kafka" })');
  }
  const validityDays = input.certificateValidity === undefined ? 365 : input.certificateValidity.toDays({ integral: false });
  if (!(validityDays >= 7)) {
    raise(scope, 'certificateValidity', `${validityDays} days`, 'the nodes pick a renewed certificate up only when they restart, so a short validity means frequent forced restarts',
      'Use Duration.days(365)');
  }
  const plainListeners = listeners.filter(l => l.authentication === AuthenticationMechanism.PLAIN).map(l => l.name);
  const sasl = scramMechanisms.length > 0 || plainListeners.length > 0;
  const givenAdminSecret = secretName(scope, 'adminSecret', input.adminSecret);
  const adminSecret = !sasl ? undefined : (givenAdminSecret ?? `${name}-kafka-admin`);
  const nodePrincipal = `${name}-kafka`;
  const durationHours = Math.round(validityDays * 24);
  // The clients' root keeps the names the single authority had, so users' and
  // components' certificates, and the trust clients hold, stay as they were.
  const clientAuthority = { authority, name: nodePrincipal, issuer: authority._issuerReference(nodePrincipal) };
  const nodeAuthorityName = `${nodePrincipal}-nodes`;
  const nodeIssuer = nodeAuthority._issuerReference(nodeAuthorityName);
  if (secured && sameIssuer(nodeIssuer, clientAuthority.issuer)) {
    raise(scope, 'nodeCertificateAuthority', `${nodeIssuer.kind} ${nodeIssuer.name}`,
      'it is also the clients\' authority (certificateAuthority): every certificate it signs for a client could then act as a node, a super user',
      'Leave nodeCertificateAuthority out (a root of the cluster\'s own), or name an issuer that signs for this cluster\'s nodes only');
  }
  const defaultQuotas = renderQuotaConfig(scope, 'defaultUserQuotas', input.defaultUserQuotas);
  if (defaultQuotas !== undefined && !authorizer) {
    raise(scope, 'defaultUserQuotas', defaultQuotas, 'a quota applies to authenticated principals, and no listener of the cluster authenticates',
      'Authenticate a listener (ListenerAuthentication.scramSha512(), the default), or leave defaultUserQuotas out');
  }
  const reserved = [nodePrincipal, ...(adminSecret === undefined ? [] : [ADMIN_USER])];
  const listenerTls = listeners.some(l => l.tls);
  return {
    tls: !secured ? undefined : {
      nodeAuthority: { authority: nodeAuthority, name: nodeAuthorityName, issuer: nodeIssuer },
      clientAuthority,
      nodeSecret: `${name}-kafka-tls`,
      nodePrincipal,
      listenerSecret: listenerTls ? `${name}-kafka-listeners-tls` : undefined,
      // Both names are refused whether or not the admin exists: a later change that adds
      // SASL must not find a certificate already mapped to the admin.
      clientPrincipalRules: clientPrincipalRules([nodePrincipal, ADMIN_USER]),
      durationHours,
      renewBeforeHours: Math.min(30 * 24, Math.floor(durationHours / 3)),
    },
    authorizer,
    superUsers: reserved.map(n => `User:${n}`),
    scramMechanisms,
    plainListeners,
    adminSecret,
    adminSecretProvided: input.adminSecret !== undefined,
    defaultQuotas,
  };
}

function sameIssuer(a: IssuerReference, b: IssuerReference): boolean {
  return a.kind === b.kind && a.name === b.name;
}

/**
 * Whether the cluster runs its access Job: there is someone to register (the admin, a
 * user with SASL credentials), default quotas to set or, with an authorizer, a user
 * whose ACLs (and quotas) to add.
 */
export function needsAccessJob(security: ResolvedSecurity, users: readonly KafkaUser[]): boolean {
  return security.adminSecret !== undefined || security.defaultQuotas !== undefined
    || users.some(u => security.authorizer || u.connection.credentialsSecret !== undefined);
}

/**
 * The users a PLAIN listener accepts and the Secrets with their passwords: brokers mount
 * them and build the PLAIN user list at start.
 */
export function plainUserSecrets(security: ResolvedSecurity, users: readonly KafkaUser[]): Array<{ readonly user: string; readonly secret: string }> {
  return [
    ...(security.adminSecret === undefined ? [] : [{ user: ADMIN_USER, secret: security.adminSecret }]),
    ...users.filter(u => u.connection.credentialsSecret !== undefined).map(u => ({ user: u.name, secret: u.connection.credentialsSecret! })),
  ];
}

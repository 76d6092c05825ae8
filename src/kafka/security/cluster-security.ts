import { Duration } from 'cdk8s';
import { ISecret } from 'cdk8s-plus-27';
import { CertificateAuthority } from './certificate-authority';
import { KafkaUser } from '../../access/kafka-user';
import { AuthenticationMechanism, isScramMechanism } from '../../access/listener-authentication';
import { IssuerReference } from '../../core/cert-manager';
import { ErrorScope, raise } from '../../core/errors';
import { secretName } from '../../core/secret-reference';
import { ResolvedListener } from '../listener';

/** Where the node certificate Secret (`tls.crt`, `tls.key`, `ca.crt`) is mounted. */
export const NODE_TLS_DIR = '/mnt/kafka-tls';
/**
 * Where the start script writes the PEM keystore (key, then certificate): Kafka's PEM
 * keystore is one file holding both (DefaultSslEngineFactory.FileBasedPemStore), and
 * cert-manager writes them apart. A memory-backed emptyDir, so the key never lands on
 * a node's disk.
 */
export const KEYSTORE_DIR = '/var/run/kafka-keystore';
/** The PEM keystore file. */
export const KEYSTORE_FILE = `${KEYSTORE_DIR}/node.pem`;
/** Trust: the issuer's CA as cert-manager writes it into every certificate Secret. */
export const TRUSTSTORE_FILE = `${NODE_TLS_DIR}/ca.crt`;
/** Client settings the node's own admin tools (pre-stop gate) use: paths only, no secret. */
export const LOCAL_CLIENT_CONFIG = '/etc/kafka/cdk8s-local-client.properties';

/** KRaft's authorizer (ACLs in the metadata log). */
export const STANDARD_AUTHORIZER = 'org.apache.kafka.metadata.authorizer.StandardAuthorizer';

/**
 * Principal of a certificate: its common name when the subject is `CN=<name>` (with or
 * without more attributes), the full DN otherwise.
 */
export const PRINCIPAL_MAPPING_RULES = 'RULE:^CN=([^,]+)(,.*)?$/$1/,DEFAULT';

/** Where broker pods find the PLAIN users' passwords, one file per user. */
export const PLAIN_USERS_DIR = '/mnt/kafka-plain-users';

/** The SCRAM user the cluster registers for people and tools (a super user). */
export const ADMIN_USER = 'admin';

/** The cluster's certificates: who issues them and where the nodes' lands. */
export interface ResolvedTls {
  /** Where the certificates come from (its bootstrap objects are created with the cluster). */
  readonly authority: CertificateAuthority;
  /** Base of the names of the authority's own objects (the self-signed bootstrap), which `issuer` names. */
  readonly authorityName: string;
  /** Issuer of every certificate of the cluster and its users. */
  readonly issuer: IssuerReference;
  /** Secret cert-manager writes the nodes' certificate to. */
  readonly nodeSecret: string;
  /** Principal of the nodes (the certificate's common name). */
  readonly nodePrincipal: string;
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
}

/** Security protocol of the cluster's own listeners (replication, controller). */
export function internalProtocol(security: ResolvedSecurity): string {
  return security.tls === undefined ? 'PLAINTEXT' : 'SSL';
}

/** What the cluster's security is resolved from: its props, as far as security goes. */
export interface SecurityInput {
  readonly certificateAuthority?: CertificateAuthority;
  readonly certificateValidity?: Duration;
  readonly adminSecret?: ISecret;
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
  if (!(authority instanceof CertificateAuthority)) {
    raise(scope, 'certificateAuthority', authority, 'it is not a CertificateAuthority', 'Use CertificateAuthority.selfSigned() or CertificateAuthority.issuer("name")');
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
  return {
    tls: !secured ? undefined : {
      authority,
      authorityName: nodePrincipal,
      issuer: authority._issuerReference(nodePrincipal),
      nodeSecret: `${name}-kafka-tls`,
      nodePrincipal,
      durationHours,
      renewBeforeHours: Math.min(30 * 24, Math.floor(durationHours / 3)),
    },
    authorizer,
    superUsers: [`User:${nodePrincipal}`, ...(adminSecret === undefined ? [] : [`User:${ADMIN_USER}`])],
    scramMechanisms,
    plainListeners,
    adminSecret,
    adminSecretProvided: input.adminSecret !== undefined,
  };
}

/**
 * Whether the cluster runs its access Job: there is someone to register (the admin, a
 * user with SASL credentials) or, with an authorizer, a user whose ACLs to add.
 */
export function needsAccessJob(security: ResolvedSecurity, users: readonly KafkaUser[]): boolean {
  return security.adminSecret !== undefined || users.some(u => security.authorizer || u.connection.credentialsSecret !== undefined);
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

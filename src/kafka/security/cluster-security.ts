import { AuthenticationMechanism } from '../../access/listener-authentication';
import { IssuerReference } from '../../core/cert-manager';

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
  /**
   * The users a PLAIN listener accepts and the Secrets with their passwords, read at
   * synth (users are added after the cluster): brokers mount them and build the PLAIN
   * user list at start.
   */
  readonly plainUsers: () => ReadonlyArray<{ readonly user: string; readonly secret: string }>;
  /** Secret holding the admin's password (`password` key), when a listener uses SASL. */
  readonly adminSecret?: string;
  /** Whether the admin Secret is the user's (else the credentials Job creates it). */
  readonly adminSecretProvided: boolean;
}

/** Security protocol of the cluster's own listeners (replication, controller). */
export function internalProtocol(security: ResolvedSecurity): string {
  return security.tls === undefined ? 'PLAINTEXT' : 'SSL';
}

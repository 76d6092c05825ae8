import { ISecret } from 'cdk8s-plus-27';
import { Acl, aclShape } from './acl';
import { AuthenticationMechanism } from './listener-authentication';
import { USER_QUOTAS, UserQuotas } from './user-quotas';
import { IssuerReference } from '../core/cert-manager';
import { raise } from '../core/errors';
import { checkArguments, Expect } from '../core/input-shape';
import { isObjectName } from '../core/naming';
import { secret } from '../core/prop-shapes';

/** Longest user name: it names the user's Secrets and Certificate with a suffix. */
export const MAX_USER_NAME = 40;

/** A user name prop (src/core/input-shape.ts). */
export const userName = Expect.text({
  expected: `a lower-case DNS name of at most ${MAX_USER_NAME} characters (it names the user's Secrets)`,
  example: '"orders-service"',
  maxLength: MAX_USER_NAME,
  test: isObjectName,
});

/** The runtime form of KafkaUserOptions. */
export const KAFKA_USER_OPTIONS = Expect.struct('KafkaUserOptions', {
  acls: Expect.list(aclShape, { maxLength: 1000 }),
  credentialsSecret: secret,
  quotas: USER_QUOTAS,
  appNamespaces: Expect.list(Expect.text({
    maxLength: 63, expected: 'a namespace name (a lower-case DNS label)', example: '"orders"', pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
  }), { maxLength: 100, unique: true }),
});

/** Options of `IKafkaCluster.addUser`. */
export interface KafkaUserOptions {
  /**
   * What the user may do. More can be added later with `addAcl`.
   *
   * @default - nothing: an authorizing cluster denies every request without an ACL
   */
  readonly acls?: Acl[];
  /**
   * An existing Secret holding the user's SCRAM password under `password` and the
   * client JAAS line under `sasl.jaas.config` (the layout of Strimzi's KafkaUser
   * Secrets). Used when the cluster's listener authenticates with SCRAM or PLAIN.
   *
   * @default - the cluster's credentials Job creates `<cluster>-user-<name>` once, with a
   * random password made inside the Kubernetes cluster
   */
  readonly credentialsSecret?: ISecret;
  /**
   * Client quotas of the user (produce and fetch rates, request time, partition
   * mutations), set by the cluster's access Job. Needs an authenticating listener (a
   * quota applies to an authenticated principal).
   *
   * @default - the cluster's `defaultUserQuotas`, else none
   */
  readonly quotas?: UserQuotas;
  /**
   * Namespaces of the applications that connect as this user. The user's Secrets (its
   * credentials, and with TLS its certificate Secret, whose `ca.crt` is the cluster's CA)
   * are copied into each, under the same names, so `user.connection` works there as it
   * does here. A Job and an hourly CronJob in that namespace read exactly these Secrets
   * in the cluster's namespace (a Role there names them) and write the copies; a copy is
   * rewritten when the source changes (a renewed certificate) and comes back when
   * deleted. A Secret of the same name the library did not write is never replaced.
   * The objects in those namespaces are part of this chart: whoever applies it needs the
   * right to create Roles and Jobs there.
   *
   * @default - none: the Secrets stay in the cluster's namespace
   */
  readonly appNamespaces?: string[];
}

/** How a user connects: where, over what, with which Secrets. */
export interface KafkaUserConnection {
  /** `host:port[,...]` of the listener (the cluster's first internal one). */
  readonly bootstrapServers: string;
  /** `security.protocol` for the client: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. */
  readonly securityProtocol: string;
  /** How the listener authenticates the user. */
  readonly authentication: AuthenticationMechanism;
  /** `sasl.mechanism`, when the listener uses SASL. */
  readonly saslMechanism?: string;
  /** Secret with `username`, `password` and `sasl.jaas.config`, when the listener uses SASL. */
  readonly credentialsSecret?: string;
  /**
   * Secret with the user's certificate (`tls.crt`, `tls.key`, PKCS#8) and the cluster's
   * CA (`ca.crt`), when the listener uses TLS: trust for every client, the identity for
   * mutual TLS.
   */
  readonly certificateSecret?: string;
}

/** The clients' certificate issuer of a cluster, and how long its leaves live. */
export interface ClientIssuer {
  readonly issuer: IssuerReference;
  readonly durationHours: number;
  readonly renewBeforeHours: number;
}

/**
 * A principal of the cluster (`User:<name>`) with its ACLs and the Secrets a client
 * needs to connect as it. Created by `IKafkaCluster.addUser`; components wired to the
 * cluster get one each.
 */
export class KafkaUser {
  /**
   * A user as the cluster (or an imported cluster's reference) resolved it.
   *
   * @internal
   */
  public static _of(name: string, connection: KafkaUserConnection, secretProvided: boolean, quotas?: string, issuer?: ClientIssuer): KafkaUser {
    return new KafkaUser(name, connection, secretProvided, quotas, issuer);
  }

  /** The user name: the principal is `User:<name>`. */
  public readonly name: string;
  /** How clients connect as this user. */
  public readonly connection: KafkaUserConnection;
  /**
   * Whether the credentials Secret was given (not created by the cluster).
   *
   * @internal
   */
  public readonly _secretProvided: boolean;
  /**
   * The user's quotas as `kafka-configs --add-config` takes them, when set.
   *
   * @internal
   */
  public readonly _quotas?: string;
  private readonly grants: Acl[] = [];

  /**
   * The issuer of the cluster's clients' certificates, when the cluster is defined in this
   * app with TLS: it also signs the certificates of the components' REST APIs, so
   * whoever trusts the cluster trusts them.
   *
   * @internal
   */
  public readonly _issuer?: ClientIssuer;

  private constructor(
    name: string, connection: KafkaUserConnection, secretProvided: boolean, quotas: string | undefined, issuer: ClientIssuer | undefined,
  ) {
    this.name = name;
    this.connection = connection;
    this._secretProvided = secretProvided;
    this._quotas = quotas;
    this._issuer = issuer;
  }

  /** The principal ACLs name: `User:<name>`. */
  public get principal(): string {
    return `User:${this.name}`;
  }

  /** The user's ACLs, in the order granted, without repeats. */
  public get acls(): Acl[] {
    return [...this.grants];
  }

  /**
   * Grants more operations.
   *
   * @param acls the grants
   */
  public addAcl(...acls: Acl[]): void {
    checkArguments(`KafkaUser(${this.name}).addAcl`, [['acls', acls, Expect.list(aclShape, { maxLength: 1000 })]]);
    for (const acl of acls) {
      if (!(acl instanceof Acl)) raise(this.name, 'acls', acl, 'it is not an Acl', 'Create it with Acl.topic(...), Acl.group(...) or Acl.cluster(...)');
      const key = JSON.stringify(acl._cliArguments());
      if (!this.grants.some(g => JSON.stringify(g._cliArguments()) === key)) this.grants.push(acl);
    }
  }
}

/** Checks a user name: it is a principal and part of Secret and Certificate names. */
export function checkUserName(scope: string, name: unknown): string {
  if (!isObjectName(name) || name.length > 40) {
    raise(scope, 'name', name, 'a user name is a lower-case DNS name of at most 40 characters (it names the user\'s Secrets)', 'Use e.g. "orders-service"');
  }
  return name;
}

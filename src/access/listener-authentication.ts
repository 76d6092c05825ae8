import { madeByFactory } from '../core/input-shape';

/** How clients of a listener prove who they are. */
export enum AuthenticationMechanism {
  /** Nobody is asked: every client is `User:ANONYMOUS`. */
  NONE = 'none',
  /** SASL/SCRAM-SHA-512: user name and salted password, never sent in clear. */
  SCRAM_SHA_512 = 'SCRAM-SHA-512',
  /** SASL/SCRAM-SHA-256. */
  SCRAM_SHA_256 = 'SCRAM-SHA-256',
  /** SASL/PLAIN: user name and password, sent as they are (inside TLS). */
  PLAIN = 'PLAIN',
  /** Mutual TLS: a client certificate from the cluster's clients' authority; the principal is its common name. */
  MUTUAL_TLS = 'mutual-tls',
}

/**
 * How a listener authenticates its clients. Every client listener authenticates by
 * default (SCRAM-SHA-512); an authenticated cluster also authorizes: each principal
 * gets only the ACLs granted to it.
 */
export class ListenerAuthentication {
  /**
   * SASL/SCRAM-SHA-512 (the default): user name and password, checked against salted
   * credentials stored in the cluster's metadata; the password never crosses the wire.
   * Works with every Kafka client.
   */
  public static scramSha512(): ListenerAuthentication {
    return new ListenerAuthentication(AuthenticationMechanism.SCRAM_SHA_512);
  }

  /** SASL/SCRAM-SHA-256, for clients that lack SHA-512. */
  public static scramSha256(): ListenerAuthentication {
    return new ListenerAuthentication(AuthenticationMechanism.SCRAM_SHA_256);
  }

  /**
   * SASL/PLAIN, for clients that only speak PLAIN (some managed connectors and older
   * libraries). The password itself crosses the wire, so the listener must use TLS
   * (synth fails otherwise); and the brokers hold every user's password in their
   * configuration (built at start from the users' Secrets), so adding a user rolls the
   * brokers. Prefer SCRAM.
   */
  public static plain(): ListenerAuthentication {
    return new ListenerAuthentication(AuthenticationMechanism.PLAIN);
  }

  /**
   * Mutual TLS: clients present a certificate issued by the cluster's clients'
   * authority (`certificateAuthority`: a user's certificate, or a cert-manager
   * Certificate naming that issuer); the principal is the certificate's common name. A
   * certificate whose common name is one the cluster keeps for its super users
   * (`<cluster>-kafka`, `admin`), or whose subject does not start with `CN=`, is
   * refused. Needs `tls` on the listener.
   */
  public static mutualTls(): ListenerAuthentication {
    return new ListenerAuthentication(AuthenticationMechanism.MUTUAL_TLS);
  }

  /**
   * No authentication: anyone who reaches the port is `User:ANONYMOUS`, who is granted
   * nothing when another listener authenticates, and everything when none does. For
   * dev clusters; synth warns.
   */
  public static none(): ListenerAuthentication {
    return new ListenerAuthentication(AuthenticationMechanism.NONE);
  }

  private constructor(
    /** The mechanism. */
    public readonly mechanism: AuthenticationMechanism,
  ) {
    madeByFactory(this);
  }
}

/** Whether a mechanism is a SASL one (SCRAM or PLAIN). */
export function isSaslMechanism(mechanism: AuthenticationMechanism): boolean {
  return [AuthenticationMechanism.SCRAM_SHA_512, AuthenticationMechanism.SCRAM_SHA_256, AuthenticationMechanism.PLAIN].includes(mechanism);
}

/** Whether a mechanism is SCRAM (credentials registered in the cluster). */
export function isScramMechanism(mechanism: AuthenticationMechanism): boolean {
  return mechanism === AuthenticationMechanism.SCRAM_SHA_512 || mechanism === AuthenticationMechanism.SCRAM_SHA_256;
}

/** The client login module of a SASL mechanism. */
export function loginModuleOf(mechanism: AuthenticationMechanism): string {
  return mechanism === AuthenticationMechanism.PLAIN
    ? 'org.apache.kafka.common.security.plain.PlainLoginModule'
    : 'org.apache.kafka.common.security.scram.ScramLoginModule';
}

/**
 * What a caller of a component's REST API needs: the URL, and the Secrets that hold its
 * credentials and the trust in the server's certificate. Returned by `addCaller` of
 * `SchemaRegistry`, `Connect` and `KsqlDb`; mount or reference the Secrets in the
 * caller's pods (same namespace).
 */
export class RestCaller {
  /**
   * A caller as the component made it.
   *
   * @internal
   */
  public static _of(name: string, url: string, secrets: RestCallerSecrets): RestCaller {
    return new RestCaller(name, url, secrets);
  }

  /** The caller's user name. */
  public readonly name: string;
  /** The API's base URL (`https://...` with TLS). */
  public readonly url: string;
  /**
   * Secret with the caller's `username`, `password` and `user-info`
   * (`<username>:<password>`, what Schema Registry clients read as
   * `basic.auth.user.info`), made in the cluster; undefined when the API does not
   * authenticate.
   */
  public readonly credentialsSecret?: string;
  /**
   * Secret whose `ca.crt` (PEM) and `truststore.p12` (PKCS#12) verify the server's
   * certificate; undefined without TLS (or for a registry imported by URL, whose
   * certificate the JVM's default trust store verifies). It is the server's own
   * certificate Secret: mount only those keys (`items`), never the whole Secret, which
   * also holds the server's private key. The `ca.crt` of the caller's own Kafka user
   * certificate Secret is the same CA.
   */
  public readonly trustSecret?: string;
  /** Secret whose `password` opens `truststore.p12`; undefined without TLS. */
  public readonly truststorePasswordSecret?: string;

  private constructor(name: string, url: string, secrets: RestCallerSecrets) {
    this.name = name;
    this.url = url;
    this.credentialsSecret = secrets.credentials;
    this.trustSecret = secrets.trust;
    this.truststorePasswordSecret = secrets.truststorePassword;
  }
}

/** What a caller of a REST API needs, as Secret names. */
export interface RestCallerSecrets {
  /** Secret with `username`, `password` and `user-info`, when the API authenticates. */
  readonly credentials?: string;
  /** Secret with `ca.crt` and `truststore.p12` that verify the server, with TLS. */
  readonly trust?: string;
  /** Secret (key `password`) of `truststore.p12`, with TLS. */
  readonly truststorePassword?: string;
}

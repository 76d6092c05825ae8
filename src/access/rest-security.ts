import { Cron } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ClientIssuer, KafkaUser } from './kafka-user';
import { ErrorScope, raise } from '../core/errors';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { isObjectName } from '../core/naming';
import { cron, cronExpression } from '../core/prop-shapes';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';

// How a component's REST API (Schema Registry, Connect, ksqlDB) is reached: HTTPS from a
// certificate of the Kafka cluster's clients' authority, HTTP basic with one generated
// user per caller. The decisions live here; rest-server.ts makes the objects.

/** What `RestAuthentication` asks of callers (internal: the factories choose it). */
export enum RestAuthenticationMethod {
  /** HTTP basic: every caller has its own user and password, made in the cluster. */
  BASIC = 'basic',
  /** No authentication: whoever the NetworkPolicy admits is served. */
  NONE = 'none',
}

/** How a component's REST API authenticates its callers. */
export class RestAuthentication {
  /**
   * HTTP basic: every caller (the `admin` caller for people and tools, each component
   * wired to it, each `addCaller`) gets its own user, with a random password made in the
   * cluster by the component's credentials Job and kept in a Secret
   * (`<component>-rest-<caller>`: `username`, `password`, `user-info`). The servers read
   * the callers' passwords at start (JAAS `PropertyFileLoginModule`), so a new caller
   * restarts them. Needs HTTPS: a password in clear would be readable on the way.
   */
  public static basic(): RestAuthentication {
    return new RestAuthentication(RestAuthenticationMethod.BASIC);
  }

  /** No authentication: the NetworkPolicy is the only guard (a warning says so). */
  public static none(): RestAuthentication {
    return new RestAuthentication(RestAuthenticationMethod.NONE);
  }

  /** What callers must present. */
  public readonly method: RestAuthenticationMethod;

  private constructor(method: RestAuthenticationMethod) {
    madeByFactory(this);
    this.method = method;
  }
}

/** How a component serves its REST API. */
export interface ComponentRestSettings {
  /**
   * Serve the REST API over HTTPS only, with a certificate from the Kafka cluster's
   * clients' authority (the CA in every user's `ca.crt`) that names the component's
   * Service in every form and, for a StatefulSet, each pod. The components wired to it
   * call it with `https://` and trust that CA. cert-manager writes the certificate as a
   * PKCS#12 keystore, since Connect's and ksqlDB's servers read no PEM; its password is
   * made in the cluster. Connect does not reload its keystore, so a CronJob restarts
   * the pods after each renewal (all three, for one rule).
   *
   * @default true when the Kafka cluster is defined in this app with TLS — its clients'
   * authority signs the certificate; false for an imported cluster or one without TLS,
   * where no issuer is known
   */
  readonly restTls?: boolean;

  /**
   * How callers authenticate.
   *
   * @default RestAuthentication.basic() with restTls — a Connect REST call runs code and a
   * registry write changes what every producer may send, so a NetworkPolicy alone is too
   * little; RestAuthentication.none() without restTls (basic needs HTTPS)
   */
  readonly restAuthentication?: RestAuthentication;

  /**
   * When the CronJob that restarts the pods after a certificate renewal runs (the
   * CronJob's time zone, the cluster's by default). A run restarts the pods (one at a time,
   * the workload's own rolling update) only once the renewed certificate has reached
   * every kubelet, when some pod started before.
   *
   * @default Cron.schedule({ minute: '23' }) — hourly: a renewal is found well within
   * the 30 days cert-manager leaves between renewal and expiry
   */
  readonly restCertificateRolloutSchedule?: Cron;
}

/** The runtime form of ComponentRestSettings (src/core/input-shape.ts). */
export const COMPONENT_REST_FIELDS = {
  restTls: Expect.boolean(),
  restAuthentication: Expect.made('RestAuthentication', () => RestAuthentication, 'RestAuthentication.basic()'),
  restCertificateRolloutSchedule: cron,
};

/** The name of the caller every component with HTTP basic has, for people and tools. */
export const ADMIN_CALLER = 'admin';

/** Where a server pod mounts its certificate Secret (`keystore.p12`, `truststore.p12`, `ca.crt`). */
export const REST_TLS_DIR = '/mnt/rest-tls';
/** Where its init container writes the callers' users file and the JAAS file. */
export const REST_AUTH_DIR = '/mnt/rest-auth';
/** Where it mounts the callers' passwords, one file per caller. */
export const REST_CALLERS_DIR = '/mnt/rest-callers';
/** The JAAS file the server's JVM reads (`java.security.auth.login.config`). */
export const REST_JAAS_FILE = `${REST_AUTH_DIR}/jaas.conf`;
/** The users file its login module reads. */
export const REST_USERS_FILE = `${REST_AUTH_DIR}/users.properties`;
/** The role every caller has, which the Jetty-based servers require (`authentication.roles`). */
export const REST_CALLER_ROLE = 'caller';

/** A component's REST certificate, as the resolve step decides it. */
export interface ResolvedRestTls {
  /** The Certificate, and the Secret cert-manager writes. */
  readonly certificate: string;
  readonly secret: string;
  /** The Secret (key `password`) of the PKCS#12 files' password. */
  readonly passwordSecret: string;
  readonly issuer: ClientIssuer;
  /** When the restart CronJob runs. */
  readonly rolloutSchedule: string;
}

/** A component's REST API after defaults. */
export interface ResolvedRest {
  /** `https` with TLS, else `http`. */
  readonly scheme: string;
  readonly tls?: ResolvedRestTls;
  readonly basic: boolean;
  /**
   * A certificate kept for its PKCS#12 truststore alone, when the API serves plain HTTP
   * (ksqlDB without `restTls` on a cluster with TLS: its Kafka clients read the REST
   * listener's truststore settings, which take no PEM).
   */
  readonly trustOnly?: ResolvedRestTls;
}

/** Name of a caller's credentials Secret on a component. */
export function restCallerSecret(component: string, caller: string): string {
  return `${component}-rest-${caller}`;
}

/**
 * Applies the defaults of a component's REST settings: HTTPS and basic where its
 * Kafka user carries the clients' issuer. Refuses HTTPS without an issuer and basic
 * without HTTPS; warns when a secured cluster's component turns either off.
 *
 * @param name the component's base name (its objects are named after it)
 */
export function resolveRest(
  scope: ErrorScope & IConstruct, settings: ComponentRestSettings, user: KafkaUser, name: string,
  options: { readonly truststoreWithoutTls?: boolean } = {},
): ResolvedRest {
  const issuer = user._issuer;
  const tls = settings.restTls ?? issuer !== undefined;
  if (typeof tls !== 'boolean') raise(scope, 'restTls', tls, 'it is true or false', 'Remove it (HTTPS where the cluster has TLS), or set false');
  if (tls && issuer === undefined) {
    raise(scope, 'restTls', true, 'the certificate comes from the Kafka cluster\'s clients\' authority, and this cluster is imported or has no TLS, so none is known',
      'Wire the component to a KafkaCluster of this app with TLS (the default), or remove restTls');
  }
  const auth = settings.restAuthentication ?? (tls ? RestAuthentication.basic() : RestAuthentication.none());
  checkArguments(scope, [['restAuthentication', auth, COMPONENT_REST_FIELDS.restAuthentication]]);
  const basic = auth.method === RestAuthenticationMethod.BASIC;
  if (basic && !tls) {
    raise(scope, 'restAuthentication', 'RestAuthentication.basic()', 'HTTP basic sends the password with every request, and without restTls it would cross the network in clear',
      'Keep restTls (the default with a TLS cluster), or use RestAuthentication.none()');
  }
  if (issuer !== undefined && !tls) warn(scope, 'restTls is false on a cluster with TLS: the REST API serves plain HTTP, readable on the way');
  if (!basic) warn(scope, 'the REST API does not authenticate: whoever the NetworkPolicy admits may use it (a Connect call runs code, a registry write changes what producers may send); keep RestAuthentication.basic() outside dev');
  const expression = restartSchedule(scope, settings.restCertificateRolloutSchedule);
  if (!tls && settings.restCertificateRolloutSchedule !== undefined) {
    raise(scope, 'restCertificateRolloutSchedule', expression, 'it schedules the restart onto renewed REST certificates, and restTls is off', 'Remove it, or keep restTls');
  }
  const certificate = issuer === undefined ? undefined : {
    certificate: `${name}-rest-tls`, secret: `${name}-rest-tls`, passwordSecret: `${name}-rest-keystore`, issuer,
  };
  if (!tls) return { scheme: 'http', basic, trustOnly: options.truststoreWithoutTls && certificate !== undefined ? { ...certificate, rolloutSchedule: '' } : undefined };
  return {
    scheme: 'https',
    basic,
    tls: { ...certificate!, rolloutSchedule: expression },
  };
}

/** A caller name: a lower-case DNS label, since it names a Secret and a user. */
export const callerName = Expect.text({
  expected: 'a lower-case DNS label of at most 40 characters (it names the caller\'s Secret)',
  example: '"orders-app"',
  maxLength: 40,
  test: (text: string) => isObjectName(text) && !text.includes('.'),
});

/**
 * The Jetty login module that reads a users file, for Schema Registry and ksqlDB: Jetty 9
 * until Confluent Platform 7.9, Jetty 12 (which moved the JAAS classes to
 * `org.eclipse.jetty.security.jaas`) from 8.0 (confluentinc/rest-utils PR #553,
 * confluentinc/ksql PR #10703; the old name fails every login on 8.x,
 * vdesabou/kafka-docker-playground#6760).
 */
export function jettyLoginModule(version: ConfluentVersion): string {
  return jettyMajor(version) >= 12
    ? 'org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule'
    : 'org.eclipse.jetty.jaas.spi.PropertyFileLoginModule';
}

/**
 * The Jetty major version a Confluent Platform line's REST servers run: 9 until 7.9, 12
 * from 8.0 (confluentinc/rest-utils moved to Jetty 12 for 8.0; Apache Kafka 4.0, which
 * 8.0 ships, did too).
 */
export function jettyMajor(version: ConfluentVersion): number {
  return Number(version.line.split('.')[0]) >= 8 ? 12 : 9;
}

/**
 * The names a component's Service is called by, for its certificate: the bare name and
 * every qualified form in its namespace.
 */
export function serviceDnsNames(service: string, namespace: string | undefined, clusterDomain: string | undefined): string[] {
  if (namespace === undefined) return [service];
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, ...(clusterDomain === undefined ? [] : [`${service}.${namespace}.svc.${clusterDomain}`])];
}

/** The names of a StatefulSet's pods under its headless Service, as a wildcard. */
export function podDnsNames(headlessService: string, namespace: string | undefined, clusterDomain: string): string[] {
  if (namespace === undefined) return [`*.${headlessService}`];
  return [`*.${headlessService}.${namespace}.svc`, `*.${headlessService}.${namespace}.svc.${clusterDomain}`];
}

/** The restart CronJob's schedule: given (checked), or hourly at minute 23. */
function restartSchedule(scope: ErrorScope, given: Cron | undefined): string {
  return cronExpression(scope, 'restCertificateRolloutSchedule', given, Cron.schedule({ minute: '23' }), 'Use e.g. Cron.schedule({ minute: \'23\' }) (hourly)');
}

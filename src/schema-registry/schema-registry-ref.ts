import { ISecret, k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { RestCaller } from '../access/rest-caller';
import { callerName } from '../access/rest-security';
import { describeReference } from '../core/component-wiring';
import { checkRules } from '../core/errors';
import { propertyEnvName } from '../core/image-env';
import { checkArguments, checkProps, Expect, isPlainRecord } from '../core/input-shape';
import { checkConstructId } from '../core/naming';
import { secret } from '../core/prop-shapes';
import { secretName } from '../core/secret-reference';
import { ConfluentVersion, confluentVersion } from '../core/version';

// What components see of a Schema Registry, and the importer for one defined elsewhere.
// Components depend on this file only, never on the SchemaRegistry construct.

/**
 * What a component needs from a Schema Registry: its URL and release. `SchemaRegistry`
 * implements it, `SchemaRegistry.fromUrl` imports one; Connect and ksqlDB take the
 * interface.
 */
export interface ISchemaRegistry extends IConstruct {
  /** Base URL clients use, `https://host:port` (`http://` without TLS). */
  readonly url: string;
  /** Confluent Platform release of the Schema Registry. */
  readonly version: ConfluentVersion;
  /**
   * Whether the registry was imported (`SchemaRegistry.fromUrl`): components may use an
   * imported registry from any chart or namespace, since its address is explicit.
   */
  readonly imported: boolean;
  /** Labels of the registry's pods, for clients' egress rules (when known). */
  readonly podLabels?: { [key: string]: string };

  /**
   * Records that the pods with these labels are clients of the registry: its
   * NetworkPolicy admits them by name. Components call it when they are wired; a no-op
   * for an imported registry.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  allowClient(podLabels: { [key: string]: string }): void;

  /**
   * A caller of the registry's REST API: its credentials (when the registry
   * authenticates) and the trust in its certificate (with TLS), as Secret names.
   * Components wired to the registry add themselves; add one per application that
   * calls it. Calling it again with the same name returns the same caller.
   *
   * @param name the caller's user name, a lower-case DNS label
   * @param owner the construct that calls as `name` (components pass themselves): a name
   * added by two owners is refused, since they would share one password
   */
  addCaller(name: string, owner?: IConstruct): RestCaller;
}

/** An existing Schema Registry, for `SchemaRegistry.fromUrl`. */
export interface SchemaRegistryAttributes {
  /** Base URL clients use, `http(s)://host:port`. */
  readonly url: string;
  /** Confluent Platform release of the registry (components may not be newer). */
  readonly version: ConfluentVersion;
  /**
   * A Secret in the components' namespace whose `user-info` (`<user>:<password>`) the
   * components send with HTTP basic (a Confluent Cloud API key and secret, for instance).
   * The registry's certificate is verified by the JVM's default trust store.
   *
   * @default - no credentials: the registry does not authenticate its callers
   */
  readonly credentialsSecret?: ISecret;
}

// http(s)://host[:port][/]: a DNS name (labels alphanumeric at both ends) or IPv4
// address, a port from 1 to 65535.
const REGISTRY_URL = /^https?:\/\/[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::(\d{1,5}))?\/?$/;

function isRegistryUrl(text: unknown): boolean {
  const m = typeof text === 'string' ? REGISTRY_URL.exec(text) : null;
  return m !== null && (m[1] === undefined || (Number(m[1]) >= 1 && Number(m[1]) <= 65535));
}

const SCHEMA_REGISTRY_ATTRIBUTES = Expect.struct('SchemaRegistryAttributes', {
  url: Expect.required(Expect.text({ expected: "the registry's base URL (http or https, a host and an optional port, no path)", example: '"http://schemas.kafka.svc:8081"', maxLength: 2048 })),
  version: Expect.required(confluentVersion),
  credentialsSecret: secret,
});

/**
 * A Schema Registry prop: one of this app (a construct with a URL and a release) or
 * one imported by URL. JavaScript callers can pass anything, so the shape is checked.
 */
export const schemaRegistryRef = Expect.custom('ISchemaRegistry', 'a Schema Registry of this app or one imported with SchemaRegistry.fromUrl(...)',
  'the SchemaRegistry construct', value => {
    const r = value as { node?: unknown; url?: unknown; version?: unknown; allowClient?: unknown; addCaller?: unknown };
    return isPlainRecord(value) && r.node !== undefined && typeof r.url === 'string' && r.version instanceof ConfluentVersion && typeof r.allowClient === 'function' && typeof r.addCaller === 'function'
      ? undefined : { why: 'it must be a Schema Registry of this app, or one imported with SchemaRegistry.fromUrl(...)', value: describeReference(value) };
  });

/** A registry known only by its URL (`SchemaRegistry.fromUrl`). */
export class ImportedSchemaRegistry extends Construct implements ISchemaRegistry {
  public readonly url: string;
  public readonly version: ConfluentVersion;
  public readonly imported = true;
  private readonly credentialsSecret?: string;

  constructor(scope: Construct, id: string, attributes: SchemaRegistryAttributes) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, attributes, SCHEMA_REGISTRY_ATTRIBUTES, true, 'attributes');
    checkRules(this, [
      {
        when: !isRegistryUrl(attributes?.url),
        prop: 'url',
        value: attributes?.url,
        why: 'it is the registry\'s base URL: http or https, a host and an optional port, no path',
        fix: 'Write it like "http://schemas.kafka.svc:8081"',
      },
      { when: !(attributes?.version instanceof ConfluentVersion), prop: 'version', value: attributes?.version, why: 'it is not a ConfluentVersion', fix: 'Use e.g. ConfluentVersion.V8_0' },
    ]);
    this.url = attributes.url.replace(/\/$/, '');
    this.version = attributes.version;
    this.credentialsSecret = secretName(this, 'credentialsSecret', attributes.credentialsSecret);
  }

  /** Nothing to admit: the registry's network rules are managed where it runs. */
  public allowClient(_podLabels: { [key: string]: string }): void {}

  /**
   * Every caller presents the `credentialsSecret` given at import (its users are
   * managed where the registry runs).
   *
   * @param name the caller's name
   * @param _owner who calls as it (unused: the registry's users are managed where it runs)
   */
  public addCaller(name: string, _owner?: IConstruct): RestCaller {
    checkArguments(this, [['addCaller.name', name, callerName]]);
    return RestCaller._of(name, this.url, { credentials: this.credentialsSecret });
  }
}

/** Where a component mounts the registry's `truststore.p12`. */
export const REGISTRY_TRUST_DIR = '/mnt/registry-tls';

/** The settings a component's registry clients need to call it as `caller`. */
export interface RegistryClientSettings {
  /** Client properties under each prefix, no secret among them. */
  readonly properties: Record<string, string>;
  /** The truststore's password and the basic credentials, from their Secrets. */
  readonly env: k8s.EnvVar[];
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

/** Where a registry client's settings go: `ssl` prefixes its TLS keys, `auth` its basic-auth keys. */
export interface RegistryClientPrefix {
  readonly ssl: string;
  readonly auth: string;
}

/**
 * The Schema Registry client settings of a component calling the registry as `caller`:
 * the registry's PKCS#12 truststore (its certificate Secret's `truststore.p12` only, and
 * the password from its Secret), and HTTP basic with the caller's `user-info` from its
 * Secret (`basic.auth.credentials.source=USER_INFO`). PKCS#12 rather than the PEM
 * `ca.crt`, which older Schema Registry clients cannot read (confluentinc/schema-registry
 * client `SslFactory` before PEM support).
 *
 * @param envPrefix the image's property prefix (`CONNECT_`, `KSQL_`)
 */
export function registryClientSettings(caller: RestCaller, envPrefix: string, prefixes: readonly RegistryClientPrefix[]): RegistryClientSettings {
  const properties: Record<string, string> = {};
  const env: k8s.EnvVar[] = [];
  const volumes: k8s.Volume[] = [];
  const mounts: k8s.VolumeMount[] = [];
  if (caller.trustSecret !== undefined) {
    volumes.push({ name: 'registry-tls', secret: { secretName: caller.trustSecret, items: [{ key: 'truststore.p12', path: 'truststore.p12' }], defaultMode: 0o444 } });
    mounts.push({ name: 'registry-tls', mountPath: REGISTRY_TRUST_DIR, readOnly: true });
  }
  for (const p of prefixes) {
    if (caller.trustSecret !== undefined) {
      properties[`${p.ssl}truststore.location`] = `${REGISTRY_TRUST_DIR}/truststore.p12`;
      properties[`${p.ssl}truststore.type`] = 'PKCS12';
      env.push({ name: propertyEnvName(envPrefix, `${p.ssl}truststore.password`), valueFrom: { secretKeyRef: { name: caller.truststorePasswordSecret!, key: 'password' } } });
    }
    if (caller.credentialsSecret !== undefined) {
      properties[`${p.auth}credentials.source`] = 'USER_INFO';
      env.push({ name: propertyEnvName(envPrefix, `${p.auth}user.info`), valueFrom: { secretKeyRef: { name: caller.credentialsSecret, key: 'user-info' } } });
    }
  }
  return { properties, env, volumes, mounts };
}

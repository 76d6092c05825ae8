import { Construct, IConstruct } from 'constructs';
import { describeReference } from '../core/component-wiring';
import { checkRules } from '../core/errors';
import { checkProps, Expect, isPlainRecord } from '../core/input-shape';
import { checkConstructId } from '../core/naming';
import { ConfluentVersion, confluentVersion } from '../core/version';

// What components see of a Schema Registry, and the importer for one defined elsewhere.
// Components depend on this file only, never on the SchemaRegistry construct.

/**
 * What a component needs from a Schema Registry: its URL and release. `SchemaRegistry`
 * implements it, `SchemaRegistry.fromUrl` imports one; Connect and ksqlDB take the
 * interface.
 */
export interface ISchemaRegistry extends IConstruct {
  /** Base URL clients use, `http://host:port`. */
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
}

/** An existing Schema Registry, for `SchemaRegistry.fromUrl`. */
export interface SchemaRegistryAttributes {
  /** Base URL clients use, `http(s)://host:port`. */
  readonly url: string;
  /** Confluent Platform release of the registry (components may not be newer). */
  readonly version: ConfluentVersion;
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
});

/**
 * A Schema Registry prop: one of this app (a construct with a URL and a release) or
 * one imported by URL. JavaScript callers can pass anything, so the shape is checked.
 */
export const schemaRegistryRef = Expect.custom('ISchemaRegistry', 'a Schema Registry of this app or one imported with SchemaRegistry.fromUrl(...)',
  'the SchemaRegistry construct', value => {
    const r = value as { node?: unknown; url?: unknown; version?: unknown; allowClient?: unknown };
    return isPlainRecord(value) && r.node !== undefined && typeof r.url === 'string' && r.version instanceof ConfluentVersion && typeof r.allowClient === 'function'
      ? undefined : { why: 'it must be a Schema Registry of this app, or one imported with SchemaRegistry.fromUrl(...)', value: describeReference(value) };
  });

/** A registry known only by its URL (`SchemaRegistry.fromUrl`). */
export class ImportedSchemaRegistry extends Construct implements ISchemaRegistry {
  public readonly url: string;
  public readonly version: ConfluentVersion;
  public readonly imported = true;

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
  }

  /** Nothing to admit: the registry's network rules are managed where it runs. */
  public allowClient(_podLabels: { [key: string]: string }): void {}
}

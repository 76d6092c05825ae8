import { IConstruct } from 'constructs';
import { MIRROR_NAME_SHAPE, MIRROR_OPTIONS, MirrorOptions, mirrorSourceAlias, MirrorTopicNaming } from '../connect/mirror';
import { raise } from '../core/errors';
import { Expect } from '../core/input-shape';
import { SchemaRegistryOptions } from '../schema-registry/schema-registry-props';

/**
 * What `ConfluentPlatform` copies from another cluster, and whether schemas follow. The
 * copies keep prefixed names (`<alias>.<topic>`): `topicNaming: IDENTITY` is refused.
 */
export interface PlatformMirrorOptions extends MirrorOptions {
  /**
   * The mirror's name: the prefix of its connectors' names.
   *
   * @default "mirror"
   */
  readonly name?: string;
  /**
   * Whether the source's schemas follow the records. The source registry's store topic
   * is copied too, and this platform's Schema Registry (created if not asked for) keeps
   * its schemas in that copy, read-only. Schema ids stay the source's, so every copied
   * record decodes here, and nothing registered here can take an id the source hands
   * out later. Producers here must not register schemas (`auto.register.schemas=false`).
   *
   * Why a copy of the topic and not Confluent's schema exporter: the exporter (Schema
   * Linking) is a Confluent Enterprise feature, and the copy works with the community
   * registry, continuously, with nothing but the mirror already running.
   *
   * @default false — records only: a registry here starts empty
   */
  readonly schemas?: boolean;
  /**
   * The source registry's store topic (its `kafkastore.topic`).
   *
   * @default "_schemas" — Confluent's default
   */
  readonly sourceSchemasTopic?: string;
}

/** A topic name as a Java regular expression that matches it alone. */
export function literalPattern(topic: string): string {
  return topic.replace(/\./g, '\\.');
}

/**
 * Checks a platform's mirror: a test copy keeps the source's topic names prefixed, so it
 * never writes into a topic of the copy's own (its Connect's, ksqlDB's, the registry's,
 * which share the source's names when both are one program).
 */
export function checkPlatformMirror(scope: IConstruct, mirror: PlatformMirrorOptions): void {
  if (mirror.topicNaming === MirrorTopicNaming.IDENTITY) {
    raise(scope, 'mirror.topicNaming', mirror.topicNaming, 'a copy under the source\'s own names writes into the topics of the copy\'s own Connect, ksqlDB and registry, which the source has too',
      'Remove topicNaming (prefixed names), or mirror with Connect.addMirror for a disaster-recovery copy');
  }
}

/** The runtime form of PlatformMirrorOptions (src/core/input-shape.ts). */
export const PLATFORM_MIRROR_OPTIONS = Expect.struct('PlatformMirrorOptions', {
  ...MIRROR_OPTIONS.fields!,
  name: MIRROR_NAME_SHAPE,
  schemas: Expect.boolean(),
  sourceSchemasTopic: Expect.text({ maxLength: 249, expected: 'a topic name', example: '"_schemas"', pattern: /^[a-zA-Z0-9._-]+$/ }),
});

/** The registry that reads a copy of the source's schemas, and the topic copied for it. */
export interface SchemaStoreCopy {
  /** The platform's registry options, on the copied topic and read-only. */
  readonly registry: SchemaRegistryOptions;
  /** The source registry's store topic, added to what the mirror copies. */
  readonly sourceTopic: string;
  /** Its name here. */
  readonly copiedTopic: string;
}

/**
 * The registry options for a mirror that copies schemas (undefined when it does not):
 * the store topic is the copy's name here (`<alias>.<topic>` with prefixed naming) and
 * the registry is read-only. A program that names another topic, or asks for a
 * writable registry, contradicts the copy and is refused.
 */
export function schemaStoreCopy(
  scope: IConstruct, mirror: PlatformMirrorOptions, registry: SchemaRegistryOptions | undefined,
): SchemaStoreCopy | undefined {
  if (mirror.schemas !== true) return undefined;
  const sourceTopic = mirror.sourceSchemasTopic ?? '_schemas';
  const copied = `${mirrorSourceAlias(mirror)}.${sourceTopic}`;
  if (registry?.topic !== undefined && registry.topic !== copied) {
    raise(scope, 'schemaRegistry.topic', registry.topic, `mirror.schemas copies the source's schemas into "${copied}", and the registry must read them there`,
      'Remove schemaRegistry.topic, or set mirror.schemas to false');
  }
  if (registry?.readOnly === false) {
    raise(scope, 'schemaRegistry.readOnly', false, 'a registry that takes registrations would hand out ids the source hands out too, for other schemas',
      'Remove schemaRegistry.readOnly, or set mirror.schemas to false');
  }
  return { registry: { ...registry, topic: copied, readOnly: true }, sourceTopic, copiedTopic: copied };
}

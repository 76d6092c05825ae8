import { Construct } from 'constructs';
import { applyProfile } from './apply-profile';
import { checkPlatformMirror, literalPattern, PLATFORM_MIRROR_OPTIONS, PlatformMirrorOptions, schemaStoreCopy } from './platform-mirror';
import { PROFILE_SHAPE, Profile, profileNote } from './profile';
import { KafkaUser, KafkaUserOptions, KAFKA_USER_OPTIONS, userName } from '../access/kafka-user';
import { Connect } from '../connect/connect';
import { CONNECT_OPTIONS, ConnectOptions } from '../connect/connect-props';
import { MirrorReplication } from '../connect/mirror';
import { checkProps, Expect } from '../core/input-shape';
import { checkConstructId, markNameless } from '../core/naming';
import { isTopicName } from '../core/prop-shapes';
import { note } from '../core/warnings';
import { KafkaCluster } from '../kafka/kafka-cluster';
import { KAFKA_CLUSTER_PROPS, KafkaClusterProps } from '../kafka/kafka-cluster-props';
import { KsqlDb } from '../ksqldb/ksqldb';
import { KSQLDB_OPTIONS, KsqlDbOptions } from '../ksqldb/ksqldb-props';
import { SchemaRegistry } from '../schema-registry/schema-registry';
import { SCHEMA_REGISTRY_OPTIONS, SchemaRegistryOptions } from '../schema-registry/schema-registry-props';
import { KAFKA_TOPIC_OPTIONS, KafkaTopic, KafkaTopicOptions } from '../topics/kafka-topic';

/** Props of a `ConfluentPlatform`. */
export interface ConfluentPlatformProps {
  /**
   * The environment's sizes and safety margins. It never changes what the platform
   * means, and every prop set here wins over it.
   *
   * @default Profile.production() — the library's defaults are production's; a smaller
   * environment is a choice made in code
   */
  readonly profile?: Profile;

  /**
   * The Kafka cluster: listeners, security, monitoring, logging, configuration (and
   * sizes, where they are the same in every environment).
   *
   * @default - the cluster's defaults under the profile
   */
  readonly kafka?: KafkaClusterProps;

  /**
   * A Schema Registry on the cluster, wired to it; Connect and ksqlDB use it.
   *
   * @default - none
   */
  readonly schemaRegistry?: SchemaRegistryOptions;

  /**
   * A Kafka Connect cluster, wired to the cluster and the registry.
   *
   * @default - none, unless `mirror` needs one (then Connect's defaults under the profile)
   */
  readonly connect?: ConnectOptions;

  /**
   * A ksqlDB cluster, wired to the cluster and the registry.
   *
   * @default - none
   */
  readonly ksqlDb?: KsqlDbOptions;

  /**
   * Topics, by name, as `kafka.addTopic(name, options)` declares them.
   *
   * @default - none
   */
  readonly topics?: { [name: string]: KafkaTopicOptions };

  /**
   * Users, by name, as `kafka.addUser(name, options)` declares them.
   *
   * @default - none
   */
  readonly users?: { [name: string]: KafkaUserOptions };

  /**
   * Topics copied one way from another cluster into this one (MirrorMaker 2 on this
   * platform's Connect): production data in a test copy. Typically set for the
   * ephemeral profile only.
   *
   * @default - no copy
   */
  readonly mirror?: PlatformMirrorOptions;
}

const PLATFORM_PROPS = Expect.struct('ConfluentPlatformProps', {
  profile: PROFILE_SHAPE,
  kafka: KAFKA_CLUSTER_PROPS,
  schemaRegistry: SCHEMA_REGISTRY_OPTIONS,
  connect: CONNECT_OPTIONS,
  ksqlDb: KSQLDB_OPTIONS,
  topics: Expect.map(KAFKA_TOPIC_OPTIONS, {
    maxEntries: 10000,
    key: Expect.text({ maxLength: 249, expected: 'a topic name (1 to 249 of letters, digits, ".", "_" and "-")', example: '"orders"', test: isTopicName }),
  }),
  users: Expect.map(KAFKA_USER_OPTIONS, { maxEntries: 10000, key: userName }),
  mirror: PLATFORM_MIRROR_OPTIONS,
});

/**
 * A Kafka cluster with, as asked, Schema Registry, Connect and ksqlDB, its topics and
 * users, all wired to each other, sized by a profile. Every part stays reachable
 * (`platform.kafka.addTopic(...)`, `platform.connect?.addConnector(...)`).
 *
 * Object names are the ones the parts would have on their own: the cluster is named by
 * the platform's id (`events` gives `events-kafka-bootstrap`), the components by the id
 * and their role (`events-schema-registry`, `events-connect`, `events-ksqldb`). A
 * standalone `KafkaCluster` moved into a platform of the same id keeps its objects,
 * disks included.
 */
export class ConfluentPlatform extends Construct {
  /** The profile the platform was sized by. */
  public readonly profile: Profile;
  /** The Kafka cluster. */
  public readonly kafka: KafkaCluster;
  /** The Schema Registry, when asked for. */
  public readonly schemaRegistry?: SchemaRegistry;
  /** The Connect cluster, when asked for (or needed by `mirror`). */
  public readonly connect?: Connect;
  /** The ksqlDB cluster, when asked for. */
  public readonly ksqlDb?: KsqlDb;
  /** The topics of `topics`, by name. */
  public readonly topics: { [name: string]: KafkaTopic };
  /** The users of `users`, by name. */
  public readonly users: { [name: string]: KafkaUser };
  /** The copy of `mirror`, when set. */
  public readonly mirror?: MirrorReplication;

  /**
   * @param scope the chart: its namespace is the platform's
   * @param id the platform's name, which is the cluster's: never rename it
   * @param props what the platform holds
   */
  constructor(scope: Construct, id: string, props: ConfluentPlatformProps = {}) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, props, PLATFORM_PROPS);
    // The parts are named as they would be on their own (see the class doc).
    markNameless(this);
    this.profile = props.profile ?? Profile.production();
    const mirror = props.mirror;
    if (mirror !== undefined) checkPlatformMirror(this, mirror);
    const schemaCopy = mirror === undefined ? undefined : schemaStoreCopy(this, mirror, props.schemaRegistry);
    const parts = applyProfile(this.profile, {
      kafka: props.kafka,
      schemaRegistry: schemaCopy?.registry ?? props.schemaRegistry,
      connect: props.connect ?? (mirror === undefined ? undefined : {}),
      ksqlDb: props.ksqlDb,
    });
    const message = profileNote(this.profile, parts.decided);
    if (message !== undefined) note(this, message);

    this.kafka = new KafkaCluster(this, id, parts.kafka);
    const kafka = this.kafka;
    this.topics = {};
    for (const [name, options] of Object.entries(props.topics ?? {})) this.topics[name] = kafka.addTopic(name, options);
    this.users = {};
    for (const [name, options] of Object.entries(props.users ?? {})) this.users[name] = kafka.addUser(name, options);

    const schemaRegistry = parts.schemaRegistry === undefined ? undefined
      : new SchemaRegistry(this, `${id}-schema-registry`, { ...parts.schemaRegistry, kafka });
    this.schemaRegistry = schemaRegistry;
    this.connect = parts.connect === undefined ? undefined
      : new Connect(this, `${id}-connect`, { ...parts.connect, kafka, schemaRegistry });
    this.ksqlDb = parts.ksqlDb === undefined ? undefined
      : new KsqlDb(this, `${id}-ksqldb`, { ...parts.ksqlDb, kafka, schemaRegistry });
    if (mirror !== undefined) {
      const { name, schemas, sourceSchemasTopic, ...options } = mirror;
      this.mirror = this.connect!.addMirror(name ?? 'mirror', {
        ...options,
        // The default pattern copies every topic, the schemas' too.
        topics: schemaCopy === undefined || options.topics === undefined ? options.topics
          : [...options.topics, literalPattern(schemaCopy.sourceTopic)],
        // A masking transform would break the schemas' records (and stop the copy): unless
        // told which topics it runs on, it skips them.
        transforms: schemaCopy === undefined ? options.transforms
          : options.transforms?.map(t => (t.topics !== undefined ? t : { ...t, topics: `(?!${literalPattern(schemaCopy.copiedTopic)}$).*` })),
      });
    }
  }
}

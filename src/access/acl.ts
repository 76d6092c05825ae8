import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { KAFKA_TOPIC, KafkaTopic } from '../topics/kafka-topic';

/** What an ACL applies to. */
export enum AclResourceType {
  /** Topics. */
  TOPIC = 'topic',
  /** Consumer groups. */
  GROUP = 'group',
  /** The cluster itself (create topics, describe configs). */
  CLUSTER = 'cluster',
  /** Transactional ids of producers. */
  TRANSACTIONAL_ID = 'transactional-id',
}

/** How an ACL's resource name matches. */
export enum AclPatternType {
  /** Exactly this name. */
  LITERAL = 'literal',
  /** Every name starting with it. */
  PREFIXED = 'prefixed',
}

/** What an ACL allows (Kafka's operation names). */
export enum AclOperation {
  /** Every operation. */
  ALL = 'All',
  /** Consume, join a group, fetch offsets. */
  READ = 'Read',
  /** Produce, write transactions. */
  WRITE = 'Write',
  /** Create topics. */
  CREATE = 'Create',
  /** Delete topics and records. */
  DELETE = 'Delete',
  /** Change partitions and ACLs. */
  ALTER = 'Alter',
  /** Metadata, offsets, transactional state. */
  DESCRIBE = 'Describe',
  /** Read configurations. */
  DESCRIBE_CONFIGS = 'DescribeConfigs',
  /** Change configurations. */
  ALTER_CONFIGS = 'AlterConfigs',
  /** Idempotent produce (needed only by brokers older than 2.8). */
  IDEMPOTENT_WRITE = 'IdempotentWrite',
}

const NAME = /^[A-Za-z0-9._-]{1,249}$/;

// Kafka's topic, group and transactional-id names; "*" is every resource of the type.
const RESOURCE_NAME = Expect.text({
  expected: 'a resource name of 1 to 249 characters from [A-Za-z0-9._-], or "*"',
  example: '"orders"',
  maxLength: 249,
  test: name => NAME.test(name) || name === '*',
});
const OPERATIONS = Expect.list(Expect.enumOf('AclOperation', AclOperation), { minLength: 1, maxLength: 16 });
const PATTERN_TYPE = Expect.enumOf('AclPatternType', AclPatternType);

/** An Acl prop (src/core/input-shape.ts). */
export const aclShape = Expect.made('Acl', () => Acl, 'Acl.topic("orders", [AclOperation.READ])');

/**
 * One allow rule for a principal: operations on a resource (by literal name or prefix).
 * Deny rules are not offered: with nothing granted by default, allows are enough.
 */
export class Acl {
  /**
   * Operations on one topic, or every topic starting with `name` when `prefixed`.
   *
   * @param name topic name or prefix
   * @param operations what is allowed
   * @param patternType literal (default) or prefixed
   */
  public static topic(name: string, operations: AclOperation[], patternType: AclPatternType = AclPatternType.LITERAL): Acl {
    checkArguments('Acl.topic', [['name', name, RESOURCE_NAME], ['operations', operations, OPERATIONS], ['patternType', patternType, PATTERN_TYPE]]);
    return new Acl(AclResourceType.TOPIC, name, patternType, operations);
  }

  /**
   * Operations on a topic the program declares (`kafka.addTopic` returns it): the name
   * comes from the topic, so a typo cannot grant another.
   *
   * @param topic the declared topic
   * @param operations what is allowed
   */
  public static forTopic(topic: KafkaTopic, operations: AclOperation[]): Acl {
    checkArguments('Acl.forTopic', [['topic', topic, KAFKA_TOPIC], ['operations', operations, OPERATIONS]]);
    return new Acl(AclResourceType.TOPIC, topic.name, AclPatternType.LITERAL, operations);
  }

  /**
   * Operations on one consumer group, or every group starting with `name` when `prefixed`.
   *
   * @param name group id or prefix
   * @param operations what is allowed
   * @param patternType literal (default) or prefixed
   */
  public static group(name: string, operations: AclOperation[], patternType: AclPatternType = AclPatternType.LITERAL): Acl {
    checkArguments('Acl.group', [['name', name, RESOURCE_NAME], ['operations', operations, OPERATIONS], ['patternType', patternType, PATTERN_TYPE]]);
    return new Acl(AclResourceType.GROUP, name, patternType, operations);
  }

  /**
   * Operations on transactional ids.
   *
   * @param name transactional id or prefix
   * @param operations what is allowed
   * @param patternType literal (default) or prefixed
   */
  public static transactionalId(name: string, operations: AclOperation[], patternType: AclPatternType = AclPatternType.LITERAL): Acl {
    checkArguments('Acl.transactionalId', [['name', name, RESOURCE_NAME], ['operations', operations, OPERATIONS], ['patternType', patternType, PATTERN_TYPE]]);
    return new Acl(AclResourceType.TRANSACTIONAL_ID, name, patternType, operations);
  }

  /**
   * Operations on the cluster resource.
   *
   * @param operations what is allowed
   */
  public static cluster(operations: AclOperation[]): Acl {
    checkArguments('Acl.cluster', [['operations', operations, OPERATIONS]]);
    return new Acl(AclResourceType.CLUSTER, 'kafka-cluster', AclPatternType.LITERAL, operations);
  }

  /** Operations, deduplicated and sorted. */
  public readonly operations: AclOperation[];

  private constructor(
    /** Resource type. */
    public readonly resourceType: AclResourceType,
    /** Resource name or prefix (`kafka-cluster` for the cluster). */
    public readonly name: string,
    /** Literal or prefixed. */
    public readonly patternType: AclPatternType,
    operations: AclOperation[],
  ) {
    madeByFactory(this);
    // The factories checked the operations and pattern type (OPERATIONS, PATTERN_TYPE).
    this.operations = [...new Set(operations)].sort();
  }

  /**
   * The `kafka-acls` arguments selecting the resource and operations (principal apart).
   *
   * @internal
   */
  public _cliArguments(): string[] {
    const resource = this.resourceType === AclResourceType.CLUSTER ? ['--cluster'] : [`--${this.resourceType}`, this.name];
    return [
      ...resource,
      '--resource-pattern-type', this.patternType,
      ...this.operations.flatMap(o => ['--operation', o]),
    ];
  }
}

import { ResolvedPool } from './cluster-model';
import { KafkaUser } from '../access/kafka-user';
import { WiredClients } from '../access/wired-clients';
import { KafkaTopic } from '../topics/kafka-topic';
import { collisionKey } from '../topics/resolve-topic';

/**
 * What the cluster's additive methods add after its constructor has run: pools
 * (`addNodePool`), users (`addUser`, components' users) and wired client pods
 * (`allowClient`). Objects that depend on them (the nodes' certificate names, the
 * NetworkPolicy, the access Jobs, the certificate rollout, the PLAIN user lists) render
 * them when the chart is synthesized, from `snapshot()`, with pure functions.
 */
export class ClusterMembers {
  private readonly poolList: ResolvedPool[] = [];
  private readonly userMap = new Map<string, KafkaUser>();
  private readonly clients = new WiredClients();
  private readonly topicMap = new Map<string, KafkaTopic>();
  /** Counts changes, so values rendered from the members can be kept until the next one. */
  private revision = 0;

  /** Adds a resolved pool (checked against the others beforehand). */
  public addPool(pool: ResolvedPool): void {
    this.revision++;
    this.poolList.push(pool);
  }

  /** Adds a user (its name checked unique beforehand). */
  public addUser(user: KafkaUser): void {
    this.revision++;
    this.userMap.set(user.name, user);
  }

  /** Records client pods by their labels; the same labels twice are one client. */
  public addClient(podLabels: Readonly<Record<string, string>>): void {
    this.revision++;
    this.clients.add(podLabels);
  }

  /** Adds a topic (checked against the others beforehand, `topicClash`). */
  public addTopic(topic: KafkaTopic): void {
    this.revision++;
    this.topicMap.set(topic.name, topic);
  }

  /**
   * The declared topic `name` would clash with: the same name, or one Kafka treats as
   * the same once "." and "_" are equal. Undefined when none.
   */
  public topicClash(name: string): string | undefined {
    return [...this.topicMap.keys()].find(t => collisionKey(t) === collisionKey(name));
  }

  /** Whether a user of that name exists. */
  public hasUser(name: string): boolean {
    return this.userMap.has(name);
  }

  /** The pools so far, in the order added. */
  public get pools(): readonly ResolvedPool[] {
    return [...this.poolList];
  }

  /**
   * `render`, computed once per state of the members: a Job's spec is read for its name
   * (a hash) and for the spec itself at synth, and rendering it twice costs the same work.
   */
  public memo<T>(render: () => T): () => T {
    let cached: { readonly key: string; readonly value: T } | undefined;
    return () => {
      // Users gain ACLs after they are added (addAcl): their count is part of the state.
      const key = `${this.revision}:${[...this.userMap.values()].reduce((n, u) => n + u.acls.length, 0)}`;
      if (cached === undefined || cached.key !== key) cached = { key, value: render() };
      return cached.value;
    };
  }

  /** The members as they are now. */
  public snapshot(): MembersSnapshot {
    return {
      pools: [...this.poolList],
      users: [...this.userMap.values()],
      clients: this.clients.list(),
      topics: [...this.topicMap.values()],
    };
  }
}

/** The cluster's members at one moment (at synth: all of them). */
export interface MembersSnapshot {
  /** Pools in the order added (controllers first). */
  readonly pools: readonly ResolvedPool[];
  /** Users in the order added. */
  readonly users: readonly KafkaUser[];
  /** Wired client pods' labels, sorted by their JSON form. */
  readonly clients: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Declared topics in the order added. */
  readonly topics: readonly KafkaTopic[];
}

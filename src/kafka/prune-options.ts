import { Expect } from '../core/input-shape';

/**
 * What the cluster's Jobs delete from Kafka when the program stops declaring it. Only
 * what the library itself made is ever deleted: each Job records what it makes in a
 * ConfigMap (`<cluster>-kafka-topics-owned`, `<cluster>-kafka-access-owned`) and deletes
 * only items that record lists. A topic that existed before the program declared it is
 * never recorded, so never deleted. Whatever is off, the Job's log names each item it
 * keeps, so turning an option on deletes exactly what the last run listed. With an
 * option on, its Job stays when the program declares nothing of its kind, so removing
 * the last one deletes it too.
 */
export interface PruneOptions {
  /**
   * Delete topics the topics Job created and the program no longer declares
   * (`kafka-topics --delete`: their records are gone for good). A topic that existed
   * before it was declared, or that someone deleted and made again since (another topic
   * id), is not the library's and is never deleted.
   *
   * @default false — a topic holds data: removing `addTopic` from code must not destroy it
   * unless the program says so
   */
  readonly topics?: boolean;

  /**
   * Delete the SCRAM credentials of users the access Job registered and the program no
   * longer declares (`kafka-configs --delete-config SCRAM-SHA-...`): their clients can no
   * longer log in. Registering a declared user sets its credentials, replacing any made
   * by hand. Their credentials Secrets stay (the Jobs may not delete Secrets).
   *
   * @default false — a removed user's clients stop at once; removal must be asked for
   */
  readonly users?: boolean;

  /**
   * Remove ACLs the access Job added and the program no longer declares
   * (`kafka-acls --remove`), one operation at a time: an operation the program still
   * declares on the resource stays. An ACL is its content: one added by hand that is the
   * same as one the program declared is the same ACL.
   *
   * @default false — a removed ACL denies its clients at once; removal must be asked for
   */
  readonly acls?: boolean;

  /**
   * Remove quota keys the access Job set and the program no longer declares
   * (`kafka-configs --delete-config`): the user falls back to the default user quota, or
   * to none.
   *
   * @default false — removing a quota lifts a limit; removal must be asked for
   */
  readonly quotas?: boolean;
}

/** The runtime form of PruneOptions (src/core/input-shape.ts). */
export const PRUNE_OPTIONS = Expect.struct('PruneOptions', {
  topics: Expect.boolean(),
  users: Expect.boolean(),
  acls: Expect.boolean(),
  quotas: Expect.boolean(),
});

/** PruneOptions with its defaults. */
export interface ResolvedPrune {
  readonly topics: boolean;
  readonly users: boolean;
  readonly acls: boolean;
  readonly quotas: boolean;
}

/** Applies the defaults (nothing is deleted). The shape is checked with the cluster's props. */
export function resolvePrune(options: PruneOptions | undefined): ResolvedPrune {
  return {
    topics: options?.topics ?? false,
    users: options?.users ?? false,
    acls: options?.acls ?? false,
    quotas: options?.quotas ?? false,
  };
}

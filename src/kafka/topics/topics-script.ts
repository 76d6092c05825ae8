import { envLines, mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell, ShellScript } from '../../core/script-file';
import { ResolvedTopic } from '../../topics/kafka-topic';
import { KAFKA_ADMIN, kafkaAdminEnv, KafkaAdminTarget } from '../kafka-tools-container';
import { OWNERSHIP } from '../ownership/ownership-record';

const TOPICS_APPLY = ScriptFile.at(__dirname, 'topics-apply.sh');

/** What the topics script needs. */
export interface TopicsScriptInput extends KafkaAdminTarget {
  /** A private, memory-backed directory for the tools' files. */
  readonly workDir: string;
  /** The declared topics, in the order declared. */
  readonly topics: readonly ResolvedTopic[];
  /** Delete topics the record lists and the program no longer declares. */
  readonly prune: boolean;
  /** Where the ownership record's steps share their files (ownership.sh). */
  readonly recordDir: string;
}

/**
 * The topics script (topics-apply.sh after kafka-admin.sh and ownership.sh; bash, Kafka
 * image; the wait step before it writes the client settings): deletes the topics it
 * made (the ownership record) that the program no longer declares, only with `prune`;
 * then creates missing topics, adds partitions, sets declared configs that differ, and
 * refuses (logs, then fails) a partition decrease or another replication factor.
 */
export function renderTopicsScript(input: TopicsScriptInput): ShellScript {
  return {
    command: scriptCommand(Shell.BASH, KAFKA_ADMIN, OWNERSHIP, TOPICS_APPLY),
    env: mergeEnv(
      kafkaAdminEnv(input),
      scriptEnv({
        CDK8S_WORK_DIR: input.workDir,
        CDK8S_TOPICS: envLines(input.topics.map(t => [t.name, t.partitions, t.replicationFactor])),
        CDK8S_TOPIC_CONFIGS: envLines(input.topics.flatMap(t => Object.entries(t.configs).map(([k, v]) => [t.name, k, v]))),
        CDK8S_PRUNE_TOPICS: String(input.prune),
        CDK8S_RECORD_DIR: input.recordDir,
      }),
    ),
  };
}

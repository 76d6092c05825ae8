import { collisionKey } from './resolve-topic';
import { editDistance } from '../core/edit-distance';

/** A place in the program that names a topic (an ACL of a user, a connector's topics). */
export interface TopicReference {
  /** Who names it, for the message (`user orders`). */
  readonly where: string;
  readonly topic: string;
}

/**
 * Warnings for references that name no declared topic but nearly name one (two edits
 * or fewer, one for names under 5 characters, or the same once "." and "_" are equal): most likely a typo, which Kafka
 * would take as another topic (an ACL on nothing, a connector waiting on a topic nobody
 * writes). References to topics the program does not declare at all are left alone:
 * components' own topics, topics made elsewhere.
 */
export function topicTypoWarnings(declared: readonly string[], references: readonly TopicReference[]): string[] {
  if (declared.length === 0) return [];
  const known = new Set(declared);
  const warnings: string[] = [];
  for (const ref of references) {
    if (known.has(ref.topic)) continue;
    // Two edits for longer names; one for short ones, where two edits join unrelated words (logs, jobs).
    const limit = ref.topic.length < 5 ? 1 : 2;
    const near = declared.filter(d => collisionKey(d) === collisionKey(ref.topic) || editDistance(d, ref.topic, limit) <= limit);
    if (near.length === 0) continue;
    warnings.push(`${ref.where} names topic ${ref.topic}, which the program does not declare; did you mean ${near.map(n => `'${n}'`).join(' or ')}? `
      + 'Kafka takes it as another topic. Name the declared topic (kafka.addTopic returns it), or declare this one');
  }
  return warnings;
}

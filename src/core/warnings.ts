import { IConstruct } from 'constructs';

/** Metadata type under which warnings are recorded on a construct's node. */
export const WARNING_METADATA = 'cdk8s-kafka:warning';

/**
 * Records a legal-but-risky choice (replication factor 1, plaintext listener,
 * ephemeral storage) so the user sees it at synth instead of finding out in production.
 *
 * The warning is kept as node metadata (tests and tools read it with
 * `warningsOf`) and printed once to stderr, never written into a manifest, so the
 * synthesized YAML stays the same whatever is printed. Set
 * `CDK8S_KAFKA_SILENCE_WARNINGS=1` to stop the printing (not the recording).
 */
export function warn(scope: IConstruct, message: string): void {
  scope.node.addMetadata(WARNING_METADATA, message);
  if (!process.env.CDK8S_KAFKA_SILENCE_WARNINGS) {
    process.stderr.write(`[cdk8s-kafka] warning: ${scope.node.path}: ${message}\n`);
  }
}

/** Every warning recorded on `scope` and its children, as `<path>: <message>`, in tree order. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(c =>
    c.node.metadata
      .filter(m => m.type === WARNING_METADATA)
      .map(m => `${c.node.path}: ${m.data}`));
}

/** Metadata type under which notes are recorded on a construct's node. */
export const NOTE_METADATA = 'cdk8s-kafka:note';

/**
 * Records what the library decided for the user where the decision is worth knowing
 * but not a risk (a profile's sizes), and prints it once to stderr like a warning.
 * `CDK8S_KAFKA_SILENCE_WARNINGS=1` stops the printing of notes too.
 */
export function note(scope: IConstruct, message: string): void {
  scope.node.addMetadata(NOTE_METADATA, message);
  if (!process.env.CDK8S_KAFKA_SILENCE_WARNINGS) {
    process.stderr.write(`[cdk8s-kafka] note: ${scope.node.path}: ${message}\n`);
  }
}

/** Every note recorded on `scope` and its children, as `<path>: <message>`, in tree order. */
export function notesOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(c =>
    c.node.metadata
      .filter(m => m.type === NOTE_METADATA)
      .map(m => `${c.node.path}: ${m.data}`));
}

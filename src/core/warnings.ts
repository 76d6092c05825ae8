import { IConstruct } from 'constructs';

/** Metadata type under which warnings are recorded on a construct's node. */
export const WARNING_METADATA = 'cdk8s-kafka:warning';

/** Metadata type under which notes are recorded on a construct's node. */
export const NOTE_METADATA = 'cdk8s-kafka:note';

// Kept as node metadata (tests and tools read it back) and printed once to stderr, never
// written into a manifest, so the synthesized YAML stays the same whatever is printed.
// CDK8S_KAFKA_SILENCE_WARNINGS=1 stops the printing (not the recording).
function record(scope: IConstruct, type: string, label: string, message: string): void {
  scope.node.addMetadata(type, message);
  if (!process.env.CDK8S_KAFKA_SILENCE_WARNINGS) {
    process.stderr.write(`[cdk8s-kafka] ${label}: ${scope.node.path}: ${message}\n`);
  }
}

function recorded(scope: IConstruct, type: string): string[] {
  return scope.node.findAll().flatMap(c =>
    c.node.metadata
      .filter(m => m.type === type)
      .map(m => `${c.node.path}: ${m.data}`));
}

/**
 * Records a legal-but-risky choice (replication factor 1, plaintext listener,
 * ephemeral storage) so the user sees it at synth instead of finding out in production.
 * Printed to stderr, read back with `warningsOf`; `CDK8S_KAFKA_SILENCE_WARNINGS=1` stops
 * the printing.
 */
export function warn(scope: IConstruct, message: string): void {
  record(scope, WARNING_METADATA, 'warning', message);
}

/** Every warning recorded on `scope` and its children, as `<path>: <message>`, in tree order. */
export function warningsOf(scope: IConstruct): string[] {
  return recorded(scope, WARNING_METADATA);
}

/**
 * Records what the library decided for the user where the decision is worth knowing
 * but not a risk (a profile's sizes), printed like a warning and read back with `notesOf`.
 */
export function note(scope: IConstruct, message: string): void {
  record(scope, NOTE_METADATA, 'note', message);
}

/** Every note recorded on `scope` and its children, as `<path>: <message>`, in tree order. */
export function notesOf(scope: IConstruct): string[] {
  return recorded(scope, NOTE_METADATA);
}

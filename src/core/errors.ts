import { IConstruct } from 'constructs';

/**
 * The one error type the library raises for bad input, at synth time.
 *
 * Its message always has the shape
 * `<construct path>: <prop> = <value> is invalid: <why>. <how to fix>.`
 * so a user sees where, what and how to fix it without reading a stack trace.
 * Several violations found together are joined, one per line.
 *
 * Not exported through jsii (jsii cannot extend the built-in `Error`); match it by
 * `error.name === 'KafkaConfigError'` from other languages. Checks that need the whole
 * app run as cdk8s validations at synth, and cdk8s reports those in its own error
 * ("Validation failed with the following errors:"), each line in the same shape.
 */
export class KafkaConfigError extends Error {
  constructor(
    /** Every violation, each already in the message shape. */
    public readonly violations: readonly Violation[],
  ) {
    super(violations.map(formatViolation).join('\n'));
    this.name = 'KafkaConfigError';
  }
}

/** One invalid prop, with what is wrong and how to fix it. */
export interface Violation {
  /** Construct path (`Node.of(scope).path`), or the function that checked the value. */
  readonly path: string;
  /** The prop, dotted for nested props (`controllers.replicas`). */
  readonly prop: string;
  /** The offending value, as given. */
  readonly value: unknown;
  /** Why it is invalid, without a trailing period. */
  readonly why: string;
  /** How to fix it, without a trailing period. */
  readonly fix: string;
}

/** One row of a rule table: `when` true means the props violate the rule. */
export interface Rule {
  readonly when: boolean;
  readonly prop: string;
  readonly value: unknown;
  readonly why: string;
  readonly fix: string;
}

/** `scope` as the path the message starts with: a construct's path, or a plain label. */
export type ErrorScope = IConstruct | string;

/** Throws a `KafkaConfigError` for one invalid prop. */
export function raise(scope: ErrorScope, prop: string, value: unknown, why: string, fix: string): never {
  throw new KafkaConfigError([{ path: pathOf(scope), prop, value, why, fix }]);
}

/**
 * Checks a rule table and throws once with every violated rule, so the user sees all
 * problems in one synth rather than one per attempt.
 */
export function checkRules(scope: ErrorScope, rules: readonly Rule[]): void {
  const path = pathOf(scope);
  const violations = rules
    .filter(r => r.when)
    .map(r => ({ path, prop: r.prop, value: r.value, why: r.why, fix: r.fix }));
  if (violations.length > 0) {
    throw new KafkaConfigError(violations);
  }
}

/** Renders one violation in the message shape of conventions.md. */
export function formatViolation(v: Violation): string {
  return `${v.path}: ${v.prop} = ${describeValue(v.value)} is invalid: ${v.why}. ${v.fix}.`;
}

/** A short, unambiguous rendering of a bad value: strings quoted, objects as JSON, long values cut. */
export function describeValue(value: unknown): string {
  let text: string;
  if (typeof value === 'string') {
    text = JSON.stringify(value);
  } else if (value === undefined || typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    text = String(value);
  } else if (typeof value === 'function') {
    text = '[function]';
  } else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  // JSON leaves U+2028/U+2029 as they are: they would break the message across lines.
  text = text.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029').replace(/\u0085/g, '\\u0085');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** The path an error about `scope` starts with. */
export function pathOf(scope: ErrorScope): string {
  if (typeof scope === 'string') return scope;
  return scope.node.path || '<root>';
}

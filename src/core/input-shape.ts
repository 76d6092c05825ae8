import { Duration, Size, SizeRoundingBehavior } from 'cdk8s';
import { editDistance } from './edit-distance';
import { ErrorScope, KafkaConfigError, describeValue, pathOf } from './errors';

// The types protect TypeScript callers only. JavaScript callers, and the jsii languages
// where a struct arrives as a plain object, can pass anything: a string where a number
// belongs, `null`, a function, a Duration of Infinity, a typo in a prop name. Each
// public entry point checks what it receives against a Shape before any code reads it,
// and reports every violation of the call at once. The Shapes also state the ranges the
// output formats impose (int32 fields, Go durations, quantities), so no value that
// passes can overflow them.

/** One problem a Shape found in a value. */
export interface Finding {
  /** The prop, dotted, with `[i]` for list items (`listeners[1].access.annotations.x`). */
  readonly prop: string;
  readonly value: unknown;
  /** Why, without a trailing period. */
  readonly why: string;
  /** How to fix it, without a trailing period. */
  readonly fix: string;
}

/** What kind of value a Shape accepts (read by the test that matches Shapes to the types). */
export type ShapeKind = 'text' | 'number' | 'boolean' | 'duration' | 'size' | 'cpu' | 'list' | 'map' | 'struct' | 'instance' | 'enum' | 'custom';

/** The runtime form of a prop's type: what values it accepts, with the ranges the output needs. */
export interface Shape {
  readonly kind: ShapeKind;
  /** The accepted values in words, as errors say it ("a whole number from 1 to 2147483647"). */
  readonly expected: string;
  /** An example of a good value, for the fix line. */
  readonly example: string;
  /** The item's shape (lists and maps). */
  readonly item?: Shape;
  /** The type name (structs, instances, enums). */
  readonly typeName?: string;
  /** The fields of a struct, by prop name. */
  readonly fields?: Readonly<Record<string, Field>>;
  /** Pushes what is wrong with `value`, found at `prop`, to `found`. */
  check(value: unknown, prop: string, found: Finding[]): void;
}

/** A struct's field: its shape, and whether it must be given. */
export interface Field {
  readonly shape: Shape;
  readonly required: boolean;
}

/** The largest int32: Kubernetes' port, replica, threshold and seconds fields are int32. */
export const INT32_MAX = 2147483647;

// Line breaks and other control characters end a line of a properties file, a YAML
// scalar or an HTTP header early, so a value holding one can inject settings.
const CONTROL = /[\u0000-\u001f\u007f\u0085\u2028\u2029]/;
const CONTROL_BUT_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f]/;

function fail(found: Finding[], prop: string, value: unknown, shape: Shape, why?: string): void {
  found.push({ prop, value, why: why ?? `it must be ${shape.expected}`, fix: `Use e.g. ${shape.example}` });
}

/**
 * Records a null, or a required value left out, at `prop`; returns whether there is a
 * value left to check. Struct fields, arguments and props objects all start here.
 */
function present(value: unknown, prop: string, field: Field, found: Finding[]): boolean {
  if (value === null) {
    found.push({ prop, value, why: 'null is not a value here', fix: `Leave the prop out for its default, or give ${field.shape.expected}` });
  } else if (value === undefined && field.required) {
    found.push({ prop, value, why: 'it is required', fix: `Give ${field.shape.expected}, e.g. ${field.shape.example}` });
  }
  return value !== undefined && value !== null;
}

/** Options of a text Shape. */
export interface TextOptions {
  /** What the text is, as errors say it ("a DNS name"). */
  readonly expected?: string;
  readonly example?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** A grammar the whole text must match. */
  readonly pattern?: RegExp;
  /** A test the text must pass, beyond the pattern. */
  readonly test?: (text: string) => boolean;
  /** Allow line breaks and tabs (SQL text, PEM). Other control characters stay refused. */
  readonly multiline?: boolean;
  /** Values refused whatever the grammar says, with why. */
  readonly refused?: Readonly<Record<string, string>>;
}

function text(options: TextOptions = {}): Shape {
  const min = options.minLength ?? 1;
  const max = options.maxLength ?? 4096;
  const shape: Shape = {
    kind: 'text',
    expected: options.expected ?? (min > 0 ? `a non-empty string of at most ${max} characters` : `a string of at most ${max} characters`),
    example: options.example ?? '"orders"',
    check(value, prop, found) {
      if (typeof value !== 'string') return fail(found, prop, value, shape);
      if ((options.multiline ? CONTROL_BUT_TEXT : CONTROL).test(value)) {
        return void found.push({ prop, value, why: 'it holds a line break or another control character, which would end the setting early and could inject others', fix: 'Remove the control characters' });
      }
      if (value.length < min || value.length > max) {
        return fail(found, prop, value, shape, value.length < min ? 'it is empty' : `it is longer than ${max} characters`);
      }
      const refused = options.refused !== undefined && Object.prototype.hasOwnProperty.call(options.refused, value)
        ? options.refused[value]
        : undefined;
      if (refused !== undefined) return fail(found, prop, value, shape, refused);
      if ((options.pattern && !options.pattern.test(value)) || (options.test && !options.test(value))) fail(found, prop, value, shape);
    },
  };
  return shape;
}

function integer(min: number, max: number = INT32_MAX, example?: number): Shape {
  const shape: Shape = {
    kind: 'number',
    expected: `a whole number from ${min} to ${max}`,
    example: String(example ?? Math.max(min, Math.min(max, 3))),
    check(value, prop, found) {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) fail(found, prop, value, shape);
    },
  };
  return shape;
}

/**
 * A number whose range (and wholeness) is a rule of the model, checked with its reason
 * when the model is resolved, together with the other rules of the call.
 */
function number(example: number): Shape {
  const shape: Shape = {
    kind: 'number',
    expected: 'a number',
    example: String(example),
    check(value, prop, found) {
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(found, prop, value, shape);
    },
  };
  return shape;
}

function boolean(): Shape {
  const shape: Shape = {
    kind: 'boolean',
    expected: 'true or false',
    example: 'true',
    check(value, prop, found) {
      if (typeof value !== 'boolean') fail(found, prop, value, shape);
    },
  };
  return shape;
}

/** Bounds of a duration Shape. */
export interface DurationBounds {
  readonly min: Duration;
  readonly max: Duration;
  /** Why the maximum, when it is not obvious ("the probe's failureThreshold is an int32"). */
  readonly example: string;
  /** Whole seconds only (the value is rendered in seconds). */
  readonly wholeSeconds?: boolean;
}

function duration(bounds: DurationBounds): Shape {
  const minMs = bounds.min.toMilliseconds();
  const maxMs = bounds.max.toMilliseconds();
  const shape: Shape = {
    kind: 'duration',
    expected: `a cdk8s Duration from ${bounds.min.toHumanString()} to ${bounds.max.toHumanString()}${bounds.wholeSeconds ? ' in whole seconds' : ''}`,
    example: bounds.example,
    check(value, prop, found) {
      if (!(value instanceof Duration)) return fail(found, prop, value, shape);
      const ms = durationMillis(value);
      if (!Number.isFinite(ms) || ms < minMs || ms > maxMs || !Number.isInteger(bounds.wholeSeconds ? ms / 1000 : ms)) {
        fail(found, prop, Number.isFinite(ms) ? `${ms} ms` : String(ms), shape);
      }
    },
  };
  return shape;
}

/** The milliseconds of a Duration, NaN for one cdk8s cannot convert. */
export function durationMillis(value: Duration): number {
  try {
    return value.toMilliseconds({ integral: false });
  } catch {
    return NaN;
  }
}

/** Bounds of a size Shape, in bytes. */
export interface SizeBounds {
  readonly minBytes: number;
  readonly maxBytes: number;
  readonly example: string;
}

function size(bounds: SizeBounds): Shape {
  const shape: Shape = {
    kind: 'size',
    expected: `a cdk8s Size from ${formatBound(bounds.minBytes)} to ${formatBound(bounds.maxBytes)} in whole bytes`,
    example: bounds.example,
    check(value, prop, found) {
      if (!(value instanceof Size)) return fail(found, prop, value, shape);
      let bytes: number;
      try {
        bytes = value.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
      } catch {
        bytes = NaN;
      }
      if (!Number.isSafeInteger(bytes) || bytes < bounds.minBytes || bytes > bounds.maxBytes) {
        fail(found, prop, Number.isFinite(bytes) ? `${bytes} bytes` : String(bytes), shape);
      }
    },
  };
  return shape;
}

function formatBound(bytes: number): string {
  const units: Array<[string, number]> = [['PiB', 2 ** 50], ['TiB', 2 ** 40], ['GiB', 2 ** 30], ['MiB', 2 ** 20], ['KiB', 2 ** 10]];
  for (const [unit, factor] of units) if (bytes >= factor && bytes % factor === 0) return `${bytes / factor} ${unit}`;
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}

/** Options of a list Shape. */
export interface ListOptions {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Items must differ (compared as JSON). */
  readonly unique?: boolean;
  readonly example?: string;
}

function list(item: Shape, options: ListOptions = {}): Shape {
  const min = options.minLength ?? 0;
  const max = options.maxLength ?? 1000;
  const shape: Shape = {
    kind: 'list',
    item,
    expected: `a list of ${min > 0 ? `${min} to ${max}` : `at most ${max}`} items, each ${item.expected}`,
    example: options.example ?? `[${item.example}]`,
    check(value, prop, found) {
      if (!Array.isArray(value)) return fail(found, prop, value, shape);
      if (value.length < min) return fail(found, prop, value, shape, min === 1 ? 'it is empty' : `it has fewer than ${min} items`);
      if (value.length > max) return fail(found, prop, `${value.length} items`, shape, `it has more than ${max} items`);
      const seen = new Set<string>();
      // Index by index: forEach would skip the holes of a sparse list.
      for (let i = 0; i < value.length; i++) {
        const at = `${prop}[${i}]`;
        const v: unknown = value[i];
        if (v === null || v === undefined) {
          fail(found, at, v, item);
          continue;
        }
        item.check(v, at, found);
        if (options.unique) {
          const key = typeof v === 'string' ? v : describeValue(v);
          if (seen.has(key)) found.push({ prop: at, value: v, why: 'it is listed twice', fix: 'List each item once' });
          seen.add(key);
        }
      }
    },
  };
  return shape;
}

/** Options of a map Shape. */
export interface MapOptions {
  /** The keys' shape. */
  readonly key?: Shape;
  /** At least this many entries (a selector needs one: an empty one selects everything). */
  readonly minEntries?: number;
  /** Why fewer entries are wrong, for the error. */
  readonly tooFewWhy?: string;
  readonly maxEntries?: number;
  readonly example?: string;
}

function map(item: Shape, options: MapOptions = {}): Shape {
  const key = options.key ?? text({ maxLength: 253 });
  const min = options.minEntries ?? 0;
  const max = options.maxEntries ?? 1000;
  const shape: Shape = {
    kind: 'map',
    item,
    expected: `an object mapping ${key.expected} to ${item.expected}${min > 0 ? `, with at least ${min} ${min === 1 ? 'entry' : 'entries'}` : ''}`,
    example: options.example ?? `{ "key": ${item.example} }`,
    check(value, prop, found) {
      if (!isPlainRecord(value)) return fail(found, prop, value, shape);
      const entries = Object.entries(value);
      if (entries.length > max) return fail(found, prop, `${entries.length} entries`, shape, `it has more than ${max} entries`);
      if (entries.length < min) return fail(found, prop, value, shape, options.tooFewWhy ?? `it has fewer than ${min} entries`);
      for (const [k, v] of entries) {
        const at = `${prop}.${k}`;
        const keyFindings: Finding[] = [];
        key.check(k, at, keyFindings);
        for (const f of keyFindings) found.push({ ...f, why: f.why.replace(/^it /, 'the key ') });
        if (v === null || v === undefined) fail(found, at, v, item);
        else item.check(v, at, found);
      }
    },
  };
  return shape;
}

// Objects whose content is not their own enumerable props: a Map's entries are not props.
const NOT_RECORDS: ReadonlyArray<Function> = [Map, Set, WeakMap, WeakSet, Date, RegExp, Promise, Error, ArrayBuffer, Boolean, Number, String];

/** An object that can hold props: not null, not an array, a function, a Map or another built-in. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value)
    && !NOT_RECORDS.some(c => value instanceof c);
}

/** A struct field or argument the caller must give. */
function required(shape: Shape): Field {
  return { shape, required: true };
}

/** An argument the caller may leave out. */
function optional(shape: Shape): Field {
  return { shape, required: false };
}

// Every struct Shape by type name, for the test that matches Shapes to the declarations.
const STRUCT_SHAPES = new Map<string, Shape>();

/** The struct Shapes defined so far, by the name of the props interface they check. */
export function structShapes(): ReadonlyMap<string, Shape> {
  return STRUCT_SHAPES;
}

function struct(typeName: string, fields: Record<string, Shape | Field>, example: string = '{ ... }'): Shape {
  const normalized: Record<string, Field> = {};
  for (const [name, f] of Object.entries(fields)) normalized[name] = 'check' in f ? { shape: f, required: false } : f;
  // Declaration order: errors read like the props interface.
  const names = Object.keys(normalized);
  const shape: Shape = {
    kind: 'struct',
    typeName,
    fields: normalized,
    expected: `an object of ${typeName}`,
    example,
    check(value, prop, found) {
      if (!isPlainRecord(value)) return fail(found, prop, value, shape);
      const at = (name: string) => (prop === '' ? name : `${prop}.${name}`);
      for (const k of Object.keys(value)) {
        if (!Object.prototype.hasOwnProperty.call(normalized, k) && value[k] !== undefined) {
          const near = closest(k, names);
          found.push({
            prop: at(k),
            value: value[k],
            why: `${typeName} has no prop "${k}"`,
            fix: near !== undefined ? `Did you mean "${near}"?` : `Use one of ${names.join(', ')}`,
          });
        }
      }
      for (const name of names) {
        const field = normalized[name];
        const v = value[name];
        if (present(v, at(name), field, found)) field.shape.check(v, at(name), found);
      }
    },
  };
  if (!STRUCT_SHAPES.has(typeName)) STRUCT_SHAPES.set(typeName, shape);
  return shape;
}

/** The known name nearest to `name` (edit distance at most 2), for "did you mean". */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase(), 2);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * An instance of a class, made by its factories. The class is read lazily, so Shapes can
 * name classes whose modules import this one.
 */
function instance(typeName: string, classOf: () => Function, example: string): Shape {
  const shape: Shape = {
    kind: 'instance',
    typeName,
    expected: `${article(typeName)} ${typeName}`,
    example,
    check(value, prop, found) {
      if (!(value instanceof classOf())) {
        fail(found, prop, value, shape, `it must be ${shape.expected}${kindOf(value)}`);
      }
    },
  };
  return shape;
}

function article(noun: string): string {
  return /^[AEIOU]/i.test(noun) ? 'an' : 'a';
}

// Objects the library's own constructors made: a class's factories are the only way to
// a valid one (Object.create(Listener.prototype) has none of its fields).
const MADE = new WeakSet<object>();

/** Records that `obj` was made by its class's constructor (call it there). */
export function madeByFactory<T extends object>(obj: T): T {
  MADE.add(obj);
  return obj;
}

/** An instance of a library class, made by its factories. */
function made(typeName: string, classOf: () => Function, example: string): Shape {
  const plain = instance(typeName, classOf, example);
  return {
    ...plain,
    check(value, prop, found) {
      const before = found.length;
      plain.check(value, prop, found);
      if (found.length === before && !MADE.has(value as object)) {
        fail(found, prop, '[object]', plain, `it was not made by ${typeName}'s factories`);
      }
    },
  };
}

/** " (got a Listener)" for a library object of the wrong class, so the error names the mix-up. */
function kindOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? ` (got ${article(name)} ${name})` : '';
}

function enumOf(typeName: string, values: Record<string, string>, example?: string): Shape {
  const allowed = Object.values(values);
  const shape: Shape = {
    kind: 'enum',
    typeName,
    expected: `one of ${typeName}'s values (${allowed.map(v => JSON.stringify(v)).join(', ')})`,
    example: example ?? `${typeName}.${Object.keys(values)[0]}`,
    check(value, prop, found) {
      if (typeof value !== 'string' || !allowed.includes(value)) fail(found, prop, value, shape);
    },
  };
  return shape;
}

/** What a custom test found wrong: why, and the value to show when not the whole one. */
export interface CustomFinding {
  readonly why: string;
  readonly value?: unknown;
}

/** A Shape whose test is its own (a reference to a library interface, a Secret). */
function custom(typeName: string, expected: string, example: string, test: (value: unknown) => string | CustomFinding | undefined): Shape {
  const shape: Shape = {
    kind: 'custom',
    typeName,
    expected,
    example,
    check(value, prop, found) {
      const result = test(value);
      if (result === undefined) return;
      if (typeof result === 'string') return fail(found, prop, value, shape, result);
      fail(found, prop, 'value' in result ? result.value : value, shape, result.why);
    },
  };
  return shape;
}

/** Builders of Shapes. */
export const Expect = { text, integer, number, boolean, duration, size, list, map, struct, required, optional, instance, made, enumOf, custom };

/**
 * Checks a constructor's props (or an importer's attributes) against their struct Shape
 * and throws one `KafkaConfigError` listing every violation, each in the library's
 * message shape, the props named as the user wrote them (`brokers.replicas`).
 */
export function checkProps(scope: ErrorScope, props: unknown, shape: Shape, mandatory: boolean = false, name: string = 'props'): void {
  const found: Finding[] = [];
  if (present(props, name, { shape, required: mandatory }, found)) shape.check(props, '', found);
  // The props object itself (not an object at all) is named as such.
  throwFindings(scope, found.map(f => (f.prop === '' ? { ...f, prop: name } : f)));
}

/**
 * Checks a method's positional arguments, each against its Shape (`undefined` is
 * accepted for optional ones, refused for required ones), reporting them together.
 */
export function checkArguments(scope: ErrorScope, args: ReadonlyArray<readonly [string, unknown, Shape | Field]>): void {
  const found: Finding[] = [];
  for (const [prop, value, spec] of args) {
    const field: Field = 'check' in spec ? { shape: spec, required: true } : spec;
    if (present(value, prop, field, found)) field.shape.check(value, prop, found);
  }
  throwFindings(scope, found);
}

function throwFindings(scope: ErrorScope, found: readonly Finding[]): void {
  if (found.length === 0) return;
  const path = pathOf(scope);
  throw new KafkaConfigError(found.map(f => ({ path, prop: f.prop, value: f.value, why: f.why, fix: f.fix })));
}

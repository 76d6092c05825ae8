import { ApiModel, Member, TypeRef } from './api-model';

// Where the fuzz test puts a bad value: one path into the arguments of one entry point,
// walked from the declared types (every prop of every struct, the first item of every
// list, one entry of every map, every map's keys).

/** A segment of a path: a prop or map key, or a list index. */
export type Segment = string | number;

/** The entry of a map whose value is fuzzed: the base value's first key, or this one. */
export const MAP_ENTRY = '<entry>';

/** One place to put a bad value. */
export interface Target {
  readonly entry: string;
  /** The argument's index, then props, indexes and map entries. */
  readonly path: readonly Segment[];
  /** The path as the user reads it (`props.brokers.resources.memory.request`). */
  readonly label: string;
  readonly type: TypeRef;
  readonly required: boolean;
  /** The bad value replaces a map's key, not a value. */
  readonly mapKey?: boolean;
  /**
   * Where the path is inside a struct that several entry points take (`MonitoringSettings.alertThresholds.diskUsageWarningPercent`):
   * the innermost struct's name and the rest of the path. The same key under
   * another entry point is the same shape check.
   */
  readonly within?: string;
}

function labelOf(label: string, segment: Segment): string {
  return typeof segment === 'number' ? `${label}[${segment}]` : `${label}.${segment}`;
}

/** Every target of the model's entry points. */
export function fuzzTargets(model: ApiModel): Target[] {
  const targets: Target[] = [];
  // A component's props are its options (what ConfluentPlatform takes) and what it is
  // wired to: a prop of both is one check, whichever struct names it.
  const structOf = (name: string, prop: string): string => {
    const options = name.replace(/Props$/, 'Options');
    return options !== name && model.structs.get(options)?.props.some(p => p.name === prop) ? options : name;
  };
  for (const entry of model.entryPoints) {
    entry.params.forEach((param: Member, index) => {
      // `within` is the innermost struct below the argument's own type, and the path under it.
      const walk = (type: TypeRef, path: Segment[], label: string, required: boolean, depth: number, within?: string) => {
        targets.push({ entry: entry.name, path, label, type, required, within });
        if (depth > 8) return;
        const under = (segment: Segment) => (within === undefined ? undefined : `${within}.${segment}`);
        switch (type.kind) {
          case 'struct': {
            // An argument's own struct counts too: ConfluentPlatform's `kafka` is KafkaCluster's props.
            for (const p of type.props) walk(p.type, [...path, p.name], labelOf(label, p.name), !p.optional, depth + 1, `${structOf(type.name, p.name)}.${p.name}`);
            break;
          }
          case 'array':
            walk(type.item, [...path, 0], labelOf(label, 0), true, depth + 1, under(0));
            break;
          case 'map':
            targets.push({ entry: entry.name, path: [...path, MAP_ENTRY], label: `${label} (a key)`, type: { kind: 'string' }, required: true, mapKey: true, within: under('(a key)') });
            walk(type.value, [...path, MAP_ENTRY], labelOf(label, MAP_ENTRY), true, depth + 1, under(MAP_ENTRY));
            break;
          default:
        }
      };
      // A rest parameter is the call's remaining arguments: its first item is argument `index`.
      if (param.rest && param.type.kind === 'array') walk(param.type.item, [index], `${param.name}[0]`, true, 1);
      else walk(param.type, [index], param.name, !param.optional, 0);
    });
  }
  return targets;
}

/**
 * The arguments with `bad` at `target.path`; intermediate structs and lists the base
 * arguments lack are created.
 */
export function withValue(args: readonly unknown[], target: Target, bad: unknown): unknown[] {
  const copy = [...args];
  const [first, ...rest] = target.path;
  if (rest.length === 0) {
    copy[first as number] = bad;
    return copy;
  }
  copy[first as number] = setIn(copy[first as number], rest, bad, target.mapKey === true);
  return copy;
}

function setIn(container: unknown, path: readonly Segment[], bad: unknown, mapKey: boolean): unknown {
  const [head, ...rest] = path;
  const isIndex = typeof head === 'number';
  const base: any = isIndex ? (Array.isArray(container) ? [...container] : []) : (isRecord(container) ? { ...container } : {});
  let key: Segment = head;
  if (head === MAP_ENTRY) key = Object.keys(base)[0] ?? 'fuzz.key';
  if (rest.length === 0) {
    if (mapKey) {
      const value = base[key];
      delete base[key];
      base[String(bad)] = value ?? 'value';
    } else {
      base[key] = bad;
    }
    return base;
  }
  base[key] = setIn(base[key], rest, bad, mapKey);
  return base;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

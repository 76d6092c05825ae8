import * as fs from 'fs';
import * as path from 'path';
import { k8s } from 'cdk8s-plus-27';

// The scripts the library's pods run (start wrappers, probes, pre-stop gates, Jobs) are
// `.sh` files next to the modules that run them, parameterized by environment variables
// only. This is the one place that reads them: at synth, from the directory of the
// compiled module (`src/...` under ts-node and jest, `lib/...` in the package, where the
// compile task copies them), inlined into the container command, so what runs is what
// the manifest shows.

/** The shell a script is written for. */
export enum Shell {
  /** bash: the Confluent images. */
  BASH = '/bin/bash',
  /** POSIX sh: the curl image (busybox). */
  SH = '/bin/sh',
}

/** A script's container command and the environment it reads. */
export interface ShellScript {
  /** `[shell, '-c', text]`. */
  readonly command: string[];
  /** The script's parameters, as plain values (never a credential). */
  readonly env: k8s.EnvVar[];
}

// Read once per process: synthesis renders the same scripts for every StatefulSet and Job.
const fileTexts = new Map<string, string>();
const commandTexts = new Map<string, string>();

/** A `.sh` file shipped next to the module that runs it. */
export class ScriptFile {
  /**
   * The file `name` in `dir`, which is the calling module's `__dirname`. Nothing is
   * read until the text is needed.
   */
  public static at(dir: string, name: string): ScriptFile {
    return new ScriptFile(path.join(dir, name));
  }

  private constructor(public readonly file: string) {}

  /**
   * The text that runs: the file without its leading comment block (shebang, the
   * header documenting its environment, shellcheck directives), which is for the
   * reader of the file and shellcheck, not for every pod spec that inlines it.
   */
  public get text(): string {
    let text = fileTexts.get(this.file);
    if (text === undefined) {
      let source: string;
      try {
        source = fs.readFileSync(this.file, 'utf8');
      } catch (e) {
        throw new Error(`cdk8s-kafka: cannot read the script ${this.file} (${(e as Error).message}). `
          + 'The package ships its .sh files next to the compiled modules: the compile task copies src/**/*.sh to lib/.');
      }
      text = withoutHeader(source);
      fileTexts.set(this.file, text);
    }
    return text;
  }
}

function withoutHeader(source: string): string {
  const lines = source.split('\n');
  let first = 0;
  while (first < lines.length && (lines[first].startsWith('#') || lines[first].trim() === '')) first++;
  const body = lines.slice(first).join('\n');
  return body.endsWith('\n') ? body : `${body}\n`;
}

/**
 * The container command running `files` as one script, in order: shared libraries of
 * functions first, the script that calls them last.
 */
export function scriptCommand(shell: Shell, ...files: ScriptFile[]): string[] {
  const key = files.map(f => f.file).join('\n');
  let text = commandTexts.get(key);
  if (text === undefined) {
    text = files.map(f => f.text).join('');
    commandTexts.set(key, text);
  }
  return [shell, '-c', text];
}

// The Confluent images turn variables with these prefixes into properties (and some
// refuse unknown ones), so no script parameter may start with one.
const PROPERTY_PREFIXES = ['KAFKA_', 'CONFLUENT_', 'SCHEMA_REGISTRY_', 'CONNECT_', 'KSQL_'];

/**
 * A script's environment, in the order given; `undefined` values are left out (the
 * script reads them as empty). Values are plain strings: never pass a credential.
 */
export function scriptEnv(values: Readonly<Record<string, string | number | undefined>>): k8s.EnvVar[] {
  const env: k8s.EnvVar[] = [];
  for (const name of Object.keys(values)) {
    if (PROPERTY_PREFIXES.some(p => name.startsWith(p))) {
      throw new Error(`cdk8s-kafka: script parameter ${name} starts with a prefix the Confluent images read as properties`);
    }
    const value = values[name];
    if (value !== undefined) env.push({ name, value: String(value) });
  }
  return env;
}

/**
 * A list as one environment value the scripts read line by line with `read`: one row a
 * line, fields separated by a space. Fields hold no whitespace; a row may end early
 * (`undefined` fields at its end are left out). `undefined` for no rows.
 */
export function envLines(rows: ReadonlyArray<ReadonlyArray<string | number | undefined>>): string | undefined {
  if (rows.length === 0) return undefined;
  return rows.map(row => {
    const fields = [...row];
    while (fields.length > 0 && fields[fields.length - 1] === undefined) fields.pop();
    return fields.map(field => {
      const text = String(field);
      if (field === undefined || text === '' || /\s/.test(text)) {
        throw new Error(`cdk8s-kafka: a script list field must be non-empty without whitespace, got ${JSON.stringify(field)} in ${JSON.stringify(row)}`);
      }
      return text;
    }).join(' ');
  }).join('\n');
}

/**
 * The environment of several scripts run in one container (its command, probes and
 * hooks), each variable once. Scripts that read the same variable must agree on it.
 */
export function mergeEnv(...lists: ReadonlyArray<readonly k8s.EnvVar[]>): k8s.EnvVar[] {
  const merged = new Map<string, k8s.EnvVar>();
  for (const list of lists) {
    for (const e of list) {
      const seen = merged.get(e.name);
      if (seen === undefined) {merged.set(e.name, e);} else if (seen.value !== e.value || seen.valueFrom !== e.valueFrom) {
        throw new Error(`cdk8s-kafka: scripts of one container disagree on ${e.name}: ${JSON.stringify(seen.value)} and ${JSON.stringify(e.value)}`);
      }
    }
  }
  return [...merged.values()];
}

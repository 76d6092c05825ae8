// Kafka checks a config value against its ConfigDef entry when the process starts: a
// broker given `log.retention.hours=a week` logs the error and exits, and the pod
// crash-loops. The entries' types and valid values (imported from Kafka's generated
// docs into ./config-keys/*-types.generated.ts) let synth refuse the same values first.
// The parsing below follows org.apache.kafka.common.config.ConfigDef: parseType (trimmed
// numbers and booleans, booleans case-insensitive, lists split on commas) and the
// validators the docs print (Range, ValidString, CaseInsensitiveValidString, ValidList,
// NonEmptyString, NonNullString).

/** A config key's definition: its type and valid values as Kafka's docs print them. */
export type ConfigDefinition = readonly [type: string, validValues: string];

const INT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  short: [-(2n ** 15n), 2n ** 15n - 1n],
  int: [-(2n ** 31n), 2n ** 31n - 1n],
  long: [-(2n ** 63n), 2n ** 63n - 1n],
};

// Java's Integer/Long.parseLong grammar: an optional sign and decimal digits.
const JAVA_INTEGER = /^[+-]?\d+$/;
// Double.parseDouble, finite values (Kafka's double settings are ratios and rates).
const JAVA_DOUBLE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;
const JAVA_CLASS = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

/** What a "Valid Values" cell says, parsed; undefined fields mean no constraint. */
export interface ValidValues {
  readonly min?: number;
  readonly max?: number;
  /** A value outside the range that is still valid (`[1,...,9] or -1`). */
  readonly orValue?: number;
  /** The allowed strings (each item, for lists). */
  readonly oneOf?: readonly string[];
  readonly caseInsensitive?: boolean;
  readonly nonEmpty?: boolean;
  /** The cell is prose the docs explain in words: no machine-checkable constraint. */
  readonly prose?: boolean;
}

const RANGE = /^\[(-?[\d.]+),\.\.\.(?:,(-?[\d.]+))?\](?: or (-?\d+))?$/;
const NUMBER_LIST = /^\[\.\.\.,(-?[\d.]+)\]$/;

/** Parses a "Valid Values" cell of Kafka's config docs. */
export function parseValidValues(cell: string): ValidValues {
  const text = cell.trim();
  if (text === '') return {};
  if (text === 'non-empty string' || text === 'non-empty list') return { nonEmpty: true };
  if (text === 'non-null string') return {};
  const range = RANGE.exec(text);
  if (range) {
    const [, min, max, orValue] = range;
    return { min: Number(min), max: max === undefined ? undefined : Number(max), orValue: orValue === undefined ? undefined : Number(orValue) };
  }
  const atMost = NUMBER_LIST.exec(text);
  if (atMost) return { max: Number(atMost[1]) };
  const insensitive = text.startsWith('(case insensitive) ');
  const list = /^\[([^[\]]*)\]$/.exec(insensitive ? text.slice('(case insensitive) '.length) : text);
  if (list && !list[1].includes('...')) {
    return { oneOf: list[1].split(',').map(s => s.trim()).filter(s => s !== ''), caseInsensitive: insensitive };
  }
  return { prose: true };
}

/**
 * Why `value` is not valid for a key of this definition, or undefined when Kafka would
 * accept it. `value` is the text a properties file would hold.
 */
export function configValueProblem(definition: ConfigDefinition, value: string): string | undefined {
  const [type, cell] = definition;
  const valid = parseValidValues(cell);
  const trimmed = javaTrim(value);
  switch (type) {
    case 'boolean':
      return /^(true|false)$/i.test(trimmed) ? undefined : 'it must be true or false';
    case 'short':
    case 'int':
    case 'long': {
      if (!JAVA_INTEGER.test(trimmed)) return `it must be a whole number (a Java ${type})`;
      const n = BigInt(trimmed);
      const [lo, hi] = INT_RANGES[type];
      if (n < lo || n > hi) return `it must fit a Java ${type} (${lo} to ${hi})`;
      return rangeProblem(valid, Number(trimmed));
    }
    case 'double': {
      if (!JAVA_DOUBLE.test(trimmed) || !Number.isFinite(Number(trimmed.replace(/[dDfF]$/, '')))) return 'it must be a decimal number';
      return rangeProblem(valid, Number(trimmed.replace(/[dDfF]$/, '')));
    }
    case 'list': {
      const items = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      if (valid.nonEmpty && items.length === 0) return 'it must be a non-empty comma-separated list';
      if (valid.oneOf) {
        const bad = items.find(i => !matches(valid, i));
        if (bad !== undefined) return `"${bad}" is not one of ${listText(valid.oneOf)}`;
      }
      return undefined;
    }
    case 'class':
      return JAVA_CLASS.test(trimmed) ? undefined : 'it must be a fully qualified Java class name';
    case 'string':
    case 'password':
      // ConfigDef trims strings too, before the validators see them.
      if (valid.nonEmpty && trimmed === '') return 'it must not be empty or blank';
      if (valid.oneOf && !matches(valid, trimmed)) return `it must be one of ${listText(valid.oneOf)}${valid.caseInsensitive ? ' (any case)' : ''}`;
      return undefined;
    default:
      return undefined;
  }
}

const METADATA_VERSION = /^(\d+\.\d+)(\.\d+)?(-IV\d+)?$/;

/**
 * Java's `String.trim()`: only characters up to U+0020 at either end (JavaScript's trim
 * also strips Unicode spaces, such as a no-break space, which Java keeps).
 */
function javaTrim(text: string): string {
  return text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

function matches(valid: ValidValues, text: string): boolean {
  const oneOf = valid.oneOf!;
  if (valid.caseInsensitive) return oneOf.some(v => v.toUpperCase() === text.toUpperCase());
  if (oneOf.includes(text)) return true;
  // The docs print MetadataVersion's list for inter.broker.protocol.version and
  // log.message.format.version, whose validator also takes a release without its IV
  // ("3.0", "3.0.1": MetadataVersion.fromVersionString takes the release's last one).
  const release = METADATA_VERSION.exec(text);
  return release !== null && release[3] === undefined && oneOf.every(v => METADATA_VERSION.test(v))
    && oneOf.some(v => v.startsWith(`${release[1]}-`) || v === release[1] || v.startsWith(`${release[1]}.`));
}

function rangeProblem(valid: ValidValues, n: number): string | undefined {
  if (valid.orValue !== undefined && n === valid.orValue) return undefined;
  const tooLow = valid.min !== undefined && n < valid.min;
  const tooHigh = valid.max !== undefined && n > valid.max;
  if (!tooLow && !tooHigh) return undefined;
  const range = valid.max === undefined ? `at least ${valid.min}` : valid.min === undefined ? `at most ${valid.max}` : `from ${valid.min} to ${valid.max}`;
  return `it must be ${range}${valid.orValue !== undefined ? `, or ${valid.orValue}` : ''}`;
}

/** Long lists (MetadataVersion's 57 versions) shortened to their ends. */
function listText(values: readonly string[]): string {
  return values.length <= 8 ? values.join(', ') : `${values.slice(0, 3).join(', ')}, ..., ${values.slice(-3).join(', ')}`;
}

/** The definition in words ("an int, valid values [1,...]"). */
export function describeDefinition(definition: ConfigDefinition): string {
  const [type, cell] = definition;
  const valid = parseValidValues(cell);
  const values = valid.oneOf ? `[${listText(valid.oneOf)}]` : cell.trim();
  const constraint = valid.prose || values === '' ? '' : `, valid values ${values}`;
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}${constraint}`;
}

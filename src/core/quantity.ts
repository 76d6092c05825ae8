import { Size, SizeRoundingBehavior } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { ErrorScope, raise } from './errors';

// Kubernetes resource.Quantity grammar (apimachinery pkg/api/resource/quantity.go):
// <sign><digits>[.<digits>]<suffix>, suffix one of the binary SI (Ki..Ei), the decimal
// SI (n, u, m, "", k, M, G, T, P, E) or a decimal exponent (e<n> / E<n>).
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;

const BINARY_SUFFIXES = ['Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const DECIMAL_SUFFIXES = ['n', 'u', 'm', '', 'k', 'M', 'G', 'T', 'P', 'E'];
const MULTIPLIERS: Record<string, number> = Object.fromEntries([
  ...BINARY_SUFFIXES.map((s, i) => [s, 2 ** (10 * (i + 1))]),
  ...DECIMAL_SUFFIXES.map((s, i) => [s, 10 ** (3 * (i - 3))]),
]);

// Largest first, for formatting.
const BINARY_UNITS = BINARY_SUFFIXES.map(s => [s, MULTIPLIERS[s]] as const).reverse();

/**
 * Parses a Kubernetes quantity (`"2Gi"`, `"500m"`, `"1.5"`, `"1e3"`) into its value in
 * base units (bytes, cores). Returns `undefined` for text that is not a quantity, so
 * callers decide how to report it.
 */
export function quantityValue(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign, digits, suffix = ''] = match;
  const multiplier = /^[eE]/.test(suffix) ? 10 ** Number(suffix.slice(1)) : MULTIPLIERS[suffix];
  const value = Number(digits) * multiplier;
  if (!Number.isFinite(value)) return undefined;
  return sign === '-' ? -value : value;
}

/**
 * Parses a quantity that must be strictly positive (a memory request, a volume size),
 * raising a `KafkaConfigError` that names `prop` for anything else.
 */
export function parsePositiveQuantity(scope: ErrorScope, prop: string, text: string): number {
  const value = quantityValue(text);
  if (value === undefined) {
    raise(scope, prop, text, 'it is not a Kubernetes quantity',
      'Write a number with an optional unit suffix, e.g. "512Mi", "4Gi", "500m" or "2"');
  }
  if (!(value > 0)) {
    raise(scope, prop, text, 'it must be greater than zero', 'Give a positive amount, e.g. "4Gi"');
  }
  return value;
}

/** The exact number of bytes in a cdk8s `Size`. */
export function sizeToBytes(size: Size): number {
  return size.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) * 1024;
}

/**
 * Checks a `Size` given as a prop is a positive, finite, whole number of bytes and
 * returns it. JavaScript callers can pass anything, so the type alone proves nothing.
 */
export function positiveSizeBytes(scope: ErrorScope, prop: string, size: Size): number {
  const bytes = size instanceof Size ? sizeToBytes(size) : NaN;
  if (!Number.isFinite(bytes) || bytes <= 0) {
    raise(scope, prop, size instanceof Size ? `${bytes} bytes` : size, 'it must be a positive size',
      'Pass a cdk8s Size, e.g. Size.gibibytes(4)');
  }
  if (!Number.isInteger(bytes)) {
    raise(scope, prop, `${bytes} bytes`, 'it is not a whole number of bytes', 'Round it, e.g. Size.mebibytes(1536)');
  }
  return bytes;
}

/**
 * Renders bytes as the canonical Kubernetes quantity: the largest binary suffix that
 * divides it exactly (`2Gi`, `1536Mi`), or plain bytes. Canonical text keeps manifests
 * stable and readable.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isInteger(bytes) || bytes < 0) {
    throw new RangeError(`formatBytes needs a non-negative whole number of bytes, got ${bytes}`);
  }
  for (const [suffix, unit] of BINARY_UNITS) {
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}

/** Renders bytes for a JVM flag (`-Xmx`): whole mebibytes, rounded down, as `<n>m`. */
export function formatJvmMemory(bytes: number): string {
  return `${Math.floor(bytes / 2 ** 20)}m`;
}

/** The number of millicores in a cdk8s-plus `Cpu`, or `undefined` if it is not one. */
export function cpuToMillis(cpu: Cpu): number | undefined {
  const amount = (cpu as { amount?: unknown } | undefined)?.amount;
  if (typeof amount !== 'string') return undefined;
  const value = quantityValue(amount);
  return value === undefined ? undefined : Math.round(value * 1000);
}

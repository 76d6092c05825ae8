/**
 * The `format`s that appear in the Kubernetes OpenAPI definitions, plus one of
 * our own for `Quantity` strings.
 *
 * Registered and enforced rather than disabled: the API server decodes these
 * fields strictly (an int32 that overflows, a Secret `data` value that is not
 * base64, a timestamp that is not RFC 3339 and a malformed quantity are all
 * rejected with 400 before any admission), so ignoring them would pass
 * manifests a cluster refuses. Unknown formats are an ajv compile error in
 * strict mode, which is what we want if a new schema version adds one.
 */

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63 - 1;

// Go's base64.StdEncoding (used for []byte fields) requires padding and skips CR/LF.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

// time.RFC3339 as metav1.Time parses it.
const RFC3339 = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

// resource.ParseQuantity: signed decimal, then a binary SI, decimal SI or exponent suffix.
const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

/** Name of our own format, attached to `Quantity` by strict-schema.ts. */
export const QUANTITY_FORMAT = 'k8s-quantity';

/** A format check; structurally an ajv FormatDefinition, typed so tests can call `validate` directly. */
export type K8sFormat =
  | { readonly type: 'string'; readonly validate: (value: string) => boolean }
  | { readonly type: 'number'; readonly validate: (value: number) => boolean };

export const K8S_FORMATS: Readonly<Record<string, K8sFormat>> = {
  'int32': { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  'int64': { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT64_MIN && n <= INT64_MAX },
  'double': { type: 'number', validate: (n: number) => Number.isFinite(n) },
  'byte': { type: 'string', validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')) },
  'date-time': { type: 'string', validate: (s: string) => RFC3339.test(s) && !Number.isNaN(Date.parse(s)) },
  [QUANTITY_FORMAT]: { type: 'string', validate: (s: string) => QUANTITY.test(s) },
};

/** Human wording for a failed format, used in problem messages. */
export const FORMAT_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'int32': 'a 32-bit integer',
  'int64': 'a 64-bit integer',
  'double': 'a finite number',
  'byte': 'base64-encoded (standard alphabet, padded)',
  'date-time': 'an RFC 3339 timestamp',
  [QUANTITY_FORMAT]: "a quantity such as '500m', '2', '1.5Gi' or '1e3'",
};

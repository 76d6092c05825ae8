/**
 * Name and label syntax, mirroring k8s.io/apimachinery/pkg/util/validation
 * (IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsQualifiedName,
 * IsValidLabelValue, IsValidPortName) and path.IsValidPathSegmentName.
 *
 * Each function returns the list of reasons the value is invalid (empty when
 * valid), like the Go originals, so callers can attach a path and an object.
 */

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*$`);
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[-a-z0-9]+$/;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;

export const DNS1123_LABEL_MAX = 63;
export const DNS1123_SUBDOMAIN_MAX = 253;
export const LABEL_VALUE_MAX = 63;
export const IANA_SVC_NAME_MAX = 15;

function tooLong(value: string, max: number): string[] {
  return value.length > max ? [`must be no more than ${max} characters (is ${value.length})`] : [];
}

export function dns1123LabelErrors(value: string): string[] {
  return [
    ...tooLong(value, DNS1123_LABEL_MAX),
    ...(DNS1123_LABEL.test(value) ? [] : [
      "must be a lowercase RFC 1123 label: lowercase alphanumerics or '-', starting and ending with an alphanumeric",
    ]),
  ];
}

export function dns1123SubdomainErrors(value: string): string[] {
  return [
    ...tooLong(value, DNS1123_SUBDOMAIN_MAX),
    ...(DNS1123_SUBDOMAIN.test(value) ? [] : [
      "must be a lowercase RFC 1123 subdomain: lowercase alphanumerics, '-' or '.', each dot-separated part starting and ending with an alphanumeric",
    ]),
  ];
}

export function dns1035LabelErrors(value: string): string[] {
  return [
    ...tooLong(value, DNS1123_LABEL_MAX),
    ...(DNS1035_LABEL.test(value) ? [] : [
      "must be an RFC 1035 label: lowercase alphanumerics or '-', starting with a letter and ending with an alphanumeric",
    ]),
  ];
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS-1123 subdomain, name ≤ 63 characters. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return ["must be a qualified name '[prefix/]name' with at most one '/'"];
  }
  const [prefix, name] = parts.length === 2 ? [parts[0], parts[1]] : [undefined, parts[0]];
  const errors: string[] = [];
  if (prefix !== undefined) {
    if (prefix.length === 0) {
      errors.push("prefix part must be non-empty when '/' is present");
    } else {
      errors.push(...dns1123SubdomainErrors(prefix).map((e) => `prefix part ${e}`));
    }
  }
  if (name.length === 0) {
    errors.push('name part must be non-empty');
  } else {
    errors.push(...tooLong(name, 63).map((e) => `name part ${e}`));
    if (!QUALIFIED_NAME_PART.test(name)) {
      errors.push("name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric");
    }
  }
  return errors;
}

export function labelValueErrors(value: string): string[] {
  return [
    ...tooLong(value, LABEL_VALUE_MAX),
    ...(LABEL_VALUE.test(value) ? [] : [
      "must be empty or consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric",
    ]),
  ];
}

/** IANA_SVC_NAME (RFC 6335): container port names and named `targetPort`s. */
export function ianaSvcNameErrors(value: string): string[] {
  const errors = tooLong(value, IANA_SVC_NAME_MAX);
  if (!IANA_SVC_NAME.test(value)) {
    errors.push("must contain only lowercase alphanumerics and '-' (IANA_SVC_NAME)");
  }
  if (value.includes('--')) {
    errors.push('must not contain consecutive hyphens (IANA_SVC_NAME)');
  }
  if (value.startsWith('-') || value.endsWith('-')) {
    errors.push('must not begin or end with a hyphen (IANA_SVC_NAME)');
  }
  if (!/[a-z]/.test(value)) {
    errors.push('must contain at least one letter (IANA_SVC_NAME)');
  }
  return errors;
}

/** RBAC object names only need to be usable as a URL path segment. */
export function pathSegmentNameErrors(value: string): string[] {
  if (value === '.' || value === '..') {
    return [`may not be '${value}'`];
  }
  return value.includes('/') || value.includes('%') ? ["may not contain '/' or '%'"] : [];
}

/** ConfigMap and Secret data keys (IsConfigMapKey). */
export function configMapKeyErrors(value: string): string[] {
  const errors = tooLong(value, DNS1123_SUBDOMAIN_MAX);
  if (!CONFIG_MAP_KEY.test(value)) {
    errors.push("must consist of alphanumerics, '-', '_' or '.'");
  }
  if (value === '.' || value === '..' || value.startsWith('..')) {
    errors.push("must not be '.' or '..' nor start with '..'");
  }
  return errors;
}

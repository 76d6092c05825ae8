import { createRequire } from 'module';
import { strictCertManagerIssues } from './cert-manager-schema';
import { kubernetesModelValidator, KubernetesModelClass, ManifestValidator, registerCrdValidator } from './crd-validators';
import { formatGoDuration, parseGoDuration } from './go-duration';
import { childPath } from './json-path';
import { isObject, JsonObject, num, obj, str } from './loose';
import { dns1123SubdomainErrors } from './names';
import { Issue } from './problem';

/**
 * cert-manager.io/v1 Certificate, Issuer and ClusterIssuer, validated by
 * default: importing the harness registers them (schema-validator.ts imports
 * this module), so tests and `npm run examples` need no setup.
 *
 * Each kind gets three layers, reported together:
 * 1. the strict schema (./cert-manager-schema): unknown fields, types, enums;
 * 2. `@kubernetes-models/cert-manager`'s own validate(), as a cross-check
 *    (only findings at paths the strict schema did not already report);
 * 3. the rules cert-manager's admission webhook applies
 *    (internal/apis/certmanager/validation): durations, common name length,
 *    issuerRef kind, SANs, key sizes, keystore passwords, one issuer type.
 *
 * References between them (issuerRef, the CA Secret, the Secrets a
 * Certificate writes) are checked with the other references in
 * checks/references.ts.
 */

export const CERT_MANAGER_GROUP = 'cert-manager.io';
export const CERT_MANAGER_API_VERSION = `${CERT_MANAGER_GROUP}/v1`;

/** cert-manager's default `spec.duration` (90 days) and its webhook's minimums. */
const DEFAULT_DURATION_SECONDS = 2160 * 3600;
const MINIMUM_DURATION_SECONDS = 3600;
const MINIMUM_RENEW_BEFORE_SECONDS = 5 * 60;
/** X.520 ub-common-name; cert-manager counts bytes (Go `len`). */
const COMMON_NAME_MAX_BYTES = 64;
const ISSUER_KINDS = ['Issuer', 'ClusterIssuer'];
const ISSUER_TYPES = ['acme', 'ca', 'selfSigned', 'vault', 'venafi'];
const KEYSTORES = ['jks', 'pkcs12'] as const;
const MODEL_LABEL = '@kubernetes-models/cert-manager';

/** The keys cert-manager writes into a Certificate's `spec.secretName` Secret for this spec. */
export function certificateSecretKeys(spec: JsonObject): string[] {
  // ca.crt is written when the issuer returns its CA (CA, self-signed and Vault issuers do; ACME does not).
  const keys = ['tls.crt', 'tls.key', 'ca.crt'];
  const keystores = obj(spec.keystores);
  if (obj(keystores.pkcs12).create === true) {
    keys.push('keystore.p12', 'truststore.p12');
  }
  if (obj(keystores.jks).create === true) {
    keys.push('keystore.jks', 'truststore.jks');
  }
  const formats = Array.isArray(spec.additionalOutputFormats) ? spec.additionalOutputFormats.map((f) => obj(f).type) : [];
  if (formats.includes('DER')) {
    keys.push('key.der');
  }
  if (formats.includes('CombinedPEM')) {
    keys.push('tls-combined.pem');
  }
  return keys;
}

function statusIssues(manifest: JsonObject): Issue[] {
  return manifest.status === undefined ? [] : [{ path: 'status', message: 'is written by cert-manager; a manifest must not set it' }];
}

function durationIssues(spec: JsonObject): Issue[] {
  const issues: Issue[] = [];
  const parsed = (field: 'duration' | 'renewBefore'): number | undefined => {
    const value = str(spec[field]);
    if (value === undefined) {
      return undefined;
    }
    const seconds = parseGoDuration(value);
    if (seconds === undefined) {
      issues.push({ path: `spec.${field}`, message: `invalid duration "${value}": must be a Go duration in h, m and s units, e.g. "2160h" or "720h0m0s"` });
    }
    return seconds;
  };
  const duration = parsed('duration');
  const renewBefore = parsed('renewBefore');
  if (duration !== undefined && duration < MINIMUM_DURATION_SECONDS) {
    issues.push({ path: 'spec.duration', message: `"${String(spec.duration)}" is shorter than cert-manager's minimum certificate duration of 1h` });
  }
  if (renewBefore !== undefined) {
    if (renewBefore < MINIMUM_RENEW_BEFORE_SECONDS) {
      issues.push({ path: 'spec.renewBefore', message: `"${String(spec.renewBefore)}" is shorter than cert-manager's minimum renewBefore of 5m` });
    }
    const lifetime = duration ?? (spec.duration === undefined ? DEFAULT_DURATION_SECONDS : undefined);
    if (lifetime !== undefined && renewBefore >= lifetime) {
      const shown = duration === undefined ? `the default duration ${formatGoDuration(lifetime)}` : `duration "${String(spec.duration)}"`;
      issues.push({ path: 'spec.renewBefore', message: `"${String(spec.renewBefore)}" must be less than ${shown}: the certificate would be renewed continuously` });
    }
  }
  if (spec.renewBefore !== undefined && spec.renewBeforePercentage !== undefined) {
    issues.push({ path: 'spec.renewBefore', message: 'renewBefore and renewBeforePercentage are mutually exclusive; set one' });
  }
  return issues;
}

function nameIssues(spec: JsonObject): Issue[] {
  const issues: Issue[] = [];
  const commonName = str(spec.commonName);
  if (commonName !== undefined && Buffer.byteLength(commonName, 'utf8') > COMMON_NAME_MAX_BYTES) {
    issues.push({
      path: 'spec.commonName',
      message: `is ${Buffer.byteLength(commonName, 'utf8')} bytes, at most ${COMMON_NAME_MAX_BYTES} are allowed (X.509 ub-common-name); put long names in dnsNames`,
    });
  }
  const first = new Map<string, number>();
  (Array.isArray(spec.dnsNames) ? spec.dnsNames : []).forEach((name, i) => {
    if (typeof name !== 'string') {
      return; // the schema reports the type
    }
    if (name.trim() === '') {
      issues.push({ path: childPath('spec.dnsNames', i), message: 'must be a non-empty DNS name' });
    } else if (first.has(name)) {
      issues.push({ path: childPath('spec.dnsNames', i), message: `duplicate of spec.dnsNames[${first.get(name)}] "${name}"` });
    } else {
      first.set(name, i);
    }
  });
  const hasIdentity = (commonName ?? '') !== '' || (str(spec.literalSubject) ?? '') !== '' ||
    ['dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'otherNames'].some((field) => Array.isArray(spec[field]) && (spec[field] as unknown[]).length > 0);
  if (!hasIdentity) {
    issues.push({ path: 'spec', message: 'at least one of commonName, literalSubject, dnsNames, uris, emailAddresses, ipAddresses or otherNames must be set' });
  }
  const secretName = str(spec.secretName);
  if (secretName !== undefined) {
    issues.push(...dns1123SubdomainErrors(secretName).map((e) => ({ path: 'spec.secretName', message: `invalid Secret name "${secretName}": ${e}` })));
  }
  return issues;
}

function issuerRefIssues(spec: JsonObject): Issue[] {
  const ref = obj(spec.issuerRef);
  const group = str(ref.group) ?? '';
  const kind = str(ref.kind);
  // Kinds of external issuers (another group) are theirs to define.
  if ((group !== '' && group !== CERT_MANAGER_GROUP) || kind === undefined || kind === '' || ISSUER_KINDS.includes(kind)) {
    return [];
  }
  const hint = group === '' ? ' (an external issuer kind needs spec.issuerRef.group)' : '';
  return [{ path: 'spec.issuerRef.kind', message: `must be Issuer or ClusterIssuer, got "${kind}"${hint}` }];
}

function privateKeyIssues(spec: JsonObject): Issue[] {
  const key = obj(spec.privateKey);
  const size = num(key.size);
  const algorithm = str(key.algorithm) ?? 'RSA';
  if (size === undefined || size === 0) {
    return [];
  }
  if (algorithm === 'RSA' && (size < 2048 || size > 8192)) {
    return [{ path: 'spec.privateKey.size', message: `${size} is not a valid RSA key size: must be between 2048 and 8192` }];
  }
  if (algorithm === 'ECDSA' && ![256, 384, 521].includes(size)) {
    return [{ path: 'spec.privateKey.size', message: `${size} is not a valid ECDSA key size: must be 256, 384 or 521` }];
  }
  return [];
}

function keystoreIssues(spec: JsonObject): Issue[] {
  const keystores = obj(spec.keystores);
  return KEYSTORES.flatMap((format) => {
    if (!isObject(keystores[format])) {
      return [];
    }
    const keystore = keystores[format] as JsonObject;
    const path = `spec.keystores.${format}`;
    if (keystore.password !== undefined && keystore.passwordSecretRef !== undefined) {
      return [{ path, message: 'set exactly one of password and passwordSecretRef, not both' }];
    }
    if (keystore.password === undefined && keystore.passwordSecretRef === undefined) {
      return [{ path, message: 'set exactly one of password and passwordSecretRef' }];
    }
    return keystore.password === '' ? [{ path: `${path}.password`, message: 'must not be empty' }] : [];
  });
}

/** The Certificate rules of cert-manager's admission webhook that a schema cannot express. */
export function certificateRules(manifest: JsonObject): Issue[] {
  const spec = obj(manifest.spec);
  return [
    ...durationIssues(spec),
    ...nameIssues(spec),
    ...issuerRefIssues(spec),
    ...privateKeyIssues(spec),
    ...keystoreIssues(spec),
    ...statusIssues(manifest),
  ];
}

/** Issuer and ClusterIssuer: exactly one issuer type. */
export function issuerRules(manifest: JsonObject): Issue[] {
  const spec = obj(manifest.spec);
  const configured = ISSUER_TYPES.filter((type) => spec[type] !== undefined);
  const typeIssues = configured.length === 1 ? [] : [{
    path: 'spec',
    message: configured.length === 0
      ? `must configure one issuer type (${ISSUER_TYPES.join(', ')})`
      : `configures ${configured.length} issuer types (${configured.join(', ')}); exactly one is allowed`,
  }];
  return [...typeIssues, ...statusIssues(manifest)];
}

const load = createRequire(__filename);

/** The model class, loaded on first use: a harness run without cert-manager objects never pays for it. */
function lazyModelValidator(kind: string): ManifestValidator {
  let validator: ManifestValidator | undefined;
  return (manifest) => {
    if (validator === undefined) {
      const model = (load(`@kubernetes-models/cert-manager/cert-manager.io/v1/${kind}`) as Record<string, KubernetesModelClass>)[kind];
      validator = kubernetesModelValidator(model, MODEL_LABEL);
    }
    return validator(manifest);
  };
}

/**
 * The 4.x model still requires a keystore's `passwordSecretRef`; since
 * cert-manager v1.17 a literal `password` may stand in for it, and the rules
 * report "exactly one of password and passwordSecretRef" instead.
 */
function outdatedModelFinding(issue: Issue): boolean {
  return /^spec\.keystores\.(jks|pkcs12)\.passwordSecretRef$/.test(issue.path) && issue.message.endsWith('required field is missing');
}

function certManagerValidator(kind: string, rules: (manifest: JsonObject) => Issue[]): ManifestValidator {
  const model = lazyModelValidator(kind);
  return (manifest) => {
    const strict = strictCertManagerIssues(kind, manifest);
    const seen = new Set(strict.map((issue) => issue.path));
    const crossCheck = model(manifest).filter((issue) => !seen.has(issue.path) && !outdatedModelFinding(issue));
    return [...strict, ...crossCheck, ...rules(manifest)];
  };
}

/** Registers the Certificate, Issuer and ClusterIssuer validators; returns a function that restores the previous ones. */
export function registerCertManagerValidators(): () => void {
  const restore = [
    registerCrdValidator(CERT_MANAGER_API_VERSION, 'Certificate', certManagerValidator('Certificate', certificateRules)),
    registerCrdValidator(CERT_MANAGER_API_VERSION, 'Issuer', certManagerValidator('Issuer', issuerRules)),
    registerCrdValidator(CERT_MANAGER_API_VERSION, 'ClusterIssuer', certManagerValidator('ClusterIssuer', issuerRules)),
  ];
  return () => restore.reverse().forEach((undo) => undo());
}

registerCertManagerValidators();

import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { _, ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { ajvErrorsToIssues } from './ajv-issues';
// Registers the cert-manager.io/v1 validators, so every caller of the harness has them by default.
import './cert-manager';
import './prometheus-operator';
import { crdValidatorFor } from './crd-validators';
import { K8S_FORMATS } from './k8s-formats';
import { isObject, JsonObject, str } from './loose';
import { builtinModelValidator } from './models-validator';
import { Issue } from './problem';
import { strictDefinitions } from './strict-schema';

/**
 * Strict JSON-schema validation of manifests against the Kubernetes OpenAPI
 * definitions of one or more Kubernetes versions, plus the kubernetes-models
 * cross-check for built-in kinds and registered validators for custom kinds.
 *
 * Cost model: each version's definitions are read and made strict once per
 * process, and each kind is compiled by ajv only when first asked for (a
 * pod-bearing kind costs ~200 ms the first time, later kinds reuse most of it).
 * Jest loads this module again for every test file, so a compiled kind is also
 * written as ajv standalone code to a cache directory and read from there by
 * later files and runs (keyed by the definitions, the strict rules, the formats and
 * ajv's version).
 */

/** 1.27.0 is our floor (cdk8s-plus-27 targets it); 1.32.0 stands for a current cluster. */
export const DEFAULT_KUBERNETES_VERSIONS: readonly string[] = ['1.27.0', '1.32.0'];

const SCHEMA_ROOT = path.join(__dirname, 'k8s-schema');
const SCHEMA_ID = 'k8s';

interface SchemaVersion {
  /** Made on the first kind not in the cache. */
  ajv?: Ajv;
  readonly document: JsonObject;
  /** `apiVersion kind` → definition name. */
  readonly definitionByKind: ReadonlyMap<string, string>;
  readonly compiled: Map<string, ValidateFunction>;
  /** Directory of this version's compiled kinds. */
  readonly cacheDir: string;
}

const FORMATS_MODULE = path.join(__dirname, 'k8s-formats');
const CACHE_ROOT = path.join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-kafka-k8s-schemas');

/** What a compiled kind depends on besides its definitions: the rules that shape them, and ajv. */
function compilerFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of ['strict-schema.ts', 'loose.ts', 'k8s-formats.ts', 'schema-validator.ts']) hash.update(fs.readFileSync(path.join(__dirname, file)));
  hash.update(fs.readFileSync(require.resolve('ajv/package.json')));
  return hash.digest('hex').slice(0, 16);
}

const loadedVersions = new Map<string, SchemaVersion>();

function kindKey(apiVersion: string, kind: string): string {
  return `${apiVersion} ${kind}`;
}

/** Accepts `1.27.0` or `v1.27.0`. */
export function normalizeVersion(version: string): string {
  return version.startsWith('v') ? version.slice(1) : version;
}

function availableVersions(): string[] {
  return fs.readdirSync(SCHEMA_ROOT).filter((d) => d.startsWith('v')).map(normalizeVersion).sort();
}

function indexKinds(definitions: Record<string, unknown>): Map<string, string> {
  const index = new Map<string, string>();
  for (const [name, definition] of Object.entries(definitions)) {
    const gvks = isObject(definition) ? definition['x-kubernetes-group-version-kind'] : undefined;
    for (const gvk of Array.isArray(gvks) ? gvks.filter(isObject) : []) {
      const group = str(gvk.group) ?? '';
      const apiVersion = group === '' ? String(gvk.version) : `${group}/${String(gvk.version)}`;
      index.set(kindKey(apiVersion, String(gvk.kind)), name);
    }
  }
  return index;
}

function loadVersion(version: string): SchemaVersion {
  const file = path.join(SCHEMA_ROOT, `v${version}`, '_definitions.json');
  if (!fs.existsSync(file)) {
    throw new Error(`No Kubernetes schema for version ${version} (have: ${availableVersions().join(', ')}); add ${file}`);
  }
  const text = fs.readFileSync(file, 'utf8');
  const document = JSON.parse(text) as JsonObject;
  const key = createHash('sha256').update(text).update(compilerFingerprint()).digest('hex').slice(0, 16);
  return {
    document,
    definitionByKind: indexKinds(document.definitions as Record<string, unknown>),
    compiled: new Map(),
    cacheDir: path.join(CACHE_ROOT, `v${version}-${key}`),
  };
}

function ajvOf(schema: SchemaVersion): Ajv {
  if (schema.ajv === undefined) {
    // The compiled code reads the formats from their module, so it can be cached.
    const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true, code: { source: true, formats: _`require(${FORMATS_MODULE}).K8S_FORMATS` } });
    for (const [name, format] of Object.entries(K8S_FORMATS)) {
      ajv.addFormat(name, format);
    }
    // addSchema only registers; nothing is compiled until a kind is requested.
    ajv.addSchema(strictDefinitions(schema.document), SCHEMA_ID);
    schema.ajv = ajv;
  }
  return schema.ajv;
}

/** A kind's validator from the cache, or compiled by ajv and written there (whole, then renamed). */
function compiledKind(schema: SchemaVersion, version: string, definition: string): ValidateFunction {
  const file = path.join(schema.cacheDir, `${definition}.js`);
  if (fs.existsSync(file)) {
    // Jest's require (not createRequire's): the code requires the formats' TypeScript module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(file) as ValidateFunction;
  }
  const validate = ajvOf(schema).getSchema(`${SCHEMA_ID}#/definitions/${definition}`);
  if (validate === undefined) {
    throw new Error(`ajv could not resolve definition ${definition} in Kubernetes ${version}`);
  }
  try {
    fs.mkdirSync(schema.cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, standaloneCode(ajvOf(schema), validate));
    fs.renameSync(temporary, file);
  } catch {
    // A read-only node_modules: validate without the cache.
  }
  return validate;
}

function schemaVersion(version: string): SchemaVersion {
  let loaded = loadedVersions.get(version);
  if (loaded === undefined) {
    loaded = loadVersion(version);
    loadedVersions.set(version, loaded);
  }
  return loaded;
}

/** The compiled validator for a kind in one version, or `undefined` if that version does not serve the kind. */
function validatorFor(version: string, apiVersion: string, kind: string): ValidateFunction | undefined {
  const schema = schemaVersion(version);
  const key = kindKey(apiVersion, kind);
  let validate = schema.compiled.get(key);
  if (validate === undefined) {
    const definition = schema.definitionByKind.get(key);
    if (definition === undefined) {
      return undefined;
    }
    validate = compiledKind(schema, version, definition);
    schema.compiled.set(key, validate);
  }
  return validate;
}

/** Joins identical findings from several versions into one issue that names the versions. */
function mergeAcrossVersions(findings: ReadonlyArray<{ readonly version: string; readonly issue: Issue }>, allVersions: readonly string[]): Issue[] {
  const merged = new Map<string, { issue: Issue; versions: string[] }>();
  for (const { version, issue } of findings) {
    const k = `${issue.path}\u0000${issue.message}`;
    const entry = merged.get(k) ?? { issue, versions: [] };
    entry.versions.push(version);
    merged.set(k, entry);
  }
  return [...merged.values()].map(({ issue, versions }) => ({
    path: issue.path,
    message: `${issue.message} (rejected by the Kubernetes ${versions.join(' and ')} schema${versions.length > 1 ? 's' : ''}` +
      `${versions.length < allVersions.length ? `; accepted by ${allVersions.filter((v) => !versions.includes(v)).join(', ')}` : ''})`,
  }));
}

function customKindIssues(manifest: JsonObject, apiVersion: string, kind: string, versions: readonly string[]): Issue[] {
  const validator = crdValidatorFor(apiVersion, kind);
  if (validator === undefined) {
    return [{
      path: '',
      message: `${apiVersion} ${kind} is not a built-in kind of Kubernetes ${versions.join(' or ')} and no validator is registered for it ` +
        '(call registerCrdValidator(apiVersion, kind, validator), e.g. with kubernetesModelValidator() and an @kubernetes-models/* class)',
    }];
  }
  return [...validator(manifest)];
}

/**
 * Everything the schemas (and, for built-in kinds, kubernetes-models) reject
 * in one manifest. Paths are relative to the manifest.
 */
export function schemaIssues(manifest: unknown, kubernetesVersions: readonly string[] = DEFAULT_KUBERNETES_VERSIONS): Issue[] {
  if (!isObject(manifest)) {
    return [{ path: '', message: `must be an object, got ${Array.isArray(manifest) ? 'array' : typeof manifest}` }];
  }
  const apiVersion = str(manifest.apiVersion);
  const kind = str(manifest.kind);
  if (apiVersion === undefined || kind === undefined) {
    return [
      ...(apiVersion === undefined ? [{ path: 'apiVersion', message: 'required string field is missing' }] : []),
      ...(kind === undefined ? [{ path: 'kind', message: 'required string field is missing' }] : []),
    ];
  }

  const versions = kubernetesVersions.map(normalizeVersion);
  const findings: Array<{ version: string; issue: Issue }> = [];
  const notServedBy: string[] = [];
  for (const version of versions) {
    const validate = validatorFor(version, apiVersion, kind);
    if (validate === undefined) {
      notServedBy.push(version);
    } else if (!validate(manifest)) {
      findings.push(...ajvErrorsToIssues(validate.errors, manifest).map((issue) => ({ version, issue })));
    }
  }

  if (notServedBy.length === versions.length) {
    return customKindIssues(manifest, apiVersion, kind, versions);
  }

  const issues = [
    ...notServedBy.map((version) => ({ path: 'apiVersion', message: `${apiVersion} ${kind} is not served by Kubernetes ${version}` })),
    ...mergeAcrossVersions(findings, versions),
  ];

  // kubernetes-models mostly repeats what the schema found; keep only what it adds.
  const models = builtinModelValidator(apiVersion, kind);
  const seenPaths = new Set(issues.map((issue) => issue.path));
  const extra = models === null ? [] : models(manifest).filter((issue) => !seenPaths.has(issue.path));
  return [...issues, ...extra];
}

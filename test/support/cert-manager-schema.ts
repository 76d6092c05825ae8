import Ajv, { ValidateFunction } from 'ajv';
import { ajvErrorsToIssues } from './ajv-issues';
import { JsonObject } from './loose';
import { Issue } from './problem';

/**
 * Strict (unknown-field) JSON schemas for cert-manager.io/v1 Certificate,
 * Issuer and ClusterIssuer, as a cert-manager v1.15+ API server with
 * `fieldValidation=Strict` (kubectl's default) sees them.
 *
 * `@kubernetes-models/cert-manager` 4.x checks types, enums and required
 * fields, but sets no `additionalProperties: false` (so `spec.dnsName` for
 * `spec.dnsNames` passes it) and predates fields cert-manager added after
 * v1.11. These schemas close every object level instead, with the field names
 * of the package's typings (`cert-manager.io/v1/Certificate.d.ts`, `Issuer.d.ts`)
 * plus the later ones of the current CRDs: `keystores.pkcs12.profile`,
 * `keystores.jks.alias`, `keystores.*.password` (a literal password; needs
 * cert-manager v1.17), `renewBeforePercentage`, `nameConstraints` and
 * `otherNames` (both alpha, behind feature gates), `ca.issuingCertificateURLs`.
 * Not listed, so reported as unknown: `signatureAlgorithm`, which only the
 * newest releases serve.
 *
 * Issuers are closed for the two types this library emits (`selfSigned`,
 * `ca`); `acme`, `vault` and `venafi` are accepted as any object here and
 * type-checked by the model only.
 *
 * Cost: one Ajv instance per process, each kind compiled on first use.
 */

const string = { type: 'string' };
const boolean = { type: 'boolean' };
const integer = { type: 'integer' };
const stringArray = { type: 'array', items: string };
const stringMap = { type: 'object', additionalProperties: string };
const anyObject = { type: 'object' };

/** An object schema that rejects every field it does not list. */
function closed(properties: Record<string, unknown>, required: readonly string[] = []): JsonObject {
  return {
    type: 'object',
    properties,
    additionalProperties: false,
    ...(required.length > 0 ? { required } : {}),
  };
}

/** ObjectMeta as a client may send it (the API server prunes unknown metadata fields of custom resources too). */
const OBJECT_META = closed({
  name: string,
  generateName: string,
  namespace: string,
  labels: stringMap,
  annotations: stringMap,
  finalizers: stringArray,
  ownerReferences: {
    type: 'array',
    items: closed({ apiVersion: string, kind: string, name: string, uid: string, controller: boolean, blockOwnerDeletion: boolean },
      ['apiVersion', 'kind', 'name', 'uid']),
  },
  uid: string,
  resourceVersion: string,
  generation: integer,
  creationTimestamp: { type: ['string', 'null'] },
  deletionTimestamp: string,
  deletionGracePeriodSeconds: integer,
  selfLink: string,
  managedFields: {
    type: 'array',
    items: closed({
      apiVersion: string,
      fieldsType: string,
      // FieldsV1 is a free-form field set by design.
      fieldsV1: anyObject,
      manager: string,
      operation: string,
      subresource: string,
      time: string,
    }),
  },
});

/** The field names cert-manager accepts in `spec.usages` (KeyUsage). */
export const CERTIFICATE_USAGES: readonly string[] = [
  'signing', 'digital signature', 'content commitment', 'key encipherment', 'key agreement', 'data encipherment',
  'cert sign', 'crl sign', 'encipher only', 'decipher only', 'any', 'server auth', 'client auth', 'code signing',
  'email protection', 's/mime', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'timestamping', 'ocsp signing',
  'microsoft sgc', 'netscape sgc',
];

const SECRET_KEY_SELECTOR = closed({ name: string, key: string }, ['name']);

const NAME_CONSTRAINT_ITEMS = closed({ dnsDomains: stringArray, emailAddresses: stringArray, ipRanges: stringArray, uriDomains: stringArray });

const CERTIFICATE_SPEC = closed({
  additionalOutputFormats: { type: 'array', items: closed({ type: { type: 'string', enum: ['DER', 'CombinedPEM'] } }, ['type']) },
  commonName: string,
  dnsNames: stringArray,
  duration: string,
  emailAddresses: stringArray,
  encodeUsagesInRequest: boolean,
  ipAddresses: stringArray,
  isCA: boolean,
  issuerRef: closed({ group: string, kind: string, name: string }, ['name']),
  keystores: closed({
    jks: closed({ create: boolean, passwordSecretRef: SECRET_KEY_SELECTOR, password: string, alias: string }, ['create']),
    pkcs12: closed({
      create: boolean,
      passwordSecretRef: SECRET_KEY_SELECTOR,
      password: string,
      profile: { type: 'string', enum: ['LegacyRC2', 'LegacyDES', 'Modern2023'] },
    }, ['create']),
  }),
  literalSubject: string,
  nameConstraints: closed({ critical: boolean, permitted: NAME_CONSTRAINT_ITEMS, excluded: NAME_CONSTRAINT_ITEMS }),
  otherNames: { type: 'array', items: closed({ oid: string, utf8Value: string }) },
  privateKey: closed({
    algorithm: { type: 'string', enum: ['RSA', 'ECDSA', 'Ed25519'] },
    encoding: { type: 'string', enum: ['PKCS1', 'PKCS8'] },
    rotationPolicy: { type: 'string', enum: ['Never', 'Always'] },
    size: integer,
  }),
  renewBefore: string,
  // "Value must be an integer in the range (0,100)" (CRD description).
  renewBeforePercentage: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 100 },
  revisionHistoryLimit: { type: 'integer', minimum: 1 },
  secretName: string,
  secretTemplate: closed({ annotations: stringMap, labels: stringMap }),
  subject: closed({
    countries: stringArray,
    localities: stringArray,
    organizationalUnits: stringArray,
    organizations: stringArray,
    postalCodes: stringArray,
    provinces: stringArray,
    serialNumber: string,
    streetAddresses: stringArray,
  }),
  uris: stringArray,
  usages: { type: 'array', items: { type: 'string', enum: CERTIFICATE_USAGES } },
}, ['issuerRef', 'secretName']);

const ISSUER_SPEC = closed({
  selfSigned: closed({ crlDistributionPoints: stringArray }),
  ca: closed({ secretName: string, crlDistributionPoints: stringArray, ocspServers: stringArray, issuingCertificateURLs: stringArray }, ['secretName']),
  acme: anyObject,
  vault: anyObject,
  venafi: anyObject,
});

function document(kind: string, spec: JsonObject): JsonObject {
  return closed({
    apiVersion: { type: 'string', enum: ['cert-manager.io/v1'] },
    kind: { type: 'string', enum: [kind] },
    metadata: OBJECT_META,
    spec,
    // Written by cert-manager through the status subresource; reported by the rules, not as an unknown field.
    status: {},
  }, ['apiVersion', 'kind', 'spec']);
}

const SCHEMAS: Readonly<Record<string, JsonObject>> = {
  Certificate: document('Certificate', CERTIFICATE_SPEC),
  Issuer: document('Issuer', ISSUER_SPEC),
  ClusterIssuer: document('ClusterIssuer', ISSUER_SPEC),
};

/** The cert-manager.io/v1 kinds this module has a strict schema for. */
export const STRICT_CERT_MANAGER_KINDS: readonly string[] = Object.keys(SCHEMAS);

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function validatorFor(kind: string): ValidateFunction {
  let validate = compiled.get(kind);
  if (validate === undefined) {
    const schema = SCHEMAS[kind];
    if (schema === undefined) {
      throw new Error(`no strict cert-manager schema for kind ${kind} (have: ${STRICT_CERT_MANAGER_KINDS.join(', ')})`);
    }
    ajv ??= new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
    validate = ajv.compile(schema);
    compiled.set(kind, validate);
  }
  return validate;
}

/** What the strict schema of `kind` rejects in `manifest` (unknown fields, types, enums, required fields). */
export function strictCertManagerIssues(kind: string, manifest: unknown): Issue[] {
  const validate = validatorFor(kind);
  return validate(manifest) ? [] : ajvErrorsToIssues(validate.errors, manifest);
}

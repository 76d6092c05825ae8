import { createHash } from 'crypto';
import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { raise } from './errors';

/** Length limits of Kubernetes names, by what the name is used for. */
export enum NameLimit {
  /** DNS-1123 / DNS-1035 label: Services, container names, label values. */
  LABEL = 63,
  /**
   * StatefulSet: its pods get the label `controller-revision-hash: <name>-<10 chars>`,
   * which must fit a 63-character label value, so the name can have at most 52.
   */
  STATEFUL_SET = 52,
}

const HASH_LENGTH = 8;

/**
 * Deterministic Kubernetes name for an object of `scope`: the construct ids from the
 * chart down to `scope` (the chart id is left out: a chart maps to a namespace), then
 * the suffixes, lower-cased and joined with '-'. For example cluster `events` in a
 * chart gives `events-kafka-bootstrap` for suffix `kafka-bootstrap`.
 *
 * The result is a DNS-1123 label that starts with a letter (so it is also a valid
 * DNS-1035 Service name). Too long a name is cut and ends in an 8-character hash of
 * the full name, so it stays unique and stable. Names never depend on anything but
 * construct ids: renaming an id renames the object.
 */
export function resourceName(scope: IConstruct, suffixes: readonly string[] = [], maxLength: number = NameLimit.LABEL): string {
  const ids = pathBelowChart(scope);
  const full = normalize([...ids, ...suffixes].join('-'));
  if (full.length === 0 || !/^[a-z]/.test(full)) {
    raise(scope, 'id', scope.node.id, `the Kubernetes name derived from it ("${full}") must start with a letter`,
      'Give the construct an id that starts with a letter, e.g. "events"');
  }
  return fitName(full, maxLength);
}

/**
 * Cuts `name` to `maxLength`, ending in a hash of the whole name when cut, so two long
 * names that share a prefix stay distinct.
 */
export function fitName(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const head = name.slice(0, maxLength - HASH_LENGTH - 1).replace(/-+$/, '');
  const hash = shortHash(name);
  return `${head}-${hash}`;
}

/** The first 8 hex digits of `text`'s SHA-256: a name suffix that tells apart names cut or normalized alike. */
export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, HASH_LENGTH);
}

/** Lower-cases and maps every character outside `[a-z0-9]` to '-', collapsing runs. */
export function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
}

const NAMELESS = new WeakSet<IConstruct>();

/**
 * Leaves `scope`'s id out of the names of the objects below it: for a construct that
 * groups others under names they would have on their own (ConfluentPlatform).
 */
export function markNameless(scope: IConstruct): void {
  NAMELESS.add(scope);
}

function pathBelowChart(scope: IConstruct): string[] {
  const scopes = scope.node.scopes;
  let start = 0;
  for (let i = scopes.length - 1; i >= 0; i--) {
    if (Chart.isChart(scopes[i])) {
      start = i + 1;
      break;
    }
  }
  return scopes.slice(start).filter(s => !NAMELESS.has(s)).map(s => s.node.id).filter(id => id.length > 0);
}

const CLAIMS = new WeakMap<IConstruct, Map<string, { path: string; purpose: string }>>();

/**
 * Records that `scope` emits a `kind` object called `name` in its namespace and fails if
 * another construct already did, or the same construct did for another `purpose`. Two
 * ids that normalize alike (`Events` and `events`), or two things one construct names
 * (a user's credentials and another user's certificate), would otherwise give two
 * objects one name, and the second would silently overwrite the first at
 * `kubectl apply`. Claiming again for the same purpose is a no-op. `namespace` is where
 * the object goes when it is not the chart's (a copy in an application's namespace).
 */
export function claimName(scope: IConstruct, kind: string, name: string, purpose: string = '', namespace?: string): string {
  // Charts of one app with the same namespace write into one namespace: they share
  // names. A chart without one may be applied anywhere, so it is its own space.
  const chart = Chart.of(scope);
  let claims = CLAIMS.get(chart.node.root);
  if (!claims) {
    claims = new Map();
    CLAIMS.set(chart.node.root, claims);
  }
  const ns = namespace ?? chart.namespace;
  const space = ns === undefined ? `chart:${chart.node.path}` : `namespace:${ns}`;
  const key = `${space}\u0000${kind}/${name}`;
  const owner = claims.get(key);
  if (owner !== undefined && owner.path !== scope.node.path) {
    raise(scope, 'id', scope.node.id, `its ${kind} would be named "${name}", which ${owner.path} already uses`,
      'Give one of the two constructs a different id');
  }
  if (owner !== undefined && owner.purpose !== purpose) {
    raise(scope, purpose || 'id', name, `it would name a ${kind} that already holds ${owner.purpose || 'another object'}`,
      'Rename one of the two so their names differ');
  }
  claims.set(key, { path: scope.node.path, purpose });
  return name;
}

const DNS_DOMAIN = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

/** Whether `text` is a DNS domain name: lower-case labels of at most 63 characters, 253 in all. */
export function isDnsDomain(text: unknown): boolean {
  return typeof text === 'string' && text.length <= 253 && DNS_DOMAIN.test(text);
}

const OBJECT_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Whether `text` is a Kubernetes object name (a DNS subdomain: lower-case alphanumerics,
 * `-` and `.`, alphanumeric at both ends, at most 253 characters), as Secrets, Issuers
 * and StorageClasses are named.
 */
export function isObjectName(text: unknown): text is string {
  return typeof text === 'string' && text.length <= 253 && OBJECT_NAME.test(text);
}

/**
 * The DNS name a client in the cluster uses for Service `service`: fully qualified in
 * its namespace when the chart has one (`name.ns.svc.<domain>`, or `name.ns.svc`, which
 * the pods' DNS search path completes, when no domain is given), the bare name when the
 * chart has no namespace (clients in the same namespace only).
 */
export function serviceHost(service: string, namespace: string | undefined, clusterDomain?: string): string {
  if (namespace === undefined) return service;
  return clusterDomain === undefined ? `${service}.${namespace}.svc` : `${service}.${namespace}.svc.${clusterDomain}`;
}

/**
 * Checks a construct id before the construct is made (call it in `super(scope, ...)`):
 * every object name derives from it, so it is a string with a letter or digit, without
 * control characters or "/". Returns it.
 */
export function checkConstructId(scope: IConstruct, id: unknown): string {
  if (typeof id !== 'string' || !/[A-Za-z0-9]/.test(id) || /[\u0000-\u001f\u007f/]/.test(id) || id.length > 253) {
    raise((scope as { node?: { path?: string } } | undefined)?.node?.path || '<root>', 'id', id, 'a construct id is a string of letters, digits and "-" (every object name derives from it), without control characters or "/"',
      'Use a short lower-case name such as "events"');
  }
  return id;
}

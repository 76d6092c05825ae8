import { TypeRef } from './api-model';
import { buildPlatform, EXTERNAL_ISSUERS, EXTERNAL_SECRETS } from './fuzz-platform';
import { MAP_ENTRY, Target, withValue } from './fuzz-targets';
import { quantityValue } from '../../src/core/quantity';
import { findProblems, synthObjects } from '../support/validate';

// How a bad value ended: refused with the library's error (clear), refused with
// anything else (crash), or accepted; accepted output is judged against the schemas and
// the API server's rules, the numeric ranges of its fields, the NetworkPolicies of the
// base platform (no rule may widen) and injection (no control character, no
// "undefined"/"NaN"/"[object Object]" where the base has none), and must differ from the
// base (a bad value that changes nothing was silently ignored).

/** What happened to one bad value. */
export type Verdict = 'clear' | 'crash' | 'valid' | 'wrong';

/** A verdict, with why for the ones that must not happen. */
export interface Judgement {
  readonly verdict: Verdict;
  readonly detail?: string;
}

const VALIDATION = { external: { secrets: EXTERNAL_SECRETS, ...EXTERNAL_ISSUERS } };

/** The platform without bad values: what accepted output is compared with. */
export interface Baseline {
  readonly json: string;
  /** Every NetworkPolicy rule of the base (a bad id renames the policies, not their rules). */
  readonly rules: ReadonlySet<string>;
  /** Ports the base opens only to named peers, never to everyone. */
  readonly narrowOnlyPorts: ReadonlySet<string>;
  /** NetworkPolicies of the base that already limit egress. */
  readonly egressLimited: ReadonlySet<string>;
  readonly garbage: number;
}

/** Synthesizes the base platform, which must itself be valid. */
export function baseline(): Baseline {
  const objects = synthObjects(buildPlatform((_e, args) => args));
  const problems = findProblems(objects, VALIDATION);
  if (problems.length > 0) throw new Error(`the fuzz platform itself is invalid: ${JSON.stringify(problems.slice(0, 3))}`);
  const json = JSON.stringify(objects);
  const rules = policyRules(objects);
  const widePorts = portsOf([...rules].filter(isWide));
  const narrowOnlyPorts = new Set(portsOf([...rules].filter(r => !isWide(r))).filter(p => !widePorts.includes(p)));
  return { json, rules, narrowOnlyPorts, egressLimited: egressLimited(objects), garbage: garbageCount(json) };
}

// Text that means a value went through String() or a template without a check.
const GARBAGE = /undefined|NaN|Infinity|\[object Object\]|=>/g;

function garbageCount(json: string): number {
  return (json.match(GARBAGE) ?? []).length;
}

/** Names of the NetworkPolicies that limit egress. */
function egressLimited(objects: any[]): Set<string> {
  return new Set(objects.filter(x => x.kind === 'NetworkPolicy' && (x.spec.policyTypes ?? []).includes('Egress')).map(o => o.metadata.name));
}

/**
 * Egress rules of policies that did not limit egress in the base: turning egress rules
 * on only narrows what those pods reach, even where a rule must name every destination
 * (the brokers of an imported cluster, whose addresses only are known).
 */
function newlyLimitedEgress(objects: any[], base: Baseline): Set<string> {
  return new Set(objects.filter(x => x.kind === 'NetworkPolicy' && !base.egressLimited.has(x.metadata.name)).flatMap(o => (o.spec.egress ?? []).map((r: unknown) => JSON.stringify(r))));
}

/** Every NetworkPolicy rule, as text. */
function policyRules(objects: any[]): Set<string> {
  return new Set(objects.filter(x => x.kind === 'NetworkPolicy').flatMap(o => [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]).map(r => JSON.stringify(r)));
}

function portsOf(rules: string[]): string[] {
  return rules.flatMap(r => (JSON.parse(r).ports ?? []).map((p: any) => `${p.protocol}/${p.port}`));
}

/** A rule that admits more than any peer list does: no peers, an empty selector, the whole address space. */
function isWide(rule: string): boolean {
  const r = typeof rule === 'string' ? JSON.parse(rule) : rule;
  const peers = r.from ?? r.to;
  if (peers === undefined) return true;
  return peers.some((p: any) => JSON.stringify(p.podSelector) === '{}' || JSON.stringify(p.namespaceSelector) === '{}'
    || p.ipBlock?.cidr === '0.0.0.0/0' || p.ipBlock?.cidr === '::/0');
}

// Kubernetes fields that are int64; every other number in the manifests is an int32.
const INT64_FIELDS = new Set(['terminationGracePeriodSeconds', 'activeDeadlineSeconds', 'tolerationSeconds', 'startingDeadlineSeconds']);
const QUANTITY_FIELDS = new Set(['cpu', 'memory', 'storage', 'ephemeral-storage', 'sizeLimit']);
const INT64_MAX = 2 ** 63;

function rangeProblems(value: unknown, key: string, at: string, found: string[]): void {
  if (typeof value === 'number') {
    const max = INT64_FIELDS.has(key) ? Number.MAX_SAFE_INTEGER : 2147483647;
    if (!Number.isSafeInteger(value) || Math.abs(value) > max) found.push(`${at} = ${value} does not fit its integer field`);
  } else if (typeof value === 'string' && QUANTITY_FIELDS.has(key)) {
    const q = quantityValue(value);
    if (q === undefined || !(q * 1000 < INT64_MAX)) found.push(`${at} = ${value} is not a quantity Kubernetes holds`);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => rangeProblems(v, key, `${at}[${i}]`, found));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) rangeProblems(v, k, `${at}.${k}`, found);
  }
}

// Props whose text may hold line breaks: SQL, a connector's config (sent as JSON),
// annotation values.
function mayHoldLineBreaks(target: Target): boolean {
  return !target.mapKey && /(\.queries|\.config(\.<entry>)?|[aA]nnotations(\.<entry>)?)$/.test(target.label);
}

function containsControl(value: unknown, seen: WeakSet<object> = new WeakSet()): boolean {
  if (typeof value === 'string') return /[\u0000-\u001f\u007f]/.test(value);
  if (typeof value === 'object' && value !== null) {
    // A construct passed as a value refers back to itself through its tree.
    if (seen.has(value)) return false;
    seen.add(value);
    return Object.entries(value).some(([k, v]) => containsControl(k, seen) || containsControl(v, seen));
  }
  return false;
}

/** Whether an error is the library's, naming where the value was written and the prop. */
function isClear(error: unknown, target: Target): string | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const ours = (error as Error | undefined)?.name === 'KafkaConfigError' || / is invalid: /.test(message);
  if (!ours) return `${(error as Error)?.name ?? typeof error}: ${message.split('\n')[0]}`;
  const className = target.entry.split(/[.#]/)[0];
  const where = /(^|\n|\] )fuzz[/:]/.test(message) || message.includes(`${className}.`) || message.includes(`${className}(`);
  if (!where) return `the error does not name where: ${message.split('\n')[0]}`;
  // A whole props object may be refused for any of its props (an unknown one, say).
  if (target.path.length === 1 && target.type.kind === 'struct') return undefined;
  const segments = target.label.replace(/\[\d+\]/g, '').replace(/ \(a key\)$/, '').split('.').filter(s => s !== MAP_ENTRY);
  const leaf = segments[segments.length - 1];
  // The fuzzer creates the containers the base arguments lack, so the error may be about
  // the container (a toleration that is all defaults) rather than the prop in it.
  const parent = segments.length > 2 ? segments[segments.length - 2] : undefined;
  if (!message.includes(leaf) && !(parent !== undefined && message.includes(parent))) return `the error does not name ${leaf}: ${message.split('\n')[0]}`;
  return undefined;
}

/** Runs one case. */
export function judge(base: Baseline, target: Target, bad: unknown): Judgement {
  let objects: any[];
  try {
    const app = buildPlatform((entry, args) => (entry === target.entry ? withValue(args, target, bad) : args));
    objects = synthObjects(app);
  } catch (e) {
    const unclear = isClear(e, target);
    return unclear === undefined ? { verdict: 'clear' } : { verdict: 'crash', detail: unclear };
  }
  const json = JSON.stringify(objects);
  const found: string[] = [];
  // A value of the declared type may well change nothing (the default, given); one of
  // another type that changes nothing was ignored.
  if (json === base.json && !conforms(bad, target.type, target.required)) found.push('accepted and ignored: the output is the same as without it');
  // allowClient and the peers of other namespaces or tools name pods this app does not
  // deploy by design: a valid label that matches none of the app's pods is no fault.
  const elsewhere = /#allowClient$|^ClientPeer\.(podsElsewhere|namespaces?)$/.test(target.entry);
  // An issuer's name refers to one the cluster has, which the synth cannot see.
  const issuer = /^CertificateAuthority\.(issuer|clusterIssuer)$/.test(target.entry);
  const problems = findProblems(objects, VALIDATION)
    .filter(p => !(elsewhere && p.message.includes('matches no pod template')) && !(issuer && /Issuer ".*" is not in the synth/.test(p.message)));
  for (const p of problems.slice(0, 3)) found.push(`${p.object} ${p.path}: ${p.message.slice(0, 160)}`);
  // Widening: a new rule open to every source or destination on a port the base opens
  // only to named peers (a DNS port the user picks is not one of those).
  const narrowing = newlyLimitedEgress(objects, base);
  for (const rule of policyRules(objects)) {
    if (base.rules.has(rule) || !isWide(rule) || narrowing.has(rule)) continue;
    if (portsOf([rule]).some(p => base.narrowOnlyPorts.has(p))) found.push(`a NetworkPolicy rule widened: ${rule.slice(0, 160)}`);
  }
  if (garbageCount(json) > base.garbage) found.push(`the output holds ${(json.match(GARBAGE) ?? []).slice(base.garbage).join(', ')} where the base has none`);
  if (containsControl(bad) && !mayHoldLineBreaks(target)) found.push('a control character was accepted');
  rangeProblems(objects, '', '', found);
  return found.length === 0 ? { verdict: 'valid' } : { verdict: 'wrong', detail: found.slice(0, 3).join('; ') };
}

/** Whether `value` is of the declared type (as TypeScript would have let it through). */
function conforms(value: unknown, type: TypeRef, required: boolean): boolean {
  if (value === undefined) return !required;
  switch (type.kind) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number';
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value) && value.every(v => conforms(v, type.item, true));
    case 'map':
      return isRecord(value) && Object.values(value).every(v => conforms(v, type.value, true));
    case 'struct':
      return isRecord(value) && Object.keys(value).every(k => value[k] === undefined || type.props.some(p => p.name === k))
        && type.props.every(p => conforms(value[p.name], p.type, !p.optional));
    case 'enum':
      return type.values.includes(value as string);
    case 'interface':
      // constructs' IConstruct: any construct is one.
      return type.name === 'IConstruct' && typeof (value as { node?: { path?: unknown } } | null)?.node?.path === 'string';
    default:
      return false;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

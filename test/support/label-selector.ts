import { childPath } from './json-path';
import { JsonObject, obj, objs, str, strMap, strs } from './loose';
import { labelValueErrors, qualifiedNameErrors } from './names';
import { Issue } from './problem';

/**
 * metav1.LabelSelector semantics (matchLabels AND every matchExpression) and
 * its syntax rules, as in k8s.io/apimachinery/pkg/apis/meta/v1/validation.
 */

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

function requirementMatches(requirement: JsonObject, labels: Readonly<Record<string, string>>): boolean {
  const key = str(requirement.key) ?? '';
  const values = strs(requirement.values);
  const has = Object.prototype.hasOwnProperty.call(labels, key);
  switch (requirement.operator) {
    case 'In': return has && values.includes(labels[key]);
    case 'NotIn': return !has || !values.includes(labels[key]);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    default: return false; // An invalid operator selects nothing (and is reported by selectorSyntaxIssues).
  }
}

/** Whether a LabelSelector matches a label set. An empty selector (`{}`) matches everything. */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const s = obj(selector);
  const matchLabels = strMap(s.matchLabels);
  return Object.entries(matchLabels).every(([k, v]) => labels[k] === v)
    && objs(s.matchExpressions).every((r) => requirementMatches(r, labels));
}

/** Whether a plain map selector (Service `spec.selector`) matches a label set. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function isEmptySelector(selector: unknown): boolean {
  const s = obj(selector);
  return Object.keys(obj(s.matchLabels)).length === 0 && objs(s.matchExpressions).length === 0;
}

/** Human rendering for messages, e.g. `{app=kafka, tier in (a,b)}`. */
export function describeSelector(selector: unknown): string {
  const s = obj(selector);
  const parts = [
    ...Object.entries(strMap(s.matchLabels)).map(([k, v]) => `${k}=${v}`),
    ...objs(s.matchExpressions).map((r) => `${String(r.key)} ${String(r.operator)}${r.values === undefined ? '' : ` (${strs(r.values).join(',')})`}`),
  ];
  return `{${parts.join(', ')}}`;
}

export function describeLabels(labels: Readonly<Record<string, string>>): string {
  return `{${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/** Label-map syntax: qualified-name keys and label values. */
export function labelMapIssues(labels: unknown, path: string, what = 'label'): Issue[] {
  const issues: Issue[] = [];
  for (const [key, value] of Object.entries(obj(labels))) {
    const keyPath = childPath(path, key);
    issues.push(...qualifiedNameErrors(key).map((e) => ({ path: keyPath, message: `invalid ${what} key "${key}": ${e}` })));
    if (typeof value === 'string') {
      issues.push(...labelValueErrors(value).map((e) => ({ path: keyPath, message: `invalid ${what} value "${value}": ${e}` })));
    }
  }
  return issues;
}

/** LabelSelector syntax: matchLabels like labels; matchExpressions with a valid key, operator and values. */
export function selectorSyntaxIssues(selector: unknown, path: string): Issue[] {
  const s = obj(selector);
  const issues = labelMapIssues(s.matchLabels, childPath(path, 'matchLabels'), 'selector label');
  objs(s.matchExpressions).forEach((requirement, i) => {
    const rPath = childPath(path, 'matchExpressions', i);
    const key = str(requirement.key) ?? '';
    issues.push(...qualifiedNameErrors(key).map((e) => ({ path: childPath(rPath, 'key'), message: `invalid selector key "${key}": ${e}` })));
    const operator = str(requirement.operator) ?? '';
    const values = strs(requirement.values);
    if (!(OPERATORS as readonly string[]).includes(operator)) {
      issues.push({ path: childPath(rPath, 'operator'), message: `must be one of ${OPERATORS.join(', ')}, got "${operator}"` });
    } else if ((operator === 'In' || operator === 'NotIn') && values.length === 0) {
      issues.push({ path: childPath(rPath, 'values'), message: `must be non-empty when operator is ${operator}` });
    } else if ((operator === 'Exists' || operator === 'DoesNotExist') && values.length > 0) {
      issues.push({ path: childPath(rPath, 'values'), message: `must be empty when operator is ${operator}` });
    }
    values.forEach((value, j) => issues.push(...labelValueErrors(value)
      .map((e) => ({ path: childPath(rPath, 'values', j), message: `invalid selector value "${value}": ${e}` }))));
  });
  return issues;
}

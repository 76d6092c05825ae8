import { ErrorScope, raise } from './errors';

/** The `managed-by` value on every object the library emits. */
export const MANAGED_BY = 'cdk8s-kafka';

/** What the recommended labels of one component instance are made of. */
export interface LabelParts {
  /** `app.kubernetes.io/name`: the application (`kafka`, `schema-registry`). */
  readonly name: string;
  /** `app.kubernetes.io/instance`: this instance, unique in the namespace (e.g. `events`). */
  readonly instance: string;
  /** `app.kubernetes.io/component`: its role (`broker`, `controller`). */
  readonly component: string;
  /** `app.kubernetes.io/part-of`: the larger system. */
  readonly partOf?: string;
  /** `app.kubernetes.io/version`: on object metadata only, never in selectors. */
  readonly version?: string;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * The Kubernetes recommended labels
 * (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/).
 */
export function recommendedLabels(parts: LabelParts): Record<string, string> {
  const labels: Record<string, string> = {
    ...selectorLabels(parts),
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
  if (parts.partOf !== undefined) labels['app.kubernetes.io/part-of'] = checkLabelValue('partOf', parts.partOf);
  if (parts.version !== undefined) labels['app.kubernetes.io/version'] = checkLabelValue('version', parts.version);
  return labels;
}

/**
 * The stable subset used in selectors. A selector of a StatefulSet or Deployment is
 * immutable, so it never holds anything that changes over the object's life
 * (version, part-of).
 */
export function selectorLabels(parts: LabelParts): Record<string, string> {
  return {
    'app.kubernetes.io/name': checkLabelValue('name', parts.name),
    'app.kubernetes.io/instance': checkLabelValue('instance', parts.instance),
    'app.kubernetes.io/component': checkLabelValue('component', parts.component),
  };
}

/**
 * Returns `value` if it is a valid label value (≤ 63 chars, alphanumeric ends), else
 * raises, naming `scope` (the construct whose prop it is).
 */
export function checkLabelValue(prop: string, value: string, scope: ErrorScope = 'labels'): string {
  if (typeof value !== 'string' || value.length > 63 || !LABEL_VALUE.test(value)) {
    raise(scope, prop, value, 'a label value has at most 63 characters from [A-Za-z0-9-_.] and starts and ends with an alphanumeric',
      'Use a shorter value made of letters, digits, "-", "_" and "."');
  }
  return value;
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9]$/;
const LABEL_PREFIX = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Checks a label map used to select pods or namespaces: at least one label (an empty
 * selector selects everything), valid keys (`[prefix/]name`) and values.
 */
export function checkSelectorLabels(scope: ErrorScope, prop: string, labels: unknown): Record<string, string> {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels) || Object.keys(labels).length === 0) {
    raise(scope, prop, labels, 'a selector needs at least one label: an empty one selects every pod',
      "Name the labels the pods carry, e.g. { 'app.kubernetes.io/name': 'orders' }");
  }
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    const name = slash < 0 ? key : key.slice(slash + 1);
    if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !LABEL_PREFIX.test(prefix)))) {
      raise(scope, `${prop}.${key}`, key, 'a label key is [DNS-subdomain prefix/]name, the name at most 63 characters from [A-Za-z0-9-_.]',
        'Use a key such as "app.kubernetes.io/name"');
    }
    checkLabelValue(`${prop}.${key}`, value as string, scope);
  }
  return { ...(labels as Record<string, string>) };
}

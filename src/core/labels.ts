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
  if (typeof value !== 'string' || !isLabelValue(value)) {
    raise(scope, prop, value, 'a label value has at most 63 characters from [A-Za-z0-9-_.] and starts and ends with an alphanumeric',
      'Use a shorter value made of letters, digits, "-", "_" and "."');
  }
  return value;
}

// A qualified name (apimachinery IsQualifiedName): an optional DNS-subdomain prefix of at
// most 253 characters and "/", then a name of at most 63 from [A-Za-z0-9-_.],
// alphanumeric at both ends. Label and annotation keys are qualified names.
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/** Whether `text` is a label or annotation key. */
export function isQualifiedName(text: string): boolean {
  const slash = text.indexOf('/');
  return QUALIFIED_NAME.test(text) && (slash < 0 || slash <= 253);
}

/** Whether `text` is a label value: at most 63 characters, may be empty. */
export function isLabelValue(text: string): boolean {
  return text.length <= 63 && LABEL_VALUE.test(text);
}

import { EnvValue, k8s } from 'cdk8s-plus-27';
import { ErrorScope, raise } from './errors';
import { checkLabelValue, isQualifiedName } from './labels';
import { isObjectName } from './naming';
import { sortedByKey } from './stable-order';

/**
 * Scheduling and the escape hatches of a workload's pods: what Strimzi's `template`
 * and the Helm charts' `podAnnotations`/`extraEnvVars` offer. Shared by node pools and
 * components.
 */
export interface PodSettings {
  /**
   * Node labels the pods must run on (in addition to the zone, when zones are set).
   *
   * @default - any node
   */
  readonly nodeSelector?: { [key: string]: string };

  /**
   * Tolerations, for nodes tainted for these pods.
   *
   * @default - none
   */
  readonly tolerations?: k8s.Toleration[];

  /**
   * PriorityClass of the pods, so the scheduler evicts other workloads first.
   *
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;

  /**
   * Extra annotations on the pod template (a service mesh's or a backup tool's). A
   * changed annotation rolls the pods. Annotations the library sets (`cdk8s-kafka/*`)
   * are refused.
   *
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };

  /**
   * Extra environment variables on the main container, e.g. JVM flags
   * (`EnvValue.fromValue(...)`) or a value from a Secret (`EnvValue.fromSecretValue(...)`).
   * What they may break is yours: the image turns variables with the component's prefix
   * (`KAFKA_`, `SCHEMA_REGISTRY_`, `CONNECT_`, `KSQL_`) into properties, so those are
   * refused (use `properties`), as are variables the library sets (`CDK8S_*` among them)
   * and literal values of names that look like credentials (take them from a Secret).
   *
   * @default - none
   */
  readonly extraEnv?: { [name: string]: EnvValue };

  /**
   * Restarts the pods when it changes: any text (a date, a ticket, a reason), written on
   * the pod template as the annotation `cdk8s-kafka/restart-trigger`. A new value is a
   * template change, so the pods restart the way any change restarts them: Kafka nodes one
   * at a time through the roll Job and its safety checks, components by their rolling
   * update. The same program gives the same manifests (no timestamp), so GitOps shows no
   * drift; unlike `kubectl rollout restart`, the restart is in the code and its review.
   *
   * @default - none: pods restart only when what they run changes
   */
  readonly restartTrigger?: string;
}

/** The pod template annotation a restart trigger sets. */
export const RESTART_TRIGGER_ANNOTATION = 'cdk8s-kafka/restart-trigger';

/** Pod settings after checks. */
export interface ResolvedPodSettings {
  readonly nodeSelector?: Readonly<Record<string, string>>;
  readonly tolerations?: readonly k8s.Toleration[];
  readonly priorityClassName?: string;
  /** Extra pod template annotations, sorted (empty when none). */
  readonly annotations: Readonly<Record<string, string>>;
  /** Extra container environment, sorted by name. */
  readonly env: readonly k8s.EnvVar[];
}

/** Prefix of the parameters of the library's scripts (src/core/script-file.ts). */
const SCRIPT_PREFIX = 'CDK8S_';

// Kubernetes' env var names (C_IDENTIFIER in practice, dots and dashes allowed since 1.x).
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const CREDENTIAL_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIALS?|JAAS_CONFIG|PRIVATE_KEY|API_KEY|ACCESS_KEY)$/i;

/** Environment variables `extraEnv` may not set. */
export interface ReservedEnv {
  /** Prefixes the image turns into properties. */
  readonly prefixes: readonly string[];
  /** Variables the library sets. */
  readonly names: readonly string[];
  /** Names with a reserved prefix that are still the user's (the JVM options variable). */
  readonly allowed?: readonly string[];
}

/**
 * Checks the pod settings: label values of the node selector, tolerations as objects
 * with a key or an operator, a PriorityClass name, annotation keys, and extra
 * environment variables that are not the image's properties, not set by the library
 * and hold no literal credential.
 */
export function resolvePodSettings(scope: ErrorScope, settings: PodSettings, reserved: ReservedEnv): ResolvedPodSettings {
  const { nodeSelector, tolerations, priorityClassName, podAnnotations, extraEnv, restartTrigger } = settings;
  if (nodeSelector !== undefined) {
    if (typeof nodeSelector !== 'object' || nodeSelector === null || Array.isArray(nodeSelector)) {
      raise(scope, 'nodeSelector', nodeSelector, 'it is a map of node labels', "Write it like { 'node.kubernetes.io/instance-type': 'm6i.2xlarge' }");
    }
    for (const [key, value] of Object.entries(nodeSelector)) checkLabelValue(`nodeSelector.${key}`, value, scope);
  }
  if (tolerations !== undefined) {
    if (!Array.isArray(tolerations)) raise(scope, 'tolerations', tolerations, 'it is a list of tolerations', "Write it like [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }]");
    tolerations.forEach((t, i) => {
      if (typeof t !== 'object' || t === null || Array.isArray(t) || (t.key === undefined && t.operator !== 'Exists')) {
        raise(scope, `tolerations[${i}]`, t, 'a toleration names the taint key it tolerates (or has operator Exists)', "Write it like { key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }");
      }
    });
  }
  if (priorityClassName !== undefined && !isObjectName(priorityClassName)) {
    raise(scope, 'priorityClassName', priorityClassName, 'it is not a PriorityClass name', 'Use the name as `kubectl get priorityclass` shows it');
  }
  const annotations: Record<string, string> = {};
  for (const [key, value] of Object.entries(podAnnotations ?? {})) {
    if (!isQualifiedName(key) || key.startsWith('cdk8s-kafka/')) {
      raise(scope, `podAnnotations.${key}`, key, key.startsWith('cdk8s-kafka/') ? 'the library sets its own annotations' : 'it is not an annotation key', 'Use a key such as "example.com/owner"');
    }
    if (typeof value !== 'string') raise(scope, `podAnnotations.${key}`, value, 'annotation values are strings', 'Quote it');
    annotations[key] = value;
  }
  if (restartTrigger !== undefined) annotations[RESTART_TRIGGER_ANNOTATION] = restartTrigger;
  const env = Object.entries(extraEnv ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, value]) => {
    const prop = `extraEnv.${name}`;
    if (!ENV_NAME.test(name)) raise(scope, prop, name, 'it is not an environment variable name', 'Use letters, digits and "_"');
    if (reserved.names.includes(name)) raise(scope, prop, name, 'the library sets this variable itself', 'Remove it');
    if (name.startsWith(SCRIPT_PREFIX)) raise(scope, prop, name, `the library's scripts read their parameters from ${SCRIPT_PREFIX}* variables`, 'Use another name');
    const prefix = reserved.prefixes.find(p => name.startsWith(p));
    if (prefix !== undefined && !(reserved.allowed ?? []).includes(name)) {
      raise(scope, prop, name, `the image turns ${prefix}* variables into properties, which the library checks`, 'Set it in properties (or customProperties) instead');
    }
    if (!(value instanceof EnvValue)) raise(scope, prop, value, 'it is not an EnvValue', 'Use EnvValue.fromValue("...") or EnvValue.fromSecretValue({ secret, key })');
    if (value.value !== undefined && CREDENTIAL_NAME.test(name)) {
      raise(scope, prop, '(hidden)', 'it looks like a credential in plain text, which would be stored in the manifest and in Git', 'Take it from a Secret: EnvValue.fromSecretValue({ secret, key })');
    }
    return value.value !== undefined ? { name, value: String(value.value) } : { name, valueFrom: value.valueFrom as k8s.EnvVarSource };
  });
  return {
    nodeSelector: nodeSelector === undefined ? undefined : { ...nodeSelector },
    tolerations: tolerations === undefined ? undefined : [...tolerations],
    priorityClassName,
    annotations: sortedByKey(annotations),
    env,
  };
}

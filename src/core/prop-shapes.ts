import { Cron, Duration } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy } from 'cdk8s-plus-27';
import { ErrorScope, raise } from './errors';
import { Expect, INT32_MAX, Shape, isPlainRecord } from './input-shape';
import { isLabelValue, isQualifiedName } from './labels';
import { isDnsDomain, isObjectName } from './naming';
import { quantityValue } from './quantity';

// The shared vocabulary of the props: Kubernetes names, labels, annotations, ports,
// Secrets, resources, tolerations; Kafka topic names and properties. Kubernetes
// grammars are apimachinery's (k8s.io/apimachinery/pkg/util/validation), so a value
// that passes is one the API server accepts.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A Kubernetes object name (DNS subdomain): Secrets, Issuers, PriorityClasses. */
export const objectName = Expect.text({
  expected: 'a Kubernetes object name (lower-case letters, digits, "-" and ".", at most 253 characters)',
  example: '"kafka-admin"',
  maxLength: 253,
  test: isObjectName,
});

/** A DNS label (namespaces, Service-like names): at most 63 characters. */
export const dnsLabel = Expect.text({
  expected: 'a DNS label (lower-case letters, digits and "-", at most 63 characters)',
  example: '"orders"',
  maxLength: 63,
  pattern: DNS_LABEL,
});

/** A DNS name (a host or a domain), lower-case, at most 253 characters. */
export const dnsName = Expect.text({
  expected: 'a DNS name (lower-case labels separated by ".", at most 253 characters)',
  example: '"kafka.example.com"',
  maxLength: 253,
  test: isDnsDomain,
});

/** A label or annotation key. */
export const qualifiedKey = Expect.text({
  expected: 'a label key ([DNS-subdomain prefix/]name, the name at most 63 characters from [A-Za-z0-9-_.])',
  example: '"app.kubernetes.io/name"',
  maxLength: 317,
  test: isQualifiedName,
  // cdk8s tells plain objects by their constructor property, so it cannot render a map
  // with this key (it fails deep in synth).
  refused: { constructor: 'cdk8s cannot render a map key named "constructor"' },
});

/** A label value: at most 63 characters, may be empty. */
export const labelValue = Expect.text({
  expected: 'a label value (at most 63 characters from [A-Za-z0-9-_.], alphanumeric at both ends)',
  example: '"orders"',
  minLength: 0,
  maxLength: 63,
  test: isLabelValue,
});

/** Labels that select pods or namespaces: at least one, since an empty selector selects everything. */
export const selectorLabels = Expect.map(labelValue, {
  key: qualifiedKey,
  minEntries: 1,
  tooFewWhy: 'a selector needs at least one label: an empty one selects every pod',
  maxEntries: 64,
  example: "{ 'app.kubernetes.io/name': 'orders' }",
});

/** A node selector: labels the node must carry. */
export const nodeSelector = Expect.map(labelValue, { key: qualifiedKey, maxEntries: 64, example: "{ 'node.kubernetes.io/instance-type': 'm6i.2xlarge' }" });

/**
 * Annotations: keys like label keys, values any text (JSON included), 256 KiB in all as
 * the API server allows.
 */
export const annotationsShape = withTotal(
  Expect.map(Expect.text({ minLength: 0, maxLength: 262144, multiline: true, expected: 'a string', example: '"true"' }), { key: qualifiedKey, maxEntries: 256, example: "{ 'example.com/owner': 'team-a' }" }),
  262144,
  'annotations may hold at most 256 KiB in all',
);

function withTotal(shape: Shape, maxBytes: number, why: string): Shape {
  return {
    ...shape,
    check(value, prop, found) {
      shape.check(value, prop, found);
      if (isPlainRecord(value)) {
        const total = Object.entries(value).reduce((sum, [k, v]) => sum + k.length + (typeof v === 'string' ? v.length : 0), 0);
        if (total > maxBytes) found.push({ prop, value: `${total} characters`, why, fix: 'Keep large data in a ConfigMap and reference it' });
      }
    },
  };
}

/** A TCP port. */
export const portShape = Expect.integer(1, 65535, 9092);

/** An environment variable name. */
export const envName = Expect.text({ expected: 'an environment variable name (letters, digits, "_", "-" and ".", not starting with a digit)', example: '"JAVA_TOOL_OPTIONS"', maxLength: 253, pattern: /^[-._a-zA-Z][-._a-zA-Z0-9]*$/ });

/** An environment variable's value source. */
export const envValue = Expect.instance('EnvValue', () => EnvValue, 'EnvValue.fromValue("...")');

/** The image pull policy. */
export const imagePullPolicyShape = Expect.enumOf('ImagePullPolicy', ImagePullPolicy as unknown as Record<string, string>, 'ImagePullPolicy.IF_NOT_PRESENT');

/**
 * A reference to a Secret (`Secret.fromSecretName(scope, id, name)`, or a cdk8s-plus
 * Secret): its kind says so, and only its name enters the manifests.
 */
export const secret = Expect.custom('ISecret', 'a reference to a Secret', 'Secret.fromSecretName(this, "admin", "kafka-admin")', value => {
  if (!isPlainRecord(value)) return 'it is not a reference to a Secret';
  const { name, kind, resourceType } = value as { name?: unknown; kind?: unknown; resourceType?: unknown };
  if (kind !== 'Secret' && resourceType !== 'secrets') {
    return { why: kind === undefined ? 'it is not a reference to a Secret' : `it is a reference to a ${String(kind)}, not to a Secret`, value: typeof name === 'string' ? name : value };
  }
  if (!isObjectName(name)) return { why: 'it is not a reference to a Secret with a valid name (a Kubernetes object name)', value: name };
  return undefined;
});

/** A cron schedule (cdk8s `Cron`). */
export const cron = Expect.instance('Cron', () => Cron, 'Cron.schedule({ minute: "0", hour: "3" })');

/**
 * The expression of a CronJob schedule prop (`given`, else `fallback`), checked to be five
 * cron fields, as a CronJob's `schedule` takes; `fix` is the error's example.
 */
export function cronExpression(scope: ErrorScope, prop: string, given: Cron | undefined, fallback: Cron, fix: string): string {
  const schedule = given ?? fallback;
  const expression = schedule instanceof Cron ? schedule.expressionString : undefined;
  if (typeof expression !== 'string' || expression.trim().split(/\s+/).length !== 5 || !/^[0-9*/,\-A-Za-z ?]+$/.test(expression)) {
    raise(scope, prop, expression ?? schedule, 'it is not a cron schedule of five fields', fix);
  }
  return expression;
}

/** One millicore to a thousand cores, whole millicores. */
const MAX_MILLICORES = 1_000_000;

/** A CPU amount (`Cpu.millis(500)`, `Cpu.units(2)`). */
export const cpu = Expect.custom('Cpu', 'a Cpu from 1 millicore to 1000 cores in whole millicores', 'Cpu.millis(500)', value => {
  if (!(value instanceof Cpu)) return 'it must be a Cpu';
  const cores = typeof value.amount === 'string' ? quantityValue(value.amount) : undefined;
  if (cores === undefined || !Number.isFinite(cores)) return 'its amount is not a Kubernetes quantity';
  const millis = cores * 1000;
  if (!(millis >= 1 && millis <= MAX_MILLICORES) || Math.abs(millis - Math.round(millis)) > 1e-9) return 'it must be from 1 millicore to 1000 cores in whole millicores';
  return undefined;
});

/** One byte to one pebibyte: exact in an int64 quantity, far above any node's memory or any volume. */
export const MAX_BYTES = 2 ** 50;

/** A memory amount, up to 1 PiB (the heap rules set the floor, naming the construct). */
export const memory = Expect.size({ minBytes: 1, maxBytes: MAX_BYTES, example: 'Size.gibibytes(4)' });

/** A volume size, up to 1 PiB. */
export const volumeSize = Expect.size({ minBytes: 1, maxBytes: MAX_BYTES, example: 'Size.gibibytes(100)' });

/** cdk8s-plus `ContainerResources`: requests and limits of CPU, memory and ephemeral storage. */
export const containerResources = Expect.struct('ContainerResources', {
  cpu: Expect.struct('CpuResources', { request: cpu, limit: cpu }),
  memory: Expect.struct('MemoryResources', { request: memory, limit: memory }),
  ephemeralStorage: Expect.struct('EphemeralStorageResources', { request: volumeSize, limit: volumeSize }),
});

const TOLERATION_FIELDS = Expect.struct('Toleration', {
  key: qualifiedKey,
  operator: Expect.enumOf('toleration operator', { EXISTS: 'Exists', EQUAL: 'Equal' }),
  value: labelValue,
  effect: Expect.enumOf('taint effect', { NO_SCHEDULE: 'NoSchedule', PREFER_NO_SCHEDULE: 'PreferNoSchedule', NO_EXECUTE: 'NoExecute' }),
  tolerationSeconds: Expect.integer(0, INT32_MAX, 300),
});

/**
 * A toleration, with the API server's cross-field rules: no key means operator Exists
 * (tolerate everything), Exists takes no value, and tolerationSeconds only applies to
 * NoExecute.
 */
export const toleration: Shape = {
  ...TOLERATION_FIELDS,
  example: "{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }",
  check(value, prop, found) {
    const before = found.length;
    TOLERATION_FIELDS.check(value, prop, found);
    if (found.length > before || !isPlainRecord(value)) return;
    const t = value as { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number };
    const why = t.key === undefined && t.operator !== 'Exists' ? 'a toleration without a key must have operator Exists (it then tolerates every taint)'
      : t.operator === 'Exists' && t.value !== undefined && t.value !== '' ? 'operator Exists takes no value'
        : t.tolerationSeconds !== undefined && t.effect !== 'NoExecute' ? 'tolerationSeconds applies to effect NoExecute only'
          : undefined;
    if (why !== undefined) found.push({ prop, value, why, fix: `Write it like ${toleration.example}` });
  },
};

/** The pod settings every workload takes (PodSettings). */
export const podSettingsFields = {
  nodeSelector,
  tolerations: Expect.list(toleration, { maxLength: 64 }),
  priorityClassName: objectName,
  podAnnotations: annotationsShape,
  extraEnv: Expect.map(envValue, { key: envName, maxEntries: 256, example: "{ JAVA_TOOL_OPTIONS: EnvValue.fromValue('-XX:+UseG1GC') }" }),
  // An annotation value on the pod template: printable, one line.
  restartTrigger: Expect.text({ expected: 'printable text of at most 128 characters, on one line', example: '"2026-12-01 rotate keystores"', maxLength: 128, pattern: /^[\x20-\x7e]+$/ }),
};

/** Image options (ImageOptions). */
export const imageOptions = Expect.struct('ImageOptions', {
  registry: Expect.text({ maxLength: 255, expected: 'a registry host with an optional path, e.g. "registry.example.com/mirror"', example: '"registry.example.com/confluentinc"' }),
  image: Expect.text({ maxLength: 512, expected: 'an image reference with a tag or digest', example: '"registry.example.com/cp-kafka:8.0.0"' }),
});

/** Properties given to a component or the cluster: keys and values of a properties file, one line each. */
/** A config key of Kafka or a Confluent component (or a connector's). */
export const configKey = Expect.text({ maxLength: 255, expected: 'a config key (letters, digits, ".", "_" and "-")', example: '"log.retention.ms"', pattern: /^[A-Za-z0-9][A-Za-z0-9._-]*$/ });

export const properties = Expect.map(Expect.text({ minLength: 0, maxLength: 65536, expected: 'a string, as in a properties file', example: '"604800000"' }), {
  key: configKey,
  maxEntries: 1000,
  example: "{ 'log.retention.ms': '604800000' }",
});

/** Whether `name` is a Kafka topic name (Kafka's Topic.validate: 1 to 249 of [a-zA-Z0-9._-], not "." or ".."). */
export function isTopicName(name: unknown): boolean {
  return typeof name === 'string' && /^[a-zA-Z0-9._-]{1,249}$/.test(name) && name !== '.' && name !== '..';
}

/** Upper bound of durations rendered in whole seconds into an int32 field. */
export const INT32_SECONDS = Duration.seconds(INT32_MAX);

/**
 * A certificate lifetime for cert-manager, which parses durations as Go's
 * time.Duration: int64 nanoseconds, at most 2562047 hours (292 years).
 */
export function certificateDuration(min: Duration, example: string): Shape {
  return Expect.duration({ min, max: Duration.hours(2562047), example });
}


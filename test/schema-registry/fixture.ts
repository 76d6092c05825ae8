import { App, Chart, Testing } from 'cdk8s';
import { KafkaCluster, KafkaClusterProps } from '../../src';
import { SCHEMA_REGISTRY } from '../../src/core/config-keys/schema-registry.generated';
import { envPropertyName } from '../../src/core/image-env';
import { SchemaRegistry } from '../../src/schema-registry/schema-registry';
import { SchemaRegistryProps } from '../../src/schema-registry/schema-registry-props';
import { find, findAll } from '../support/objects';
import { restrictedProblems } from '../support/restricted';
import { expectValidChart } from '../support/validate';

const PREFIX = 'SCHEMA_REGISTRY_';
// Variables the image reads itself rather than as properties (they still land in the
// properties file, harmlessly: the image's env_to_props has no exclusion list).
const NOT_PROPERTIES = new Set(['SCHEMA_REGISTRY_HEAP_OPTS', 'SCHEMA_REGISTRY_OPTS', 'SCHEMA_REGISTRY_JMX_OPTS', 'SCHEMA_REGISTRY_JVM_PERFORMANCE_OPTS']);

/** A synthesized registry and its cluster: their objects, checked by the harness and the restricted profile. */
export interface RegistrySynth {
  readonly chart: Chart;
  readonly kafka: KafkaCluster;
  readonly registry: SchemaRegistry;
  readonly objects: any[];
}

/**
 * Builds cluster `events` and registry `schemas` on it in namespace `kafka`, lets the
 * test add to the chart, synthesizes and validates everything.
 */
export function synthRegistry(
  props: Omit<SchemaRegistryProps, 'kafka'> = {},
  cluster: KafkaClusterProps = {},
  extend: (chart: Chart, kafka: KafkaCluster) => void = () => undefined,
): RegistrySynth {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events', cluster);
  const registry = new SchemaRegistry(chart, 'schemas', { kafka, ...props });
  extend(chart, kafka);
  return { chart, kafka, registry, objects: checkedObjects(chart) };
}

/** Synthesizes a chart, validates it, checks every pod against "restricted" and every registry's configuration. */
export function checkedObjects(chart: Chart | App): any[] {
  const objects = expectValidChart(chart);
  expect(restrictedProblems(objects)).toEqual([]);
  expect(registryConfigProblems(objects)).toEqual([]);
  return objects;
}

/** The registry container of a Deployment. */
export function registryContainer(deployment: any): any {
  return deployment.spec.template.spec.containers.find((c: any) => c.name === 'schema-registry');
}

/** The ConfigMap a registry Deployment reads its SCHEMA_REGISTRY_* variables from. */
export function configOf(objects: any[], deployment: any): Record<string, string> {
  return find(objects, 'ConfigMap', registryContainer(deployment).envFrom[0].configMapRef.name).data;
}

/** The properties the image will render for a Deployment: ConfigMap then container env, as the kubelet merges them. */
export function propertiesOf(objects: any[], deployment: any): Record<string, string> {
  const env: Record<string, string> = { ...configOf(objects, deployment) };
  for (const e of registryContainer(deployment).env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith(PREFIX) && !NOT_PROPERTIES.has(k)) props[envPropertyName(PREFIX, k)] = v;
  }
  return props;
}

/**
 * What the image's `configure` and Schema Registry's config check would reject, applied
 * to every registry Deployment: SCHEMA_REGISTRY_PORT set (configure exits 1), no
 * HOST_NAME or bootstrap servers (configure's ensure), a property the registry does not
 * know, a bootstrap entry whose scheme does not match the store's protocol (dropped by
 * endpointsToBootstrapServers), a `$(VAR)` reference to a variable defined later.
 */
export function registryConfigProblems(objects: any[]): string[] {
  const problems: string[] = [];
  const known = new Set(SCHEMA_REGISTRY);
  for (const deployment of findAll(objects, 'Deployment')) {
    const container = registryContainer(deployment);
    if (container === undefined) continue;
    const name = deployment.metadata.name;
    const fail = (msg: string) => problems.push(`${name}: ${msg}`);
    const cm = configOf(objects, deployment);
    const env: any[] = container.env ?? [];
    if ('SCHEMA_REGISTRY_PORT' in cm || env.some(e => e.name === 'SCHEMA_REGISTRY_PORT')) fail('SCHEMA_REGISTRY_PORT is set');
    const props = propertiesOf(objects, deployment);
    if (!props['host.name']) fail('no host.name');
    if (!props['kafkastore.bootstrap.servers']) fail('no kafkastore.bootstrap.servers');
    for (const key of Object.keys(props)) if (!known.has(key)) fail(`unknown property ${key}`);
    const protocol = props['kafkastore.security.protocol'] ?? 'PLAINTEXT';
    for (const entry of (props['kafkastore.bootstrap.servers'] ?? '').split(',')) {
      if (entry.includes('://') && !entry.startsWith(`${protocol}://`)) fail(`bootstrap entry ${entry} does not match ${protocol}`);
    }
    env.forEach((e, i) => {
      for (const [, ref] of String(e.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)) {
        if (!env.slice(0, i).some(d => d.name === ref)) fail(`${e.name} refers to $(${ref}) before it is defined`);
      }
    });
  }
  return problems;
}

export { find, findAll };

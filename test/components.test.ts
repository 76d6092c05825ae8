import { ApiObject, Chart, JsonPatch, Testing } from 'cdk8s';
import { EnvValue } from 'cdk8s-plus-27';
import {
  ClientPeer, ConfluentVersion, Connect, ConnectorPlugin, ExternalAccess, IKsqlDb, ISchemaRegistry, KafkaCluster, KsqlDb, Listener, SchemaRegistry,
} from '../src';
import { find } from './support/objects';
import { restrictedProblems } from './support/restricted';
import { expectValidChart } from './support/validate';

// What the three components share since they are built on one skeleton: the same
// settings resolved the same way, the same network props, the same escape hatches, the
// workload as the default child, and imports by address.

type Kind = 'schemas' | 'connect' | 'ksql';
const WORKLOAD: Record<Kind, string> = { schemas: 'Deployment', connect: 'StatefulSet', ksql: 'StatefulSet' };
const CONTAINER: Record<Kind, string> = { schemas: 'schema-registry', connect: 'connect', ksql: 'ksqldb' };
/** A variable each component sets on its container itself. */
const OWN_VARIABLE: Record<Kind, string> = { schemas: 'POD_IP', connect: 'POD_NAME', ksql: 'POD_NAME' };

function build(kind: Kind, props: Record<string, unknown> = {}): { chart: Chart; component: SchemaRegistry | Connect | KsqlDb } {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  const all = { kafka, ...props } as never;
  const component = kind === 'schemas' ? new SchemaRegistry(chart, kind, all) : kind === 'connect' ? new Connect(chart, kind, all) : new KsqlDb(chart, kind, all);
  return { chart, component };
}

function synth(chart: Chart): any[] {
  const objects = expectValidChart(chart);
  expect(restrictedProblems(objects)).toEqual([]);
  return objects;
}

describe.each<Kind>(['schemas', 'connect', 'ksql'])('%s', kind => {
  test('its default child is its workload, so escape-hatch patches reach the pods', () => {
    const { chart, component } = build(kind);
    const workload = component.node.defaultChild as ApiObject;
    expect(workload.kind).toBe(WORKLOAD[kind]);
    workload.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations/example.com~1patched', 'yes'));
    expect(find(synth(chart), WORKLOAD[kind], kind).spec.template.metadata.annotations['example.com/patched']).toBe('yes');
  });

  test('url, port, serviceName and podLabels say how to reach it', () => {
    const { component } = build(kind);
    expect(component.url).toBe(`https://${kind}.kafka.svc.cluster.local:${component.port}`);
    expect(component.serviceName).toBe(kind);
    expect(component.podLabels!['app.kubernetes.io/instance']).toBe(kind);
  });

  test('extra env, pod annotations and scheduling reach the pod', () => {
    const { chart } = build(kind, {
      extraEnv: { FEATURE_FLAG: EnvValue.fromValue('on') },
      podAnnotations: { 'example.com/team': 'data' },
      nodeSelector: { pool: 'apps' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'apps', effect: 'NoSchedule' }],
      priorityClassName: 'apps-high',
    });
    const pod = find(synth(chart), WORKLOAD[kind], kind).spec.template;
    expect(pod.metadata.annotations['example.com/team']).toBe('data');
    expect(pod.spec).toMatchObject({ nodeSelector: { pool: 'apps' }, priorityClassName: 'apps-high', tolerations: [{ key: 'dedicated' }] });
    const container = pod.spec.containers.find((c: any) => c.name === CONTAINER[kind]);
    expect(container.env).toContainEqual({ name: 'FEATURE_FLAG', value: 'on' });
  });

  test('fails if extra env shadows a variable the library sets', () => {
    const name = OWN_VARIABLE[kind];
    expect(() => build(kind, { extraEnv: { [name]: EnvValue.fromValue('x') } })).toThrow(`test/${kind}: extraEnv.${name} = "${name}" is invalid: the library sets this variable itself`);
  });

  test('peers reach its REST API, and egress rules can be asked for', () => {
    const { chart } = build(kind, { peers: [ClientPeer.namespace('apps')], egressPolicy: true });
    const np = find(synth(chart), 'NetworkPolicy', kind);
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toContainEqual(expect.objectContaining({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }] }));
    expect(np.spec.egress[0].ports).toContainEqual({ protocol: 'UDP', port: 53 });
  });

  test('fails if egress rules are asked for without the NetworkPolicy', () => {
    expect(() => build(kind, { networkPolicy: false, egressPolicy: true })).toThrow(`test/${kind}: egressPolicy = true is invalid`);
  });

  test('its url follows the cluster\'s DNS domain, which it shares, unless it sets its own', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events', { clusterDomain: 'corp.example' });
    const make = (id: string, props: Record<string, unknown>) => {
      const all = { kafka, ...props } as never;
      return kind === 'schemas' ? new SchemaRegistry(chart, id, all) : kind === 'connect' ? new Connect(chart, id, all) : new KsqlDb(chart, id, all);
    };
    expect(make(kind, {}).url).toMatch(new RegExp(`^https://${kind}\\.kafka\\.svc\\.corp\\.example:`));
    expect(make('other', { clusterDomain: 'cluster.local', ...(kind === 'schemas' ? { topic: '_schemas-other' } : {}) }).url).toMatch(/\.svc\.cluster\.local:/);
  });

  test('fails if the cluster has no internal listener, naming the component', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const external = Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }) });
    const kafka = new KafkaCluster(chart, 'events', { listeners: [external] });
    const all = { kafka } as never;
    expect(() => (kind === 'schemas' ? new SchemaRegistry(chart, kind, all) : kind === 'connect' ? new Connect(chart, kind, all) : new KsqlDb(chart, kind, all)))
      .toThrow(`test/${kind}: kafka = "" is invalid: the cluster has no internal client listener`);
  });

  test('fails if its name is too long for its user on the cluster, naming its id', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    const id = `${kind}-${'x'.repeat(40)}`;
    const all = { kafka } as never;
    expect(() => (kind === 'schemas' ? new SchemaRegistry(chart, id, all) : kind === 'connect' ? new Connect(chart, id, all) : new KsqlDb(chart, id, all)))
      .toThrow(`test/${id}: id = "${id}" is invalid: the component's object name is also its user's name on the Kafka cluster`);
  });
});

describe('a component newer than its Schema Registry', () => {
  test.each<Kind>(['connect', 'ksql'])('fails for %s', kind => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events', { version: ConfluentVersion.V8_1 });
    const schemaRegistry = new SchemaRegistry(chart, 'schemas', { kafka, version: ConfluentVersion.V8_0 });
    const all = { kafka, schemaRegistry, version: ConfluentVersion.V8_1 } as never;
    expect(() => (kind === 'connect' ? new Connect(chart, kind, all) : new KsqlDb(chart, kind, all)))
      .toThrow(`test/${kind}: version = "${ConfluentVersion.V8_1.version}" is invalid: it is newer than the Schema Registry`);
  });
});

describe('ksqlDB in application mode', () => {
  test('fails if it names peers for a REST API it does not run', () => {
    expect(() => build('ksql', { queries: 'CREATE STREAM s (id INT) WITH (kafka_topic=\'s\', value_format=\'JSON\', partitions=1);', peers: [ClientPeer.namespace('apps')] }))
      .toThrow('test/ksql: peers = "1 peers" is invalid: in application mode (queries) the REST API is off');
  });
});

describe('a Schema Registry imported by its URL', () => {
  test('Connect and ksqlDB in another namespace use it, and no rule of its is touched', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const kafka = new KafkaCluster(chart, 'events');
    const registry: ISchemaRegistry = SchemaRegistry.fromUrl(chart, 'shared', { url: 'http://schemas.shared.svc:8081/', version: ConfluentVersion.V8_0 });
    expect(registry.imported).toBe(true);
    expect(registry.url).toBe('http://schemas.shared.svc:8081');
    new Connect(chart, 'connect', { kafka, schemaRegistry: registry, version: ConfluentVersion.V8_0 });
    const ksql: IKsqlDb = new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: registry, version: ConfluentVersion.V8_0 });
    const objects = synth(chart);
    expect(find(objects, 'ConfigMap', 'connect-config').data.CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL).toBe('http://schemas.shared.svc:8081');
    expect(find(objects, 'ConfigMap', 'ksql-config').data.KSQL_KSQL_SCHEMA_REGISTRY_URL).toBe('http://schemas.shared.svc:8081');
    expect(ksql.serviceId).toBe('apps-ksql_');
  });

  test.each([
    [{ url: 'schemas:8081', version: ConfluentVersion.V8_0 }, 'test/shared: url = "schemas:8081" is invalid'],
    [{ url: 'http://schemas:8081/path', version: ConfluentVersion.V8_0 }, 'url = "http://schemas:8081/path" is invalid'],
    [{ url: 'http://schemas:8081', version: '8.0' as never }, 'test/shared: version = "8.0" is invalid'],
  ])('fails on %j', (attributes, message) => {
    expect(() => SchemaRegistry.fromUrl(new Chart(Testing.app(), 'test'), 'shared', attributes)).toThrow(message);
  });
});

describe('Connect egress', () => {
  test('egressPeers reach the systems connectors talk to; plugin downloads need HTTPS anywhere', () => {
    const { chart } = build('connect', {
      egressPolicy: true,
      egressPeers: [ClientPeer.ipBlock('10.40.0.0/16')],
      plugins: [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6', 'a'.repeat(64))],
    });
    const egress = find(synth(chart), 'NetworkPolicy', 'connect').spec.egress;
    expect(egress).toContainEqual({ ports: [{ protocol: 'TCP', port: 443 }] });
    expect(egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.40.0.0/16' } }] });
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-connect', 'app.kubernetes.io/instance': 'connect' } } }], ports: [{ protocol: 'TCP', port: 8083 }] });
  });

  test('without plugins nothing leaves but to Kafka, the workers and DNS', () => {
    const { chart } = build('connect', { egressPolicy: true });
    const egress = find(synth(chart), 'NetworkPolicy', 'connect').spec.egress;
    expect(egress.flatMap((r: any) => r.ports ?? []).map((p: any) => p.port).sort()).toEqual([53, 53, 8083, 9092]);
  });
});

import { Chart, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-27';
import { checkedObjects, configOf, find, findAll, propertiesOf, registryContainer, synthRegistry } from './fixture';
import { ConfluentVersion, ExternalAccess, KafkaCluster, KafkaClusterProps, KRaftMode, Listener } from '../../src';
import { COMPONENT_CONFIG_HASH } from '../../src/core/component-workload';
import { KafkaConfigError } from '../../src/core/errors';
import { warningsOf } from '../../src/core/warnings';
import { SchemaRegistry } from '../../src/schema-registry/schema-registry';
import { SchemaRegistryProps } from '../../src/schema-registry/schema-registry-props';
import { PLAINTEXT_LISTENERS } from '../kafka/fixture';
import { expectDeterministic } from '../support/validate';

const SELECTOR = {
  'app.kubernetes.io/name': 'schema-registry',
  'app.kubernetes.io/instance': 'schemas',
  'app.kubernetes.io/component': 'schema-registry',
};

/** The error a registry with `props` on a default cluster `events` fails with. */
function errorOf(props: Omit<SchemaRegistryProps, 'kafka'>, cluster: KafkaClusterProps = {}): string {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events', cluster);
  try {
    new SchemaRegistry(chart, 'schemas', { kafka, ...props });
  } catch (e) {
    expect(e).toBeInstanceOf(KafkaConfigError);
    return (e as Error).message;
  }
  throw new Error('expected a KafkaConfigError');
}

describe('created with default properties', () => {
  const { objects, registry } = synthRegistry();
  const deployment = find(objects, 'Deployment', 'schemas');
  const container = registryContainer(deployment);
  const props = propertiesOf(objects, deployment);

  test('a Deployment of 2 instances that never drops below 2 during a roll', () => {
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name)).toEqual(['schemas']);
    expect(findAll(objects, 'StatefulSet').map(s => s.metadata.name)).not.toContain('schemas');
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(deployment.spec.selector).toEqual({ matchLabels: SELECTOR });
  });

  test('runs the cluster\'s release of cp-schema-registry, pinned by tag', () => {
    expect(registry.version).toBe(ConfluentVersion.LATEST);
    expect(container.image).toBe(`docker.io/confluentinc/cp-schema-registry:${ConfluentVersion.LATEST.version}`);
    expect(container.imagePullPolicy).toBe('IfNotPresent');
  });

  test('a client Service on 8081 and the URL clients use', () => {
    const svc = find(objects, 'Service', 'schemas');
    expect(svc.spec).toEqual({ type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'https', port: 8081, targetPort: 8081, protocol: 'TCP' }] });
    expect(registry.url).toBe('https://schemas.kafka.svc.cluster.local:8081');
    expect(registry.serviceName).toBe('schemas');
    expect(registry.port).toBe(8081);
    expect(container.ports).toEqual([{ name: 'https', containerPort: 8081, protocol: 'TCP' }]);
  });

  test('stores schemas in the cluster over its bootstrap Service, in _schemas with the cluster\'s replication factor', () => {
    expect(props).toMatchObject({
      'listeners': 'https://0.0.0.0:8081',
      'kafkastore.security.protocol': 'SASL_SSL',
      'kafkastore.bootstrap.servers': 'SASL_SSL://events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      'kafkastore.topic': '_schemas',
      'kafkastore.topic.replication.factor': '3',
      'schema.registry.group.id': 'schema-registry',
    });
    expect(registry.topic).toBe('_schemas');
    expect(registry.kafka.clusterName).toBe('events');
  });

  test('every instance is leader-eligible and advertises its pod IP', () => {
    expect(props['leader.eligibility']).toBe('true');
    expect(container.env.slice(0, 2)).toEqual([
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'SCHEMA_REGISTRY_HOST_NAME', value: '$(POD_IP)' },
    ]);
  });

  test('connects as its own SCRAM user over TLS: JAAS line by Secret reference, only ca.crt mounted', () => {
    expect(props).toMatchObject({
      'kafkastore.sasl.mechanism': 'SCRAM-SHA-512',
      'kafkastore.ssl.truststore.type': 'PEM',
      'kafkastore.ssl.truststore.location': '/mnt/kafka-ca/ca.crt',
    });
    expect(props['kafkastore.sasl.jaas.config']).toBeUndefined();
    expect(container.env[2]).toEqual({ name: 'SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG', valueFrom: { secretKeyRef: { name: 'events-user-schemas', key: 'sasl.jaas.config' } } });
    expect(deployment.spec.template.spec.volumes).toContainEqual({ name: 'kafka-ca', secret: { secretName: 'events-user-schemas-tls', items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 } });
    expect(container.volumeMounts).toContainEqual({ name: 'kafka-ca', mountPath: '/mnt/kafka-ca', readOnly: true });
  });

  test('its user has exactly the ACLs of its topic and election group', () => {
    expect(registry.user.principal).toBe('User:schemas');
    expect(registry.user.acls.map(a => a._cliArguments().join(' '))).toEqual([
      '--topic _schemas --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--group schema-registry --resource-pattern-type prefixed --operation Describe --operation Read',
    ]);
  });

  test('exactly the library\'s properties, and never SCHEMA_REGISTRY_PORT', () => {
    expect(Object.keys(props).sort()).toEqual([
      'authentication.method', 'authentication.realm', 'authentication.roles', 'authentication.skip.paths',
      'host.name', 'inter.instance.protocol', 'kafkastore.bootstrap.servers', 'kafkastore.sasl.mechanism', 'kafkastore.security.protocol',
      'kafkastore.ssl.truststore.location', 'kafkastore.ssl.truststore.type', 'kafkastore.topic',
      'kafkastore.topic.replication.factor', 'leader.eligibility', 'listeners', 'schema.registry.group.id', 'sni.host.check.enabled',
      'ssl.keystore.location', 'ssl.keystore.type', 'ssl.truststore.location', 'ssl.truststore.type',
    ]);
    expect(Object.keys(configOf(objects, deployment))).not.toContain('SCHEMA_REGISTRY_PORT');
    expect(deployment.spec.template.spec.enableServiceLinks).toBe(false);
  });

  test('1 GiB memory request = limit, 250m CPU and no CPU limit; heap is three quarters of the request', () => {
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '1Gi' } });
    expect(configOf(objects, deployment).SCHEMA_REGISTRY_HEAP_OPTS).toBe('-Xms768m -Xmx768m');
    expect(configOf(objects, deployment).LOG_DIR).toBe('/var/log/confluent');
  });

  test('probes: generous startup and liveness, over HTTPS on the one path open without credentials', () => {
    const get = { path: '/v1/metadata/id', port: 'https', scheme: 'HTTPS' };
    expect(container.startupProbe).toEqual({ httpGet: get, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 30 });
    expect(container.readinessProbe).toEqual({ httpGet: get, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3, successThreshold: 1 });
    expect(container.livenessProbe).toEqual({ httpGet: get, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 });
    // The startup window covers several 40 s waits for Kafka by the image's ensure step.
    expect(container.startupProbe.periodSeconds * container.startupProbe.failureThreshold).toBeGreaterThanOrEqual(300);
  });

  test('a PodDisruptionBudget lets one instance go at a time', () => {
    const pdb = find(objects, 'PodDisruptionBudget', 'schemas');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR } });
  });

  test('a NetworkPolicy opens 8081 to the other instances only by default, nothing else', () => {
    const np = find(objects, 'NetworkPolicy', 'schemas');
    expect(np.spec).toEqual({
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: SELECTOR } }], ports: [{ protocol: 'TCP', port: 8081 }] }],
    });
  });

  test('recommended labels, part of the Kafka cluster', () => {
    for (const kind of ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount', 'PodDisruptionBudget', 'NetworkPolicy']) {
      const name = kind === 'ConfigMap' ? 'schemas-config' : 'schemas';
      expect([kind, find(objects, kind, name).metadata.labels]).toEqual([kind, {
        ...SELECTOR,
        'app.kubernetes.io/managed-by': 'cdk8s-kafka',
        'app.kubernetes.io/part-of': 'events',
        'app.kubernetes.io/version': ConfluentVersion.LATEST.version,
      }]);
    }
    expect(deployment.spec.template.metadata.labels).toEqual(SELECTOR);
  });

  test('pods: restricted, no API token, own ServiceAccount, read-only root with writable config, logs and tmp', () => {
    const spec = deployment.spec.template.spec;
    expect(find(objects, 'ServiceAccount', 'schemas').automountServiceAccountToken).toBe(false);
    expect(spec.serviceAccountName).toBe('schemas');
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(container.volumeMounts.map((m: any) => m.mountPath)).toEqual(['/etc/schema-registry', '/var/log/confluent', '/tmp', '/mnt/kafka-ca', '/mnt/rest-tls', '/mnt/rest-auth']);
    expect(spec.terminationGracePeriodSeconds).toBe(30);
  });

  test('no headless Service and nothing cluster-scoped', () => {
    expect(findAll(objects, 'Service').map(s => s.metadata.name).filter(n => n.startsWith('schemas'))).toEqual(['schemas']);
    expect(objects.filter(o => ['ClusterRole', 'ClusterRoleBinding', 'Namespace'].includes(o.kind))).toEqual([]);
  });

  test('prints no warning', () => {
    expect(warningsOf(registry)).toEqual([]);
  });

  test('is deterministic', () => {
    expectDeterministic(() => {
      const app = Testing.app();
      const chart = new Chart(app, 'c', { namespace: 'kafka' });
      new SchemaRegistry(chart, 'schemas', { kafka: new KafkaCluster(chart, 'events'), properties: { 'schema.compatibility.level': 'full' } });
      return app;
    });
  });
});

describe('wiring to the Kafka cluster', () => {
  test('two clusters and two registries in one chart never cross-wire', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'data' });
    const events = new KafkaCluster(chart, 'events');
    const audit = new KafkaCluster(chart, 'audit', { mode: KRaftMode.COMBINED, replicationFactor: 1, minInSyncReplicas: 1, brokers: { replicas: 1 } });
    const a = new SchemaRegistry(chart, 'schemas', { kafka: events });
    const b = new SchemaRegistry(chart, 'audit-schemas', { kafka: audit });
    const objects = checkedObjects(chart);
    const propsA = propertiesOf(objects, find(objects, 'Deployment', 'schemas'));
    const propsB = propertiesOf(objects, find(objects, 'Deployment', 'audit-schemas'));
    expect(propsA['kafkastore.bootstrap.servers']).toBe('SASL_SSL://events-kafka-bootstrap.data.svc.cluster.local:9092');
    expect(propsB['kafkastore.bootstrap.servers']).toBe('SASL_SSL://audit-kafka-bootstrap.data.svc.cluster.local:9092');
    expect(propsA['kafkastore.topic.replication.factor']).toBe('3');
    expect(propsB['kafkastore.topic.replication.factor']).toBe('1');
    // Each registry selects only its own pods.
    expect(find(objects, 'Service', 'schemas').spec.selector['app.kubernetes.io/instance']).toBe('schemas');
    expect(find(objects, 'Service', 'audit-schemas').spec.selector['app.kubernetes.io/instance']).toBe('audit-schemas');
    expect(find(objects, 'Deployment', 'audit-schemas').metadata.labels['app.kubernetes.io/part-of']).toBe('audit');
    expect([a.url, b.url]).toEqual(['https://schemas.data.svc.cluster.local:8081', 'https://audit-schemas.data.svc.cluster.local:8081']);
  });

  test('an imported cluster in another namespace: every bootstrap entry gets the scheme, its replication factor is used', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    const kafka = KafkaCluster.fromBootstrap(chart, 'shared', {
      bootstrapServers: 'kafka-0.example.com:9092, kafka-1.example.com:9092', version: ConfluentVersion.V8_0, replicationFactor: 2,
    });
    const registry = new SchemaRegistry(chart, 'schemas', { kafka });
    const objects = checkedObjects(chart);
    const props = propertiesOf(objects, find(objects, 'Deployment', 'schemas'));
    expect(props['kafkastore.bootstrap.servers']).toBe('PLAINTEXT://kafka-0.example.com:9092,PLAINTEXT://kafka-1.example.com:9092');
    expect(props['kafkastore.topic.replication.factor']).toBe('2');
    expect(registry.version).toBe(ConfluentVersion.V8_0);
  });

  test('a cluster in another chart with the same namespace is fine', () => {
    const app = Testing.app();
    const kafka = new KafkaCluster(new Chart(app, 'kafka', { namespace: 'data' }), 'events');
    const chart = new Chart(app, 'apps', { namespace: 'data' });
    new SchemaRegistry(chart, 'schemas', { kafka });
    // The registry's user (Certificate, credentials) lives with the cluster: check both charts.
    const objects = checkedObjects(app);
    expect(propertiesOf(objects, find(objects, 'Deployment', 'schemas'))['kafkastore.bootstrap.servers'])
      .toBe('SASL_SSL://events-kafka-bootstrap.data.svc.cluster.local:9092');
  });

  test('registries on two clusters may both use _schemas', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    new SchemaRegistry(chart, 'a', { kafka: new KafkaCluster(chart, 'one') });
    expect(() => new SchemaRegistry(chart, 'b', { kafka: new KafkaCluster(chart, 'two') })).not.toThrow();
  });

  test('a second registry on one cluster with its own topic gets its own election group', () => {
    const { objects } = synthRegistry({}, {}, (chart, kafka) => {
      new SchemaRegistry(chart, 'payments-schemas', { kafka, topic: '_schemas-payments' });
    });
    const props = propertiesOf(objects, find(objects, 'Deployment', 'payments-schemas'));
    expect(props['kafkastore.topic']).toBe('_schemas-payments');
    expect(props['schema.registry.group.id']).toBe('schema-registry-_schemas-payments');
  });

  test('without a chart namespace, the URL is the short Service name', () => {
    const chart = new Chart(Testing.app(), 'test');
    const registry = new SchemaRegistry(chart, 'schemas', { kafka: new KafkaCluster(chart, 'events', { listeners: PLAINTEXT_LISTENERS }) });
    expect(registry.url).toBe('http://schemas:8081');
  });

  test('clusterDomain is used in the URL', () => {
    expect(synthRegistry({ clusterDomain: 'corp.internal' }).registry.url).toBe('https://schemas.kafka.svc.corp.internal:8081');
  });
});

describe.each([ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1])('on CP %s', (version) => {
  const { objects, registry } = synthRegistry({}, { version });
  const deployment = find(objects, 'Deployment', 'schemas');

  test('runs the cluster\'s release and validates', () => {
    expect(registry.version).toBe(version);
    expect(registryContainer(deployment).image).toBe(`docker.io/confluentinc/cp-schema-registry:${version.version}`);
  });

  test('probes are httpGet, which needs no tool in the image (8.1+ images have no curl)', () => {
    const c = registryContainer(deployment);
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) expect(probe.exec).toBeUndefined();
  });

  test('an older registry on these brokers is supported', () => {
    expect(() => synthRegistry({ version: ConfluentVersion.V7_9 }, { version })).not.toThrow();
  });
});

describe('settings', () => {
  test('replicas, resources, image and pull policy', () => {
    const { objects } = synthRegistry({
      replicas: 3,
      resources: { memory: { request: Size.gibibytes(2) }, cpu: { request: Cpu.millis(500), limit: Cpu.units(1) } },
      image: { registry: 'registry.example.com/mirror' },
      imagePullPolicy: ImagePullPolicy.ALWAYS,
    });
    const deployment = find(objects, 'Deployment', 'schemas');
    const c = registryContainer(deployment);
    expect(deployment.spec.replicas).toBe(3);
    expect(c.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } });
    expect(configOf(objects, deployment).SCHEMA_REGISTRY_HEAP_OPTS).toBe('-Xms1536m -Xmx1536m');
    expect(c.image).toBe(`registry.example.com/mirror/cp-schema-registry:${ConfluentVersion.LATEST.version}`);
    expect(c.imagePullPolicy).toBe('Always');
  });

  test('user properties become SCHEMA_REGISTRY_* variables; customProperties skip the known-key check', () => {
    const { objects } = synthRegistry({
      properties: { 'schema.compatibility.level': 'full_transitive', 'kafkastore.timeout.ms': '1000' },
      customProperties: { 'resource.extension.class': 'com.example.Ext' },
    });
    const cm = configOf(objects, find(objects, 'Deployment', 'schemas'));
    expect(cm.SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL).toBe('full_transitive');
    expect(cm.SCHEMA_REGISTRY_KAFKASTORE_TIMEOUT_MS).toBe('1000');
    expect(cm.SCHEMA_REGISTRY_RESOURCE_EXTENSION_CLASS).toBe('com.example.Ext');
  });

  test('a configuration change changes the pod template hash, so the pods roll', () => {
    const hash = (props: Omit<SchemaRegistryProps, 'kafka'>) =>
      find(synthRegistry(props).objects, 'Deployment', 'schemas').spec.template.metadata.annotations[COMPONENT_CONFIG_HASH];
    const base = hash({});
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(hash({})).toBe(base);
    expect(hash({ properties: { 'schema.compatibility.level': 'full' } })).not.toBe(base);
    expect(hash({ resources: { memory: { request: Size.gibibytes(2) } } })).not.toBe(base);
    expect(hash({ topic: '_schemas-v2' })).not.toBe(base);
  });

  test('one replica: no PodDisruptionBudget (it would block every drain), and a warning', () => {
    const { objects, registry } = synthRegistry({ replicas: 1 });
    expect(findAll(objects, 'PodDisruptionBudget').map(p => p.metadata.name)).not.toContain('schemas');
    expect(warningsOf(registry)).toEqual([expect.stringContaining('replicas is 1')]);
  });

  test('the NetworkPolicy can be left out', () => {
    const { objects } = synthRegistry({ networkPolicy: false });
    expect(findAll(objects, 'NetworkPolicy').map(n => n.metadata.name)).not.toContain('schemas');
  });
});

describe('errors', () => {
  test.each([0, -1, 1.5])('fails if replicas is %s', (replicas) => {
    expect(errorOf({ replicas })).toBe(`test/schemas: replicas = ${replicas} is invalid: it is a whole number of instances, from 1 to 100. Use 2, so one instance serves while another restarts.`);
  });

  test('fails if the memory request leaves too small a heap', () => {
    expect(errorOf({ resources: { memory: { request: Size.mebibytes(256) } } })).toBe(
      'test/schemas: resources.memory.request = "256Mi" is invalid: it leaves a JVM heap of 192m, below the 256m minimum ' +
      '(Schema Registry keeps its schema cache on the heap, so the heap is 75 % of the request). Request at least 342Mi.');
  });

  test('fails if the memory limit is below the request', () => {
    expect(errorOf({ resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }))
      .toMatch(/^test\/schemas: resources\.memory\.limit = "1Gi" is invalid: it is below the memory request \(2Gi\)/);
  });

  test.each([
    ['kafkastore.topic', 'use the topic prop'],
    ['kafkastore.bootstrap.servers', 'it is the kafka prop\'s bootstrap address'],
    ['kafkastore.topic.replication.factor', 'it is the kafka prop\'s replicationFactor'],
    ['listeners', 'the REST listener is http(s)://0.0.0.0:8081; the Service, probes and NetworkPolicy follow it'],
    ['host.name', 'each pod advertises its pod IP so the other instances can forward writes to it'],
    ['schema.registry.group.id', 'it is derived from the topic prop, so registries that share a topic elect one leader'],
    ['leader.eligibility', 'every instance is leader-eligible, so any one can take over'],
    ['port', 'the image exits when SCHEMA_REGISTRY_PORT is set; the port comes from the listener'],
  ])('fails if properties set %s, which the library owns', (key, reason) => {
    expect(errorOf({ properties: { [key]: 'x' } })).toBe(
      `test/schemas: properties['${key}'] = "x" is invalid: the library sets ${key} itself (${reason}). Remove it from the map.`);
  });

  test('fails if customProperties set an owned key', () => {
    expect(errorOf({ customProperties: { 'kafkastore.topic': 'x' } })).toMatch(/^test\/schemas: customProperties\['kafkastore.topic'\] = "x" is invalid: the library sets kafkastore.topic itself/);
  });

  test('fails on an unknown property, with a suggestion', () => {
    expect(errorOf({ properties: { 'schema.compatibility.levle': 'full' } })).toBe(
      'test/schemas: properties[\'schema.compatibility.levle\'] = "full" is invalid: schema.compatibility.levle is not a Schema Registry ' +
      `configuration of CP ${ConfluentVersion.LATEST.line} (Kafka ${ConfluentVersion.LATEST.kafkaVersion}). ` +
      'Did you mean \'schema.compatibility.level\'? If a plugin reads it, move it to customProperties.');
  });

  test('fails if the cluster is in another namespace', () => {
    const app = Testing.app();
    const kafka = new KafkaCluster(new Chart(app, 'kafka', { namespace: 'kafka' }), 'events');
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    expect(() => new SchemaRegistry(chart, 'schemas', { kafka })).toThrow(
      'apps/schemas: kafka = "kafka/events" is invalid: it lives in namespace kafka and this component in apps, so its in-cluster address ' +
      'would not resolve here. Put both in one namespace, or reference it by its explicit address with KafkaCluster.fromBootstrap(...).');
  });

  test('fails if the registry is newer than the brokers', () => {
    expect(errorOf({ version: ConfluentVersion.V8_1 }, { version: ConfluentVersion.V8_0 })).toBe(
      `test/schemas: version = "${ConfluentVersion.V8_1.version}" is invalid: it is newer than the Kafka brokers (${ConfluentVersion.V8_0.version}); ` +
      'Confluent upgrades brokers first, and components newer than their brokers are not a supported combination. ' +
      'Upgrade the cluster to 8.1 first, or use 8.0 for this component.');
  });

  test('fails without a cluster', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    expect(() => new SchemaRegistry(chart, 'schemas', {} as SchemaRegistryProps)).toThrow(
      /^test\/schemas: kafka = undefined is invalid: it is required\. Give a Kafka cluster of this app or one imported by address, e\.g\. the KafkaCluster construct/);
  });

  test('fails if two registries of one app share a topic on one cluster', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    new SchemaRegistry(chart, 'schemas', { kafka });
    expect(() => new SchemaRegistry(chart, 'more', { kafka })).toThrow(
      'test/more: topic = "_schemas" is invalid: test/schemas already keeps its schemas in _schemas on this Kafka cluster, and registries ' +
      'that share a topic are one registry. Give this registry its own topic, e.g. topic: "_schemas-more", or scale the other one with replicas.');
  });

  test.each(['', 'has space', '.', '..', 'x'.repeat(250)])('fails on topic %j', (topic) => {
    expect(errorOf({ topic })).toMatch(/^test\/schemas: topic = .* is invalid: a Kafka topic name has 1 to 249 characters/);
  });

  test('fails on a bad clusterDomain or pull policy', () => {
    expect(errorOf({ clusterDomain: 'Not A Domain' })).toMatch(/clusterDomain = "Not A Domain" is invalid: it must be a DNS name/);
    expect(errorOf({ imagePullPolicy: 'Sometimes' as ImagePullPolicy })).toMatch(/imagePullPolicy = "Sometimes" is invalid: it must be one of ImagePullPolicy's values/);
  });

  test('fails if the cluster has no internal client listener', () => {
    process.env.CDK8S_KAFKA_SILENCE_WARNINGS = '1';
    const external = Listener.external({ name: 'ext', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com' }) });
    expect(errorOf({}, { listeners: [external] })).toBe(
      'test/schemas: kafka = "" is invalid: the cluster has no internal client listener, so there is no in-cluster bootstrap address ' +
      'to connect to. Give the cluster a Listener.internal(...), or import one with KafkaCluster.fromBootstrap(...).');
    delete process.env.CDK8S_KAFKA_SILENCE_WARNINGS;
  });

  test('reports every simple violation at once', () => {
    expect(errorOf({ replicas: 0, topic: '' }).split('\n')).toEqual([
      expect.stringMatching(/^test\/schemas: replicas = 0 is invalid/),
      expect.stringMatching(/^test\/schemas: topic = "" is invalid/),
    ]);
  });

  test('fails if the registry id does not give a valid name', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    expect(() => new SchemaRegistry(chart, '1schemas', { kafka: new KafkaCluster(chart, 'events') })).toThrow(/must start with a letter/);
  });

  test('fails if a registry takes the name of another object', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    new SchemaRegistry(chart, 'schemas', { kafka });
    expect(() => new SchemaRegistry(chart, 'Schemas', { kafka, topic: 'other' })).toThrow(/its Service would be named "schemas", which test\/schemas already uses/);
  });
});

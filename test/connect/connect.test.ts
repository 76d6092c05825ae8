import { Chart, Duration, Size, Testing } from 'cdk8s';
import { ConfluentVersion, KafkaCluster } from '../../src';
import { Connect } from '../../src/connect/connect';
import { ConnectConverter, ConnectProps } from '../../src/connect/connect-props';
import { ConnectorOptions } from '../../src/connect/connector';
import { ConnectorPlugin } from '../../src/connect/connector-plugin';
import { ConnectorSecret } from '../../src/connect/connector-secret';
import { warningsOf } from '../../src/core/warnings';
import { SchemaRegistry } from '../../src/schema-registry/schema-registry';
import { find, findAll } from '../support/objects';
import { restrictedProblems } from '../support/restricted';
import { secretRef } from '../support/secrets';
import { expectDeterministic, expectValidChart } from '../support/validate';


interface Built { objects: any[]; connect: Connect; kafka: KafkaCluster }

/** The connector apply Jobs (not the cluster's access Jobs). */
function connectorJobs(objects: any[]): any[] {
  return findAll(objects, 'Job').filter((j: any) => j.metadata.labels['app.kubernetes.io/component'] === 'connector');
}

function build(
  props: Partial<ConnectProps> & { registry?: boolean } = {},
  connectors: Record<string, ConnectorOptions> = {},
  secrets: string[] = [],
): Built {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  const { registry, ...connectProps } = props;
  const schemaRegistry = registry ? new SchemaRegistry(chart, 'schemas', { kafka }) : undefined;
  const connect = new Connect(chart, 'connect', { kafka, schemaRegistry, ...connectProps });
  for (const [name, options] of Object.entries(connectors)) connect.addConnector(name, options);
  const objects = expectValidChart(chart, { external: { secrets } });
  expect(restrictedProblems(objects)).toEqual([]);
  return { objects, connect, kafka };
}

const worker = (objects: any[]) => find(objects, 'ConfigMap', 'connect-config').data;
const deployment = (objects: any[]) => find(objects, 'StatefulSet', 'connect');
const sink: ConnectorOptions = { connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector', config: { 'topics': 'orders', 'connection.url': 'jdbc:postgresql://db:5432/orders' } };

describe('created with default properties', () => {
  const { objects, connect, kafka } = build();

  test('3 workers in a StatefulSet (stable names to advertise) that rolls one at a time behind a headless Service', () => {
    const d = deployment(objects);
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { partition: 0 } });
    expect(d.spec.serviceName).toBe('connect-headless');
    expect(find(objects, 'Service', 'connect-headless').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    // No disk: the workers keep their state in Kafka.
    expect(d.spec.volumeClaimTemplates).toBeUndefined();
    expect(d.spec.template.spec.containers[0].image).toBe(`docker.io/confluentinc/cp-kafka-connect:${kafka.version.version}`);
  });

  test('distributed mode wired to the cluster: group id and internal topics unique per Connect cluster, RF from the cluster', () => {
    expect(connect.groupId).toBe('kafka.connect');
    expect(worker(objects)).toMatchObject({
      CONNECT_BOOTSTRAP_SERVERS: kafka.bootstrapServers,
      CONNECT_GROUP_ID: 'kafka.connect',
      CONNECT_CONFIG_STORAGE_TOPIC: 'kafka.connect-configs',
      CONNECT_OFFSET_STORAGE_TOPIC: 'kafka.connect-offsets',
      CONNECT_STATUS_STORAGE_TOPIC: 'kafka.connect-status',
      CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR: '3',
      CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR: '3',
      CONNECT_STATUS_STORAGE_REPLICATION_FACTOR: '3',
      CONNECT_LISTENERS: 'https://0.0.0.0:8083',
    });
    // The image's configure reads it under nounset; it matches the listener.
    expect(worker(objects).CONNECT_REST_PORT).toBe('8083');
  });

  test('string keys and JSON values without a Schema Registry', () => {
    expect(worker(objects)).toMatchObject({
      CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
      CONNECT_VALUE_CONVERTER: 'org.apache.kafka.connect.json.JsonConverter',
      CONNECT_VALUE_CONVERTER_SCHEMAS_ENABLE: 'false',
    });
  });

  test('each worker advertises its own DNS name (which its certificate names) for request forwarding', () => {
    const env = deployment(objects).spec.template.spec.containers[0].env;
    expect(env.slice(0, 2)).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'CONNECT_REST_ADVERTISED_HOST_NAME', value: '$(POD_NAME).connect-headless.kafka.svc.cluster.local' },
    ]);
    expect(worker(objects).CONNECT_REST_ADVERTISED_LISTENER).toBe('https');
    expect(find(objects, 'Certificate', 'connect-rest-tls').spec.dnsNames).toContain('*.connect-headless.kafka.svc.cluster.local');
  });

  test('the worker and the clients it makes for connectors all connect as its SCRAM user over TLS', () => {
    const spec = deployment(objects).spec.template.spec;
    const config = find(objects, 'ConfigMap', 'connect-config').data;
    for (const prefix of ['CONNECT_', 'CONNECT_PRODUCER_', 'CONNECT_CONSUMER_', 'CONNECT_ADMIN_']) {
      expect([prefix, config[`${prefix}SECURITY_PROTOCOL`], config[`${prefix}SASL_MECHANISM`], config[`${prefix}SSL_TRUSTSTORE_LOCATION`]])
        .toEqual([prefix, 'SASL_SSL', 'SCRAM-SHA-512', '/mnt/kafka-ca/ca.crt']);
      expect(spec.containers[0].env).toContainEqual({ name: `${prefix}SASL_JAAS_CONFIG`, valueFrom: { secretKeyRef: { name: 'events-user-connect', key: 'sasl.jaas.config' } } });
    }
  });

  test('its user may use its internal topics and groups, nothing else by default', () => {
    expect(connect.user.acls.map(a => a._cliArguments().join(' '))).toEqual([
      '--topic kafka.connect-configs --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--topic kafka.connect-offsets --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--topic kafka.connect-status --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--group kafka.connect --resource-pattern-type literal --operation Describe --operation Read',
      '--group connect- --resource-pattern-type prefixed --operation Describe --operation Read',
    ]);
  });

  test('heap is three quarters of the memory request, in KAFKA_HEAP_OPTS', () => {
    expect(worker(objects).KAFKA_HEAP_OPTS).toBe('-Xms1536m -Xmx1536m');
    expect(deployment(objects).spec.template.spec.containers[0].resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '2Gi' } });
  });

  test('probes: with HTTP basic no path is open, so they check that the REST port accepts connections', () => {
    const c = deployment(objects).spec.template.spec.containers[0];
    for (const probe of [c.readinessProbe, c.startupProbe, c.livenessProbe]) {
      expect(probe.tcpSocket).toEqual({ port: 'https' });
      expect(probe.httpGet).toBeUndefined();
    }
  });

  test('a Service on 8083, a PDB, a ServiceAccount without token, restricted pods', () => {
    expect(find(objects, 'Service', 'connect').spec.ports).toEqual([{ name: 'https', port: 8083, targetPort: 8083, protocol: 'TCP' }]);
    expect(find(objects, 'PodDisruptionBudget', 'connect').spec.maxUnavailable).toBe(1);
    expect(find(objects, 'ServiceAccount', 'connect').automountServiceAccountToken).toBe(false);
    expect(deployment(objects).spec.template.spec.enableServiceLinks).toBe(false);
    // Fully qualified with the cluster domain, as every component's url.
    expect(connect.url).toBe('https://connect.kafka.svc.cluster.local:8083');
  });

  test('the REST API admits only this Connect cluster\'s workers and connector Jobs (whose pods it isolates too)', () => {
    const np = find(objects, 'NetworkPolicy', 'connect');
    expect(np.spec.podSelector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'kafka-connect', 'app.kubernetes.io/instance': 'connect' });
    expect(np.spec.ingress).toEqual([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-connect', 'app.kubernetes.io/instance': 'connect' } } }], ports: [{ protocol: 'TCP', port: 8083 }] }]);
  });

  test('connector secrets come from files through the directory config provider', () => {
    expect(worker(objects)).toMatchObject({
      CONNECT_CONFIG_PROVIDERS: 'directory',
      CONNECT_CONFIG_PROVIDERS_DIRECTORY_CLASS: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
    });
  });

  test('is deterministic', () => {
    expectDeterministic(() => {
      const app = Testing.app();
      const chart = new Chart(app, 'c', { namespace: 'kafka' });
      const c = new Connect(chart, 'connect', { kafka: new KafkaCluster(chart, 'events'), plugins: [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6')] });
      c.addConnector('b', sink);
      c.addConnector('a', { ...sink, secrets: { 'connection.password': ConnectorSecret.fromSecret(secretRef('jdbc'), 'password') } });
      return app;
    });
  });
});

describe('Schema Registry wiring', () => {
  test('Avro values by default with the registry URL; string keys', () => {
    const { objects } = build({ registry: true });
    expect(worker(objects)).toMatchObject({
      CONNECT_KEY_CONVERTER: 'org.apache.kafka.connect.storage.StringConverter',
      CONNECT_VALUE_CONVERTER: 'io.confluent.connect.avro.AvroConverter',
      CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL: 'https://schemas.kafka.svc.cluster.local:8081',
    });
    expect(worker(objects).CONNECT_KEY_CONVERTER_SCHEMA_REGISTRY_URL).toBeUndefined();
  });

  test('the converters trust the registry\'s CA and call it as the workers\' own caller, credentials by Secret reference', () => {
    const { objects } = build({ registry: true });
    expect(worker(objects)).toMatchObject({
      CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION: '/mnt/registry-tls/truststore.p12',
      CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE: 'PKCS12',
      CONNECT_VALUE_CONVERTER_BASIC_AUTH_CREDENTIALS_SOURCE: 'USER_INFO',
    });
    const pod = deployment(objects).spec.template.spec;
    expect(pod.containers[0].env).toContainEqual({
      name: 'CONNECT_VALUE_CONVERTER_BASIC_AUTH_USER_INFO', valueFrom: { secretKeyRef: { name: 'schemas-rest-connect', key: 'user-info' } },
    });
    expect(pod.containers[0].env).toContainEqual({
      name: 'CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: 'schemas-rest-keystore', key: 'password' } },
    });
    // Only the truststore of the registry's certificate Secret reaches the workers, never its key.
    expect(pod.volumes).toContainEqual({ name: 'registry-tls', secret: { secretName: 'schemas-rest-tls', items: [{ key: 'truststore.p12', path: 'truststore.p12' }], defaultMode: 0o444 } });
    // The registry's servers know the workers as a caller.
    const registryUsers = find(objects, 'Deployment', 'schemas').spec.template.spec.initContainers.find((c: any) => c.name === 'rest-users');
    expect(registryUsers.env).toContainEqual({ name: 'CDK8S_REST_CALLERS', value: 'admin\nconnect' });
  });

  test('a schema key converter gets the registry too', () => {
    const { objects } = build({ registry: true, keyConverter: ConnectConverter.AVRO });
    expect(worker(objects).CONNECT_KEY_CONVERTER_SCHEMA_REGISTRY_URL).toBe('https://schemas.kafka.svc.cluster.local:8081');
    expect(worker(objects).CONNECT_KEY_CONVERTER_BASIC_AUTH_CREDENTIALS_SOURCE).toBe('USER_INFO');
    expect(() => build({ keyConverter: ConnectConverter.AVRO })).toThrow('test/connect: keyConverter = "avro" is invalid: this converter needs a Schema Registry');
  });

  test('fails if a registry converter has no registry', () => {
    expect(() => build({ converter: ConnectConverter.PROTOBUF })).toThrow('test/connect: converter = "protobuf" is invalid: this converter needs a Schema Registry');
  });
});

describe('plugins', () => {
  test('installed at start by an init container into a volume on the plugin path', () => {
    const { objects } = build({
      plugins: [
        ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6', 'b'.repeat(64)),
        ConnectorPlugin.url({ name: 'debezium-postgres', url: 'https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/2.7.3.Final/debezium-connector-postgres-2.7.3.Final-plugin.tar.gz', sha256: 'a'.repeat(64) }),
      ],
    });
    const spec = deployment(objects).spec.template.spec;
    // After the wait for the cluster's release (core/kafka-version-gate.ts).
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(['wait-for-kafka', 'install-plugins', 'rest-users']);
    const init = spec.initContainers[1];
    expect(init.image).toBe('docker.io/curlimages/curl:8.11.1');
    // One plugin a line (install-plugins.sh): <directory> <format> <url> [<sha256>].
    expect(init.env).toContainEqual({
      name: 'CDK8S_PLUGINS',
      value: [
        `confluentinc-kafka-connect-jdbc zip https://hub-downloads.confluent.io/api/plugins/confluentinc/kafka-connect-jdbc/versions/10.7.6/confluentinc-kafka-connect-jdbc-10.7.6.zip ${'b'.repeat(64)}`,
        `debezium-postgres tar https://repo1.maven.org/maven2/io/debezium/debezium-connector-postgres/2.7.3.Final/debezium-connector-postgres-2.7.3.Final-plugin.tar.gz ${'a'.repeat(64)}`,
      ].join('\n'),
    });
    expect(init.env).toContainEqual({ name: 'CDK8S_PLUGIN_DIR', value: '/opt/connect-plugins' });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'plugins', mountPath: '/opt/connect-plugins', readOnly: true });
    expect(worker(objects).CONNECT_PLUGIN_PATH).toBe('/usr/share/java,/usr/share/confluent-hub-components,/opt/connect-plugins');
  });

  test('a Hub plugin without a checksum works but warns', () => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const connect = new Connect(chart, 'connect', { kafka: new KafkaCluster(chart, 'events'), plugins: [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6')] });
    expect(warningsOf(connect)).toEqual([expect.stringContaining('plugin confluentinc-kafka-connect-jdbc has no sha256')]);
  });

  test('plugins change the pod template, so workers roll to install them', () => {
    const a = deployment(build().objects).spec.template;
    const b = deployment(build({ plugins: [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6')] }).objects).spec.template;
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
  });

  test.each([
    [() => ConnectorPlugin.url({ name: 'x', url: 'https://example.com/x.zip', sha256: '' }), 'ConnectorPlugin.url: options.sha256 = "" is invalid: it is empty'],
    [() => ConnectorPlugin.url({ name: 'x', url: 'https://example.com/x.zip', sha256: undefined as never }), 'ConnectorPlugin.url: options.sha256 = undefined is invalid: it is required'],
    [() => ConnectorPlugin.url({ name: 'x', url: 'http://example.com/x.zip', sha256: 'a'.repeat(64) }), 'ConnectorPlugin.url: options.url = "http://example.com/x.zip" is invalid: it must be an https:// URL'],
    [() => ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6', 'nope'), 'ConnectorPlugin.confluentHub: sha256 = "nope" is invalid: it must be a SHA-256'],
  ])('fails on a bad plugin where it is made (%#)', (make, message) => {
    expect(make).toThrow(message);
  });

  test.each([
    [ConnectorPlugin.url({ name: 'x', url: 'https://example.com/x.rar', sha256: 'a'.repeat(64) }), 'the URL must end in .zip, .tar.gz, .tgz or .jar'],
    [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc'), 'plugins[0] = "confluentinc/kafka-connect-jdbc" is invalid: Confluent Hub coordinates are owner/name:version'],
    [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:latest'), 'with a fixed version'],
  ])('fails on a bad plugin (%#)', (plugin, message) => {
    expect(() => build({ plugins: [plugin] })).toThrow(message);
  });

  test('fails if two plugins use one directory', () => {
    const p = ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6');
    expect(() => build({ plugins: [p, ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.5')] }))
      .toThrow('plugins[1] = "confluentinc/kafka-connect-jdbc:10.7.5" is invalid: plugins[0] installs into the same directory');
  });
});

describe('declarative connectors', () => {
  test('config in a ConfigMap, applied by a Job with PUT /connectors/<name>/config', () => {
    const { objects } = build({}, { 'orders-sink': sink });
    const cm = find(objects, 'ConfigMap', 'connect-orders-sink-connector');
    expect(JSON.parse(cm.data['connector.json'])).toEqual({
      'connection.url': 'jdbc:postgresql://db:5432/orders',
      'connector.class': 'io.confluent.connect.jdbc.JdbcSinkConnector',
      'tasks.max': '1',
      'topics': 'orders',
    });
    const [job] = connectorJobs(objects);
    expect(job.metadata.name).toMatch(/^connect-orders-sink-[0-9a-f]{10}$/);
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'CDK8S_CONNECTOR_URL', value: 'https://connect.kafka.svc.cluster.local:8083/connectors/orders-sink/config' });
    expect(job.spec.template.spec.containers[0].env).toContainEqual({ name: 'CDK8S_CONNECTOR_CONFIG', value: '/config/connector.json' });
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(job.spec.template.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });

  test('a finished apply Job is deleted after an hour, so the next apply runs it again (a lost connector comes back); finishedJobTtl overrides it', () => {
    expect(connectorJobs(build({}, { 'orders-sink': sink }).objects)[0].spec.ttlSecondsAfterFinished).toBe(3600);
    expect(connectorJobs(build({ finishedJobTtl: Duration.minutes(30) }, { 'orders-sink': sink }).objects)[0].spec.ttlSecondsAfterFinished).toBe(1800);
  });

  test('fails on a finishedJobTtl under a minute or not in whole seconds', () => {
    expect(() => build({ finishedJobTtl: Duration.seconds(10) }, { 'orders-sink': sink })).toThrow(
      'test/connect: finishedJobTtl = "10000 ms" is invalid: it must be a cdk8s Duration from 1 minute to 24855 days 3 hours in whole seconds. Use e.g. Duration.hours(1).');
    expect(() => build({ finishedJobTtl: Duration.millis(60500) })).toThrow('test/connect: finishedJobTtl = "60500 ms" is invalid');
  });

  test('anything else in the Job changing (release, tool image) also gives a new Job name: Jobs are immutable', () => {
    const jobName = (props: Partial<ConnectProps>) => connectorJobs(build(props, { 'orders-sink': sink }).objects)[0].metadata.name;
    expect(jobName({ toolImage: 'docker.io/curlimages/curl:8.12.1' })).not.toBe(jobName({}));
    expect(jobName({ version: ConfluentVersion.V8_0 })).toBe(jobName({ version: ConfluentVersion.V8_0 }));
  });

  test('same config → same Job name (does not run again); changed config → new Job name (runs)', () => {
    const jobName = (options: ConnectorOptions) => connectorJobs(build({}, { 'orders-sink': options }).objects)[0].metadata.name;
    expect(jobName(sink)).toBe(jobName({ ...sink, config: { ...sink.config } }));
    expect(jobName({ ...sink, config: { ...sink.config, topics: 'orders,returns' } })).not.toBe(jobName(sink));
    expect(jobName({ ...sink, tasksMax: 4 })).not.toBe(jobName(sink));
  });

  test('secrets are referenced through the config provider and the Secret is mounted on the workers', () => {
    const { objects } = build({}, {
      'orders-sink': { ...sink, secrets: { 'connection.password': ConnectorSecret.fromSecret(secretRef('jdbc-credentials'), 'password') } },
    }, ['jdbc-credentials']);
    const config = JSON.parse(find(objects, 'ConfigMap', 'connect-orders-sink-connector').data['connector.json']);
    expect(config['connection.password']).toBe('${directory:/mnt/connector-secrets/jdbc-credentials:password}');
    const spec = deployment(objects).spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'connector-secret-jdbc-credentials', secret: { secretName: 'jdbc-credentials', optional: true } });
    expect(worker(objects).CONNECT_CONFIG_PROVIDERS_DIRECTORY_PARAM_ALLOWED_PATHS).toBe('/mnt/connector-secrets');
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'connector-secret-jdbc-credentials', mountPath: '/mnt/connector-secrets/jdbc-credentials', readOnly: true });
  });

  test.each([
    [{ ...sink, config: { ...sink.config, 'connection.password': 'hunter2' } }, "test/connect/Connector-orders-sink: config['connection.password'] = \"(hidden)\" is invalid: it looks like a credential in plain text"],
    [{ ...sink, config: { 'aws.secret.access.key': 'AKIA' } }, 'it looks like a credential in plain text'],
    [{ ...sink, config: { name: 'x' } }, "config['name'] = \"x\" is invalid: name is set from the connector's name"],
    [{ ...sink, connectorClass: 'JdbcSink' }, 't/connect: addConnector.options.connectorClass = "JdbcSink" is invalid: it must be a fully qualified Java class name'],
    [{ ...sink, tasksMax: 0 }, 't/connect: addConnector.options.tasksMax = 0 is invalid'],
  ])('fails on a bad connector (%#)', (options, message) => {
    expect(() => build({}, { 'orders-sink': options })).toThrow(message);
  });

  test('fails on a bad Secret reference where it is made', () => {
    expect(() => ConnectorSecret.fromSecret(secretRef('Bad Name'), 'password'))
      .toThrow('ConnectorSecret.fromSecret: secret = "Bad Name" is invalid: it is not a reference to a Secret with a valid name');
  });

  test('never leaks a plain-text password into any object', () => {
    expect(() => build({}, { s: { ...sink, config: { 'sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required password="x";' } } }))
      .toThrow('it looks like a credential in plain text');
  });

  test('fails on a duplicate connector name', () => {
    expect(() => build({}, {}).connect.addConnector('a', sink) && undefined).not.toThrow();
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const connect = new Connect(chart, 'connect', { kafka: new KafkaCluster(chart, 'events') });
    connect.addConnector('a', sink);
    expect(() => connect.addConnector('a', sink)).toThrow('t/connect: addConnector.name = "a" is invalid: the Connect cluster already has a connector with this name');
  });

  test('fails if two connector names would share a ConfigMap (they differ only where names are normalized)', () => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const connect = new Connect(chart, 'connect', { kafka: new KafkaCluster(chart, 'events') });
    connect.addConnector('orders.sink', sink);
    expect(() => connect.addConnector('orders-sink', sink)).toThrow(
      't/connect: connector orders-sink = "connect-orders-sink-connector" is invalid: it would name a ConfigMap that already holds connector orders.sink');
  });

  test.each(['', 'has space', "quote'", 'x'.repeat(101)])('fails on connector name %p', name => {
    expect(() => build({}, { [name]: sink })).toThrow(`name = ${JSON.stringify(name.length > 100 ? name.slice(0, 117) : name)}`);
  });
});

describe('errors and versions', () => {
  test.each([0, -1, 1.5])('fails on replicas %p', replicas => {
    expect(() => build({ replicas })).toThrow(`test/connect: replicas = ${replicas} is invalid: it is a whole number of instances, from 1 to 100`);
  });

  test('fails on a worker property the library owns or does not know', () => {
    expect(() => build({ properties: { 'group.id': 'x' } })).toThrow("test/connect: properties['group.id'] = \"x\" is invalid: the library sets group.id itself (set groupId)");
    expect(() => build({ properties: { 'offset.flush.interval.msx': '1' } })).toThrow('is not a Connect worker configuration');
    expect(() => build({ properties: { 'producer.compression.type': 'zstd', 'offset.flush.interval.ms': '10000' } })).not.toThrow();
  });

  test('fails on a Kafka cluster in another namespace', () => {
    const app = Testing.app();
    const kafka = new KafkaCluster(new Chart(app, 'data', { namespace: 'data' }), 'events');
    expect(() => new Connect(new Chart(app, 'apps', { namespace: 'apps' }), 'connect', { kafka }))
      .toThrow('apps/connect: kafka = "data/events" is invalid: it lives in namespace data and this component in apps');
  });

  test('an imported cluster works from any namespace', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const kafka = KafkaCluster.fromBootstrap(chart, 'external', { bootstrapServers: 'kafka.data.svc.cluster.local:9092', version: ConfluentVersion.V8_0 });
    const connect = new Connect(chart, 'connect', { kafka });
    expect(find(expectValidChart(chart), 'ConfigMap', 'connect-config').data.CONNECT_BOOTSTRAP_SERVERS).toBe('kafka.data.svc.cluster.local:9092');
    expect(connect.version).toBe(ConfluentVersion.V8_0);
  });

  test('fails on workers newer than the brokers', () => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events', { version: ConfluentVersion.V8_0 });
    expect(() => new Connect(chart, 'connect', { kafka, version: ConfluentVersion.V8_1 })).toThrow('t/connect: version = "8.1.1" is invalid: it is newer than the Kafka brokers (8.0.4)');
  });

  test.each([ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1])('%s synthesizes', version => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    new Connect(chart, 'connect', { kafka: new KafkaCluster(chart, 'events', { version }) });
    expect(find(expectValidChart(chart), 'StatefulSet', 'connect').spec.template.spec.containers[0].image).toBe(`docker.io/confluentinc/cp-kafka-connect:${version.version}`);
  });

  test('fails on a memory request too small for a worker heap', () => {
    expect(() => build({ resources: { memory: { request: Size.mebibytes(256) } } })).toThrow('test/connect: resources.memory.request = "256Mi" is invalid');
  });

  test('two clusters in one chart never cross-wire', () => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const a = new KafkaCluster(chart, 'a');
    const b = new KafkaCluster(chart, 'b');
    new Connect(chart, 'ca', { kafka: a });
    new Connect(chart, 'cb', { kafka: b });
    const objects = expectValidChart(chart);
    expect(find(objects, 'ConfigMap', 'ca-config').data.CONNECT_BOOTSTRAP_SERVERS).toBe(a.bootstrapServers);
    expect(find(objects, 'ConfigMap', 'cb-config').data.CONNECT_BOOTSTRAP_SERVERS).toBe(b.bootstrapServers);
    expect(find(objects, 'ConfigMap', 'ca-config').data.CONNECT_GROUP_ID).not.toBe(find(objects, 'ConfigMap', 'cb-config').data.CONNECT_GROUP_ID);
  });
});

describe('connector topics in the workers\' ACLs', () => {
  test('a sink\'s topics are read, its dead-letter queue written; topics.regex warns', () => {
    const { connect } = build({}, {
      'orders-sink': { connectorClass: 'io.example.Sink', config: { 'topics': 'orders, returns', 'errors.deadletterqueue.topic.name': 'orders-dlq' } },
      'audit-sink': { connectorClass: 'io.example.Sink', config: { 'topics.regex': 'audit-.*' } },
    });
    const acls = connect.user.acls.map(a => a._cliArguments().join(' '));
    expect(acls).toContain('--topic orders --resource-pattern-type literal --operation Describe --operation Read');
    expect(acls).toContain('--topic returns --resource-pattern-type literal --operation Describe --operation Read');
    expect(acls).toContain('--topic orders-dlq --resource-pattern-type literal --operation Create --operation Describe --operation Write');
    expect(warningsOf(connect.node.findChild('Connector-audit-sink')).join('\n')).toContain('topics.regex matches topics no ACL can follow');
  });
});

describe('connector topics', () => {
  test('a bad topic in config.topics fails naming the connector and config.topics, not an ACL', () => {
    expect(() => build({}, { 'orders-sink': { ...sink, config: { topics: 'orders, bad topic' } } }))
      .toThrow('test/connect/Connector-orders-sink: config[\'topics\'] = "bad topic" is invalid: it is not a Kafka topic name');
    expect(() => build({}, { 'orders-sink': { ...sink, config: { ...sink.config, 'errors.deadletterqueue.topic.name': '..' } } }))
      .toThrow('config[\'errors.deadletterqueue.topic.name\'] = ".." is invalid');
  });
});

describe('declared topics', () => {
  test('a sink takes KafkaTopic objects: its topics config and the workers\' ACLs name them', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    const orders = kafka.addTopic('orders');
    const returns = kafka.addTopic('returns');
    const connect = new Connect(chart, 'connect', { kafka });
    connect.addConnector('orders-sink', { connectorClass: 'io.example.Sink', topics: [orders, returns] });
    const data = expectValidChart(chart).filter((o: any) => o.kind === 'ConfigMap').map((o: any) => JSON.stringify(o.data)).join('\n');
    expect(data).toContain('\\"topics\\":\\"orders,returns\\"');
    expect(connect.user.acls.map(a => a._cliArguments().join(' '))).toEqual(expect.arrayContaining([
      '--topic orders --resource-pattern-type literal --operation Describe --operation Read',
      '--topic returns --resource-pattern-type literal --operation Describe --operation Read',
    ]));
  });

  test('fails if config also sets topics', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    const connect = new Connect(chart, 'connect', { kafka });
    expect(() => connect.addConnector('s', { connectorClass: 'io.example.Sink', topics: [kafka.addTopic('orders')], config: { topics: 'orders' } }))
      .toThrow("config['topics'] = \"orders\" is invalid: the connector's topics option sets it");
    expect(() => connect.addConnector('r', { connectorClass: 'io.example.Sink', topics: [kafka.addTopic('returns')], config: { 'topics.regex': 'x.*' } }))
      .toThrow("config['topics.regex'] = \"x.*\" is invalid: a sink reads either the topics listed or those a pattern matches");
  });
});

describe('one group per Connect', () => {
  test('fails when two Connect of the app share a group on one Kafka cluster', () => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    new Connect(chart, 'a', { kafka, groupId: 'shared' });
    expect(() => new Connect(chart, 'b', { kafka, groupId: 'shared' }))
      .toThrow('t/b: groupId = "shared" is invalid: t/a already uses Connect group shared on this Kafka cluster');
  });
});

describe('the component\'s user', () => {
  test('a user added first under the component\'s name fails naming the component and its id', () => {
    const chart = new Chart(Testing.app(), 't', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    kafka.addUser('connect');
    expect(() => new Connect(chart, 'connect', { kafka }))
      .toThrow('t/connect: id = "connect" is invalid: the component\'s Kafka user is named after it, and t/events already has a user called connect');
  });
});

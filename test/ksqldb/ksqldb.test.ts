import { Chart, Size, Testing } from 'cdk8s';
import { Cpu, ImagePullPolicy } from 'cdk8s-plus-27';
import {
  configOf, envOf, expectValid, FakeSchemaRegistry, find, findAll, ksqlContainer, property, synthKsql,
} from './fixture';
import { ConfluentVersion, KafkaCluster, KRaftMode, SchemaRegistry } from '../../src';
import { KafkaConfigError } from '../../src/core/errors';
import { warningsOf } from '../../src/core/warnings';
import { KsqlDb } from '../../src/ksqldb/ksqldb';
import { KsqlStateStore } from '../../src/ksqldb/state-store';
import { PLAINTEXT_LISTENERS } from '../kafka/fixture';
import { expectDeterministic } from '../support/validate';

const SELECTOR = { 'app.kubernetes.io/name': 'ksqldb', 'app.kubernetes.io/instance': 'ksql', 'app.kubernetes.io/component': 'ksqldb' };
const sts = (objects: any[]) => find(objects, 'StatefulSet', 'ksql');
const podSpec = (objects: any[]) => sts(objects).spec.template.spec;
const ksqlObjects = (objects: any[]) => objects.filter(o => o.metadata.labels?.['app.kubernetes.io/name'] === 'ksqldb');

describe('created with default properties', () => {
  const { objects, ksql } = synthKsql();

  test('renders its REST certificate and Jobs, a ServiceAccount, its config, a StatefulSet, two Services, a budget and a NetworkPolicy', () => {
    expect(ksqlObjects(objects).map(o => `${o.kind}/${o.metadata.name}`.replace(/-[0-9a-f]{10}$/, '-<hash>'))).toEqual([
      'Certificate/ksql-rest-tls',
      'ServiceAccount/ksql-rest-credentials', 'Role/ksql-rest-credentials', 'RoleBinding/ksql-rest-credentials', 'Job/ksql-rest-credentials-<hash>',
      'NetworkPolicy/ksql-rest-credentials',
      'ServiceAccount/ksql-rest-tls-restart', 'Role/ksql-rest-tls-restart', 'RoleBinding/ksql-rest-tls-restart', 'CronJob/ksql-rest-tls-restart',
      'NetworkPolicy/ksql-rest-tls-restart',
      'ServiceAccount/ksql', 'ConfigMap/ksql-config', 'StatefulSet/ksql', 'Service/ksql', 'Service/ksql-headless',
      'PodDisruptionBudget/ksql', 'NetworkPolicy/ksql',
    ]);
  });

  test('2 servers in a StatefulSet addressed through the headless Service', () => {
    expect(sts(objects).spec.replicas).toBe(2);
    expect(sts(objects).spec.serviceName).toBe('ksql-headless');
    expect(ksql.headlessServiceName).toBe('ksql-headless');
  });

  test('url is the client Service on 8088', () => {
    expect(ksql.url).toBe('https://ksql.kafka.svc.cluster.local:8088');
    expect(ksql.serviceName).toBe('ksql');
    expect(find(objects, 'Service', 'ksql').spec).toEqual({
      type: 'ClusterIP', selector: SELECTOR, ports: [{ name: 'https', port: 8088, targetPort: 8088, protocol: 'TCP' }],
    });
    expect(find(objects, 'Service', 'ksql-headless').spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true, selector: SELECTOR });
  });

  test('runs cp-ksqldb-server of the cluster\'s release with the image\'s own entrypoint', () => {
    const c = ksqlContainer(sts(objects));
    expect(c.image).toBe(`docker.io/confluentinc/cp-ksqldb-server:${ConfluentVersion.LATEST.version}`);
    expect(c.imagePullPolicy).toBe('IfNotPresent');
    expect(c.command).toBeUndefined();
    expect(c.args).toBeUndefined();
    expect(ksql.version).toBe(ConfluentVersion.LATEST);
    expect(ksql.interactive).toBe(true);
  });

  test('connects to the cluster\'s bootstrap address and listens on 8088', () => {
    expect(property(objects, sts(objects), 'bootstrap.servers')).toBe('events-kafka-bootstrap.kafka.svc.cluster.local:9092');
    expect(configOf(objects, sts(objects)).KSQL_LISTENERS).toBe('https://0.0.0.0:8088');
  });

  test('service id derives from namespace and name', () => {
    expect(ksql.serviceId).toBe('kafka-ksql_');
    expect(property(objects, sts(objects), 'ksql.service.id')).toBe('kafka-ksql_');
  });

  test('every topic ksqlDB creates is replicated like the cluster: RF 3, min ISR 2', () => {
    const s = sts(objects);
    expect(Object.fromEntries([
      'ksql.internal.topic.replicas', 'ksql.internal.topic.min.insync.replicas', 'ksql.streams.replication.factor',
      'ksql.streams.topic.min.insync.replicas', 'ksql.logging.processing.topic.replication.factor', 'ksql.streams.producer.acks',
    ].map(k => [k, property(objects, s, k)]))).toEqual({
      'ksql.internal.topic.replicas': '3',
      'ksql.internal.topic.min.insync.replicas': '2',
      'ksql.streams.replication.factor': '3',
      'ksql.streams.topic.min.insync.replicas': '2',
      'ksql.logging.processing.topic.replication.factor': '3',
      'ksql.streams.producer.acks': 'all',
    });
  });

  test('production defaults: processing log topic and stream, one standby per store', () => {
    const s = sts(objects);
    expect(property(objects, s, 'ksql.logging.processing.topic.auto.create')).toBe('true');
    expect(property(objects, s, 'ksql.logging.processing.stream.auto.create')).toBe('true');
    expect(property(objects, s, 'ksql.streams.num.standby.replicas')).toBe('1');
  });

  test('no Schema Registry and no queries file unless given', () => {
    expect(property(objects, sts(objects), 'ksql.schema.registry.url')).toBeUndefined();
    expect(property(objects, sts(objects), 'ksql.queries.file')).toBeUndefined();
  });

  test('each server advertises its own pod DNS name to the others', () => {
    const c = ksqlContainer(sts(objects));
    expect(c.env.slice(0, 2)).toEqual([
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'KSQL_KSQL_ADVERTISED_LISTENER', value: 'https://$(POD_NAME).ksql-headless.kafka.svc.cluster.local:8088' },
    ]);
    // Its certificate names every server under the headless Service.
    expect(find(objects, 'Certificate', 'ksql-rest-tls').spec.dnsNames).toContain('*.ksql-headless.kafka.svc.cluster.local');
  });

  test('connects as its own SCRAM user over TLS; the processing-log appender (which has no security settings) is left out', () => {
    const c = ksqlContainer(sts(objects));
    const config = configOf(objects, sts(objects));
    expect(c.env[2]).toEqual({ name: 'KSQL_SASL_JAAS_CONFIG', valueFrom: { secretKeyRef: { name: 'events-user-ksql', key: 'sasl.jaas.config' } } });
    expect([config.KSQL_SECURITY_PROTOCOL, config.KSQL_SASL_MECHANISM, config.KSQL_SSL_TRUSTSTORE_TYPE, config.KSQL_SSL_TRUSTSTORE_LOCATION])
      // The REST API's truststore (the clients' CA, which signed the brokers' certificate too) serves both.
      .toEqual(['SASL_SSL', 'SCRAM-SHA-512', 'PKCS12', '/mnt/rest-tls/truststore.p12']);
    expect(config.KSQL_LOG4J_PROCESSING_LOG_BROKERLIST).toBeUndefined();
  });

  test('its user may use its service id\'s topics, groups and transactional ids, and read cluster configs', () => {
    expect(ksql.user.acls.map(a => a._cliArguments().join(' '))).toEqual([
      '--cluster --resource-pattern-type literal --operation Describe --operation DescribeConfigs',
      '--topic _confluent-ksql-kafka-ksql_ --resource-pattern-type prefixed --operation All',
      '--group _confluent-ksql-kafka-ksql_ --resource-pattern-type prefixed --operation All',
      '--topic kafka-ksql_ksql_processing_log --resource-pattern-type literal --operation All',
      '--transactional-id kafka-ksql_ --resource-pattern-type literal --operation Describe --operation Write',
      '--transactional-id _confluent-ksql-kafka-ksql_ --resource-pattern-type prefixed --operation Describe --operation Write',
    ]);
  });

  test('4 GiB memory (limit = request), 1 CPU, no CPU limit; heap is half the request', () => {
    expect(ksqlContainer(sts(objects)).resources).toEqual({ requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } });
    expect(configOf(objects, sts(objects)).KSQL_HEAP_OPTS).toBe('-Xms2048m -Xmx2048m');
  });

  test('state store: a 10 GiB emptyDir at /var/lib/kafka-streams, state.dir a subdirectory', () => {
    expect(podSpec(objects).volumes).toContainEqual({ name: 'state', emptyDir: { sizeLimit: '10Gi' } });
    expect(ksqlContainer(sts(objects)).volumeMounts).toContainEqual({ name: 'state', mountPath: '/var/lib/kafka-streams' });
    expect(property(objects, sts(objects), 'ksql.streams.state.dir')).toBe('/var/lib/kafka-streams/state');
    expect(sts(objects).spec.volumeClaimTemplates).toBeUndefined();
  });

  test('probes: over HTTPS on /healthcheck, the path open without credentials; liveness the most patient', () => {
    const c = ksqlContainer(sts(objects));
    const get = { path: '/healthcheck', port: 'https', scheme: 'HTTPS' };
    expect(c.startupProbe).toEqual({ httpGet: get, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 36 });
    expect(c.readinessProbe).toEqual({ httpGet: get, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 });
    expect(c.livenessProbe).toEqual({ httpGet: get, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 });
  });

  test('the REST API: HTTPS from the PKCS#12 keystore, HTTP basic, only the probes\' and the servers\' own paths open', () => {
    expect(configOf(objects, sts(objects))).toMatchObject({
      KSQL_SSL_KEYSTORE_LOCATION: '/mnt/rest-tls/keystore.p12',
      KSQL_SSL_KEYSTORE_TYPE: 'PKCS12',
      KSQL_SSL_TRUSTSTORE_LOCATION: '/mnt/rest-tls/truststore.p12',
      KSQL_AUTHENTICATION_METHOD: 'BASIC',
      KSQL_AUTHENTICATION_REALM: 'KsqlServer-Props',
      KSQL_AUTHENTICATION_ROLES: 'caller',
    });
    // Two servers send each other heartbeats and lag reports, which carry no credentials.
    expect(property(objects, sts(objects), 'authentication.skip.paths')).toBe('/healthcheck,/heartbeat,/lag');
    // The Kafka clients read the same top-level truststore: the clients' CA, which signed the brokers' certificate too.
    expect(property(objects, sts(objects), 'ssl.truststore.type')).toBe('PKCS12');
    expect(ksqlContainer(sts(objects)).env).toContainEqual({ name: 'JDK_JAVA_OPTIONS', value: '-Djava.security.auth.login.config=/mnt/rest-auth/jaas.conf' });
    expect(ksqlContainer(sts(objects)).env).toContainEqual({ name: 'KSQL_SSL_KEYSTORE_PASSWORD', valueFrom: { secretKeyRef: { name: 'ksql-rest-keystore', key: 'password' } } });
    const users = podSpec(objects).initContainers.find((c: any) => c.name === 'rest-users');
    expect(users.env).toContainEqual({ name: 'CDK8S_REST_LOGIN_MODULE', value: 'org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule' });
    expect(users.env).toContainEqual({ name: 'CDK8S_REST_JAAS_SECTION', value: 'KsqlServer-Props' });
  });

  test('startup allows more than the image\'s 180 s wait for Kafka', () => {
    const p = ksqlContainer(sts(objects)).startupProbe;
    expect(p.periodSeconds * p.failureThreshold).toBeGreaterThan(180);
  });

  test('a PodDisruptionBudget lets one server go at a time', () => {
    expect(find(objects, 'PodDisruptionBudget', 'ksql').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR } });
  });

  test('NetworkPolicy: 8088 from the other servers only, nothing else by default', () => {
    expect(find(objects, 'NetworkPolicy', 'ksql').spec).toEqual({
      podSelector: { matchLabels: SELECTOR },
      policyTypes: ['Ingress'],
      ingress: [
        { from: [{ podSelector: { matchLabels: SELECTOR } }], ports: [{ protocol: 'TCP', port: 8088 }] },
      ],
    });
  });

  test('recommended labels: ksqldb, instance = object name, part of the cluster', () => {
    expect(sts(objects).metadata.labels).toEqual({
      ...SELECTOR,
      'app.kubernetes.io/managed-by': 'cdk8s-kafka',
      'app.kubernetes.io/part-of': 'events',
      'app.kubernetes.io/version': ConfluentVersion.LATEST.version,
    });
    expect(sts(objects).spec.template.metadata.labels).toEqual(SELECTOR);
  });

  test('restricted pods without service links or an API token', () => {
    const spec = podSpec(objects);
    expect(spec.enableServiceLinks).toBe(false);
    expect(spec.automountServiceAccountToken).toBe(false);
    expect(ksqlContainer(sts(objects)).securityContext).toMatchObject({ readOnlyRootFilesystem: true, runAsUser: 1000 });
  });

  test('two minutes to stop', () => {
    expect(podSpec(objects).terminationGracePeriodSeconds).toBe(120);
  });

  test('is deterministic', () => {
    expectDeterministic(() => {
      const app = Testing.app();
      const chart = new Chart(app, 'c', { namespace: 'kafka' });
      const kafka = new KafkaCluster(chart, 'events');
      new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: new FakeSchemaRegistry(chart, 'sr', kafka, 'http://sr:8081'), queries: 'CREATE STREAM s AS SELECT * FROM t;' });
      new KsqlDb(chart, 'ksql2', { kafka, stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(20) }) });
      return app;
    });
  });

  test('prints no warning', () => {
    expect(warningsOf(ksql)).toEqual([]);
  });
});

describe('wiring', () => {
  test('a registry of this app is called over HTTPS as the servers\' own caller: its truststore, credentials by Secret reference', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    const schemaRegistry = new SchemaRegistry(chart, 'schemas', { kafka });
    new KsqlDb(chart, 'ksql', { kafka, schemaRegistry });
    const objects = expectValid(chart);
    expect(configOf(objects, sts(objects))).toMatchObject({
      KSQL_KSQL_SCHEMA_REGISTRY_URL: 'https://schemas.kafka.svc.cluster.local:8081',
      KSQL_KSQL_SCHEMA_REGISTRY_SSL_TRUSTSTORE_LOCATION: '/mnt/registry-tls/truststore.p12',
      KSQL_KSQL_SCHEMA_REGISTRY_SSL_TRUSTSTORE_TYPE: 'PKCS12',
      KSQL_KSQL_SCHEMA_REGISTRY_BASIC_AUTH_CREDENTIALS_SOURCE: 'USER_INFO',
    });
    expect(ksqlContainer(sts(objects)).env).toContainEqual({
      name: 'KSQL_KSQL_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO', valueFrom: { secretKeyRef: { name: 'schemas-rest-ksql', key: 'user-info' } },
    });
  });

  test('the Schema Registry URL is set when one is given', () => {
    const { objects } = synthKsql({}, { schemaRegistryUrl: 'http://sr-schema-registry.kafka.svc.cluster.local:8081' });
    expect(configOf(objects, sts(objects)).KSQL_KSQL_SCHEMA_REGISTRY_URL).toBe('http://sr-schema-registry.kafka.svc.cluster.local:8081');
  });

  test('two clusters and two registries in one chart never cross-wire', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const events = new KafkaCluster(chart, 'events');
    const audit = new KafkaCluster(chart, 'audit', { mode: KRaftMode.COMBINED, replicationFactor: 3, minInSyncReplicas: 1 });
    const eventsSr = new FakeSchemaRegistry(chart, 'events-sr', events, 'http://events-sr:8081');
    const auditSr = new FakeSchemaRegistry(chart, 'audit-sr', audit, 'http://audit-sr:8081');
    const a = new KsqlDb(chart, 'analytics', { kafka: events, schemaRegistry: eventsSr });
    const b = new KsqlDb(chart, 'compliance', { kafka: audit, schemaRegistry: auditSr });
    const objects = expectValid(chart);

    const configFor = (name: string) => configOf(objects, find(objects, 'StatefulSet', name));
    expect(configFor('analytics')).toMatchObject({
      KSQL_BOOTSTRAP_SERVERS: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      KSQL_KSQL_SCHEMA_REGISTRY_URL: 'http://events-sr:8081',
      KSQL_KSQL_SERVICE_ID: 'kafka-analytics_',
      KSQL_KSQL_STREAMS_TOPIC_MIN_INSYNC_REPLICAS: '2',
    });
    expect(configFor('compliance')).toMatchObject({
      KSQL_BOOTSTRAP_SERVERS: 'audit-kafka-bootstrap.kafka.svc.cluster.local:9092',
      KSQL_KSQL_SCHEMA_REGISTRY_URL: 'http://audit-sr:8081',
      KSQL_KSQL_SERVICE_ID: 'kafka-compliance_',
      KSQL_KSQL_STREAMS_TOPIC_MIN_INSYNC_REPLICAS: '1',
    });
    expect(find(objects, 'StatefulSet', 'analytics').metadata.labels['app.kubernetes.io/part-of']).toBe('events');
    expect(find(objects, 'StatefulSet', 'compliance').metadata.labels['app.kubernetes.io/part-of']).toBe('audit');
    expect([a.kafka, b.kafka]).toEqual([events, audit]);
    // Each NetworkPolicy selects only its own servers.
    expect(find(objects, 'NetworkPolicy', 'analytics').spec.podSelector.matchLabels['app.kubernetes.io/instance']).toBe('analytics');
    expect(find(objects, 'NetworkPolicy', 'compliance').spec.podSelector.matchLabels['app.kubernetes.io/instance']).toBe('compliance');
  });

  test('the replication settings follow the cluster', () => {
    const { objects } = synthKsql({}, { kafka: { mode: KRaftMode.COMBINED, brokers: { replicas: 1 }, replicationFactor: 1, minInSyncReplicas: 1 } });
    expect(property(objects, sts(objects), 'ksql.internal.topic.replicas')).toBe('1');
    expect(property(objects, sts(objects), 'ksql.streams.replication.factor')).toBe('1');
    expect(property(objects, sts(objects), 'ksql.logging.processing.topic.replication.factor')).toBe('1');
  });

  test('a cluster imported by its address may live in another namespace', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    const kafka = KafkaCluster.fromBootstrap(chart, 'shared', { bootstrapServers: 'kafka.example.com:9092', version: ConfluentVersion.V8_0 });
    const ksql = new KsqlDb(chart, 'ksql', { kafka });
    const objects = expectValid(chart);
    expect(property(objects, sts(objects), 'bootstrap.servers')).toBe('kafka.example.com:9092');
    expect(ksql.version).toBe(ConfluentVersion.V8_0);
    expect(ksql.serviceId).toBe('apps-ksql_');
  });

  test('without a chart namespace, url and advertised names are short', () => {
    const chart = new Chart(Testing.app(), 'test');
    const kafka = new KafkaCluster(chart, 'events', { listeners: PLAINTEXT_LISTENERS });
    const ksql = new KsqlDb(chart, 'ksql', { kafka });
    const objects = expectValid(chart);
    expect(ksql.url).toBe('http://ksql:8088');
    expect(ksql.serviceId).toBe('default-ksql_');
    expect(envOf(ksqlContainer(sts(objects)), 'KSQL_KSQL_ADVERTISED_LISTENER').value).toBe('http://$(POD_NAME).ksql-headless:8088');
  });

  test('clusterDomain changes url and advertised names', () => {
    const { objects, ksql } = synthKsql({ clusterDomain: 'corp.internal' });
    expect(ksql.url).toBe('https://ksql.kafka.svc.corp.internal:8088');
    expect(envOf(ksqlContainer(sts(objects)), 'KSQL_KSQL_ADVERTISED_LISTENER').value).toBe('https://$(POD_NAME).ksql-headless.kafka.svc.corp.internal:8088');
  });
});

describe('settings', () => {
  test('replicas, resources and heap', () => {
    const { objects } = synthKsql({ replicas: 3, resources: { memory: { request: Size.gibibytes(8) }, cpu: { request: Cpu.units(2) } } });
    expect(sts(objects).spec.replicas).toBe(3);
    expect(ksqlContainer(sts(objects)).resources).toEqual({ requests: { cpu: '2', memory: '8Gi' }, limits: { memory: '8Gi' } });
    expect(configOf(objects, sts(objects)).KSQL_HEAP_OPTS).toBe('-Xms4096m -Xmx4096m');
  });

  test('one server: no budget, no standby replicas, and a warning', () => {
    const { objects, ksql } = synthKsql({ replicas: 1 });
    expect(findAll(objects, 'PodDisruptionBudget').map(p => p.metadata.name)).not.toContain('ksql');
    expect(property(objects, sts(objects), 'ksql.streams.num.standby.replicas')).toBeUndefined();
    expect(warningsOf(ksql).join('\n')).toContain('a single ksqlDB server stops every query');
  });

  test('serviceId can be set', () => {
    const { objects, ksql } = synthKsql({ serviceId: 'analytics_' });
    expect(ksql.serviceId).toBe('analytics_');
    expect(property(objects, sts(objects), 'ksql.service.id')).toBe('analytics_');
  });

  test('user properties are rendered and may override the library\'s defaults', () => {
    const { objects } = synthKsql({
      properties: { 'ksql.streams.num.standby.replicas': '0', 'ksql.streams.auto.offset.reset': 'earliest', 'ksql.query.pull.enable.standby.reads': 'true' },
      customProperties: { 'my.udf.setting': 'x' },
    });
    expect(property(objects, sts(objects), 'ksql.streams.num.standby.replicas')).toBe('0');
    expect(property(objects, sts(objects), 'ksql.streams.auto.offset.reset')).toBe('earliest');
    expect(property(objects, sts(objects), 'ksql.query.pull.enable.standby.reads')).toBe('true');
    expect(property(objects, sts(objects), 'my.udf.setting')).toBe('x');
  });

  test('image registry, version and pull policy', () => {
    const { objects } = synthKsql({
      version: ConfluentVersion.V8_0, image: { registry: 'mirror.example.com/confluentinc' }, imagePullPolicy: ImagePullPolicy.ALWAYS,
    });
    expect(ksqlContainer(sts(objects)).image).toBe(`mirror.example.com/confluentinc/cp-ksqldb-server:${ConfluentVersion.V8_0.version}`);
    expect(ksqlContainer(sts(objects)).imagePullPolicy).toBe('Always');
  });

  test('the NetworkPolicy can be left out', () => {
    const { objects } = synthKsql({ networkPolicy: false });
    expect(findAll(objects, 'NetworkPolicy').map(n => n.metadata.name)).not.toContain('ksql');
  });

  test('a configuration change rolls the servers', () => {
    const hash = (props: any) => sts(synthKsql(props).objects).spec.template.metadata.annotations['cdk8s-kafka/config-hash'];
    expect(hash({})).toBe(hash({}));
    expect(hash({ properties: { 'ksql.streams.auto.offset.reset': 'earliest' } })).not.toBe(hash({}));
  });
});

describe('state store', () => {
  test('persistent: a retained volume claim per server at the state directory', () => {
    const { objects } = synthKsql({ stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(50), storageClass: 'gp3' }) });
    const s = sts(objects);
    expect(s.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'state' },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: '50Gi' } } },
    }]);
    expect(s.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    expect(podSpec(objects).volumes.map((v: any) => v.name)).not.toContain('state');
    expect(ksqlContainer(s).volumeMounts).toContainEqual({ name: 'state', mountPath: '/var/lib/kafka-streams' });
    expect(property(objects, s, 'ksql.streams.state.dir')).toBe('/var/lib/kafka-streams/state');
  });

  test('persistent without a StorageClass uses the cluster default', () => {
    const { objects } = synthKsql({ stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(5) }) });
    expect(sts(objects).spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined();
  });

  test('ephemeral with a size limit', () => {
    const { objects } = synthKsql({ stateStore: KsqlStateStore.ephemeral({ sizeLimit: Size.gibibytes(2) }) });
    expect(podSpec(objects).volumes).toContainEqual({ name: 'state', emptyDir: { sizeLimit: '2Gi' } });
  });
});

describe('application (headless) mode with a queries file', () => {
  const queries = '-- enrich orders\nCREATE STREAM orders_enriched AS SELECT * FROM orders;\n';
  const { objects, ksql } = synthKsql({ queries });

  test('the SQL is a ConfigMap mounted read-only, and ksql.queries.file points at it', () => {
    expect(find(objects, 'ConfigMap', 'ksql-queries').data).toEqual({ 'queries.sql': queries });
    expect(podSpec(objects).volumes).toContainEqual({ name: 'queries', configMap: { name: 'ksql-queries' } });
    expect(ksqlContainer(sts(objects)).volumeMounts).toContainEqual({ name: 'queries', mountPath: '/etc/ksqldb-queries', readOnly: true });
    expect(property(objects, sts(objects), 'ksql.queries.file')).toBe('/etc/ksqldb-queries/queries.sql');
    expect(ksql.interactive).toBe(false);
  });

  test('no REST API: no advertised listener, no processing-log stream, probes only see the process', () => {
    const c = ksqlContainer(sts(objects));
    expect(c.env.map((e: any) => e.name)).toEqual(['KSQL_SASL_JAAS_CONFIG']);
    expect(property(objects, sts(objects), 'ksql.logging.processing.stream.auto.create')).toBeUndefined();
    expect(property(objects, sts(objects), 'ksql.logging.processing.topic.auto.create')).toBe('true');
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      expect(probe.httpGet).toBeUndefined();
      expect(probe.exec.command).toEqual(['/bin/bash', '-c', 'kill -0 1']);
    }
  });

  test('the NetworkPolicy admits nothing', () => {
    const np = find(objects, 'NetworkPolicy', 'ksql');
    expect(np.spec.policyTypes).toEqual(['Ingress']);
    expect(np.spec.ingress ?? []).toEqual([]);
  });

  test('changing the SQL rolls the servers', () => {
    const other = synthKsql({ queries: 'CREATE STREAM b AS SELECT * FROM a;' }).objects;
    const hash = (o: any[]) => sts(o).spec.template.metadata.annotations['cdk8s-kafka/config-hash'];
    expect(hash(other)).not.toBe(hash(objects));
  });
});

test.each([ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1])('runs with a %s cluster: its image, valid and restricted', (version) => {
  const { objects, ksql } = synthKsql({}, { kafka: { version } });
  expect(ksql.version).toBe(version);
  expect(ksqlContainer(sts(objects)).image).toBe(`docker.io/confluentinc/cp-ksqldb-server:${version.version}`);
  expect(sts(objects).metadata.labels['app.kubernetes.io/version']).toBe(version.version);
});

describe('errors', () => {
  // Builds once (a second build in the same chart would collide on construct ids).
  const expectError = (build: () => unknown, message: string) => {
    let error: unknown;
    try {
      build();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KafkaConfigError);
    expect((error as Error).message).toContain(message);
  };

  test.each([0, -1, 1.5])('fails if replicas = %s', (replicas) => {
    expectError(() => synthKsql({ replicas }), `test/ksql: replicas = ${replicas} is invalid: it is a whole number of instances, from 1 to 100. Use 2, so one instance serves while another restarts.`);
  });

  test('fails if the memory request leaves too small a heap', () => {
    expectError(() => synthKsql({ resources: { memory: { request: Size.mebibytes(256) } } }),
      'test/ksql: resources.memory.request = "256Mi" is invalid: it leaves a JVM heap of 128m, below the 256m minimum');
  });

  test('fails if the memory limit is below the request', () => {
    expectError(() => synthKsql({ resources: { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(2) } } }),
      'test/ksql: resources.memory.limit = "2Gi" is invalid: it is below the memory request (4Gi)');
  });

  test.each([
    ['ksql.service.id', 'use serviceId'],
    ['bootstrap.servers', 'from kafka.bootstrapServers'],
    ['ksql.streams.replication.factor', 'from the Kafka cluster\'s replicationFactor'],
    ['replication.factor', 'from the Kafka cluster\'s replicationFactor'],
    ['ksql.streams.topic.min.insync.replicas', 'from the Kafka cluster\'s minInSyncReplicas'],
    ['ksql.schema.registry.url', 'use schemaRegistry'],
    ['ksql.streams.state.dir', 'use stateStore'],
    ['ksql.queries.file', 'use queries'],
    ['ksql.advertised.listener', 'each server advertises its own pod DNS name'],
  ])('fails if properties set the owned key %s', (key, reason) => {
    expectError(() => synthKsql({ properties: { [key]: 'x' } }),
      `test/ksql: properties['${key}'] = "x" is invalid: the library sets ${key} itself (${reason}). Remove it from the map.`);
  });

  test('fails if customProperties set an owned key', () => {
    expectError(() => synthKsql({ customProperties: { 'ksql.service.id': 'x' } }), 'test/ksql: customProperties[\'ksql.service.id\'] = "x" is invalid: the library sets ksql.service.id itself');
  });

  test('fails on an unknown property, pointing to customProperties', () => {
    expectError(() => synthKsql({ properties: { 'listner.name': 'x' } }),
      'test/ksql: properties[\'listner.name\'] = "x" is invalid: listner.name is not a ksqlDB server configuration of CP');
  });

  test.each(['', '   \n', '-- nothing yet\n/* later */'])('fails if queries has no statements (%j)', (queries) => {
    expectError(() => synthKsql({ queries }), 'test/ksql: queries = ');
    expectError(() => synthKsql({ queries }), 'is invalid: application mode runs the statements of this text and nothing else, and it has none.');
  });

  test('fails if queries do not fit a ConfigMap', () => {
    expectError(() => synthKsql({ queries: `CREATE STREAM a AS SELECT * FROM b; -- ${'x'.repeat(1024 * 1024)}` }),
      'is invalid: it is stored in a ConfigMap, which holds at most 1 MiB');
  });

  test.each(['', 'my service', 'ksql/1', 'é'])('fails if serviceId %j is not a topic-name prefix', (serviceId) => {
    expectError(() => synthKsql({ serviceId }),
      `test/ksql: serviceId = ${JSON.stringify(serviceId)} is invalid: it prefixes the names of ksqlDB's internal topics, and Kafka topic names use only letters, digits, ".", "_" and "-". Use e.g. "analytics_".`);
  });

  test('fails if serviceId is too long', () => {
    expectError(() => synthKsql({ serviceId: 'a'.repeat(65) }), 'is invalid: it has 65 characters');
  });

  test('fails if the cluster is in another namespace', () => {
    const app = Testing.app();
    const kafka = new KafkaCluster(new Chart(app, 'kafka', { namespace: 'kafka' }), 'events');
    const apps = new Chart(app, 'apps', { namespace: 'apps' });
    expectError(() => new KsqlDb(apps, 'ksql', { kafka }),
      'apps/ksql: kafka = "kafka/events" is invalid: it lives in namespace kafka and this component in apps, so its in-cluster address would not resolve here. Put both in one namespace, or reference it by its explicit address with KafkaCluster.fromBootstrap(...).');
  });

  test('fails if the Schema Registry is in another namespace', () => {
    const app = Testing.app();
    const other = new Chart(app, 'registry', { namespace: 'registry' });
    const chart = new Chart(app, 'apps', { namespace: 'apps' });
    const kafka = KafkaCluster.fromBootstrap(chart, 'shared', { bootstrapServers: 'kafka.example.com:9092', version: ConfluentVersion.V8_0 });
    const sr = new FakeSchemaRegistry(other, 'sr', kafka, 'http://sr.registry:8081');
    expectError(() => new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: sr }),
      'apps/ksql: schemaRegistry = "registry/sr" is invalid: it lives in namespace registry and this component in apps');
  });

  test('fails if ksqlDB is newer than the brokers', () => {
    expectError(() => synthKsql({ version: ConfluentVersion.V8_1 }, { kafka: { version: ConfluentVersion.V8_0 } }),
      `test/ksql: version = "${ConfluentVersion.V8_1.version}" is invalid: it is newer than the Kafka brokers (${ConfluentVersion.V8_0.version})`);
  });

  test('fails if ksqlDB is newer than the Schema Registry', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events', { version: ConfluentVersion.V8_1 });
    const sr = new FakeSchemaRegistry(chart, 'sr', kafka, 'http://sr:8081', ConfluentVersion.V8_0);
    expectError(() => new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: sr }),
      `test/ksql: version = "${ConfluentVersion.V8_1.version}" is invalid: it is newer than the Schema Registry (${ConfluentVersion.V8_0.version})`);
  });

  test('an older ksqlDB than the brokers is accepted', () => {
    const { ksql } = synthKsql({ version: ConfluentVersion.V8_0 }, { kafka: { version: ConfluentVersion.V8_1 } });
    expect(ksql.version).toBe(ConfluentVersion.V8_0);
  });

  test('fails on a bad state store size or StorageClass', () => {
    expectError(() => synthKsql({ stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(0) }) }), 'KsqlStateStore.persistent: options.size = "0 bytes" is invalid: it must be a cdk8s Size');
    expectError(() => synthKsql({ stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(1), storageClass: 'Fast SSD' }) }),
      'KsqlStateStore.persistent: options.storageClass = "Fast SSD" is invalid: it must be a Kubernetes object name');
    expectError(() => synthKsql({ stateStore: KsqlStateStore.ephemeral({ sizeLimit: Size.gibibytes(0) }) }), 'KsqlStateStore.ephemeral: options.sizeLimit = "0 bytes" is invalid');
  });

  test('fails without a Kafka cluster (JavaScript callers)', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    expectError(() => new KsqlDb(chart, 'ksql', {} as any), 'test/ksql: kafka = undefined is invalid: it is required. Give a Kafka cluster of this app or one imported by address, e.g. the KafkaCluster construct, or KafkaCluster.fromBootstrap(...).');
  });

  test('fails if stateStore is not a KsqlStateStore', () => {
    expectError(() => synthKsql({ stateStore: { kind: 'persistent' } as any }), 'test/ksql: stateStore = {"kind":"persistent"} is invalid: it must be a KsqlStateStore');
  });

  test('reports every rule violation at once', () => {
    expect(() => synthKsql({ replicas: 0, queries: '' })).toThrow(/replicas = 0 is invalid[^\n]*\n[^\n]*queries = "" is invalid/);
  });

  test('fails if two constructs would share object names', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    new KsqlDb(chart, 'ksql', { kafka });
    expectError(() => new KsqlDb(chart, 'KSQL', { kafka }), 'test/KSQL: id = "KSQL" is invalid: its Service would be named "ksql", which test/ksql already uses');
  });
});

describe('one service id per ksqlDB', () => {
  test('fails when two ksqlDB of the app share a service id on one Kafka cluster', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    new KsqlDb(chart, 'a', { kafka, serviceId: 'analytics_' });
    expect(() => new KsqlDb(chart, 'b', { kafka, serviceId: 'analytics_' }))
      .toThrow('test/b: serviceId = "analytics_" is invalid: test/a already runs as ksqlDB service analytics_ on this Kafka cluster');
  });
});

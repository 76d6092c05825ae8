import { Chart, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfluentVersion } from '../../src';
import { ResolvedRest } from '../../src/access/rest-security';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../../src/core/component';
import { configKeyCatalog, ConfigScope } from '../../src/core/config-keys';
import { envPropertyName } from '../../src/core/image-env';
import {
  renderSchemaRegistryProperties, schemaRegistryConfigEnv, schemaRegistryContainerEnv, schemaRegistryProbes,
} from '../../src/schema-registry/render-schema-registry';
import {
  DEFAULT_GROUP_ID, DEFAULT_TOPIC, groupIdForTopic, resolveSchemaRegistry, SCHEMA_REGISTRY_OWNED_KEYS, SchemaRegistryInput, SchemaRegistryKafka,
} from '../../src/schema-registry/resolve-schema-registry';
import { PLAIN_REST, PLAINTEXT_CLIENT, scramClient, secureRest as SECURE_REST_OF } from '../support/client-security';

const KAFKA: SchemaRegistryKafka = { bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092', version: ConfluentVersion.V8_0, replicationFactor: 3 };

function resolve(input: SchemaRegistryInput = {}, kafka: SchemaRegistryKafka = KAFKA) {
  const scope = new Construct(new Chart(Testing.app(), 'test', { namespace: 'kafka' }), 'schemas');
  return resolveSchemaRegistry(scope, input, kafka, { name: 'schemas', namespace: 'kafka' });
}

const PLAINTEXT = PLAINTEXT_CLIENT;

const SECURE_REST: ResolvedRest = SECURE_REST_OF('schemas');
const SCRAM = scramClient('schemas');

describe('resolveSchemaRegistry', () => {
  test('defaults', () => {
    const r = resolve();
    expect(r).toMatchObject({
      version: ConfluentVersion.V8_0,
      image: `docker.io/confluentinc/cp-schema-registry:${ConfluentVersion.V8_0.version}`,
      imagePullPolicy: 'IfNotPresent',
      replicas: 2,
      heapBytes: 768 * 2 ** 20,
      bootstrapServers: KAFKA.bootstrapServers,
      host: 'schemas.kafka.svc.cluster.local',
      topic: '_schemas',
      groupId: 'schema-registry',
      replicationFactor: 3,
      properties: {},
      clusterDomain: 'cluster.local',
      network: { policy: true, peers: [], egressDnsPorts: undefined },
    });
    expect(r.resources.memoryRequestBytes).toBe(2 ** 30);
  });

  test('the heap follows the memory request (three quarters, whole MiB)', () => {
    expect(resolve({ resources: { memory: { request: Size.gibibytes(4) } } }).heapBytes).toBe(3 * 2 ** 30);
    expect(resolve({ resources: { memory: { request: Size.mebibytes(1000) } } }).heapBytes).toBe(750 * 2 ** 20);
  });

  test('user properties come back checked and sorted', () => {
    expect(Object.keys(resolve({ properties: { 'schema.compatibility.level': 'full', 'debug': 'true' } }).properties)).toEqual(['debug', 'schema.compatibility.level']);
  });
});

describe('groupIdForTopic', () => {
  test('Confluent\'s default pair for _schemas, a derived group otherwise', () => {
    expect(groupIdForTopic(DEFAULT_TOPIC)).toBe(DEFAULT_GROUP_ID);
    expect(groupIdForTopic('_schemas-payments')).toBe('schema-registry-_schemas-payments');
  });

  test('distinct topics never share a group', () => {
    const topics = ['_schemas', 'schemas', '_schemas-a', 'a', 'schema-registry', '-', '_'];
    expect(new Set(topics.map(groupIdForTopic)).size).toBe(topics.length);
  });
});

describe('renderSchemaRegistryProperties', () => {
  test('every bootstrap entry carries the store protocol as its scheme', () => {
    const props = renderSchemaRegistryProperties(resolve({}, { ...KAFKA, bootstrapServers: 'a:9092,b:9093' }), PLAINTEXT, PLAIN_REST);
    expect(props['kafkastore.bootstrap.servers']).toBe('PLAINTEXT://a:9092,PLAINTEXT://b:9093');
    expect(props['kafkastore.security.protocol']).toBe('PLAINTEXT');
    const secured = renderSchemaRegistryProperties(resolve({}, { ...KAFKA, bootstrapServers: 'a:9092,b:9093' }), SCRAM, PLAIN_REST);
    expect(secured['kafkastore.bootstrap.servers']).toBe('SASL_SSL://a:9092,SASL_SSL://b:9093');
    expect(secured).toMatchObject({ 'kafkastore.security.protocol': 'SASL_SSL', 'kafkastore.sasl.mechanism': 'SCRAM-SHA-512' });
    expect(Object.values(secured).join('\n')).not.toContain('jaas');
  });

  test('keys are sorted and user properties merged', () => {
    const props = renderSchemaRegistryProperties(resolve({ properties: { 'schema.compatibility.level': 'full' } }), PLAINTEXT, PLAIN_REST);
    expect(Object.keys(props)).toEqual([...Object.keys(props)].sort());
    expect(props['schema.compatibility.level']).toBe('full');
  });

  test('every key the library renders is owned, so no user property can override it', () => {
    const rendered = Object.keys(renderSchemaRegistryProperties(resolve(), SCRAM, SECURE_REST));
    expect(rendered.filter(k => SCHEMA_REGISTRY_OWNED_KEYS[k] === undefined)).toEqual([]);
    expect(SCHEMA_REGISTRY_OWNED_KEYS['host.name']).toBeDefined();
  });

  test.each([ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1])('every owned key is a real Schema Registry key on CP %s (no typo in the table)', (version) => {
    const catalog = configKeyCatalog(ConfigScope.SCHEMA_REGISTRY, version.kafkaVersion);
    expect(Object.keys(SCHEMA_REGISTRY_OWNED_KEYS).filter(k => !catalog.isKnown(k))).toEqual([]);
  });
});

describe('schemaRegistryConfigEnv', () => {
  const prefix = COMPONENT_RUNTIME[ConfluentComponent.SCHEMA_REGISTRY].envPrefix;

  test('each property round-trips through the image\'s env-to-property rule', () => {
    const r = resolve({ properties: { 'schema.compatibility.level': 'full' }, customProperties: { 'resource.extension.class': 'com.example.X' } });
    const env = schemaRegistryConfigEnv(r, SCRAM, SECURE_REST);
    const props = renderSchemaRegistryProperties(r, SCRAM, SECURE_REST);
    const back = Object.fromEntries(Object.entries(env).filter(([k]) => k !== 'SCHEMA_REGISTRY_HEAP_OPTS').map(([k, v]) => [envPropertyName(prefix, k), v]));
    expect(back).toEqual(props);
  });

  test('fixed heap, and never SCHEMA_REGISTRY_PORT', () => {
    const env = schemaRegistryConfigEnv(resolve(), PLAINTEXT, PLAIN_REST);
    expect(env.SCHEMA_REGISTRY_HEAP_OPTS).toBe('-Xms768m -Xmx768m');
    expect(env.SCHEMA_REGISTRY_PORT).toBeUndefined();
    expect(env.SCHEMA_REGISTRY_SCHEMA_REGISTRY_GROUP_ID).toBe('schema-registry');
  });
});

describe('schemaRegistryContainerEnv', () => {
  test('POD_IP is defined before HOST_NAME refers to it', () => {
    const env = schemaRegistryContainerEnv(PLAINTEXT);
    expect(env.map(e => e.name)).toEqual(['POD_IP', 'SCHEMA_REGISTRY_HOST_NAME']);
    expect(env[0].valueFrom?.fieldRef?.fieldPath).toBe('status.podIP');
    expect(env[1].value).toBe('$(POD_IP)');
  });

  test('the store\'s JAAS line comes from the user\'s Secret, by reference', () => {
    expect(schemaRegistryContainerEnv(SCRAM)[2]).toEqual({
      name: 'SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG', valueFrom: { secretKeyRef: { name: 'events-user-schemas', key: 'sasl.jaas.config' } },
    });
  });
});

describe('schemaRegistryProbes', () => {
  const probes = schemaRegistryProbes(PLAIN_REST);

  test('startup allows several of the image\'s 40 s waits for Kafka', () => {
    expect(probes.startup.periodSeconds! * probes.startup.failureThreshold!).toBeGreaterThanOrEqual(5 * 40);
  });

  test('liveness is more patient than readiness and never depends on the store', () => {
    expect(probes.liveness.httpGet?.path).toBe('/');
    expect(probes.readiness.httpGet?.path).toBe('/config');
    const window = (p: typeof probes.liveness) => p.periodSeconds! * p.failureThreshold!;
    expect(window(probes.liveness)).toBeGreaterThan(window(probes.readiness));
  });
});

describe('the REST API with TLS and HTTP basic', () => {
  const props = renderSchemaRegistryProperties(resolve(), SCRAM, SECURE_REST);

  test('on 8.x (Jetty 12) the SNI host check is off: probes and followers address pods by IP; 7.9 has no such check', () => {
    expect(props['sni.host.check.enabled']).toBe('false');
    const resolved79 = resolve({ version: ConfluentVersion.V7_9 }, { ...KAFKA, version: ConfluentVersion.V7_9 });
    const old = renderSchemaRegistryProperties(resolved79, SCRAM, SECURE_REST);
    expect(old['sni.host.check.enabled']).toBeUndefined();
  });

  test('serves HTTPS only from the PKCS#12 keystore, and forwards to the leader over it', () => {
    expect(props).toMatchObject({
      'listeners': 'https://0.0.0.0:8081',
      'inter.instance.protocol': 'https',
      'ssl.keystore.location': '/mnt/rest-tls/keystore.p12',
      'ssl.keystore.type': 'PKCS12',
      'ssl.truststore.location': '/mnt/rest-tls/truststore.p12',
      'ssl.truststore.type': 'PKCS12',
    });
    // Passwords come from the Secret by environment, never in the properties.
    expect(Object.keys(props).filter(k => /password/.test(k))).toEqual([]);
  });

  test('refuses callers without credentials: BASIC with a role every caller has, one exact path open', () => {
    expect(props).toMatchObject({
      'authentication.method': 'BASIC',
      'authentication.realm': 'SchemaRegistry-Props',
      'authentication.roles': 'caller',
      'authentication.skip.paths': '/v1/metadata/id',
    });
    // A Jetty path spec of "/" would match every path.
    expect(props['authentication.skip.paths'].split(',')).not.toContain('/');
  });

  test('the probes ask the open path over HTTPS, on the https port', () => {
    const secure = schemaRegistryProbes(SECURE_REST);
    for (const p of [secure.startup, secure.readiness, secure.liveness]) {
      expect({ ...p.httpGet, port: p.httpGet!.port.value }).toEqual({ path: '/v1/metadata/id', port: 'https', scheme: 'HTTPS' });
    }
  });
});

import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfluentVersion, ConnectConverter, KafkaCluster } from '../../src';
import { ConnectProps } from '../../src/connect/connect-props';
import { connectConfigEnv, connectorSecretVolume, connectProbes, renderWorkerProperties } from '../../src/connect/render-connect';
import { connectAcls, OWNED_WORKER_KEYS, resolveConnect } from '../../src/connect/resolve-connect';
import { configKeyCatalog, ConfigScope } from '../../src/core/config-keys';
import { PLAIN_REST, PLAINTEXT_CLIENT, scramClient, secureRest } from '../support/client-security';

// Connect's resolve and render steps, without synthesizing a chart.

const PLAINTEXT = PLAINTEXT_CLIENT;
const SCRAM = scramClient('connect');
const REGISTRY = { url: 'http://schemas.kafka.svc.cluster.local:8081', version: ConfluentVersion.LATEST, imported: true, allowClient: () => undefined, addCaller: () => undefined } as never;

function resolve(props: Partial<ConnectProps> = {}, placement: { namespace?: string } = { namespace: 'kafka' }) {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  return resolveConnect(new Construct(chart, 'connect'), { kafka, ...props }, { name: 'connect', namespace: placement.namespace });
}

describe('resolveConnect', () => {
  test('defaults: 3 workers, a group per namespace, JSON values and string keys without a registry', () => {
    const r = resolve();
    expect(r).toMatchObject({
      replicas: 3,
      groupId: 'kafka.connect',
      converter: ConnectConverter.JSON,
      keyConverter: ConnectConverter.STRING,
      host: 'connect.kafka.svc.cluster.local',
      toolImage: 'docker.io/curlimages/curl:8.11.1',
      network: { policy: true, peers: [], egressDnsPorts: undefined },
      egressPeers: [],
    });
    expect(r.heapBytes).toBe(1536 * 2 ** 20);
    expect(resolve({}, {}).groupId).toBe('connect');
  });

  test('Avro values by default once a registry is wired', () => {
    expect(resolve({ schemaRegistry: REGISTRY }).converter).toBe(ConnectConverter.AVRO);
  });

  test('fails if a schema converter has no registry, reporting it with the other simple rules', () => {
    expect(() => resolve({ converter: ConnectConverter.PROTOBUF, replicas: 0, groupId: 'a b' })).toThrow(
      /replicas = 0 is invalid[^\n]*\n[^\n]*groupId = "a b" is invalid[^\n]*\n[^\n]*converter = "protobuf" is invalid: this converter needs a Schema Registry/);
  });
});

describe('renderWorkerProperties', () => {
  test('internal topics from the group, replicated like the cluster', () => {
    const w = renderWorkerProperties(resolve(), PLAINTEXT, PLAIN_REST);
    expect(w).toMatchObject({
      'group.id': 'kafka.connect',
      'config.storage.topic': 'kafka.connect-configs',
      'offset.storage.topic': 'kafka.connect-offsets',
      'status.storage.topic': 'kafka.connect-status',
      'config.storage.replication.factor': '3',
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'false',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'config.providers.directory.param.allowed.paths': '/mnt/connector-secrets',
    });
  });

  test('every client of the worker connects as its user; no JAAS line among the properties', () => {
    const w = renderWorkerProperties(resolve(), SCRAM, PLAIN_REST);
    for (const prefix of ['', 'producer.', 'consumer.', 'admin.']) {
      expect(w[`${prefix}security.protocol`]).toBe('SASL_SSL');
      expect(w[`${prefix}sasl.mechanism`]).toBe('SCRAM-SHA-512');
    }
    expect(Object.keys(w).filter(k => k.includes('jaas'))).toEqual([]);
  });

  test('schema converters carry the registry URL', () => {
    const w = renderWorkerProperties(resolve({ schemaRegistry: REGISTRY, keyConverter: ConnectConverter.AVRO }), PLAINTEXT, PLAIN_REST);
    expect(w['value.converter.schema.registry.url']).toBe('http://schemas.kafka.svc.cluster.local:8081');
    expect(w['key.converter.schema.registry.url']).toBe('http://schemas.kafka.svc.cluster.local:8081');
  });

  test('with TLS and basic: HTTPS under the listeners.https. prefix only, the basic-auth extension, no password among the properties', () => {
    const w = renderWorkerProperties(resolve(), SCRAM, secureRest('connect'));
    expect(w).toMatchObject({
      'listeners': 'https://0.0.0.0:8083',
      'rest.advertised.listener': 'https',
      'listeners.https.ssl.keystore.location': '/mnt/rest-tls/keystore.p12',
      'listeners.https.ssl.keystore.type': 'PKCS12',
      'listeners.https.ssl.truststore.location': '/mnt/rest-tls/truststore.p12',
      'listeners.https.ssl.truststore.type': 'PKCS12',
      'rest.extension.classes': 'org.apache.kafka.connect.rest.basic.auth.extension.BasicAuthSecurityRestExtension',
    });
    // The workers' own ssl.* stay their Kafka clients' (all-or-nothing prefix: no REST key unprefixed).
    expect(Object.keys(w).filter(k => k.startsWith('ssl.keystore'))).toEqual([]);
    expect(Object.keys(w).filter(k => /password/.test(k))).toEqual([]);
    expect(w['listeners.https.ssl.endpoint.identification.algorithm']).toBeUndefined();
  });

  test('user properties go over the defaults', () => {
    expect(renderWorkerProperties(resolve({ properties: { 'offset.flush.interval.ms': '5000' } }), PLAINTEXT, PLAIN_REST)['offset.flush.interval.ms']).toBe('5000');
  });

  test('every owned key is a worker key (no typo in the table), but rest.port, which listeners replaced', () => {
    // rest.port is in no supported line's configuration; it stays owned so that it is
    // refused with what to use instead, not only as an unknown key.
    const lines = [ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1]
      .map(v => configKeyCatalog(ConfigScope.CONNECT_WORKER, v.kafkaVersion));
    expect(Object.keys(OWNED_WORKER_KEYS).filter(k => !lines.some(c => c.isKnown(k)))).toEqual(['rest.port']);
  });

  test('the ConfigMap sets the REST port the image checks, and the heap', () => {
    expect(connectConfigEnv(resolve(), PLAINTEXT, PLAIN_REST)).toMatchObject({ CONNECT_REST_PORT: '8083', KAFKA_HEAP_OPTS: '-Xms1536m -Xmx1536m' });
  });
});

describe('connectAcls', () => {
  test('internal topics, the group and connector groups; transactional ids with exactly-once support only', () => {
    const plain = connectAcls({ groupId: 'g', properties: {} }).map(a => a._cliArguments().join(' '));
    expect(plain).toEqual([
      '--topic g-configs --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--topic g-offsets --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--topic g-status --resource-pattern-type literal --operation Create --operation Describe --operation DescribeConfigs --operation Read --operation Write',
      '--group g --resource-pattern-type literal --operation Describe --operation Read',
      '--group connect- --resource-pattern-type prefixed --operation Describe --operation Read',
    ]);
    expect(connectAcls({ groupId: 'g', properties: { 'exactly.once.source.support': 'enabled' } })).toHaveLength(7);
  });
});

describe('connector Secrets and probes', () => {
  test('one optional volume per Secret, named after it, where the references point', () => {
    expect(connectorSecretVolume('orders-db')).toEqual({
      volume: { name: 'connector-secret-orders-db', secret: { secretName: 'orders-db', optional: true } },
      mount: { name: 'connector-secret-orders-db', mountPath: '/mnt/connector-secrets/orders-db', readOnly: true },
    });
  });

  test('Secret names that differ only in dots get distinct volumes, every name fits a volume name', () => {
    const a = connectorSecretVolume('db.creds').volume.name;
    const b = connectorSecretVolume('db-creds').volume.name;
    expect(a).not.toBe(b);
    expect(connectorSecretVolume('x'.repeat(253)).volume.name.length).toBeLessThanOrEqual(63);
  });

  test('with HTTP basic the probes connect to the port (no path is open), over the https port', () => {
    const p = connectProbes(secureRest('connect'), 'connect.kafka.svc');
    expect(p.readinessProbe).toMatchObject({ tcpSocket: { port: { value: 'https' } } });
    expect(p.livenessProbe.httpGet).toBeUndefined();
  });

  test('HTTPS without basic: the probes send the Service\'s name as Host, which the certificate names (Jetty 12 refuses a pod IP)', () => {
    const p = connectProbes({ ...secureRest('connect'), basic: false }, 'connect.kafka.svc.cluster.local');
    expect(p.readinessProbe.httpGet).toMatchObject({ path: '/health', scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: 'connect.kafka.svc.cluster.local' }] });
  });

  test('readiness waits for /health, liveness asks only whether REST answers, and is more patient', () => {
    const p = connectProbes(PLAIN_REST, 'connect.kafka.svc');
    expect(p.readinessProbe.httpGet!.path).toBe('/health');
    expect(p.livenessProbe.httpGet!.path).toBe('/');
    const window = (probe: typeof p.livenessProbe) => probe.failureThreshold! * probe.periodSeconds!;
    expect(window(p.livenessProbe)).toBeGreaterThan(window(p.readinessProbe));
  });
});

import { Chart, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ClientPeer, KafkaCluster, KsqlStateStore } from '../../src';
import { KsqlDbProps } from '../../src/ksqldb/ksqldb-props';
import { ksqlConfigEnv, ksqlContainerEnv, renderKsqlNetworkPolicy, renderKsqlVolumes } from '../../src/ksqldb/render-ksqldb';
import { resolveKsqlDb } from '../../src/ksqldb/resolve-ksqldb';
import { PLAIN_REST, PLAINTEXT_CLIENT, scramClient } from '../support/client-security';

// ksqlDB's render step, from a resolved model, without synthesizing a chart.

function resolve(props: Partial<KsqlDbProps> = {}) {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  return resolveKsqlDb(new Construct(chart, 'ksql'), { kafka, ...props }, { name: 'ksql', namespace: 'kafka' });
}

const QUERIES = 'CREATE STREAM s (id INT) WITH (kafka_topic=\'s\', value_format=\'JSON\', partitions=1);';

describe('renderKsqlVolumes', () => {
  test('an emptyDir state store by default, no claim', () => {
    const v = renderKsqlVolumes(resolve());
    expect(v.volumes).toEqual([{ name: 'state', emptyDir: { sizeLimit: expect.anything() } }]);
    expect(v.mounts).toEqual([{ name: 'state', mountPath: '/var/lib/kafka-streams' }]);
    expect(v.claimTemplates).toBeUndefined();
  });

  test('a claim per server for a persistent store', () => {
    const v = renderKsqlVolumes(resolve({ stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(50), storageClass: 'gp3' }) }));
    expect(v.volumes).toEqual([]);
    expect(v.claimTemplates).toEqual([{ metadata: { name: 'state' }, spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'gp3', resources: { requests: { storage: expect.anything() } } } }]);
  });

  test('application mode mounts the queries ConfigMap read-only', () => {
    const v = renderKsqlVolumes(resolve({ queries: QUERIES }));
    expect(v.volumes).toContainEqual({ name: 'queries', configMap: { name: 'ksql-queries' } });
    expect(v.mounts).toContainEqual({ name: 'queries', mountPath: '/etc/ksqldb-queries', readOnly: true });
  });
});

describe('ksqlConfigEnv and ksqlContainerEnv', () => {
  test('the processing log\'s Kafka appender only on a cluster without security (its template has no security settings)', () => {
    const k = resolve();
    expect(ksqlConfigEnv(k, PLAINTEXT_CLIENT, PLAIN_REST).KSQL_LOG4J_PROCESSING_LOG_TOPIC).toBe('kafka-ksql_ksql_processing_log');
    expect(ksqlConfigEnv(k, scramClient('ksql'), PLAIN_REST).KSQL_LOG4J_PROCESSING_LOG_TOPIC).toBeUndefined();
  });

  test('the JAAS line from the user\'s Secret; the advertised listener in interactive mode only', () => {
    const names = (props: Partial<KsqlDbProps>) => ksqlContainerEnv(resolve(props), scramClient('ksql'), PLAIN_REST).map(e => e.name);
    expect(names({})).toEqual(['POD_NAME', 'KSQL_KSQL_ADVERTISED_LISTENER', 'KSQL_SASL_JAAS_CONFIG']);
    expect(names({ queries: QUERIES })).toEqual(['KSQL_SASL_JAAS_CONFIG']);
  });
});

describe('renderKsqlNetworkPolicy', () => {
  const input = { kafkaBootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092' };

  test('interactive: the servers reach each other on 8088, and the peers', () => {
    const spec = renderKsqlNetworkPolicy(resolve({ peers: [ClientPeer.namespace('apps')] }), input);
    expect(spec.ingress!.map(r => r.from)).toEqual([
      [{ podSelector: { matchLabels: expect.objectContaining({ 'app.kubernetes.io/instance': 'ksql' }) } }],
      [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }],
    ]);
  });

  test('application mode admits nothing: the REST API is off', () => {
    expect(renderKsqlNetworkPolicy(resolve({ queries: QUERIES }), input).ingress).toEqual([]);
  });
});

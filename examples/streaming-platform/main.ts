// Streaming platform: one Kafka cluster with Schema Registry, Kafka Connect (a JDBC sink
// connector declared in code) and ksqlDB, all wired by reference: each component gets
// the cluster's address, replication settings and the registry URL with no extra code.
//
// The connector's database password is read from a Secret named "orders-db" that this
// program does not create (create it with External Secrets, Sealed Secrets or kubectl):
// credentials never enter the manifests.
//
// Monitoring is on for the cluster and, by inheritance, for the registry, Connect and
// ksqlDB (docs/monitoring.md).
//
// In your own app, import from 'cdk8s-kafka' instead of '../../src'.
import { App, Chart, Duration } from 'cdk8s';
import { EnvValue, Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Acl, CleanupPolicy, TopicCompression, AclOperation, AclPatternType, ClientPeer, Connect, ConnectorPlugin, ConnectorSecret, ConfluentVersion, KafkaCluster, KsqlDb, Listener, SchemaRegistry,
} from '../../src';

export class StreamingPlatformChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'streaming' });

    const kafka = new KafkaCluster(this, 'events', {
      version: ConfluentVersion.V8_0,
      listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.podsElsewhere({ 'app.kubernetes.io/part-of': 'orders' })] })],
      // Metrics, alerts and dashboards for the cluster and, inherited, every component
      // wired to it; the Prometheus in namespace monitoring scrapes them all.
      monitoring: { labels: { release: 'kube-prometheus-stack' } },
      metricsPeers: [ClientPeer.namespace('monitoring')],
    });

    // The topics the apps and the pipeline use, kept as declared by the cluster's topics
    // Job (created, partitions added, configs set; never shrunk). A topic removed from
    // code is kept and the Job's log says so; `prune: { topics: true }` on the cluster
    // deletes those the Job created.
    const orders = kafka.addTopic('orders', { partitions: 12, retention: Duration.days(7), compression: TopicCompression.ZSTD });
    const customers = kafka.addTopic('customers', { partitions: 6, cleanupPolicy: CleanupPolicy.COMPACT });

    // Connect and ksqlDB reach the registry and the cluster because they are wired to
    // them; application pods (label app.kubernetes.io/part-of=orders, deployed by their
    // own pipeline) are named here.
    const apps = ClientPeer.podsElsewhere({ 'app.kubernetes.io/part-of': 'orders' });
    const schemas = new SchemaRegistry(this, 'schemas', { kafka, peers: [apps] });

    const connect = new Connect(this, 'connect', {
      kafka,
      schemaRegistry: schemas,            // Avro converters by default
      // Pin the archive's SHA-256 (`sha256sum` of the zip you reviewed) as the second argument
      // in production; without it synth warns that whatever the Hub serves will run.
      plugins: [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6')],
      // While the sink is being set up: the JDBC connector's statements in the log (the
      // image's log4j template reads CONNECT_LOG4J_LOGGERS).
      extraEnv: { CONNECT_LOG4J_LOGGERS: EnvValue.fromValue('io.confluent.connect.jdbc=DEBUG') },
    });
    connect.addConnector('orders-sink', {
      connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
      tasksMax: 2,
      topics: [orders],
      config: {
        'connection.url': 'jdbc:postgresql://orders-db:5432/orders',
        'connection.user': 'kafka_connect',
        'insert.mode': 'upsert',
        'pk.mode': 'record_key',
        'auto.create': 'true',
      },
      // The database password stays in a Secret made elsewhere; only its name is here.
      secrets: { 'connection.password': ConnectorSecret.fromSecret(Secret.fromSecretName(this, 'orders-db', 'orders-db'), 'password') },
    });

    const ksql = new KsqlDb(this, 'ksql', { kafka, schemaRegistry: schemas, peers: [apps] });
    // ksqlDB's own topics are granted to its user; the data its queries read and write
    // are granted here: it reads orders and customers and writes streams named orders_*.
    ksql.user.addAcl(
      Acl.forTopic(orders, [AclOperation.DESCRIBE, AclOperation.READ]),
      Acl.forTopic(customers, [AclOperation.DESCRIBE, AclOperation.READ]),
      Acl.topic('orders_', [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.READ, AclOperation.WRITE], AclPatternType.PREFIXED),
    );
  }
}

/** Objects the manifests reference that are created outside this program. */
export const external = { secrets: ['orders-db'] };

/** Adds the example's charts to `app` (used by `npm run examples` and the tests). */
export function build(app: App): void {
  new StreamingPlatformChart(app, 'streaming-platform');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Cron, Duration, Size } from 'cdk8s';
import { Cpu, EnvValue, ImagePullPolicy, Secret } from 'cdk8s-plus-27';
import {
  Acl, AclOperation, AclPatternType, CertificateAuthority, ClientPeer, ConfluentVersion, Connect, ConnectConverter, ConnectorPlugin,
  ConnectorSecret, ExternalAccess, KafkaCluster, KafkaEdition, KRaftMode, KsqlDb, KsqlStateStore, Listener, ListenerAuthentication, MirrorTopicNaming,
  Plan, Profile, RestAuthentication, SchemaRegistry, SpreadPolicy, Storage, ConfluentPlatform,
  CleanupPolicy, TopicCompression,
} from '../../src';

// A production-like platform that calls every public entry point, each call's arguments
// passing through a hook: the fuzz test replaces one value at one path of one call's
// arguments and judges what happens. Three Kafka clusters, because a cluster takes one
// certificate authority and the three kinds must each reach the manifests.

/** Replaces the arguments of the first call of `entry` (the rest pass unchanged). */
export type ArgumentHook = (entry: string, args: unknown[]) => unknown[];

/** Secrets the platform references and another tool creates. */
export const EXTERNAL_SECRETS = ['copy-mirror', 'kafka-admin', 'orders-credentials', 'orders-db', 'remote-ca', 'ksql-credentials', 'schemas-credentials', 'partner-schemas'];

/** Issuers the platform references. */
export const EXTERNAL_ISSUERS = { issuers: ['company-ca', 'audit-nodes'], clusterIssuers: ['platform-ca'] };

/** Entry points that take no argument (nothing to fuzz). */
export const NO_ARGUMENTS = new Set([
  'ClientPeer.anywhere', 'ConfluentVersion#toString', 'ListenerAuthentication.mutualTls', 'ListenerAuthentication.none',
  'ListenerAuthentication.plain', 'ListenerAuthentication.scramSha256', 'ListenerAuthentication.scramSha512', 'RestAuthentication.basic',
  'RestAuthentication.none', 'Plan#toJson',
]);

const SHA = 'a'.repeat(64);

/** A folder with one object of the library, for the plan's entry points (removed at exit). */
const PLAN_DIR = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fuzz-plan-'));
  fs.writeFileSync(path.join(dir, 'a.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app.kubernetes.io/managed-by: cdk8s-kafka\n');
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
})();

/** Builds the platform in a new app and returns it (not yet synthesized). */
export function buildPlatform(hook: ArgumentHook): App {
  const used = new Set<string>();
  const a = <T extends unknown[]>(entry: string, args: [...T]): T => {
    if (used.has(entry)) return args;
    used.add(entry);
    return hook(entry, args) as T;
  };
  const app = new App();
  const chart = new Chart(app, 'fuzz', { namespace: 'kafka' });
  const secret = (name: string) => Secret.fromSecretName(chart, `secret-${name}`, name);

  const [version] = a('ConfluentVersion.of', ['8.0.4']);
  const v = ConfluentVersion.of(version as string);
  v.compareTo(...a('ConfluentVersion#compareTo', [ConfluentVersion.V7_9]));
  v.isAtLeast(...a('ConfluentVersion#isAtLeast', [ConfluentVersion.V8_0]));
  v.supportsBrokers(...a('ConfluentVersion#supportsBrokers', [ConfluentVersion.V8_1]));

  const brokerPool = {
    replicas: 3,
    storage: Storage.jbod(...a('Storage.jbod', [[{ size: Size.gibibytes(500), storageClass: 'gp3' }, { size: Size.gibibytes(500) }]])),
    resources: {
      cpu: { request: Cpu.millis(2000), limit: Cpu.units(4) },
      memory: { request: Size.gibibytes(8), limit: Size.gibibytes(8) },
      ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
    },
    hostSpread: SpreadPolicy.REQUIRED,
    terminationGracePeriod: Duration.minutes(10),
    startupTimeout: Duration.minutes(10),
    properties: { 'log.retention.hours': '168' },
    customProperties: { 'confluent.plugin.setting': 'on' },
    readyMaxFetcherLag: 5000,
    nodeSelector: { 'node.kubernetes.io/instance-type': 'm6i.2xlarge' },
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }],
    priorityClassName: 'kafka-critical',
    podAnnotations: { 'example.com/owner': 'data-platform' },
    extraEnv: { TZ: EnvValue.fromValue('UTC') },
  };
  const events = new KafkaCluster(chart, ...a('KafkaCluster', ['events', {
    version: v,
    edition: KafkaEdition.COMMUNITY,
    image: { registry: 'registry.example.com/confluentinc' },
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    mode: KRaftMode.DEDICATED,
    controllers: { replicas: 3, storage: Storage.persistent(...a('Storage.persistent', [{ size: Size.gibibytes(20), storageClass: 'gp3' }])) },
    brokers: brokerPool,
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    listeners: [
      Listener.internal(...a('Listener.internal', [{
        name: 'client',
        port: 9092,
        peers: [ClientPeer.namespace(...a('ClientPeer.namespace', ['apps', { team: 'orders' }])), ClientPeer.podsElsewhere(...a('ClientPeer.podsElsewhere', [{ app: 'legacy' }]))],
        tls: true,
        authentication: ListenerAuthentication.scramSha512(),
      }])),
      Listener.internal({ name: 'mtls', port: 9096, authentication: ListenerAuthentication.mutualTls(), peers: [ClientPeer.pods(...a('ClientPeer.pods', [{ 'app.kubernetes.io/instance': 'connect' }]))] }),
      Listener.external(...a('Listener.external', [{
        name: 'external',
        port: 9094,
        access: ExternalAccess.loadBalancer(...a('ExternalAccess.loadBalancer', [{
          hostPattern: 'b-{id}.kafka.example.com',
          bootstrapHost: 'bootstrap.kafka.example.com',
          externalDns: true,
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
        }])),
        advertisedPort: 9094,
        peers: [ClientPeer.anywhere()],
        tls: true,
        authentication: ListenerAuthentication.scramSha512(),
      }])),
    ],
    replicationFactor: 3,
    minInSyncReplicas: 2,
    defaultPartitions: 6,
    properties: { 'log.retention.ms': '604800000', 'compression.type': 'zstd' },
    customProperties: { 'confluent.metrics.reporter.enable': 'false' },
    clusterId: 'q1Sh-9_ISia_zwGINzRvyQ',
    networkPolicy: true,
    egressPolicy: true,
    egressDnsPorts: [53],
    egressApiServerPorts: [443, 6443],
    metricsPeers: [
      ClientPeer.namespaces(...a('ClientPeer.namespaces', [{ namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' }, podLabels: { app: 'prometheus' } }])),
      ClientPeer.ipBlock(...a('ClientPeer.ipBlock', ['10.0.0.0/8', ['10.1.0.0/16']])),
    ],
    certificateAuthority: CertificateAuthority.selfSigned(...a('CertificateAuthority.selfSigned', [{ validity: Duration.days(3650) }])),
    certificateValidity: Duration.days(365),
    certificateRollout: true,
    certificateRolloutSchedule: Cron.schedule({ minute: '17', hour: '3' }),
    finishedJobTtl: Duration.hours(2),
    defaultUserQuotas: {
      producerByteRate: Size.mebibytes(1), consumerByteRate: Size.mebibytes(2), requestPercentage: 100, controllerMutationRate: 1,
    },
    adminSecret: secret('kafka-admin'),
    clusterDomain: 'cluster.local',
  }]));
  events.addNodePool(...a('KafkaCluster#addNodePool', ['analytics', {
    nodeIdBase: 1000,
    replicas: 3,
    storage: Storage.ephemeral(...a('Storage.ephemeral', [{ sizeLimit: Size.gibibytes(20) }])),
    resources: { memory: { request: Size.gibibytes(4) } },
  }]));
  const orders = events.addUser(...a('KafkaCluster#addUser', ['orders', {
    acls: [
      Acl.topic(...a('Acl.topic', ['orders', [AclOperation.READ, AclOperation.WRITE], AclPatternType.PREFIXED])),
      Acl.group(...a('Acl.group', ['orders-app', [AclOperation.READ], AclPatternType.LITERAL])),
      Acl.transactionalId(...a('Acl.transactionalId', ['orders-tx', [AclOperation.WRITE, AclOperation.DESCRIBE], AclPatternType.LITERAL])),
      Acl.cluster(...a('Acl.cluster', [[AclOperation.DESCRIBE]])),
    ],
    credentialsSecret: secret('orders-credentials'),
    quotas: { producerByteRate: Size.mebibytes(5), consumerByteRate: Size.mebibytes(10), requestPercentage: 150, controllerMutationRate: 5 },
  }]));
  orders.addAcl(...a('KafkaUser#addAcl', [Acl.topic('payments', [AclOperation.READ])]));
  events.allowClient(...a('KafkaCluster#allowClient', [{ 'app.kubernetes.io/instance': 'pipeline' }]));
  const ordersTopic = events.addTopic(...a('KafkaCluster#addTopic', ['orders.v1', {
    partitions: 12,
    replicationFactor: 3,
    minInSyncReplicas: 2,
    retention: Duration.days(7),
    retentionBytes: Size.gibibytes(100),
    cleanupPolicy: CleanupPolicy.COMPACT_AND_DELETE,
    compression: TopicCompression.ZSTD,
    maxMessageBytes: Size.mebibytes(2),
    segmentBytes: Size.mebibytes(512),
    segmentTime: Duration.hours(6),
    configs: { 'message.timestamp.type': 'LogAppendTime' },
    customConfigs: { 'confluent.value.schema.validation': 'true' },
  }]));
  orders.addAcl(Acl.forTopic(...a('Acl.forTopic', [ordersTopic, [AclOperation.READ, AclOperation.DESCRIBE]])));
  // A headless (application-mode) ksqlDB, on an ephemeral state store.
  new KsqlDb(chart, 'pipeline', {
    kafka: events,
    queries: 'CREATE STREAM s (id INT) WITH (kafka_topic=\'orders\', value_format=\'JSON\', partitions=1);',
    stateStore: KsqlStateStore.ephemeral(...a('KsqlStateStore.ephemeral', [{ sizeLimit: Size.gibibytes(5) }])),
  });

  // Two small clusters for the issuer kinds.
  new KafkaCluster(chart, 'audit', {
    mode: KRaftMode.COMBINED,
    brokers: { replicas: 1, hostSpread: SpreadPolicy.PREFERRED },
    replicationFactor: 1,
    certificateAuthority: CertificateAuthority.issuer(...a('CertificateAuthority.issuer', ['company-ca'])),
    nodeCertificateAuthority: CertificateAuthority.issuer('audit-nodes'),
    listeners: [Listener.external({ name: 'nodes', port: 9095, access: ExternalAccess.nodePort(...a('ExternalAccess.nodePort', [{ hostPattern: 'n-{id}.kafka.example.com', basePort: 31000, annotations: {} }])) })],
    certificateRollout: false,
  });
  new KafkaCluster(chart, 'metrics', {
    mode: KRaftMode.COMBINED,
    brokers: { replicas: 1, hostSpread: SpreadPolicy.PREFERRED },
    replicationFactor: 1,
    certificateAuthority: CertificateAuthority.clusterIssuer(...a('CertificateAuthority.clusterIssuer', ['platform-ca'])),
    certificateRollout: false,
  });

  const schemas = new SchemaRegistry(chart, ...a('SchemaRegistry', ['schemas', {
    kafka: events,
    topic: '_schemas',
    version: ConfluentVersion.V8_0,
    image: { registry: 'registry.example.com/confluentinc' },
    imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT,
    replicas: 2,
    resources: { memory: { request: Size.gibibytes(1), limit: Size.gibibytes(1) }, cpu: { request: Cpu.millis(250) } },
    properties: { 'schema.compatibility.level': 'backward' },
    customProperties: { 'plugin.x': 'y' },
    clusterDomain: 'cluster.local',
    nodeSelector: { pool: 'apps' },
    tolerations: [{ operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
    priorityClassName: 'apps',
    podAnnotations: { 'sidecar.istio.io/inject': 'false' },
    extraEnv: { SCHEMA_REGISTRY_OPTS: EnvValue.fromValue('-XX:+UseG1GC') },
    networkPolicy: true,
    peers: [ClientPeer.namespace('apps')],
    egressPolicy: true,
    egressDnsPorts: [53, 5353],
    egressApiServerPorts: [443, 6443],
    restTls: true,
    restAuthentication: RestAuthentication.basic(),
    restCertificateRolloutSchedule: Cron.schedule({ minute: '41' }),
  }]));
  schemas.addCaller(...a('SchemaRegistry#addCaller', ['orders-app']));
  schemas.allowClient(...a('SchemaRegistry#allowClient', [{ 'app.kubernetes.io/instance': 'pipeline' }]));
  const externalSchemas = SchemaRegistry.fromUrl(chart, ...a('SchemaRegistry.fromUrl', ['partner-schemas', { url: 'https://schemas.example.com', version: ConfluentVersion.V8_0, credentialsSecret: secret('partner-schemas') }]));
  const remote = KafkaCluster.fromBootstrap(chart, ...a('KafkaCluster.fromBootstrap', ['remote', {
    bootstrapServers: 'kafka-1.example.com:9093,kafka-2.example.com:9093',
    version: ConfluentVersion.V8_0,
    replicationFactor: 3,
    minInSyncReplicas: 2,
    tls: true,
    authentication: ListenerAuthentication.scramSha512(),
    caSecret: secret('remote-ca'),
  }]));

  const connect = new Connect(chart, ...a('Connect', ['connect', {
    kafka: events,
    schemaRegistry: schemas,
    converter: ConnectConverter.AVRO,
    keyConverter: ConnectConverter.STRING,
    plugins: [
      ConnectorPlugin.confluentHub(...a('ConnectorPlugin.confluentHub', ['confluentinc/kafka-connect-jdbc:10.7.6', SHA])),
      ConnectorPlugin.url(...a('ConnectorPlugin.url', [{ name: 'debezium-postgres', url: 'https://repo1.maven.org/debezium-postgres.tar.gz', sha256: SHA }])),
    ],
    toolImage: 'docker.io/curlimages/curl:8.11.1',
    groupId: 'kafka.connect',
    egressPeers: [ClientPeer.ipBlock('10.20.0.0/16')],
    finishedJobTtl: Duration.hours(2),
    replicas: 2,
    properties: { 'offset.flush.interval.ms': '10000' },
    egressPolicy: true,
  }]));
  connect.addCaller(...a('Connect#addCaller', ['ops']));
  connect.addConnector(...a('Connect#addConnector', ['orders-sink', {
    connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
    config: { 'topics': 'orders', 'connection.url': 'jdbc:postgresql://db:5432/orders' },
    secrets: { 'connection.password': ConnectorSecret.fromSecret(...a('ConnectorSecret.fromSecret', [secret('orders-db'), 'password'])) },
    tasksMax: 2,
  }]));
  connect.addMirror(...a('Connect#addMirror', ['from-remote', {
    source: remote,
    sourceAlias: 'remote',
    sourceCredentialsSecret: secret('remote-mirror'),
    topics: ['orders', 'payments\\..*'],
    groups: ['billing-.*'],
    topicNaming: MirrorTopicNaming.PREFIXED,
    syncGroupOffsets: true,
    replicationFactor: 3,
    tasksMax: 4,
    transforms: [{ name: 'drop-audit', className: 'org.apache.kafka.connect.transforms.Filter', config: { 'x.setting': 'on' }, topics: 'remote\\.audit' }],
  }]));

  // A managed cluster whose certificate is publicly trusted (no caSecret): ksqlDB reads
  // its Kafka truststore through its REST settings, which take no PEM.
  const managed = KafkaCluster.fromBootstrap(chart, 'managed', {
    bootstrapServers: 'pkc-1.eu-west-1.aws.confluent.cloud:9092', version: ConfluentVersion.V8_0, tls: true, authentication: ListenerAuthentication.plain(),
  });
  const ksql = new KsqlDb(chart, ...a('KsqlDb', ['ksql', {
    kafka: managed,
    schemaRegistry: externalSchemas,
    serviceId: 'analytics_',
    stateStore: KsqlStateStore.persistent(...a('KsqlStateStore.persistent', [{ size: Size.gibibytes(50), storageClass: 'gp3' }])),
    kafkaCredentialsSecret: secret('ksql-credentials'),
    replicas: 2,
    properties: { 'ksql.streams.num.stream.threads': '2' },
  }]));
  ksql.addCaller(...a('KsqlDb#addCaller', ['analyst']));

  // A platform per profile, each with every component, so every size a profile holds
  // reaches the manifests; the ephemeral one is a test copy that mirrors chosen topics
  // and the schemas from the remote cluster.
  // They are plain (no TLS, no authentication, no policies): fewer objects to synthesize
  // for every accepted value; the cluster above covers security, and every size a
  // profile holds reaches the manifests all the same.
  const plain = { restTls: false, restAuthentication: RestAuthentication.none(), networkPolicy: false };
  const sized = (id: string, profile: Profile) => new ConfluentPlatform(chart, id, {
    profile,
    schemaRegistry: plain,
    connect: plain,
    ksqlDb: plain,
    kafka: { networkPolicy: false, listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] },
  });
  sized('prod', Profile.production(...a('Profile.production', [{
    zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
    controllers: { replicas: 3, hostSpread: SpreadPolicy.REQUIRED, priorityClassName: 'kafka-critical' },
    brokers: { replicas: 6, storage: Storage.persistent({ size: Size.gibibytes(500) }) },
    replicationFactor: 3,
    minInSyncReplicas: 2,
    ksqlDb: { replicas: 3, resources: { memory: { request: Size.gibibytes(8) } } },
  }])));
  sized('stage', Profile.staging(...a('Profile.staging', [{ brokers: { storage: Storage.persistent({ size: Size.gibibytes(50) }) }, connect: { replicas: 1 } }])));
  new ConfluentPlatform(chart, ...a('ConfluentPlatform', ['copy', {
    profile: Profile.ephemeral(...a('Profile.ephemeral', [{
      mode: KRaftMode.COMBINED,
      brokers: { storage: Storage.ephemeral({ sizeLimit: Size.gibibytes(20) }) },
      replicationFactor: 1,
      minInSyncReplicas: 1,
      schemaRegistry: { replicas: 1, resources: { memory: { request: Size.mebibytes(768) } } },
      connect: { replicas: 1 },
      ksqlDb: { replicas: 1, stateStore: KsqlStateStore.ephemeral() },
    }])),
    kafka: {
      version: ConfluentVersion.V8_0,
      networkPolicy: false,
      listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })],
    },
    schemaRegistry: { ...plain, peers: [ClientPeer.namespace('apps')] },
    connect: { ...plain, replicas: 1 },
    ksqlDb: plain,
    topics: { orders: { partitions: 3 } },
    users: { 'orders-app': { acls: [Acl.topic('orders', [AclOperation.READ])] } },
    mirror: {
      name: 'production',
      source: KafkaCluster.fromBootstrap(chart, 'production', { bootstrapServers: 'kafka.prod.example.com:9093', version: ConfluentVersion.V8_0 }),
      sourceAlias: 'production',
      sourceCredentialsSecret: secret('copy-mirror'),
      topics: ['orders'],
      groups: ['orders-app'],
      schemas: true,
      sourceSchemasTopic: '_schemas',
    },
  }]));

  // The change-safety plan reads synthesized folders, not the app: its entry points are
  // fuzzed for their refusals of bad arguments.
  const plan = Plan.between(...a('Plan.between', [PLAN_DIR, PLAN_DIR, ['KafkaCluster kafka/events, topic orders#topic-deleted']]));
  plan.toTable(...a('Plan#toTable', [false]));
  return app;
}

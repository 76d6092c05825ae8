import { Chart, Testing } from 'cdk8s';
import { Secret } from 'cdk8s-plus-27';
import { ConfluentVersion, KafkaCluster, ListenerAuthentication, MirrorTopicNaming } from '../../src';
import { Connect } from '../../src/connect/connect';
import { mirrorConnectors, MirrorOptions, MirrorReplication, resolveMirror } from '../../src/connect/mirror';
import { warningsOf } from '../../src/core/warnings';
import { configErrorOf } from '../support/errors';
import { find, findAll } from '../support/objects';
import { expectDeterministic, expectValidChart } from '../support/validate';

// A disaster-recovery copy: the primary cluster and a second one in the same namespace,
// Connect attached to the second, mirroring the first. What is checked is what
// MirrorMaker reads (connector configs, with each side's client settings under its
// prefix), what each user may do, and that the workers can read the Secrets and CA the
// configs point at.

interface Built { chart: Chart; primary: KafkaCluster; dr: KafkaCluster; connect: Connect; mirror: MirrorReplication }

function build(options: Partial<MirrorOptions> = {}): Built {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const primary = new KafkaCluster(chart, 'primary');
  const dr = new KafkaCluster(chart, 'dr');
  const connect = new Connect(chart, 'replicator', { kafka: dr });
  const mirror = connect.addMirror('from-primary', { source: primary, ...options });
  return { chart, primary, dr, connect, mirror };
}

function connectorConfig(objects: any[], name: string): Record<string, string> {
  return JSON.parse(find(objects, 'ConfigMap', `replicator-${name}-connector`).data['connector.json']);
}

const grants = (acls: readonly { resourceType: string; name: string; patternType: string; operations: string[] }[]) =>
  acls.map(a => `${a.resourceType} ${a.patternType} ${a.name}: ${a.operations.join(',')}`);

describe('Connect.addMirror', () => {
  test('declares the source and checkpoint connectors with each cluster\'s client settings under its prefix', () => {
    const { chart, mirror } = build();
    const objects = expectValidChart(chart);
    expect(mirror.connectors.map(c => c.connectorName)).toEqual(['from-primary-source', 'from-primary-checkpoint']);
    const source = connectorConfig(objects, 'from-primary-source');
    expect(source).toMatchObject({
      'connector.class': 'org.apache.kafka.connect.mirror.MirrorSourceConnector',
      'tasks.max': '4',
      'source.cluster.alias': 'primary',
      'target.cluster.alias': 'dr',
      'source.cluster.bootstrap.servers': 'primary-kafka-bootstrap.kafka.svc.cluster.local:9092',
      'source.cluster.security.protocol': 'SASL_SSL',
      'source.cluster.sasl.mechanism': 'SCRAM-SHA-512',
      'source.cluster.ssl.truststore.type': 'PEM',
      'source.cluster.ssl.truststore.location': '/mnt/mirror-ca/from-primary/ca.crt',
      'source.cluster.sasl.jaas.config': '${directory:/mnt/connector-secrets/primary-user-replicator-from-primary-mirror:sasl.jaas.config}',
      'target.cluster.bootstrap.servers': 'dr-kafka-bootstrap.kafka.svc.cluster.local:9092',
      'target.cluster.ssl.truststore.location': '/mnt/kafka-ca/ca.crt',
      'target.cluster.sasl.jaas.config': '${directory:/mnt/connector-secrets/dr-user-replicator:sasl.jaas.config}',
      'topics': '.*',
      'replication.factor': '3',
      'offset-syncs.topic.location': 'target',
      'sync.topic.acls.enabled': 'false',
      'key.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
      'value.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
      'header.converter': 'org.apache.kafka.connect.converters.ByteArrayConverter',
    });
    expect(source['replication.policy.class']).toBeUndefined();
    expect(connectorConfig(objects, 'from-primary-checkpoint')).toMatchObject({
      'connector.class': 'org.apache.kafka.connect.mirror.MirrorCheckpointConnector', 'tasks.max': '1', 'topics': '.*', 'groups': '.*', 'sync.group.offsets.enabled': 'true', 'offset-syncs.topic.location': 'target',
    });
    // No credential in any ConfigMap: every sasl.jaas.config is a reference.
    for (const cm of findAll(objects, 'ConfigMap').filter(c => c.metadata.name.endsWith('-connector'))) {
      expect(JSON.stringify(cm.data)).not.toMatch(/password|ScramLoginModule/);
    }
  });

  test('the workers mount the source\'s CA beside the cluster\'s own, and both users\' credentials Secrets', () => {
    const { chart } = build();
    const objects = expectValidChart(chart);
    const pod = find(objects, 'StatefulSet', 'replicator').spec.template.spec;
    const mounts = pod.containers[0].volumeMounts.map((m: any) => `${m.name} ${m.mountPath}`);
    expect(mounts).toEqual(expect.arrayContaining([
      'kafka-ca /mnt/kafka-ca',
      'mirror-from-primary-ca /mnt/mirror-ca/from-primary',
    ]));
    const volumes = Object.fromEntries(pod.volumes.map((v: any) => [v.name, v.secret?.secretName]));
    expect(volumes['mirror-from-primary-ca']).toBe('primary-user-replicator-from-primary-mirror-tls');
    const secretVolumes = pod.volumes.map((v: any) => v.secret?.secretName).filter((n: unknown) => n !== undefined);
    expect(secretVolumes).toEqual(expect.arrayContaining(['primary-user-replicator-from-primary-mirror', 'dr-user-replicator']));
  });

  test('the mirror\'s user reads the source; the workers\' user writes what the copy makes on the target', () => {
    const { connect, mirror, primary } = build({ topics: ['orders', 'payments\\.v1'], groups: ['billing'] });
    expect(mirror.sourceUser.connection.bootstrapServers).toBe(primary.bootstrapServers);
    expect(grants(mirror.sourceUser.acls)).toEqual([
      'topic literal orders: Describe,DescribeConfigs,Read',
      'topic literal payments.v1: Describe,DescribeConfigs,Read',
      'group literal billing: Describe',
      'cluster literal kafka-cluster: Describe',
    ]);
    expect(grants(connect.user.acls)).toEqual(expect.arrayContaining([
      'topic prefixed primary.: Alter,AlterConfigs,Create,Describe,DescribeConfigs,Read,Write',
      'topic literal mm2-offset-syncs.primary.internal: Alter,AlterConfigs,Create,Describe,DescribeConfigs,Read,Write',
      'group literal billing: Describe,Read',
      'cluster literal kafka-cluster: Describe',
    ]));
    // Nothing on the source is granted for writing.
    expect(mirror.sourceUser.acls.flatMap(a => a.operations)).not.toEqual(expect.arrayContaining(['Write']));
  });

  test('patterns that are not plain names grant every topic or group (read-only on the source)', () => {
    const { mirror } = build({ topics: ['orders\\..*'] });
    expect(grants(mirror.sourceUser.acls)).toEqual(['topic literal *: Describe,DescribeConfigs,Read', 'group literal *: Describe', 'cluster literal kafka-cluster: Describe']);
  });

  test('a plain name longer than any ACL can name is taken as a pattern', () => {
    const { mirror } = build({ groups: ['g'.repeat(300)] });
    expect(grants(mirror.sourceUser.acls)).toContain('group literal *: Describe');
  });

  test('IDENTITY naming keeps the source\'s names (IdentityReplicationPolicy) and grants the workers those topics', () => {
    const { chart, connect } = build({ topicNaming: MirrorTopicNaming.IDENTITY, topics: ['orders'], syncGroupOffsets: false, replicationFactor: 2, tasksMax: 8 });
    const objects = expectValidChart(chart);
    const source = connectorConfig(objects, 'from-primary-source');
    expect(source['replication.policy.class']).toBe('org.apache.kafka.connect.mirror.IdentityReplicationPolicy');
    expect(source['replication.factor']).toBe('2');
    expect(source['tasks.max']).toBe('8');
    const checkpoint = connectorConfig(objects, 'from-primary-checkpoint');
    expect(checkpoint['sync.group.offsets.enabled']).toBe('false');
    // Both connectors name topics alike.
    expect(checkpoint['replication.policy.class']).toBe('org.apache.kafka.connect.mirror.IdentityReplicationPolicy');
    expect(grants(connect.user.acls)).toEqual(expect.arrayContaining([
      'topic literal orders: Alter,AlterConfigs,Create,Describe,DescribeConfigs,Read,Write',
      'topic literal primary.checkpoints.internal: Alter,AlterConfigs,Create,Describe,DescribeConfigs,Read,Write',
      'topic literal primary.heartbeats: Alter,AlterConfigs,Create,Describe,DescribeConfigs,Read,Write',
    ]));
    expect(warningsOf(connect.node.findChild('Mirror-from-primary')).join('\n')).toContain('must never be mirrored back into primary');
  });

  test('the source cluster admits the workers to its client listener', () => {
    const { chart } = build();
    const policy = find(expectValidChart(chart), 'NetworkPolicy', 'primary-kafka');
    expect(JSON.stringify(policy.spec.ingress)).toContain('"app.kubernetes.io/instance":"replicator"');
  });

  test('with egress rules, the workers may reach the source\'s brokers (by their pods) as well as their own', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const primary = new KafkaCluster(chart, 'primary');
    const dr = new KafkaCluster(chart, 'dr');
    new Connect(chart, 'replicator', { kafka: dr, egressPolicy: true }).addMirror('from-primary', { source: primary });
    const egress = find(expectValidChart(chart), 'NetworkPolicy', 'replicator').spec.egress;
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: primary.brokerPodLabels } }], ports: [{ protocol: 'TCP', port: 9092 }] });
    expect(egress).toContainEqual({ to: [{ podSelector: { matchLabels: dr.brokerPodLabels } }], ports: [{ protocol: 'TCP', port: 9092 }] });
  });

  test('an imported source takes the mirror\'s credentials Secret and CA; its ACLs are granted where it is managed', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const dr = new KafkaCluster(chart, 'dr');
    const source = KafkaCluster.fromBootstrap(chart, 'onprem', {
      bootstrapServers: 'kafka.onprem.example.com:9093',
      version: ConfluentVersion.V8_0,
      tls: true,
      authentication: ListenerAuthentication.scramSha512(),
      caSecret: Secret.fromSecretName(chart, 'ca', 'onprem-ca'),
    });
    const connect = new Connect(chart, 'replicator', { kafka: dr, egressPolicy: true });
    connect.addMirror('onprem', { source, sourceAlias: 'onprem', sourceCredentialsSecret: Secret.fromSecretName(chart, 'creds', 'onprem-mirror') });
    const objects = expectValidChart(chart, { external: { secrets: ['onprem-ca', 'onprem-mirror'] } });
    expect(connectorConfig(objects, 'onprem-source')).toMatchObject({
      'source.cluster.bootstrap.servers': 'kafka.onprem.example.com:9093',
      'source.cluster.sasl.jaas.config': '${directory:/mnt/connector-secrets/onprem-mirror:sasl.jaas.config}',
      'source.cluster.ssl.truststore.location': '/mnt/mirror-ca/onprem/ca.crt',
    });
    // With egress rules, the workers may reach the source's port (it has no pods here to select).
    const egress = find(objects, 'NetworkPolicy', 'replicator').spec.egress;
    expect(egress[egress.length - 1]).toEqual({ ports: [{ protocol: 'TCP', port: 9093 }] });
    expect(warningsOf(connect.node.findChild('Mirror-onprem')).join('\n')).toContain('if its brokers advertise other ports');
  });

  test('is deterministic', () => {
    expectDeterministic(() => {
      const b = build();
      return b.chart.node.root as any;
    });
  });
});

describe('what addMirror refuses', () => {
  test('the cluster Connect writes to, as its own source', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    const connect = new Connect(chart, 'replicator', { kafka });
    expect(configErrorOf(() => connect.addMirror('loop', { source: kafka }))).toMatch(/test\/replicator\/Mirror-loop: source = .*copy its own topics into itself/);
  });

  test('an alias with a dot, or the target\'s own alias', () => {
    expect(configErrorOf(() => build({ sourceAlias: 'eu.west' }))).toContain('sourceAlias');
    expect(configErrorOf(() => build({ sourceAlias: 'dr' }))).toContain('the target cluster\'s alias too');
  });

  test('a second source under an alias another source already uses into the same cluster (the same source, in parts, is fine)', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const dr = new KafkaCluster(chart, 'dr');
    const primary = new KafkaCluster(chart, 'primary');
    const other = new KafkaCluster(chart, 'other');
    const connect = new Connect(chart, 'replicator', { kafka: dr });
    connect.addMirror('orders', { source: primary, topics: ['orders'] });
    connect.addMirror('payments', { source: primary, topics: ['payments'] });
    expect(configErrorOf(() => connect.addMirror('clash', { source: other, sourceAlias: 'primary' })))
      .toContain('sourceAlias = "primary" is invalid: test/replicator/Mirror-payments already copies another cluster');
  });

  test('a pattern holding a comma (MirrorMaker splits the list on commas)', () => {
    expect(configErrorOf(() => build({ topics: ['orders', 'a{1,3}'] }))).toMatch(/topics\[1\] = "a\{1,3\}" is invalid: MirrorMaker reads the patterns as one comma-separated list/);
  });

  test('an imported source that authenticates, without the mirror\'s credentials', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const dr = new KafkaCluster(chart, 'dr');
    const source = KafkaCluster.fromBootstrap(chart, 'onprem', { bootstrapServers: 'k.example.com:9093', version: ConfluentVersion.V8_0, tls: true, authentication: ListenerAuthentication.scramSha512() });
    const connect = new Connect(chart, 'replicator', { kafka: dr });
    expect(configErrorOf(() => connect.addMirror('onprem', { source }))).toMatch(/^test\/replicator\/Mirror-onprem: sourceCredentialsSecret = undefined is invalid: test\/onprem is imported and authenticates/);
  });
});

describe('the connector configs, directly', () => {
  test('every connector names both clusters and the topics; only the checkpoint connector carries groups', () => {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const dr = new KafkaCluster(chart, 'dr');
    const primary = new KafkaCluster(chart, 'primary');
    const m = resolveMirror('test', 'm', { source: primary }, dr);
    const connectors = mirrorConnectors(m, { bootstrapServers: 's:9092', properties: { 'security.protocol': 'PLAINTEXT' } }, { bootstrapServers: 't:9092', properties: {} });
    for (const { config } of connectors) {
      expect(config).toMatchObject({ 'source.cluster.alias': 'primary', 'target.cluster.alias': 'dr', 'source.cluster.bootstrap.servers': 's:9092', 'target.cluster.bootstrap.servers': 't:9092' });
    }
    expect(connectors.filter(c => c.config.topics !== undefined).map(c => c.name)).toEqual(['m-source', 'm-checkpoint']);
    expect(connectors.filter(c => c.config.groups !== undefined).map(c => c.name)).toEqual(['m-checkpoint']);
  });
});

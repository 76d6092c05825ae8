import { App, Chart, Size } from 'cdk8s';
import { Secret } from 'cdk8s-plus-27';
import {
  ConfluentPlatform, ConfluentVersion, KafkaCluster, KRaftMode, ListenerAuthentication, MirrorTopicNaming, Profile, Storage,
} from '../../src';
import { notesOf } from '../../src/core/warnings';
import { applyProfile } from '../../src/platform/apply-profile';
import { configErrorOf } from '../support/errors';
import { findAll } from '../support/objects';
import { synthObjects } from '../support/synth';
import { validateManifests } from '../support/validate';

const chart = () => new Chart(new App(), 'env', { namespace: 'kafka' });

describe('applyProfile', () => {
  test('a prop set in code wins over the profile\'s options, which win over its own values', () => {
    const profile = Profile.ephemeral({ brokers: { storage: Storage.ephemeral({ sizeLimit: Size.gibibytes(50) }) } });
    const kafka = { brokers: { replicas: 3 }, replicationFactor: 3, minInSyncReplicas: 2 };
    const parts = applyProfile(profile, { kafka, connect: { replicas: 2 } });
    expect(parts.kafka.brokers!.replicas).toBe(3);
    expect(parts.kafka.brokers!.storage!._resolve('t', 'storage').ephemeralLimit).toBe('50Gi');
    expect(parts.kafka.brokers!.resources!.memory!.request!.toMebibytes()).toBe(2048);
    expect([parts.kafka.replicationFactor, parts.kafka.minInSyncReplicas]).toEqual([3, 2]);
    expect(parts.connect!.replicas).toBe(2);
    // Only what the profile's own values decided is reported.
    expect(parts.decided).toEqual(['mode combined', 'brokers.resources', 'connect.resources']);
  });

  test('a replication factor set in code drops the profile\'s own min.insync.replicas: the cluster derives it', () => {
    const parts = applyProfile(Profile.ephemeral({ replicationFactor: 3, brokers: { replicas: 3 } }), {});
    expect([parts.kafka.replicationFactor, parts.kafka.minInSyncReplicas]).toEqual([3, undefined]);
    expect(parts.decided).not.toContain('minInSyncReplicas');
    const c = new Chart(new App(), 'env', { namespace: 'kafka' });
    expect(new ConfluentPlatform(c, 'events', { profile: Profile.ephemeral({ brokers: { replicas: 3 } }), kafka: { replicationFactor: 3 } }).kafka.minInSyncReplicas).toBe(2);
  });

  test('a controller pool given in code keeps the cluster dedicated under a combining profile', () => {
    const parts = applyProfile(Profile.ephemeral(), { kafka: { controllers: { replicas: 3 } } });
    expect(parts.kafka.mode).toBeUndefined();
    expect(parts.kafka.controllers).toEqual({ replicas: 3 });
    expect(parts.decided).not.toContain('mode combined');
  });

  test('a combined mode set in code drops a profile\'s own controller pool', () => {
    const parts = applyProfile(Profile.staging(), { kafka: { mode: KRaftMode.COMBINED } });
    expect(parts.kafka.controllers).toBeUndefined();
    expect(parts.decided.filter(d => d.startsWith('controllers'))).toEqual([]);
  });

  test('production decides nothing: the library\'s defaults are production\'s', () => {
    const parts = applyProfile(Profile.production(), { kafka: {}, schemaRegistry: {}, connect: {}, ksqlDb: {} });
    expect(parts.decided).toEqual([]);
    expect(parts.kafka).toEqual({});
    expect([parts.schemaRegistry, parts.connect, parts.ksqlDb]).toEqual([{}, {}, {}]);
  });

  test('components not asked for are not created by a profile', () => {
    const parts = applyProfile(Profile.ephemeral(), {});
    expect([parts.schemaRegistry, parts.connect, parts.ksqlDb]).toEqual([undefined, undefined, undefined]);
  });
});

describe('ConfluentPlatform', () => {
  test('its parts are named as they would be on their own, and wired', () => {
    const c = chart();
    const platform = new ConfluentPlatform(c, 'events', { schemaRegistry: {}, connect: {}, ksqlDb: {}, topics: { orders: { partitions: 3 } }, users: { app: {} } });
    const objects = synthObjects(c);
    validateManifests(objects);
    const standalone = chart();
    new KafkaCluster(standalone, 'events');
    const names = (objs: any[], kinds: string[]) => objs.filter(o => kinds.includes(o.kind)).map(o => `${o.kind}/${o.metadata.name}`).sort();
    // Same StatefulSets, Services and claims as a standalone cluster of the same id: moving into a platform keeps the disks.
    expect(names(objects, ['StatefulSet', 'Service']).filter(n => /events-(kafka|brokers|controllers)/.test(n)))
      .toEqual(names(synthObjects(standalone), ['StatefulSet', 'Service']));
    expect(findAll(objects, 'Deployment').map(d => d.metadata.name).sort()).toEqual(['events-schema-registry']);
    expect(findAll(objects, 'StatefulSet').map(d => d.metadata.name).sort()).toEqual(['events-brokers', 'events-connect', 'events-controllers', 'events-ksqldb']);
    expect(Object.keys(platform.topics)).toEqual(['orders']);
    expect(platform.users.app.name).toBe('app');
    // Connect and ksqlDB use the platform's registry.
    const config = (name: string) => findAll(objects, 'ConfigMap').find(m => m.metadata.name === name)!.data;
    expect(config('events-connect-config').CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL).toBe(platform.schemaRegistry!.url);
    expect(config('events-ksqldb-config').KSQL_KSQL_SCHEMA_REGISTRY_URL).toBe(platform.schemaRegistry!.url);
  });

  test('the ephemeral profile records a note of what it decided; production none', () => {
    const c = chart();
    new ConfluentPlatform(c, 'events', { profile: Profile.ephemeral(), schemaRegistry: {} });
    expect(notesOf(c)).toEqual([expect.stringMatching(/^env\/events: profile ephemeral \(a throw-away copy: .*\) set mode combined, brokers\.replicas, .*schemaRegistry\.resources; a prop set in code wins over the profile\.$/)]);
    const p = chart();
    new ConfluentPlatform(p, 'events', { schemaRegistry: {} });
    expect(notesOf(p)).toEqual([]);
  });

  test('a test copy mirrors chosen topics and the schemas, and its registry reads them read-only', () => {
    const app = new App();
    const c = new Chart(app, 'pr', { namespace: 'pr-42' });
    const production = KafkaCluster.fromBootstrap(c, 'production', {
      bootstrapServers: 'events-kafka-bootstrap.kafka.svc:9092',
      version: ConfluentVersion.V8_0,
      tls: true,
      authentication: ListenerAuthentication.scramSha512(),
      caSecret: Secret.fromSecretName(c, 'ca', 'production-ca'),
    });
    const platform = new ConfluentPlatform(c, 'events', {
      profile: Profile.ephemeral(),
      mirror: {
        source: production,
        sourceAlias: 'production',
        sourceCredentialsSecret: Secret.fromSecretName(c, 'creds', 'production-mirror'),
        topics: ['orders', 'customers'],
        groups: ['orders-app'],
        schemas: true,
        transforms: [{ name: 'mask', className: 'com.example.MaskEmail', config: { field: 'email' } }],
      },
    });
    const objects = synthObjects(app);
    validateManifests(objects, { external: { secrets: ['production-ca', 'production-mirror'] } });
    expect(platform.connect).toBeDefined();
    expect(platform.schemaRegistry).toBeDefined();
    const config = (name: string) => findAll(objects, 'ConfigMap').find(m => m.metadata.name === name)!.data;
    const registry = config('events-schema-registry-config');
    expect([registry.SCHEMA_REGISTRY_KAFKASTORE_TOPIC, registry.SCHEMA_REGISTRY_LEADER_ELIGIBILITY]).toEqual(['production._schemas', 'false']);
    const source = JSON.parse(findAll(objects, 'ConfigMap').find(m => m.data?.['connector.json']?.includes('MirrorSourceConnector'))!.data['connector.json']);
    expect(source.topics).toBe('orders,customers,_schemas');
    expect([source.transforms, source['transforms.mask.type'], source['transforms.mask.field']]).toEqual(['mask', 'com.example.MaskEmail', 'email']);
    // The masking transform skips the schemas' records, which it would break.
    expect([source.predicates, source['transforms.mask.predicate'], source['predicates.mask-topics.type'], source['predicates.mask-topics.pattern']])
      .toEqual(['mask-topics', 'mask-topics', 'org.apache.kafka.connect.transforms.predicates.TopicNameMatches', '(?!production\\._schemas$).*']);
    expect(platform.mirror!.sourceAlias).toBe('production');
  });

  test('a registry that contradicts the schema copy is refused', () => {
    const c = chart();
    const source = KafkaCluster.fromBootstrap(c, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    expect(configErrorOf(() => new ConfluentPlatform(c, 'events', { schemaRegistry: { topic: '_schemas' }, mirror: { source, schemas: true } })))
      .toMatch(/^env\/events: schemaRegistry.topic = "_schemas" is invalid: mirror.schemas copies the source's schemas into "production._schemas".*Remove schemaRegistry.topic/);
    const d = chart();
    const source2 = KafkaCluster.fromBootstrap(d, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    expect(configErrorOf(() => new ConfluentPlatform(d, 'events', { schemaRegistry: { readOnly: false }, mirror: { source: source2, schemas: true } })))
      .toMatch(/^env\/events: schemaRegistry.readOnly = false is invalid: .*hand out ids/);
  });

  test('a copy under the source\'s own names is refused; a dotted schemas topic is copied by its literal name', () => {
    const c = chart();
    const source = KafkaCluster.fromBootstrap(c, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    expect(configErrorOf(() => new ConfluentPlatform(c, 'events', { mirror: { source, topicNaming: MirrorTopicNaming.IDENTITY } })))
      .toMatch(/^env\/events: mirror.topicNaming = "identity" is invalid: a copy under the source's own names writes into the topics of the copy's own Connect/);
    const d = chart();
    const source2 = KafkaCluster.fromBootstrap(d, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    const platform = new ConfluentPlatform(d, 'events', { mirror: { source: source2, topics: ['orders'], schemas: true, sourceSchemasTopic: 'schemas.v1' } });
    const config = JSON.parse(findAll(synthObjects(d), 'ConfigMap').find(m => m.data?.['connector.json']?.includes('MirrorSourceConnector'))!.data['connector.json']);
    expect(config.topics).toBe('orders,schemas\\.v1');
    // An imported source: its user's ACLs are listed for whoever manages it, by the literal name.
    expect(platform.mirror!.sourceUser.acls.map(a => a.name)).toContain('schemas.v1');
  });

  test('a transform limited to some topics gets a TopicNameMatches predicate; the settings the library writes are refused in config', () => {
    const c = chart();
    const source = KafkaCluster.fromBootstrap(c, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    new ConfluentPlatform(c, 'events', { mirror: { source, transforms: [{ name: 'drop', className: 'org.apache.kafka.connect.transforms.Filter', topics: 'production\\.audit' }] } });
    const config = JSON.parse(findAll(synthObjects(c), 'ConfigMap').find(m => m.data?.['connector.json']?.includes('MirrorSourceConnector'))!.data['connector.json']);
    expect([config.predicates, config['predicates.drop-topics.pattern'], config['transforms.drop.predicate']]).toEqual(['drop-topics', 'production\\.audit', 'drop-topics']);
    const d = chart();
    const source2 = KafkaCluster.fromBootstrap(d, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    expect(configErrorOf(() => new ConfluentPlatform(d, 'events', { mirror: { source: source2, transforms: [{ name: 'x', className: 'a.B', config: { type: 'c.D' } }] } })))
      .toMatch(/transforms\[0\].config.type = "c.D" is invalid: transforms.x.type is set from className/);
  });

  test('a transform named twice is refused', () => {
    const c = chart();
    const source = KafkaCluster.fromBootstrap(c, 'production', { bootstrapServers: 'prod:9092', version: ConfluentVersion.V8_0 });
    const t = { name: 'mask', className: 'com.example.Mask' };
    expect(configErrorOf(() => new ConfluentPlatform(c, 'events', { mirror: { source, transforms: [t, t] } })))
      .toMatch(/Mirror-mirror: transforms\[1\].name = "mask" is invalid: it repeats transforms\[0\].name/);
  });

  test('a profile not made by its factories is refused', () => {
    expect(configErrorOf(() => new ConfluentPlatform(chart(), 'events', { profile: {} as any }))).toMatch(/^env\/events: profile = .* is invalid: .*Profile/);
  });
});

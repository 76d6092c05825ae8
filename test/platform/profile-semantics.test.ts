import { App, Chart, Duration } from 'cdk8s';
import {
  Acl, AclOperation, AclPatternType, ClientPeer, ConfluentPlatform, ExternalAccess, Listener, Profile,
} from '../../src';
import { synthObjects } from '../support/synth';
import { validateManifests } from '../support/validate';

// A profile changes sizes and safety margins, never what the platform means. One program,
// synthesized under each profile; what it means is read from the manifests and must be
// the same: topics, users, ACLs, listeners, issuers, network policies, and every
// configuration key and value but the few a profile owns (listed below with why).

/** One program: what a team declares once for every environment. */
function program(profile: Profile): any[] {
  const app = new App();
  const chart = new Chart(app, 'env', { namespace: 'kafka' });
  const apps = ClientPeer.namespace('orders');
  const platform = new ConfluentPlatform(chart, 'events', {
    profile,
    kafka: {
      listeners: [
        Listener.internal({ name: 'client', port: 9092, peers: [apps] }),
        Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.kafka.example.com' }), peers: [ClientPeer.ipBlock('10.0.0.0/8')] }),
      ],
      monitoring: {},
      metricsPeers: [ClientPeer.namespace('monitoring')],
      properties: { 'log.retention.hours': '168', 'compression.type': 'producer' },
    },
    schemaRegistry: { peers: [apps] },
    connect: {},
    ksqlDb: { peers: [apps] },
    topics: {
      orders: { partitions: 12, retention: Duration.days(7) },
      customers: { partitions: 6, configs: { 'cleanup.policy': 'compact' } },
    },
    users: {
      'orders-app': { acls: [Acl.topic('orders', [AclOperation.READ, AclOperation.WRITE], AclPatternType.PREFIXED), Acl.group('orders-app', [AclOperation.READ])] },
    },
  });
  platform.kafka.addTopic('payments', { partitions: 3 });
  platform.ksqlDb!.user.addAcl(Acl.topic('orders', [AclOperation.READ]));
  return synthObjects(app);
}

// Configuration keys a profile may change, with why. Anything else differing fails.
const PROFILE_OWNED: ReadonlyArray<readonly [RegExp, string]> = [
  [/(REPLICATION_FACTOR|_REPLICAS|MIN_INSYNC_REPLICAS|MIN_ISR)$/, 'replication is a safety margin'],
  [/_HEAP_OPTS$/, 'the heap follows the memory request'],
  [/^KAFKA_(PROCESS_ROLES|LISTENERS|LISTENER_NAME_CONTROLLER_.*)$/, 'a combined node also serves the controller listener'],
  [/^KSQL_(KSQL_HEARTBEAT_ENABLE|KSQL_LAG_REPORTING_ENABLE|KSQL_QUERY_PULL_ENABLE_STANDBY_READS|AUTHENTICATION_SKIP_PATHS)$/,
    'ksqlDB\'s standby and lag features need more than one server'],
];

const owned = (key: string) => PROFILE_OWNED.some(([re]) => re.test(key));

/** What the objects mean: everything but sizes, as comparable values. */
function semantics(objects: any[]) {
  const models = objects.filter(o => o.metadata.annotations?.['cdk8s-kafka/model'] !== undefined).map(o => {
    const { replicationFactor, minInSyncReplicas, pools, voters, topics, ...rest } = JSON.parse(o.metadata.annotations['cdk8s-kafka/model']);
    return { ...rest, topics: topics?.map((t: any) => ({ name: t.name, partitions: t.partitions })) };
  });
  const jobEnv = (job: string, container: string, names: string[]) => {
    const j = objects.find(o => o.kind === 'Job' && o.metadata.name.startsWith(job));
    const env = j.spec.template.spec.containers.concat(j.spec.template.spec.initContainers ?? []).find((c: any) => c.name === container).env;
    return Object.fromEntries(env.filter((e: any) => names.includes(e.name)).map((e: any) => [e.name, e.value]));
  };
  const access = jobEnv('events-kafka-access-', 'access', ['CDK8S_SCRAM_MECHANISMS', 'CDK8S_SCRAM_USERS', 'CDK8S_ACLS', 'CDK8S_PRUNE_USERS', 'CDK8S_PRUNE_ACLS', 'CDK8S_PRUNE_QUOTAS']);
  // Each topic line is "<name> <partitions> <replication factor> [configs]": all but the factor.
  const topics = (jobEnv('events-kafka-topics-', 'topics', ['CDK8S_TOPICS']).CDK8S_TOPICS as string).split('\n')
    .map(line => line.split(' ').filter((_, i) => i !== 2).join(' '));
  const config = new Map<string, string>();
  for (const cm of objects.filter(o => o.kind === 'ConfigMap' && /-config$/.test(o.metadata.name))) {
    for (const [k, v] of Object.entries(cm.data ?? {})) if (!owned(k)) config.set(`${cm.metadata.name}/${k}`, v as string);
  }
  const policies = Object.fromEntries(objects.filter(o => o.kind === 'NetworkPolicy').map(o => [o.metadata.name, o.spec]));
  const issuers = objects.filter(o => o.kind === 'Issuer' || o.kind === 'Certificate').map(o => `${o.kind}/${o.metadata.name} ${JSON.stringify(o.spec.issuerRef ?? o.spec.ca ?? o.spec.selfSigned ?? {})}`).sort();
  const secrets = objects.filter(o => o.kind === 'Secret').map(o => `${o.metadata.name}`).sort();
  return { models, access, topics, config, policies, issuers, secrets };
}

const production = program(Profile.production());
const ephemeral = program(Profile.ephemeral());
const staging = program(Profile.staging());

test.each([['ephemeral', ephemeral], ['staging', staging]])('%s means what production means', (_name, objects) => {
  validateManifests(objects);
  const a = semantics(production);
  const b = semantics(objects);
  // What is compared is there to compare.
  expect([a.models.length, a.topics.length, a.config.size, Object.keys(a.policies).length]).toEqual([4, 3, expect.any(Number), expect.any(Number)]);
  expect(a.config.size).toBeGreaterThan(100);
  expect(Object.keys(b.policies).length).toBeGreaterThan(3);
  expect(b.models).toEqual(a.models);
  expect(b.access).toEqual(a.access);
  expect(b.topics).toEqual(a.topics);
  expect(b.issuers).toEqual(a.issuers);
  expect(b.secrets).toEqual(a.secrets);
  // Every configuration key the program declares, with its value, in both (only a pool a
  // profile leaves out, the dedicated controllers, may be missing).
  const missing = [...a.config.keys()].filter(k => !b.config.has(k) && !k.startsWith('events-controllers-config/'));
  expect(missing).toEqual([]);
  expect([...b.config].filter(([k, v]) => a.config.get(k) !== v)).toEqual([]);
  // The same policies, by name, admit the same peers on the same ports.
  for (const [name, spec] of Object.entries(b.policies)) expect([name, spec]).toEqual([name, a.policies[name]]);
});

test('the profiles differ in sizes and margins, as their docs say', () => {
  const model = (objects: any[]) => JSON.parse(objects.find(o => o.kind === 'Service' && o.metadata.annotations?.['cdk8s-kafka/model'])?.metadata.annotations['cdk8s-kafka/model']
    ?? objects.find(o => o.metadata.annotations?.['cdk8s-kafka/model']?.includes('"KafkaCluster"')).metadata.annotations['cdk8s-kafka/model']);
  const p = model(production);
  const e = model(ephemeral);
  const s = model(staging);
  expect([p.replicationFactor, p.minInSyncReplicas, p.voters.length]).toEqual([3, 2, 3]);
  expect([s.replicationFactor, s.minInSyncReplicas, s.voters.length]).toEqual([3, 2, 3]);
  expect([e.replicationFactor, e.minInSyncReplicas, e.voters.length]).toEqual([1, 1, 1]);
  expect(e.pools.map((pool: any) => [pool.name, pool.roles, pool.storage, pool.nodeIds.length])).toEqual([['brokers', ['broker', 'controller'], 'ephemeral', 1]]);
  expect(s.pools.map((pool: any) => [pool.name, pool.disks.map((d: any) => d.sizeBytes / 2 ** 30)])).toEqual([['controllers', [5]], ['brokers', [20]]]);
  const replicas = (objects: any[]) => Object.fromEntries(objects.filter(o => ['Deployment', 'StatefulSet'].includes(o.kind)).map(o => [o.metadata.name, o.spec.replicas]));
  expect(replicas(ephemeral)).toEqual({ 'events-brokers': 1, 'events-schema-registry': 1, 'events-connect': 1, 'events-ksqldb': 1 });
  expect(replicas(production)).toEqual({
    'events-controllers': 3, 'events-brokers': 3, 'events-schema-registry': 2, 'events-connect': 3, 'events-ksqldb': 2,
  });
});

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { parseAllDocuments, stringify } from 'yaml';
import {
  CertificateAuthority, ChangeClass, ConfluentVersion, Connect, KafkaCluster, KsqlDb, Listener, ListenerAuthentication, Plan, RestAuthentication,
  SchemaRegistry, Storage,
} from '../../src';
import { runCli } from '../../src/plan/cli';

// Each folder is written once and never changed: its reading is kept, so the base
// folders every case compares against are parsed once (the plan does not change what
// it reads).
jest.mock('../../src/plan/manifests', () => {
  const actual = jest.requireActual('../../src/plan/manifests');
  const read = new Map<string, unknown>();
  return {
    ...actual,
    readManifests: (dir: string, prop: string) => {
      if (!read.has(dir)) read.set(dir, actual.readManifests(dir, prop));
      return read.get(dir);
    },
  };
});

// The change-safety plan over two synth outputs of programs built from the public
// constructs: each rule's class, message and procedure, and that unrelated edits are
// not flagged. Each program is synthesized into its own folder, as `cdk8s synth` writes
// dist/.

interface Options {
  version?: ConfluentVersion;
  brokers?: number;
  drainTo?: number;
  disk?: number;
  /** The size the claims were created with, once the disk has grown (docs: "Growing disks"). */
  initialDisk?: number;
  storageClass?: string;
  ephemeral?: boolean;
  nodeIdBase?: number;
  rf?: number;
  minIsr?: number;
  clusterId?: string;
  controllers?: number;
  clientsCa?: CertificateAuthority;
  clientPort?: number;
  clientAuth?: ListenerAuthentication;
  partitions?: number;
  topicRf?: number;
  retentionDays?: number;
  extraTopic?: boolean;
  noTopic?: boolean;
  pruneTopics?: boolean;
  brokerMemoryGi?: number;
  srTopic?: string;
  groupId?: string;
  serviceId?: string;
  restTls?: boolean;
  serviceLabel?: boolean;
  /** A second broker pool, `archive` (its brokers drained when `drainArchive`). */
  archivePool?: boolean;
  drainArchive?: boolean;
  zones?: string[];
  topicMinIsr?: number;
  pruneAccess?: boolean;
  plaintext?: boolean;
  /** Add Schema Registry, Connect and ksqlDB (slower: only where a case needs them). */
  components?: boolean;
  patch?: (chart: Chart) => void;
}

const CLUSTER_ID = 'q1Sh-9_ISia_zwGINzRvyQ';
const dirs: string[] = [];
afterAll(() => dirs.forEach(d => fs.rmSync(d, { recursive: true, force: true })));

/** Folders already synthesized, by their options (a program without a patch synthesizes the same YAML every time). */
const synthesized = new Map<string, string>();

/** Synthesizes the program into a folder, as `cdk8s synth` does; returns the folder. */
function synth(o: Options = {}): string {
  const key = o.patch === undefined ? JSON.stringify(o, (_k, v) => (v instanceof ConfluentVersion ? v.version : v)) : undefined;
  const known = key === undefined ? undefined : synthesized.get(key);
  if (known !== undefined) return known;
  const dir = synthesizeInto(o);
  if (key !== undefined) synthesized.set(key, dir);
  return dir;
}

function synthesizeInto(o: Options): string {
  const app = Testing.app();
  const chart = new Chart(app, 'platform', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events', {
    version: o.version ?? ConfluentVersion.V8_0,
    clusterId: o.clusterId ?? CLUSTER_ID,
    controllers: { replicas: o.controllers ?? 3 },
    brokers: {
      replicas: o.brokers ?? 4,
      drainTo: o.drainTo,
      nodeIdBase: o.nodeIdBase,
      resources: o.brokerMemoryGi === undefined ? undefined : { memory: { request: Size.gibibytes(o.brokerMemoryGi) } },
      storage: o.ephemeral ? Storage.ephemeral() : Storage.persistent({
        size: Size.gibibytes(o.disk ?? 100),
        storageClass: o.storageClass,
        initialSize: o.initialDisk === undefined ? undefined : Size.gibibytes(o.initialDisk),
      }),
    },
    replicationFactor: o.rf ?? 3,
    minInSyncReplicas: o.minIsr ?? 2,
    certificateAuthority: o.clientsCa,
    listeners: [o.plaintext
      ? Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })
      : Listener.internal({ name: 'client', port: o.clientPort ?? 9092, authentication: o.clientAuth })],
    prune: o.pruneTopics || o.pruneAccess ? { topics: o.pruneTopics, users: o.pruneAccess, acls: o.pruneAccess } : undefined,
    zones: o.zones,
  });
  if (o.archivePool) kafka.addNodePool('archive', { replicas: 3, nodeIdBase: 100, drainTo: o.drainArchive ? 0 : undefined });
  const retention = o.retentionDays === undefined ? undefined : Duration.days(o.retentionDays);
  if (!o.noTopic) kafka.addTopic('orders', { partitions: o.partitions ?? 6, replicationFactor: o.topicRf, retention, minInSyncReplicas: o.topicMinIsr });
  if (o.extraTopic) kafka.addTopic('payments', { partitions: 3 });
  if (o.components) {
    const schemas = new SchemaRegistry(chart, 'schemas', { kafka, topic: o.srTopic });
    new Connect(chart, 'connect', { kafka, schemaRegistry: schemas, groupId: o.groupId });
    const restAuthentication = o.restTls === false ? RestAuthentication.none() : undefined;
    new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: schemas, serviceId: o.serviceId, restTls: o.restTls, restAuthentication });
    if (o.serviceLabel) ApiObject.of(schemas.node.findChild('Workload').node.findChild('Service')).metadata.addLabel('team', 'payments');
  }
  o.patch?.(chart);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'platform.k8s.yaml'), app.synthYaml());
  return dir;
}

const BASE = synth();
const WITH_COMPONENTS = synth({ components: true });

/** The plan from the base program (with the components when the change is to one). */
function plan(after: Options): Plan {
  return Plan.between(after.components ? WITH_COMPONENTS : BASE, synth(after));
}

/** The changes of the plan that are not safe. */
function flagged(p: Plan) {
  return p.changes.filter(c => c.classification !== ChangeClass.SAFE);
}

describe('nothing changed', () => {
  test('the same program twice: no change, exit code 0', () => {
    const p = Plan.between(WITH_COMPONENTS, synth({ components: true }));
    expect(p.changes).toEqual([]);
    expect(p.exitCode).toBe(0);
    expect(p.toTable()).toBe('No change to any Kafka cluster, component or object of cdk8s-kafka.\n');
  });
});

// Changes that do not interfere share one program (synthesized once): each case still
// finds its own change among the others.
const UNRELATED: Options = {
  components: true, extraTopic: true, serviceLabel: true, brokerMemoryGi: 8, retentionDays: 30, partitions: 12, disk: 200, initialDisk: 100,
};
const CLUSTER_DANGERS: Options = {
  clusterId: 'AAAAAAAAAAAAAAAAAAAAAA',
  controllers: 5,
  rf: 2,
  minIsr: 1,
  partitions: 3,
  topicRf: 4,
  version: ConfluentVersion.V7_9,
  clientsCa: CertificateAuthority.issuer('company-ca'),
  pruneTopics: true,
  pruneAccess: true,
};
const DISK_DANGERS: Options = { disk: 50, storageClass: 'fast' };
const COMPONENT_DISRUPTIONS: Options = { components: true, groupId: 'kafka.connect-v2', serviceId: 'analytics_', restTls: false };

describe('unrelated edits are not flagged (the plan must not cry wolf)', () => {
  test('an added topic, a label on a Service, a memory increase, a log retention change, more partitions, a disk grown as documented', () => {
    const p = plan(UNRELATED);
    expect(flagged(p)).toEqual([]);
    expect(p.exitCode).toBe(0);
  });

  test('the safe changes say what happens: a new topic, a roll, a growing disk', () => {
    expect(plan({ extraTopic: true }).changes).toContainEqual(expect.objectContaining({ subject: 'KafkaCluster kafka/events, topic payments', description: 'a new topic (3 partitions, 3 copies)' }));
    expect(plan({ brokerMemoryGi: 8 }).changes).toContainEqual(expect.objectContaining({
      classification: ChangeClass.SAFE, subject: 'StatefulSet kafka/events-brokers', description: expect.stringContaining('the roll restarts its nodes one at a time'),
    }));
    expect(plan({ disk: 200, initialDisk: 100 }).changes).toContainEqual(expect.objectContaining({ description: 'disk 0 grows (100Gi → 200Gi): the claims are expanded in place' }));
  });
});

describe.each<[string, Options, ChangeClass, string, string | undefined]>([
  ['the cluster id', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'the KRaft cluster id changes', 'Keep clusterId'],
  ['the voter set', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'the KRaft voter set changes (9990, 9991, 9992 → 9990, 9991, 9992, 9993, 9994)', '"Changing the controllers"'],
  ['the node-id range', { nodeIdBase: 100 }, ChangeClass.DANGEROUS, 'the pool\'s node ids move', 'Keep nodeIdBase'],
  ['brokers removed without a drain', { brokers: 3 }, ChangeClass.DANGEROUS, 'brokers 3 are removed without a drain', 'Set drainTo: 3 first'],
  ['a disk that shrinks', DISK_DANGERS, ChangeClass.DANGEROUS, 'disk 0 shrinks (100Gi → 50Gi)', 'Keep the size'],
  ['a storage class change', DISK_DANGERS, ChangeClass.DANGEROUS, 'disk 0 changes storage class (default → fast)', 'Keep the storage class'],
  ['persistent to ephemeral', { ephemeral: true }, ChangeClass.DANGEROUS, 'storage becomes ephemeral', 'Keep Storage.persistent'],
  ['a lower replication factor', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'the default replication factor drops (3 → 2)', 'Keep the replication factor'],
  ['a lower min ISR', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'min.insync.replicas drops (2 → 1)', 'Keep min.insync.replicas'],
  ['fewer partitions', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'partitions decrease (6 → 3)', 'Keep the partitions'],
  ['a topic\'s replication factor', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'the replication factor changes (3 → 4)', 'partition reassignment'],
  ['a downgrade', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'the Kafka release goes back', 'Keep 8.0'],
  ['the clients\' CA', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'the clients\' certificate authority is replaced (Issuer/events-kafka-ca → Issuer/company-ca)', '"Certificates: whose CA signs what'],
  ['the registry\'s topic', { components: true, srTopic: '_schemas-v2' }, ChangeClass.DANGEROUS, 'the schemas topic changes (_schemas → _schemas-v2)', 'Keep the topic'],
  ['a listener port', { clientPort: 9094 }, ChangeClass.DISRUPTIVE, 'the listener changes (9092 SASL_SSL SCRAM-SHA-512 → 9094 SASL_SSL SCRAM-SHA-512)', 'Add a new listener next to it'],
  ['the SASL mechanism', { clientAuth: ListenerAuthentication.scramSha256() }, ChangeClass.DISRUPTIVE, 'SCRAM-SHA-256', 'move the clients'],
  ['Connect\'s group id', COMPONENT_DISRUPTIONS, ChangeClass.DISRUPTIVE, 'the group id changes (kafka.connect → kafka.connect-v2)', 'Keep groupId'],
  ['ksqlDB\'s service id', COMPONENT_DISRUPTIONS, ChangeClass.DISRUPTIVE, 'the service id changes (kafka-ksql_ → analytics_)', 'Keep serviceId'],
  ['REST TLS turned off', COMPONENT_DISRUPTIONS, ChangeClass.DISRUPTIVE, 'the REST API changes (https with HTTP basic → http)', 'Add the callers first'],
  ['a topic\'s min ISR lowered', { topicMinIsr: 1 }, ChangeClass.DANGEROUS, 'min.insync.replicas drops (2 → 1)', 'Keep the topic\'s minInSyncReplicas'],
  ['prune.topics turned on', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'prune.topics turns on', '"kept" lines'],
  ['pruning of access turned on', CLUSTER_DANGERS, ChangeClass.DANGEROUS, 'pruning of users, ACLs or quotas turns on', 'access Job\'s last log'],
  ['TLS turned off between the nodes', { plaintext: true }, ChangeClass.DANGEROUS, 'TLS is turned off between the nodes', 'full restart window'],
])('%s', (_what, after, classification, description, procedure) => {
  const p = plan(after);
  const found = p.changes.find(c => c.classification === classification && c.description.includes(description));

  test(`is ${classification}, explained, with the procedure`, () => {
    expect(found).toBeDefined();
    if (procedure !== undefined) expect(found!.procedure).toContain(procedure);
  });

  test(`the exit code is ${classification === ChangeClass.DANGEROUS ? 1 : 0}`, () => {
    expect(p.exitCode).toBe(classification === ChangeClass.DANGEROUS || classification === ChangeClass.BLOCKED ? 1 : 0);
  });
});

describe('scaling in, as docs/operations.md does it', () => {
  test('drainTo first is safe; then removing the drained brokers is safe too', () => {
    const drained = synth({ drainTo: 3 });
    expect(flagged(Plan.between(BASE, drained)).filter(c => c.subject.includes('pool brokers'))).toEqual([]);
    const p = Plan.between(drained, synth({ brokers: 3, drainTo: 3 }));
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.SAFE, description: expect.stringContaining('nodes 3 are removed (drained)') }));
    expect(p.exitCode).toBe(0);
  });
});

describe('zones: the StatefulSets that hold the nodes\' claims', () => {
  const zoned = synth({ zones: ['a', 'b', 'c'], brokers: 6 });

  test('zones added to a pool: its StatefulSet goes while its nodes stay, on new empty claims (dangerous)', () => {
    const p = Plan.between(synth({ brokers: 6 }), zoned);
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DANGEROUS, rule: 'statefulset-removed', subject: 'KafkaCluster kafka/events, pool brokers' }));
  });

  test('zones reordered: nodes move to another StatefulSet, onto another pod\'s disk (dangerous)', () => {
    const p = Plan.between(zoned, synth({ zones: ['b', 'a', 'c'], brokers: 6 }));
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DANGEROUS, rule: 'node-moved' }));
  });

  test('the same zones: nothing flagged', () => {
    expect(flagged(Plan.between(zoned, synth({ zones: ['a', 'b', 'c'], brokers: 6 })))).toEqual([]);
  });
});

describe('components', () => {
  test('a registry moved to another Kafka cluster starts on an empty topic there (dangerous)', () => {
    const registryOn = (cluster: 'events' | 'audit') => {
      const app = Testing.app();
      const chart = new Chart(app, 'platform', { namespace: 'kafka' });
      const clusters = { events: new KafkaCluster(chart, 'events', { clusterId: CLUSTER_ID }), audit: new KafkaCluster(chart, 'audit', { clusterId: 'AAAAAAAAAAAAAAAAAAAAAA' }) };
      new SchemaRegistry(chart, 'schemas', { kafka: clusters[cluster] });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
      dirs.push(dir);
      fs.writeFileSync(path.join(dir, 'platform.k8s.yaml'), app.synthYaml());
      return dir;
    };
    const p = Plan.between(registryOn('events'), registryOn('audit'));
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DANGEROUS, subject: 'SchemaRegistry kafka/schemas', rule: 'cluster-moved' }));
  });
});

describe('removing a broker pool', () => {
  test('without a drain it is dangerous; drained (drainTo: 0) first, it is safe', () => {
    const withPool = synth({ archivePool: true });
    const removed = Plan.between(withPool, BASE);
    expect(removed.changes).toContainEqual(expect.objectContaining({
      classification: ChangeClass.DANGEROUS, subject: 'KafkaCluster kafka/events, pool archive', procedure: expect.stringContaining('Set drainTo: 0 on the pool'),
    }));
    const drained = synth({ archivePool: true, drainArchive: true });
    expect(flagged(Plan.between(drained, BASE)).filter(c => c.subject.includes('pool archive'))).toEqual([]);
  });
});

describe('upgrades', () => {
  test('the next line rolls and says to finalize; a jump over a line is dangerous', () => {
    const old = synth({ version: ConfluentVersion.V7_9 });
    const next = Plan.between(old, BASE);
    expect(next.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.SAFE, procedure: expect.stringContaining('set finalizedVersion') }));
    const jump = Plan.between(old, synth({ version: ConfluentVersion.V8_1 }));
    expect(jump.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DANGEROUS, description: expect.stringContaining('over a release line') }));
  });
});

describe('topics removed from code', () => {
  test('without prune the topic stays in Kafka (safe); with prune.topics it is deleted with its records (dangerous)', () => {
    expect(flagged(plan({ noTopic: true }))).toEqual([]);
    const pruning = synth({ pruneTopics: true });
    const p = Plan.between(pruning, synth({ pruneTopics: true, noTopic: true }));
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DANGEROUS, description: expect.stringContaining('the topics Job deletes it with all its records') }));
  });
});

/** The ApiObject of the brokers' StatefulSet, for an escape-hatch patch. */
function brokers(chart: Chart): ApiObject {
  return chart.node.findAll().find(c => c instanceof ApiObject && c.kind === 'StatefulSet' && c.metadata.name === 'events-brokers') as ApiObject;
}

describe('what the API server would refuse', () => {
  test('a disk grown without initialSize changes the claim template: blocked, where the documented way is safe', () => {
    const p = plan({ disk: 200 });
    expect(p.changes[0]).toMatchObject({ classification: ChangeClass.BLOCKED, description: 'volumeClaimTemplates cannot change on a StatefulSet: the API server refuses the apply' });
  });

  test('an immutable StatefulSet field is blocked, with the orphan-delete recipe', () => {
    const p = plan({
      patch: chart => brokers(chart).addJsonPatch(JsonPatch.replace('/spec/podManagementPolicy', 'OrderedReady')),
    });
    expect(p.changes[0]).toMatchObject({
      classification: ChangeClass.BLOCKED,
      subject: 'StatefulSet kafka/events-brokers',
      description: 'podManagementPolicy cannot change on a StatefulSet: the API server refuses the apply',
      procedure: 'kubectl -n kafka delete statefulset events-brokers --cascade=orphan (the pods and their claims stay), then apply: the new StatefulSet adopts the pods',
    });
    expect(p.exitCode).toBe(1);
  });

  test('a Job whose template changes under the same name is blocked (an escape-hatch patch after the name was hashed)', () => {
    const p = plan({
      patch: chart => (chart.node.findAll().find(c => c instanceof ApiObject && c.kind === 'Job' && c.node.id === 'AccessJob') as ApiObject)
        .addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', { 'example.com/x': 'y' })),
    });
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.BLOCKED, description: 'a Job\'s pod template cannot change: the API server refuses the apply' }));
  });

  test('a workload that changes kind under its name (Connect\'s Deployment became a StatefulSet) is disruptive, with the recipe', () => {
    const before = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    dirs.push(before);
    const docs = parseAllDocuments(fs.readFileSync(path.join(WITH_COMPONENTS, 'platform.k8s.yaml'), 'utf8')).map(d => d.toJS());
    const connect = docs.find(d => d.kind === 'StatefulSet' && d.metadata.name === 'connect');
    connect.kind = 'Deployment';
    fs.writeFileSync(path.join(before, 'platform.k8s.yaml'), docs.map(d => stringify(d)).join('---\n'));
    const p = Plan.between(before, WITH_COMPONENTS);
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DISRUPTIVE, subject: 'Deployment kafka/connect', procedure: expect.stringContaining('Delete the Deployment') }));
  });

  test('volume claims deleted with their StatefulSet (PVC retention Delete) is dangerous', () => {
    const p = plan({
      patch: chart => brokers(chart).addJsonPatch(JsonPatch.replace('/spec/persistentVolumeClaimRetentionPolicy', { whenDeleted: 'Delete', whenScaled: 'Retain' })),
    });
    expect(p.changes).toContainEqual(expect.objectContaining({ classification: ChangeClass.DANGEROUS, description: expect.stringContaining('PVC retention Delete') }));
  });
});

describe('input', () => {
  test('objects of other tools in the same folder are ignored', () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    dirs.push(other);
    fs.copyFileSync(path.join(BASE, 'platform.k8s.yaml'), path.join(other, 'platform.k8s.yaml'));
    fs.writeFileSync(path.join(other, 'other.yaml'), 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: postgres\nspec:\n  serviceName: pg\n');
    expect(Plan.between(BASE, other).changes).toEqual([]);
  });

  test('the command: a table, --json, exit codes 0, 1 and 2', () => {
    const out: string[] = [];
    const err: string[] = [];
    const run = (...args: string[]) => runCli(args, t => out.push(t), t => err.push(t), false);
    expect(run('plan', BASE, synth({ extraTopic: true }))).toBe(0);
    expect(out.pop()).toContain('SAFE       KafkaCluster kafka/events, topic payments');
    expect(run('plan', BASE, synth({ disk: 50 }), '--json')).toBe(1);
    const json = JSON.parse(out.pop()!);
    expect(json.stops).toBe(true);
    expect(json.changes).toContainEqual(expect.objectContaining({ classification: 'dangerous', subject: 'KafkaCluster kafka/events, pool brokers' }));
    expect(run('plan', BASE)).toBe(2);
    expect(err.pop()).toContain('usage: cdk8s-kafka plan <before-dir> <after-dir> [--json]');
    expect(run('plan', BASE, '/nonexistent')).toBe(2);
    expect(err.pop()).toBe('cdk8s-kafka plan: Plan.between: afterDir = "/nonexistent" is invalid: it is not a folder. Give the synth output folder (cdk8s synth writes dist/).\n');
  });

  test('--accept lets the one dangerous change a pull request means through (subject and rule), never a blocked one', () => {
    const err: string[] = [];
    const out: string[] = [];
    const run = (...args: string[]) => runCli(args, t => out.push(t), t => err.push(t), false);
    const after = synth({ brokers: 3 });
    expect(run('plan', BASE, after)).toBe(1);
    expect(out.pop()).toContain("meant? --accept 'KafkaCluster kafka/events, pool brokers#brokers-removed'");
    expect(run('plan', BASE, after, '--accept', 'KafkaCluster kafka/events, pool brokers#brokers-removed')).toBe(0);
    expect(out.pop()).toContain('(accepted)');
    // The subject alone, or another rule of it, accepts nothing.
    expect(run('plan', BASE, after, '--accept', 'KafkaCluster kafka/events, pool brokers')).toBe(1);
    expect(err.pop()).toBe('cdk8s-kafka plan: --accept "KafkaCluster kafka/events, pool brokers" names no dangerous change of this plan\n');
    const both = synth({ brokers: 3, storageClass: 'fast' });
    expect(run('plan', BASE, both, '--accept', 'KafkaCluster kafka/events, pool brokers#brokers-removed')).toBe(1);
    expect(run('plan', BASE, synth({ disk: 200 }), '--accept', 'StatefulSet kafka/events-brokers#immutable-statefulset')).toBe(1);
    expect(run('plan', BASE, after, '--json', '--accept', 'KafkaCluster kafka/events, pool brokers#brokers-removed')).toBe(0);
    const json = JSON.parse(out.pop()!);
    expect(json.stops).toBe(false);
    expect(json.changes.find((c: any) => c.rule === 'brokers-removed').accepted).toBe(true);
    expect(run('plan', BASE, after, '--accept')).toBe(2);
    expect(run('plan', '--help')).toBe(0);
  });

  test('a file that is not YAML is an input error (exit 2)', () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    dirs.push(broken);
    fs.writeFileSync(path.join(broken, 'a.yaml'), 'kind: [unclosed\n');
    const err: string[] = [];
    expect(runCli(['plan', BASE, broken], () => undefined, t => err.push(t), false)).toBe(2);
    expect(err[0]).toMatch(/^cdk8s-kafka plan: Plan.between: afterDir = ".*a\.yaml" is invalid: it is not YAML \(/);
  });

  test('a folder synthesized without models (before an upgrade of cdk8s-kafka) is refused, not read as a new cluster', () => {
    const old = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    dirs.push(old);
    fs.writeFileSync(path.join(old, 'a.k8s.yaml'), fs.readFileSync(path.join(BASE, 'platform.k8s.yaml'), 'utf8').replace(/ +cdk8s-kafka\/model: .*\n/g, ''));
    const err: string[] = [];
    expect(runCli(['plan', old, BASE], () => undefined, t => err.push(t), false)).toBe(2);
    expect(err[0]).toContain('which has no cdk8s-kafka/model annotation (synthesized by a cdk8s-kafka without plan models)');
  });

  test('the same object twice in a folder (two charts without a namespace) is refused', () => {
    const twice = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    dirs.push(twice);
    fs.copyFileSync(path.join(BASE, 'platform.k8s.yaml'), path.join(twice, 'a.k8s.yaml'));
    fs.copyFileSync(path.join(BASE, 'platform.k8s.yaml'), path.join(twice, 'b.k8s.yaml'));
    const err: string[] = [];
    expect(runCli(['plan', BASE, twice], () => undefined, t => err.push(t), false)).toBe(2);
    expect(err[0]).toContain('appears twice in the folder');
  });

  test('a model of a newer format is refused (exit 2), not misread', () => {
    const newer = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-'));
    dirs.push(newer);
    fs.writeFileSync(path.join(newer, 'a.k8s.yaml'), fs.readFileSync(path.join(BASE, 'platform.k8s.yaml'), 'utf8').replace(/"v":1/g, '"v":99'));
    expect(runCli(['plan', BASE, newer], () => undefined, () => undefined, false)).toBe(2);
  });
});

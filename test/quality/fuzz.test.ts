import { Chart, Cron, Duration, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { RUNS, SEED } from './generators';
import {
  CertificateAuthority, ClientPeer, Connect, ConnectorPlugin, ExternalAccess, KafkaCluster, KsqlDb, Listener, ListenerAuthentication, SchemaRegistry,
} from '../../src';
import { KafkaConfigError } from '../../src/core/errors';
import { secretRef } from '../support/secrets';

// Bad input from JavaScript callers (wrong types, negative and huge numbers, bad
// quantities, empty and oversized names, unknown versions, contradictory settings) must
// fail synth with the library's error, naming the construct path and the prop: never a
// TypeError, never a cdk8s internal error, never silent success.

/** Values no numeric count accepts. */
const badCount = fc.constantFrom<unknown>(-1, 0.5, 2.5, Number.NaN, Infinity, 1e9, '3', 'three', true, {}, []);
/** Values no string accepts where a name, host or key is expected. */
const badString = fc.constantFrom<unknown>('', ' ', 'x'.repeat(300), 'Bad Name', '../etc', 'a:b', 42, {}, []);
/** Values that are not the expected object or class. */
const badObject = fc.constantFrom<unknown>('x', 42, true, [1], () => 1);

interface Case {
  readonly target: string;
  readonly prop: string;
  readonly run: (bad: unknown) => void;
}

function chart(): Chart {
  return new Chart(Testing.app(), 'fuzz', { namespace: 'fuzz' });
}

function cluster(props: Record<string, unknown>): void {
  const c = chart();
  new KafkaCluster(c, 'events', props as never);
  c.toJson();
}

function component(kind: 'sr' | 'connect' | 'ksql', props: Record<string, unknown>): void {
  const c = chart();
  const kafka = new KafkaCluster(c, 'events');
  const all = { kafka, ...props } as never;
  if (kind === 'sr') new SchemaRegistry(c, 'schemas', all);
  if (kind === 'connect') new Connect(c, 'connect', all);
  if (kind === 'ksql') new KsqlDb(c, 'ksql', all);
  c.toJson();
}

const cases: Array<[Case, fc.Arbitrary<unknown>]> = [
  [{ target: 'fuzz/events', prop: 'version', run: v => cluster({ version: v }) }, fc.constantFrom<unknown>('8.0.0', 8, {}, [], 'latest')],
  [{ target: 'fuzz/events', prop: 'edition', run: v => cluster({ edition: v }) }, badString],
  [{ target: 'fuzz/events', prop: 'mode', run: v => cluster({ mode: v }) }, badString],
  [{ target: 'fuzz/events/controllers', prop: 'replicas', run: v => cluster({ controllers: { replicas: v } }) }, fc.oneof(badCount, fc.constantFrom<unknown>(2, 4, 0))],
  [{ target: 'fuzz/events/brokers', prop: 'replicas', run: v => cluster({ brokers: { replicas: v } }) }, badCount],
  [{ target: 'fuzz/events/brokers', prop: 'nodeIdBase', run: v => cluster({ brokers: { nodeIdBase: v } }) }, fc.constantFrom<unknown>(-1, 1.5, Number.NaN, 3e9, '0', {})],
  [{ target: 'fuzz/events/brokers', prop: 'resources', run: v => cluster({ brokers: { resources: { memory: { request: v } } } }) }, fc.constantFrom<unknown>('4Gi', 4, Size.mebibytes(1), Size.kibibytes(0.5), {}, [])],
  [{ target: 'fuzz/events/brokers', prop: 'storage', run: v => cluster({ brokers: { storage: v } }) }, badObject],
  [{ target: 'fuzz/events/brokers', prop: 'terminationGracePeriod', run: v => cluster({ brokers: { terminationGracePeriod: v } }) }, fc.constantFrom<unknown>(300, '5m', Duration.seconds(1), Duration.millis(1500))],
  [{ target: 'fuzz/events/brokers', prop: 'hostSpread', run: v => cluster({ brokers: { hostSpread: v } }) }, badString],
  [{ target: 'fuzz/events/brokers', prop: 'readyMaxFetcherLag', run: v => cluster({ brokers: { readyMaxFetcherLag: v } }) }, fc.constantFrom<unknown>(-1, 1.5, 'x', Number.NaN)],
  [{ target: 'fuzz/events', prop: 'zones', run: v => cluster({ zones: v }) }, fc.constantFrom<unknown>('a', [''], ['a', 'a'], [1], ['x'.repeat(70)], [null])],
  [{ target: 'fuzz/events', prop: 'listeners', run: v => cluster({ listeners: v }) }, fc.constantFrom<unknown>('x', [], [{}], [null], 42)],
  [{ target: 'fuzz/events', prop: 'replicationFactor', run: v => cluster({ replicationFactor: v }) }, fc.oneof(badCount, fc.constantFrom<unknown>(4, 0))],
  [{ target: 'fuzz/events', prop: 'minInSyncReplicas', run: v => cluster({ minInSyncReplicas: v }) }, fc.oneof(badCount, fc.constantFrom<unknown>(3, 0))],
  [{ target: 'fuzz/events', prop: 'defaultPartitions', run: v => cluster({ defaultPartitions: v }) }, badCount],
  [{ target: 'fuzz/events', prop: 'properties', run: v => cluster({ properties: v }) }, fc.constantFrom<unknown>('x', [], { 'num.partitionz': '1' }, { 'node.id': '1' }, { 'log.retention.hours': 72 }, { 'log.retention.hours': null })],
  [{ target: 'fuzz/events', prop: 'customProperties', run: v => cluster({ customProperties: v }) }, fc.constantFrom<unknown>('x', { 'log.dirs': '/x' }, { a: 1 })],
  [{ target: 'fuzz/events', prop: 'clusterId', run: v => cluster({ clusterId: v }) }, badString],
  [{ target: 'fuzz/events', prop: 'clusterDomain', run: v => cluster({ clusterDomain: v }) }, badString],
  [{ target: 'fuzz/events', prop: 'image', run: v => cluster({ image: { image: v } }) }, fc.constantFrom<unknown>('', 'Bad Name:1', 'untagged', 'x:latest', 'x:', 42, {})],
  [{ target: 'fuzz/events', prop: 'image.registry', run: v => cluster({ image: { registry: v } }) }, fc.constantFrom<unknown>('https://x', 'a b', 42, '')],
  [{ target: 'fuzz/events', prop: 'addNodePool.name', run: v => { const c = chart(); new KafkaCluster(c, 'events').addNodePool(v as string, { nodeIdBase: 100 }); } }, badString],
  [{ target: 'fuzz', prop: 'id', run: v => { const c = chart(); new KafkaCluster(c, v as string); c.toJson(); } }, fc.constantFrom<unknown>('1st', '---', '_')],
  [{ target: 'fuzz/events', prop: 'listeners[0].tls', run: v => cluster({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: v as boolean })] }) },
    fc.constantFrom<unknown>('yes', 1, {}, null)],
  [{ target: 'fuzz/events', prop: 'listeners[0].authentication', run: v => cluster({ listeners: [Listener.internal({ name: 'client', port: 9092, authentication: v as never })] }) },
    fc.constantFrom<unknown>('scram', 'SCRAM-SHA-512', 42, {}, [])],
  [{ target: 'fuzz/events', prop: 'listeners[0].tls', run: v => cluster({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: v as boolean, authentication: ListenerAuthentication.mutualTls() })] }) },
    fc.constant<unknown>(false)],
  [{
    target: 'fuzz/events',
    prop: 'listeners[1].tls',
    run: v => cluster({ listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'ext', port: 9094, tls: v as boolean, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.e.com' }) })] }),
  }, fc.constant<unknown>(false)],
  [{ target: 'fuzz/events', prop: 'listeners[0].name', run: v => cluster({ listeners: [Listener.internal({ name: v as string, port: 9092 })] }) }, fc.constantFrom<unknown>('ssl', 'CLIENT_SSL', 'SASL_IN', 'sasl_plain')],
  [{ target: 'fuzz/events', prop: 'listeners[0].peers', run: v => cluster({ listeners: [Listener.internal({ name: 'client', port: 9092, peers: v as never })] }) }, fc.constantFrom<unknown>('x', [1], [{}], {})],
  [{ target: 'fuzz/events', prop: 'listeners[0].peers[0]', run: v => cluster({ listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.pods({ app: v as string })] })] }) },
    fc.constantFrom<unknown>('nothing-has-this', 'orders')],
  [{ target: 'fuzz/events', prop: 'metricsPeers', run: v => cluster({ metricsPeers: v }) }, fc.constantFrom<unknown>('x', [1], [null], 42)],
  [{ target: 'fuzz/events', prop: 'certificateAuthority', run: v => cluster({ certificateAuthority: v }) }, fc.constantFrom<unknown>('self-signed', 42, {}, CertificateAuthority)],
  [{ target: 'fuzz/events', prop: 'certificateValidity', run: v => cluster({ certificateValidity: v }) }, fc.constantFrom<unknown>(Duration.days(1), Duration.hours(2), Duration.seconds(1))],
  [{ target: 'fuzz/events', prop: 'certificateRolloutSchedule', run: v => cluster({ certificateRolloutSchedule: v }) }, fc.constantFrom<unknown>('17 * * * *', 42, {}, Cron.schedule({ minute: '1 2' }), Cron.schedule({ minute: ';' }))],
  [{ target: 'fuzz/events', prop: 'adminSecret', run: v => cluster({ adminSecret: v }) }, fc.constantFrom<unknown>('admin', secretRef('Admin'), secretRef('a b'), secretRef('-x'), { name: 42 }, null)],
  [{ target: 'fuzz/events', prop: 'egressDnsPorts', run: v => cluster({ egressPolicy: true, egressDnsPorts: v }) }, fc.constantFrom<unknown>([], [0], [70000], ['53'], 53, null)],
  [{ target: 'fuzz/events', prop: 'egressApiServerPorts', run: v => cluster({ egressPolicy: true, egressApiServerPorts: v }) }, fc.constantFrom<unknown>([], [-1], [1.5], 'x')],
  [{ target: 'fuzz/events', prop: 'egressPolicy', run: v => cluster({ egressPolicy: v, networkPolicy: false }) }, fc.constant<unknown>(true)],
  [{ target: 'fuzz/events', prop: 'namespace', run: v => { new KafkaCluster(new Chart(Testing.app(), 'fuzz', { namespace: v as string }), 'events'); } }, fc.constant<unknown>(undefined)],
  [{ target: 'fuzz/events.addUser', prop: 'name', run: v => { const c = chart(); new KafkaCluster(c, 'events').addUser(v as string); } },
    fc.constantFrom<unknown>('', 'Orders', 'a_b', 'admin', 'events-kafka', 'x'.repeat(41), 42, {})],
  [{ target: 'fuzz/events.addUser', prop: 'credentialsSecret', run: v => { const c = chart(); new KafkaCluster(c, 'events').addUser('orders', { credentialsSecret: v as never }); } },
    fc.constantFrom<unknown>('orders', secretRef('Bad'), secretRef('a b'), secretRef('_x'), 42)],
  [{ target: 'fuzz/schemas', prop: 'replicas', run: v => component('sr', { replicas: v }) }, badCount],
  [{ target: 'fuzz/schemas', prop: 'egressPolicy', run: v => component('sr', { egressPolicy: v }) }, fc.constantFrom<unknown>('yes', 1, null, {})],
  [{ target: 'fuzz/ksql', prop: 'egressDnsPorts', run: v => component('ksql', { egressPolicy: true, egressDnsPorts: v }) }, fc.constantFrom<unknown>([], [0], 'x', null)],
  [{ target: 'fuzz/schemas', prop: 'peers', run: v => component('sr', { peers: v }) }, fc.constantFrom<unknown>('x', [1], [{}])],
  [{ target: 'fuzz/ksql', prop: 'peers', run: v => component('ksql', { peers: v }) }, fc.constantFrom<unknown>('x', [1], [{}])],
  [{
    target: 'fuzz/connect',
    prop: 'kafka',
    run: v => {
      const c = chart();
      const kafka = new KafkaCluster(c, 'events', { listeners: [Listener.internal({ name: 'client', port: 9092, authentication: v as never })] });
      new Connect(c, 'connect', { kafka });
    },
  }, fc.constant<unknown>(ListenerAuthentication.mutualTls())],
  [{ target: 'fuzz/schemas', prop: 'properties', run: v => component('sr', { properties: v }) }, fc.constantFrom<unknown>('x', { listeners: 'x' }, { hostname: 'x' }, { 'kafkastore.topic': 'x' })],
  [{ target: 'fuzz/connect', prop: 'replicas', run: v => component('connect', { replicas: v }) }, badCount],
  [{ target: 'fuzz/connect', prop: 'plugins', run: v => component('connect', { plugins: v }) }, fc.constantFrom<unknown>('x', [1], [ConnectorPlugin.confluentHub('confluentinc/x')])],
  [{ target: 'fuzz/connect', prop: 'groupId', run: v => component('connect', { groupId: v }) }, badString],
  [{ target: 'fuzz/ksql', prop: 'replicas', run: v => component('ksql', { replicas: v }) }, badCount],
  [{ target: 'fuzz/ksql', prop: 'serviceId', run: v => component('ksql', { serviceId: v }) }, badString],
  [{ target: 'fuzz/schemas', prop: 'kafka', run: v => { const c = chart(); new SchemaRegistry(c, 'schemas', { kafka: v } as never); } }, badObject],
  [{ target: 'fuzz/connect', prop: 'kafka', run: v => { const c = chart(); new Connect(c, 'connect', { kafka: v } as never); } }, badObject],
  [{ target: 'fuzz/ksql', prop: 'kafka', run: v => { const c = chart(); new KsqlDb(c, 'ksql', { kafka: v } as never); } }, badObject],
];

const counts = { tried: 0, rejectedClearly: 0, other: 0 };
const others: string[] = [];

afterAll(() => {
  process.stdout.write(`fuzz: ${counts.tried} bad inputs tried, ${counts.rejectedClearly} rejected clearly, ${counts.other} other (runs=${RUNS}, seed=${SEED})\n`);
});

test.each(cases.map(([c, arb]) => [`${c.target} ${c.prop}`, c, arb] as const))('bad %s fails with a clear KafkaConfigError', (_label, c, arb) => {
  fc.assert(fc.property(arb, bad => {
    counts.tried++;
    let error: unknown;
    try {
      c.run(bad);
    } catch (e) {
      error = e;
    }
    // cdk8s wraps errors raised in validations (addValidation) in its own Error; the
    // message must still be ours.
    const message = error instanceof Error ? error.message : '';
    // The error names where the value was written: the construct (or an ancestor, whose
    // prop path then leads to it) or the factory that received it, and the prop.
    const leaf = c.prop.replace(/\[\d+\]/g, '').split('.').pop()!;
    const where = c.target.split('/').some((_, i, parts) => new RegExp(`${parts.slice(0, i + 1).join('/')}[:/]`).test(message)) || /^[A-Z][A-Za-z]*\.[a-z][A-Za-z]*: /.test(message);
    const clear = error !== undefined && (error instanceof KafkaConfigError || /is invalid: /.test(message)) && where && message.includes(leaf);
    if (clear) {
      counts.rejectedClearly++;
    } else {
      counts.other++;
      others.push(`${c.target} ${c.prop} = ${String(bad)}: ${error === undefined ? 'accepted silently' : `${(error as Error).name}: ${message}`}`);
    }
    return clear;
  }), { numRuns: Math.max(5, Math.ceil(RUNS / 2)), seed: SEED });
});

test('nothing fell through', () => {
  expect(others).toEqual([]);
});

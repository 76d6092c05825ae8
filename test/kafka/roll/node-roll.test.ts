import { RunOptions, Sim, simNodes, SimState, simulate } from './roll-simulator';
import { RollNode } from '../../../src/kafka/roll/node-roll';

// The roll's two scripts run for real (the driver under sh, the check under bash) against
// a simulated cluster: the Kubernetes API and the Kafka tools answer from one state
// that moves as a real cluster would (see roll-simulator.ts).

const voter = (ordinal: number): RollNode => ({ pod: `events-controllers-${ordinal}`, statefulSet: 'events-controllers', nodeId: 9990 + ordinal, roles: 'controller' });
const broker = (sts: string, id: number): RollNode => ({ pod: `${sts}-0`, statefulSet: sts, nodeId: id, roles: 'broker' });
// Roll order as rollNodes gives it: voters first, highest ordinal first.
const NODES: RollNode[] = [
  voter(2), voter(1), voter(0),
  broker('events-brokers-a', 0), broker('events-brokers-b', 1), broker('events-brokers-c', 2),
  broker('events-archive-a', 1000), broker('events-archive-b', 1001),
];
const STATEFULSETS = [...new Set(NODES.map(n => n.statefulSet))];

function cluster(change: (s: SimState) => void = () => undefined, nodes: RollNode[] = NODES): SimState {
  const s: SimState = {
    updateRevision: Object.fromEntries(STATEFULSETS.map(sts => [sts, `${sts}-new`])),
    nodes: simNodes(nodes, 'old'),
    partitions: [
      { topic: 'orders', partition: 0, replicas: [0, 1, 2], minIsr: 2 },
      { topic: 'orders', partition: 1, replicas: [1, 2, 1000], minIsr: 2 },
      { topic: 'archive', partition: 0, replicas: [1000, 1001, 0], minIsr: 2 },
    ],
    leader: 9991,
    refuseEvictions: 0,
    events: [],
    maxDown: 0,
  };
  // Partitions only on the nodes there are.
  s.partitions = s.partitions.filter(p => p.replicas.every(r => nodes.some(n => n.nodeId === r)));
  change(s);
  return s;
}

let sim: Sim | undefined;
afterEach(async () => { await sim?.close(); sim = undefined; });

const pods = (events: string[]) => events.map(e => e.split(' ')[1]);

test('rolls every node once, one at a time across zones and pools: voters first, the active controller last, then brokers; then records the bootstrap and the release', async () => {
  sim = await simulate(cluster());
  const recording = { quorumState: 'events-kafka-quorum-state', versionRecord: 'events-kafka-version' };
  const r = await sim.run('events-kafka-roll-abc-1', recording);
  expect(r.out).toContain('every node is up to date');
  expect(r.code).toBe(0);
  expect(sim.state.maxDown).toBe(1);
  // 9991 leads: 9992 and 9990 go first; 9991 last among the voters.
  expect(pods(sim.state.events)).toEqual([
    'events-controllers-2', 'events-controllers-0', 'events-controllers-1',
    'events-brokers-a-0', 'events-brokers-b-0', 'events-brokers-c-0', 'events-archive-a-0', 'events-archive-b-0',
  ]);
  expect(sim.state.events[2]).toBe('evict events-controllers-1 (leader 9991)');
  expect(sim.state.nodes.every(n => n.revision === `${n.statefulSet}-new` && n.phase === 'ready')).toBe(true);
  // Ready pods go through the Eviction API (the PodDisruptionBudgets apply); the Lease is released.
  expect(sim.state.events.every(e => e.startsWith('evict '))).toBe(true);
  expect(sim.state.lease!.body.spec.holderIdentity).toBe('');
  expect(r.out).toContain('restarting events-controllers-2 (node 9992): its StatefulSet\'s template changed (old -> events-controllers-new)');
  // With every node up, the quorum's bootstrap is recorded once, owned by the voters' StatefulSet.
  const state = sim.state.configMaps!['events-kafka-quorum-state'];
  // No owner: recreating the voters' StatefulSet must not take the record with it.
  expect(state.metadata.ownerReferences).toBeUndefined();
  expect(state.data.bootstrapped).toMatch(/^cluster Zm9vYmFyYmF6cXV4cXV1eA, every voter up at 20\d\d-/);
  expect(sim.state.configMaps!['events-kafka-version'].metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'events-controllers', uid: 'uid-events-controllers' }]);
  // And the release every node runs, for the components; a later run updates it.
  expect(sim.state.configMaps!['events-kafka-version'].data).toEqual({ version: '8.1.1' });
  expect(r.out).toContain('every node runs 8.1.1 (ConfigMap events-kafka-version): components may start it');
  sim.state.configMaps!['events-kafka-version'].data.version = '8.0.4';
  const again = await sim.run('events-kafka-roll-abc-2', recording);
  expect(again.code).toBe(0);
  expect(sim.state.configMaps!['events-kafka-quorum-state']).toBe(state);
  expect(sim.state.configMaps!['events-kafka-version'].data).toEqual({ version: '8.1.1' });
}, 300000);

test('waits while a partition would go under min ISR, naming it, and restarts the brokers that are safe', async () => {
  // Broker 2 lags for good: orders-0 is at min ISR with 0 and 1 in sync.
  sim = await simulate(cluster(s => {
    for (const n of s.nodes) if (n.roles === 'controller') n.revision = s.updateRevision[n.statefulSet];
    s.nodes.find(n => n.nodeId === 2)!.outOfSync = true;
    s.nodes.filter(n => n.statefulSet.startsWith('events-archive')).forEach(n => { n.revision = s.updateRevision[n.statefulSet]; });
  }));
  const blocked = 'waiting to restart events-brokers-a-0 (node 0): 1 partition(s) with node 0 in sync are at or under min.insync.replicas: orders-0 (in sync 0,1 of 0,1,2)';
  const status = (st: SimState) => st.lease?.body.metadata.annotations?.['cdk8s-kafka/roll-status'] ?? '';
  const r = await sim.run('events-kafka-roll-abc-1', { repeat: 1, killWhen: (out, st) => out.includes(blocked) && status(st).includes(blocked) });
  expect(r.code).toBeNull();
  expect(r.out).toContain(`${blocked}; events-brokers-b-0 (node 1): 2 partition(s) with node 1 in sync are at or under min.insync.replicas: orders-0 (in sync 0,1 of 0,1,2);orders-1 (in sync 1,1000 of 1,2,1000)`);
  // Broker 2 is in no ISR: restarting it takes nothing away, so it went.
  expect(sim.state.events).toEqual(['evict events-brokers-c-0 (leader 9991)']);
  expect(status(sim.state)).toContain(blocked);
}, 300000);

// Smaller clusters where the whole roll is not the point (each restart costs rounds).
const SMALL: RollNode[] = [voter(2), voter(1), voter(0), broker('events-brokers-a', 0), broker('events-brokers-b', 1), broker('events-brokers-c', 2)];
const VOTERS_AND_ONE: RollNode[] = [voter(2), voter(1), voter(0), broker('events-brokers-a', 0)];
const BROKERS: RollNode[] = [broker('events-brokers-a', 0), broker('events-brokers-b', 1), broker('events-brokers-c', 2)];

test('a roll killed halfway is resumed by the next run, which waits out the dead run\'s Lease; no node restarts twice', async () => {
  sim = await simulate(cluster(undefined, VOTERS_AND_ONE));
  const first = await sim.run('events-kafka-roll-abc-1', { leaseSeconds: 2, killWhen: (_out, s) => s.events.length >= 2 });
  expect(first.code).toBeNull();
  expect(sim.state.lease!.body.spec.holderIdentity).toBe('events-kafka-roll-abc-1');
  // As if the dead run had renewed its Lease just before it was killed.
  sim.state.lease!.body.spec.renewTime = new Date().toISOString().replace(/\.\d+Z$/, '.000000Z');
  const second = await sim.run('events-kafka-roll-abc-2', { leaseSeconds: 2 });
  expect(second.out).toContain('waiting for the roll Lease events-kafka-roll, held by events-kafka-roll-abc-1');
  expect(second.code).toBe(0);
  expect(sim.state.maxDown).toBe(1);
  expect(pods(sim.state.events).sort()).toEqual(VOTERS_AND_ONE.map(n => n.pod).sort());
}, 300000);

test('a live run\'s Lease keeps a second run from acting', async () => {
  sim = await simulate(cluster(s => {
    s.lease = { rv: 7, body: { metadata: { name: 'events-kafka-roll' }, spec: { holderIdentity: 'someone-else', leaseDurationSeconds: 3600, renewTime: new Date().toISOString().replace(/\.\d+Z$/, '.000000Z') } } };
  }));
  const r = await sim.run('events-kafka-roll-abc-2', { killWhen: out => out.includes('held by someone-else') });
  expect(r.out).toContain('waiting for the roll Lease events-kafka-roll, held by someone-else');
  expect(sim.state.events).toEqual([]);
}, 300000);

test('an outdated node that is not Ready goes first, by deletion; a full budget (429) makes the roll wait, not skip', async () => {
  sim = await simulate(cluster(s => {
    const b = s.nodes.find(n => n.nodeId === 2)!;
    b.phase = 'not-ready';
    b.broken = true;
    s.refuseEvictions = 1;
  }, BROKERS));
  const r = await sim.run('events-kafka-roll-abc-1');
  expect(r.code).toBe(0);
  expect(sim.state.events[0]).toBe('delete events-brokers-c-0 (leader 9991)');
  expect(sim.state.events.slice(1).every(e => e.startsWith('evict '))).toBe(true);
  expect(r.out).toContain('waiting to restart events-brokers-a-0 (node 0): its PodDisruptionBudget allows no eviction now');
  expect(pods(sim.state.events)).toHaveLength(BROKERS.length);
  expect(sim.state.maxDown).toBe(1);
}, 300000);

test('with the certificate, nodes whose container started before its renewal restart; the others stay', async () => {
  sim = await simulate(cluster(s => {
    for (const n of s.nodes) n.revision = s.updateRevision[n.statefulSet];
    s.notBefore = '2026-11-15T00:00:00Z';
    for (const n of s.nodes) n.startedAt = n.nodeId === 0 ? '2026-11-01T00:00:00Z' : '2026-11-20T00:00:00Z';
  }));
  const r = await sim.run('events-kafka-roll-abc-1', { certificate: true });
  expect(r.code).toBe(0);
  expect(sim.state.events).toEqual(['evict events-brokers-a-0 (leader 9991)']);
  expect(r.out).toContain('restarting events-brokers-a-0 (node 0): it started before its certificate, renewed at 2026-11-15T00:00:00Z, was on every node');
}, 300000);

test('with the client listeners\' certificate renewed, brokers that started before it restart; controllers, which do not serve it, stay', async () => {
  sim = await simulate(cluster(s => {
    for (const n of s.nodes) n.revision = s.updateRevision[n.statefulSet];
    s.notBefore = '2026-11-01T00:00:00Z';
    s.listenerNotBefore = '2026-11-15T00:00:00Z';
    for (const n of s.nodes) n.startedAt = '2026-11-10T00:00:00Z';
  }, SMALL));
  const r = await sim.run('events-kafka-roll-abc-1', { certificate: true });
  expect(r.code).toBe(0);
  const brokers = sim.state.nodes.filter(n => !n.roles.includes('controller')).map(n => n.pod).sort();
  expect(pods(sim.state.events).sort()).toEqual(brokers);
  expect(r.out).toContain('it started before its certificate, renewed at 2026-11-15T00:00:00Z, was on every node');
}, 300000);

/** Runs the roll over SMALL, changed, until it says `waiting`; it restarted nothing. */
async function expectWaiting(change: (s: SimState) => void, waiting: string, options: RunOptions = {}): Promise<void> {
  sim = await simulate(cluster(change, SMALL));
  const r = await sim.run('events-kafka-roll-abc-1', { ...options, killWhen: out => out.includes(waiting) });
  expect(r.out).toContain(waiting);
  expect(sim.state.events).toEqual([]);
}

test('waits while the StatefulSet controller has not seen the change (its updateRevision would be the old one)', async () => {
  await expectWaiting(s => { s.unobserved = ['events-brokers-b']; }, 'waiting for the StatefulSet controller to take in the change of events-brokers-b');
}, 300000);

test('when Kafka cannot tell, a node that is not Ready is not restarted beside a node this roll restarted', async () => {
  // Voter 9991 is back at the new revision but not Ready yet; voter 9992 is outdated and
  // not Ready; the quorum cannot answer. Restarting 9992 would leave one voter of three.
  await expectWaiting(s => {
    s.toolsFail = true;
    const back = s.nodes.find(n => n.nodeId === 9991)!;
    Object.assign(back, { revision: s.updateRevision[back.statefulSet], phase: 'not-ready', broken: true });
    Object.assign(s.nodes.find(n => n.nodeId === 9992)!, { phase: 'not-ready', broken: true });
  }, 'waiting to restart events-controllers-2 (node 9992): cannot tell whether it is safe: kafka-metadata-quorum failed: org.apache.kafka.common.errors.TimeoutException');
}, 300000);

test('with the certificate just renewed, it waits until every kubelet can have the new Secret', async () => {
  await expectWaiting(s => {
    for (const n of s.nodes) n.revision = s.updateRevision[n.statefulSet];
    s.notBefore = new Date(Date.now() - 10000).toISOString().replace(/\.\d+Z$/, 'Z');
  }, 'waiting until kubelets have refreshed the certificate renewed at', { certificate: true, certificateSettleSeconds: 300 });
}, 300000);

test('a run whose Role no longer names its nodes (a newer apply scaled a pool in) steps aside for the newer run', async () => {
  sim = await simulate(cluster(s => { s.forbidden = ['events-brokers-c-0']; }, BROKERS));
  const r = await sim.run('events-kafka-roll-abc-1');
  expect(r.code).toBe(0);
  expect(r.out).toContain('superseded: a newer apply changed what this run may restart; its own roll Job takes over');
  expect(sim.state.events).toEqual([]);
  expect(sim.state.lease!.body.spec.holderIdentity).toBe('');
}, 300000);

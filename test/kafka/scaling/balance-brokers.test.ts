import * as fs from 'fs';
import * as path from 'path';
import { Box, cluster, runOn } from './reassign-cluster';
import { renderBalanceScript } from '../../../src/kafka/scaling/balance-job';

// The balance Job's step, run for real (bash, as in the Kafka image) against the fake
// cluster of reassign-cluster.ts.

function balance(b: Box, brokers: Array<{ id: number; zone?: string }>) {
  const script = renderBalanceScript({
    bootstrap: 'b-0:9091', clientConfigFile: path.join(b.dir, 'client.properties'), workDir: b.dir, brokers, throttleBytes: 52428800, pollSeconds: 0, waitSeconds: 3600,
  });
  return runOn(b, script);
}

/** Replicas per broker. */
function counts(partitions: string[]): Record<string, number> {
  const c: Record<string, number> = {};
  for (const p of partitions) for (const r of p.split(' ')[2].split(',')) c[r] = (c[r] ?? 0) + 1;
  return c;
}

let b: Box;
afterEach(() => fs.rmSync(b.dir, { recursive: true, force: true }));

test('scale-out 3 -> 4 without zones: the new broker takes its share, each partition keeps its replica count and order of the others', () => {
  const parts = Array.from({ length: 8 }, (_, i) => `orders ${i} ${[0, 1, 2].map(x => (x + i) % 3).join(',')}`);
  b = cluster(parts, 1);
  const r = balance(b, [0, 1, 2, 3].map(id => ({ id })));
  expect(r.code).toBe(0);
  const c = counts(r.partitions);
  expect(Object.values(c).reduce((x, y) => x + y, 0)).toBe(24);
  expect(Math.max(...Object.values(c)) - Math.min(...Object.values(c))).toBeLessThanOrEqual(1);
  expect(c['3']).toBe(6);
  for (const p of r.partitions) expect(new Set(p.split(' ')[2].split(',')).size).toBe(3);
  expect(r.calls).toEqual(['reassign --list', 'reassign --execute --reassignment-json-file --throttle 52428800', 'reassign --verify --reassignment-json-file', 'reassign --verify --reassignment-json-file']);
  expect(r.out).toContain('moving 6 partition replica(s) in 6 partition(s) to even the brokers');
  // Balanced: running again moves nothing.
  expect(balance(b, [0, 1, 2, 3].map(id => ({ id }))).calls).toEqual(['reassign --list']);
});

test('with zones, brokers trade within their zone only: every partition keeps one replica per zone', () => {
  // Zones a (0, 3), b (1, 4), c (2, 5): 3, 4 and 5 are new.
  const zone: Record<number, string> = { 0: 'a', 1: 'b', 2: 'c', 3: 'a', 4: 'b', 5: 'c' };
  b = cluster(Array.from({ length: 6 }, (_, i) => `orders ${i} 0,1,2`), 0);
  const r = balance(b, [0, 1, 2, 3, 4, 5].map(id => ({ id, zone: zone[id] })));
  expect(r.code).toBe(0);
  expect(counts(r.partitions)).toEqual({ 0: 3, 1: 3, 2: 3, 3: 3, 4: 3, 5: 3 });
  for (const p of r.partitions) expect(p.split(' ')[2].split(',').map(x => zone[Number(x)]).sort()).toEqual(['a', 'b', 'c']);
});

test('brokers outside the list (being drained) neither give nor take', () => {
  b = cluster(['orders 0 0,1,9', 'orders 1 0,1,9', 'orders 2 0,1,9'], 0);
  const r = balance(b, [0, 1, 2].map(id => ({ id })));
  expect(r.code).toBe(0);
  for (const p of r.partitions) expect(p.split(' ')[2].split(',')).toContain('9');
  expect(counts(r.partitions)['2']).toBeGreaterThan(0);
});

test('balanced already: nothing moves; a throttle an earlier attempt left is cleared', () => {
  b = cluster(['orders 0 0,1,2', 'orders 1 1,2,0', 'orders 2 2,0,1'], 0);
  fs.writeFileSync(path.join(b.state, 'throttle-1'), '52428800');
  const r = balance(b, [0, 1, 2].map(id => ({ id })));
  expect([r.code, r.calls.filter(c => c.startsWith('reassign'))]).toEqual([0, ['reassign --list']]);
  expect(r.out).toContain('cleared the replication throttle of broker 1');
  expect(r.out).toContain('balanced: within each zone every broker holds within one partition replica of the others (0:3 1:3 2:3 )');
});

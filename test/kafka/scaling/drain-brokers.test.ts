import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Box, cluster, runOn } from './reassign-cluster';
import { renderDrainScript } from '../../../src/kafka/scaling/drain-job';

// The drain Job's step, run for real (bash, as in the Kafka image) against the fake
// cluster of reassign-cluster.ts.

/** Brokers 0-5 over zones a, b, c (0,3 in a; 1,4 in b; 2,5 in c), as a pool of 6 with zones numbers them. */
const ZONE: Record<number, string> = { 0: 'a', 1: 'b', 2: 'c', 3: 'a', 4: 'b', 5: 'c' };
const brokers = (...ids: number[]) => ids.map(id => ({ id, zone: ZONE[id] }));

function drain(b: Box, draining: number[], kept: number[], waitSeconds = 3600) {
  const script = renderDrainScript({
    bootstrap: 'b-0:9091',
    clientConfigFile: path.join(b.dir, 'client.properties'),
    workDir: b.dir,
    draining: brokers(...draining),
    kept: brokers(...kept),
    throttleBytes: 52428800,
    pollSeconds: 0,
    waitSeconds,
  });
  return runOn(b, script);
}

let b: Box;
afterEach(() => fs.rmSync(b.dir, { recursive: true, force: true }));

test('moves every replica off the draining brokers, to the same zone, keeping each list\'s order; throttled; checked until done', () => {
  b = cluster(['orders 0 0,4,5', 'orders 1 3,1,2', 'orders 2 1,2,0', '__consumer_offsets 0 5,3,1']);
  const r = drain(b, [3, 4, 5], [0, 1, 2]);
  expect(r.code).toBe(0);
  // Each replica on 3, 4 or 5 goes to the kept broker of its zone: 3 -> 0, 4 -> 1, 5 -> 2.
  expect(r.partitions).toEqual(['orders 0 0,1,2', 'orders 1 0,1,2', 'orders 2 1,2,0', '__consumer_offsets 0 2,0,1']);
  expect(r.calls).toEqual([
    'reassign --list',
    'reassign --execute --reassignment-json-file --throttle 52428800',
    'reassign --verify --reassignment-json-file', 'reassign --verify --reassignment-json-file', 'reassign --verify --reassignment-json-file',
  ]);
  expect(r.out).toContain('moving 3 partition replica set(s) off brokers 3 4 5, at most 52428800 bytes/s per broker');
  expect(r.out).toContain('brokers 3 4 5 hold no partition replica: drained');
  expect(r.throttled).toEqual([]);
});

test('drained already: nothing moves, and running again changes nothing', () => {
  b = cluster(['orders 0 0,1,2']);
  const r = drain(b, [3, 4, 5], [0, 1, 2]);
  expect([r.code, r.calls]).toEqual([0, ['reassign --list']]);
  expect(r.out).toContain('drained');
});

test('when the zone has no broker left to take a replica, the least loaded kept broker the partition lacks takes it', () => {
  b = cluster(['orders 0 3,1,2', 'orders 1 0,3,2']);
  // Zone a keeps broker 0 only, which orders-1 already has.
  const r = drain(b, [3], [0, 1, 2]);
  expect(r.code).toBe(0);
  expect(r.partitions).toEqual(['orders 0 0,1,2', 'orders 1 0,1,2']);
});

test('no broker left to take a replica: fails, saying which partition and what to do', () => {
  b = cluster(['orders 0 0,1,2,3']);
  const r = drain(b, [3], [0, 1, 2]);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('partition orders-0 (0,1,2,3) has no kept broker left to take its replica on broker 3: add brokers, or lower the topic\'s replication factor');
  expect(r.calls).toEqual(['reassign --list']);
});

test('an attempt that runs out of time ends; the next one waits for the reassignment in progress, then finds nothing left and clears the throttle', () => {
  b = cluster(['orders 0 0,4,5'], 5);
  const first = drain(b, [3, 4, 5], [0, 1, 2], 0);
  expect(first.code).not.toBe(0);
  expect(first.out).toContain('partition(s) are still moving after 0s: this attempt ends; the Job retries and resumes');
  expect(first.throttled.length).toBeGreaterThan(0);
  // The reassignment finishes while no attempt checks it (the fake applies it on a --verify of someone else's).
  fs.writeFileSync(path.join(b.state, 'running.json'), JSON.stringify({ ...JSON.parse(fs.readFileSync(path.join(b.state, 'running.json'), 'utf8')), left: 0 }));
  spawnSync(path.join(b.dir, 'bin', 'kafka-reassign-partitions'), ['--verify', '--reassignment-json-file', path.join(b.dir, 'drain.json')], {
    env: { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`, STATE: b.state, CALLS: b.calls },
  });
  for (const id of [0, 1, 2, 4, 5]) fs.writeFileSync(path.join(b.state, `throttle-${id}`), '52428800');
  const second = drain(b, [3, 4, 5], [0, 1, 2]);
  expect(second.code).toBe(0);
  expect(second.partitions).toEqual(['orders 0 0,1,2']);
  expect(second.throttled).toEqual([]);
  expect(second.out).toContain('cleared the replication throttle of broker 4');
});

test('waits while any reassignment runs, before planning anything', () => {
  b = cluster(['orders 0 0,4,5'], 0);
  fs.writeFileSync(path.join(b.state, 'running.json'), JSON.stringify({ plan: { partitions: [{ topic: 'x', partition: 0, replicas: [0] }] }, left: 0 }));
  const r = drain(b, [3, 4, 5], [0, 1, 2], 0);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain('partition reassignments are still running after 0s');
  expect(r.calls).toEqual(['reassign --list']);
});

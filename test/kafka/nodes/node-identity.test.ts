import { checkClusterId, deriveClusterId, nodeIdsByZone, replicasInZone } from '../../../src/kafka/nodes/node-identity';

describe('node ids', () => {
  test('without zones the ids are base + ordinal', () => {
    expect(nodeIdsByZone({ base: 0, stride: 1 }, 3)).toEqual([[0, 1, 2]]);
    expect(nodeIdsByZone({ base: 1000, stride: 1 }, 2)).toEqual([[1000, 1001]]);
  });

  test('with zones the ids interleave and fill the pool range exactly', () => {
    expect(nodeIdsByZone({ base: 0, stride: 3 }, 6)).toEqual([[0, 3], [1, 4], [2, 5]]);
    const uneven = nodeIdsByZone({ base: 100, stride: 3 }, 7);
    expect(uneven).toEqual([[100, 103, 106], [101, 104], [102, 105]]);
    expect(uneven.flat().sort((a, b) => a - b)).toEqual([100, 101, 102, 103, 104, 105, 106]);
  });

  test('scaling up only appends ids', () => {
    for (const zones of [1, 2, 3, 5]) {
      for (let replicas = 0; replicas < 20; replicas++) {
        const before = new Set(nodeIdsByZone({ base: 0, stride: zones }, replicas).flat());
        const after = nodeIdsByZone({ base: 0, stride: zones }, replicas + 1).flat();
        expect(after.filter(id => !before.has(id))).toEqual([replicas]);
      }
    }
  });

  test('the first zones take the remainder', () => {
    expect([0, 1, 2].map(z => replicasInZone(5, 3, z))).toEqual([2, 2, 1]);
  });
});

describe('cluster id', () => {
  test('is derived deterministically from namespace and name as 22-char base64url', () => {
    const id = deriveClusterId('prod', 'events');
    expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{20}[AQgw]$/);
    expect(deriveClusterId('prod', 'events')).toBe(id);
    expect(deriveClusterId('prod', 'orders')).not.toBe(id);
    expect(deriveClusterId('staging', 'events')).not.toBe(id);
    expect(Buffer.from(id, 'base64url')).toHaveLength(16);
  });

  test('never starts with "-"', () => {
    for (let i = 0; i < 2000; i++) {
      expect(deriveClusterId('ns', `c${i}`).startsWith('-')).toBe(false);
    }
  });

  test('accepts the id kafka-storage prints', () => {
    expect(checkClusterId('c', 'clusterId', '5L6g3nShT-eMCtK--X86sw')).toBe('5L6g3nShT-eMCtK--X86sw');
  });

  test.each(['', 'short', '5L6g3nShT-eMCtK--X86s!', '-L6g3nShT-eMCtK--X86sw', '5L6g3nShT-eMCtK--X86sx', '5L6g3nShT-eMCtK--X86sw=='])('fails if %p is not a cluster id', id => {
    expect(() => checkClusterId('c', 'clusterId', id)).toThrow(`c: clusterId = "${id}" is invalid: a KRaft cluster id is 16 bytes`);
  });
});

import { Size } from 'cdk8s';
import { Cpu, k8s } from 'cdk8s-plus-27';
import { HEAP_RULES, heapForMemory, heapOptions, resolveResources } from '../../src/core/resources';

const MiB = 2 ** 20;
const GiB = 2 ** 30;

describe('heapForMemory', () => {
  test.each([
    [1 * GiB, 512 * MiB],
    [4 * GiB, 2 * GiB],
    [12 * GiB, 6 * GiB],
    [64 * GiB, 6 * GiB],
  ])('a broker with %d bytes requested gets %d bytes of heap (half, capped at 6 GiB)', (request, heap) => {
    expect(heapForMemory('c', 'resources', request, HEAP_RULES.KAFKA)).toBe(heap);
  });

  test('Connect gets three quarters and no cap', () => {
    expect(heapForMemory('c', 'r', 4 * GiB, HEAP_RULES.CONNECT)).toBe(3 * GiB);
    expect(heapForMemory('c', 'r', 32 * GiB, HEAP_RULES.CONNECT)).toBe(24 * GiB);
  });

  test('rounds down to whole MiB', () => {
    expect(heapForMemory('c', 'r', 1000 * MiB + 1, HEAP_RULES.KAFKA) % MiB).toBe(0);
  });

  test('fails if the request is too small for the floor, naming the smallest request that works', () => {
    expect(() => heapForMemory('chart/events', 'resources.memory.request', 256 * MiB, HEAP_RULES.KAFKA)).toThrow(
      'chart/events: resources.memory.request = "256Mi" is invalid: it leaves a JVM heap of 128m, below the 256m minimum (Kafka needs memory outside the heap for the page cache, so the heap is 50 % of the request). Request at least 512Mi.');
  });

  test('every rule keeps the heap below the request', () => {
    for (const rule of Object.values(HEAP_RULES)) {
      for (const request of [1 * GiB, 3 * GiB, 17 * GiB]) {
        expect(heapForMemory('c', 'r', request, rule)).toBeLessThan(request);
      }
    }
  });
});

test('heapOptions fixes -Xms to -Xmx', () => {
  expect(heapOptions(2 * GiB)).toBe('-Xms2048m -Xmx2048m');
});

describe('resolveResources', () => {
  const defaults = { memory: { request: Size.gibibytes(4) }, cpu: { request: Cpu.millis(1000) } };
  const json = (r: ReturnType<typeof resolveResources>) =>
    JSON.parse(JSON.stringify(r.requirements, (_k, v) => (v instanceof k8s.Quantity ? v.value : v)));

  test('defaults apply; memory limit equals the request; no CPU limit', () => {
    const r = resolveResources('c', 'resources', undefined, defaults);
    expect(json(r)).toEqual({ requests: { memory: '4Gi', cpu: '1' }, limits: { memory: '4Gi' } });
    expect(r.memoryRequestBytes).toBe(4 * GiB);
  });

  test('user values replace the defaults', () => {
    const r = resolveResources('c', 'resources', {
      memory: { request: Size.gibibytes(8), limit: Size.gibibytes(10) },
      cpu: { request: Cpu.millis(1500), limit: Cpu.units(4) },
      ephemeralStorage: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
    }, defaults);
    expect(json(r)).toEqual({
      requests: { 'memory': '8Gi', 'cpu': '1500m', 'ephemeral-storage': '1Gi' },
      limits: { 'memory': '10Gi', 'cpu': '4', 'ephemeral-storage': '2Gi' },
    });
  });

  test('a user request without a limit does not inherit the default limit', () => {
    const r = resolveResources('c', 'resources', { memory: { request: Size.gibibytes(2) } },
      { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(4) } });
    expect(json(r).limits.memory).toBe('2Gi');
  });

  test('fails if the memory limit is below the request', () => {
    expect(() => resolveResources('c', 'resources', { memory: { request: Size.gibibytes(4), limit: Size.gibibytes(2) } }, defaults))
      .toThrow('c: resources.memory.limit = "2Gi" is invalid: it is below the memory request (4Gi).');
  });

  test('fails if the CPU limit is below the request', () => {
    expect(() => resolveResources('c', 'resources', { cpu: { request: Cpu.units(2), limit: Cpu.millis(500) } }, defaults))
      .toThrow('c: resources.cpu.limit = "500m" is invalid: it is below the CPU request (2).');
  });

  test('fails if there is no memory request at all', () => {
    expect(() => resolveResources('c', 'resources', {}, {})).toThrow('c: resources.memory.request = undefined is invalid');
  });

  test('fails on a zero or malformed CPU amount', () => {
    expect(() => resolveResources('c', 'resources', { cpu: { request: Cpu.millis(0) } }, defaults))
      .toThrow('c: resources.cpu.request = "0m" is invalid: it must be a positive CPU amount.');
    expect(() => resolveResources('c', 'resources', { cpu: { request: { amount: 'lots' } as never } }, defaults))
      .toThrow('resources.cpu.request = "lots" is invalid');
  });

  test('fails on a zero memory request', () => {
    expect(() => resolveResources('c', 'resources', { memory: { request: Size.mebibytes(0) } }, defaults))
      .toThrow('c: resources.memory.request = "0 bytes" is invalid: it must be a positive size.');
  });
});

import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { KafkaConfigError } from '../../src/core/errors';
import { cpuToMillis, formatBytes, formatJvmMemory, parsePositiveQuantity, positiveSizeBytes, quantityValue, sizeToBytes } from '../../src/core/quantity';

describe('quantityValue', () => {
  test.each([
    ['2Gi', 2 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1Ki', 1024],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['500m', 0.5],
    ['2', 2],
    ['1k', 1000],
    ['1M', 1e6],
    ['1e3', 1000],
    ['1E-3', 0.001],
    ['.5', 0.5],
    ['+1', 1],
    ['-1', -1],
    ['0', 0],
  ])('%s is %d', (text, value) => {
    expect(quantityValue(text)).toBeCloseTo(value, 9);
  });

  test.each(['', '2Gx', 'Gi', '2 Gi', ' 2Gi', '2gi', '2GB', 'abc', '1..2', '2Gi2', '1e'])('%p is not a quantity', text => {
    expect(quantityValue(text)).toBeUndefined();
  });

  test('non-strings are not quantities', () => {
    expect(quantityValue(42 as never)).toBeUndefined();
    expect(quantityValue(undefined as never)).toBeUndefined();
  });
});

describe('parsePositiveQuantity', () => {
  test('returns the value in base units', () => {
    expect(parsePositiveQuantity('p', 'size', '4Gi')).toBe(4 * 2 ** 30);
  });

  test('fails if the text is not a quantity, naming the prop and value', () => {
    expect(() => parsePositiveQuantity('chart/events', 'storage.size', '2Gx')).toThrow(KafkaConfigError);
    expect(() => parsePositiveQuantity('chart/events', 'storage.size', '2Gx'))
      .toThrow('chart/events: storage.size = "2Gx" is invalid: it is not a Kubernetes quantity. Write a number with an optional unit suffix');
  });

  test.each(['0', '-1Gi', '0Mi'])('fails if %p is not above zero', text => {
    expect(() => parsePositiveQuantity('c', 'size', text)).toThrow(`c: size = "${text}" is invalid: it must be greater than zero.`);
  });
});

describe('Size helpers', () => {
  test('sizeToBytes is exact', () => {
    expect(sizeToBytes(Size.gibibytes(2))).toBe(2 * 2 ** 30);
    expect(sizeToBytes(Size.mebibytes(1536))).toBe(1536 * 2 ** 20);
    expect(sizeToBytes(Size.kibibytes(1))).toBe(1024);
  });

  test('positiveSizeBytes accepts a positive size', () => {
    expect(positiveSizeBytes('c', 'memory', Size.gibibytes(1))).toBe(2 ** 30);
  });

  test('fails if a JavaScript caller passes a string instead of a Size', () => {
    expect(() => positiveSizeBytes('c', 'memory', '4Gi' as never)).toThrow('c: memory = "4Gi" is invalid: it must be a positive size. Pass a cdk8s Size');
  });

  test('fails if the size is zero', () => {
    expect(() => positiveSizeBytes('c', 'memory', Size.gibibytes(0))).toThrow('c: memory = "0 bytes" is invalid: it must be a positive size');
  });

  test('fails if the size is not a whole number of bytes', () => {
    expect(() => positiveSizeBytes('c', 'memory', Size.kibibytes(0.3))).toThrow('is not a whole number of bytes');
  });
});

describe('formatBytes', () => {
  test.each([
    [2 * 2 ** 30, '2Gi'],
    [1536 * 2 ** 20, '1536Mi'],
    [2 ** 40, '1Ti'],
    [1024, '1Ki'],
    [1000, '1000'],
    [0, '0'],
  ])('%d bytes is %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  test('round-trips through quantityValue', () => {
    for (const bytes of [1, 1023, 1024, 5 * 2 ** 20, 3 * 2 ** 30 + 2 ** 20, 7 * 2 ** 50]) {
      expect(quantityValue(formatBytes(bytes))).toBe(bytes);
    }
  });

  test('rejects fractions and negatives', () => {
    expect(() => formatBytes(1.5)).toThrow(RangeError);
    expect(() => formatBytes(-1)).toThrow(RangeError);
  });
});

test('formatJvmMemory renders whole mebibytes, rounded down', () => {
  expect(formatJvmMemory(2 * 2 ** 30)).toBe('2048m');
  expect(formatJvmMemory(2 ** 20 + 5)).toBe('1m');
});

test('cpuToMillis reads cdk8s-plus Cpu', () => {
  expect(cpuToMillis(Cpu.millis(250))).toBe(250);
  expect(cpuToMillis(Cpu.units(2))).toBe(2000);
  expect(cpuToMillis('2' as never)).toBeUndefined();
});

import { Size } from 'cdk8s';
import { Storage } from '../../../src';
import { dataMountPath, dataVolumeName, logDirPath, StorageKind } from '../../../src/kafka/nodes/storage';
import { configErrorOf } from '../../support/errors';

const SCOPE = 'c/events/brokers';

describe('Storage.persistent', () => {
  test('one disk, its size as a canonical quantity, the default StorageClass', () => {
    expect(Storage.persistent({ size: Size.gibibytes(100) })._resolve(SCOPE, 'storage')).toEqual({
      kind: StorageKind.PERSISTENT,
      disks: [{ sizeBytes: 100 * 2 ** 30, size: '100Gi', storageClass: undefined }],
    });
  });

  test.each([
    [Size.mebibytes(1536), '1536Mi'],
    [Size.gibibytes(1024), '1Ti'],
    [Size.kibibytes(1), '1Ki'],
    [Size.tebibytes(2), '2Ti'],
  ])('%p is written as %s', (size, quantity) => {
    expect(Storage.persistent({ size })._resolve(SCOPE, 'storage').disks[0].size).toBe(quantity);
  });

  test('a StorageClass is kept', () => {
    expect(Storage.persistent({ size: Size.gibibytes(10), storageClass: 'fast-ssd.example' })._resolve(SCOPE, 'storage').disks[0].storageClass).toBe('fast-ssd.example');
  });

  test('fails if the size is zero', () => {
    expect(configErrorOf(() => Storage.persistent({ size: Size.gibibytes(0) }))).toBe(
      'Storage.persistent: options.size = "0 bytes" is invalid: it must be a cdk8s Size from 1 byte to 1 PiB in whole bytes. Use e.g. Size.gibibytes(100).');
  });

  test('fails if the size is not a whole number of bytes', () => {
    expect(configErrorOf(() => Storage.persistent({ size: Size.kibibytes(0.5001) }))).toContain('Storage.persistent: options.size = "512.1024 bytes" is invalid: it must be a cdk8s Size from 1 byte to 1 PiB in whole bytes');
  });

  test('fails if the size is not a Size', () => {
    expect(configErrorOf(() => Storage.persistent({ size: '10Gi' as unknown as Size }))).toContain('Storage.persistent: options.size = "10Gi" is invalid: it must be a cdk8s Size');
  });

  test.each(['Fast_SSD', 'fast ssd', '-gp3'])('fails if the StorageClass is %p', storageClass => {
    expect(configErrorOf(() => Storage.persistent({ size: Size.gibibytes(10), storageClass })))
      .toBe(`Storage.persistent: options.storageClass = "${storageClass}" is invalid: it must be a Kubernetes object name (lower-case letters, digits, "-" and ".", at most 253 characters). Use e.g. "kafka-admin".`);
  });
});

describe('Storage.jbod', () => {
  test('one disk per entry, in log.dirs order', () => {
    const storage = Storage.jbod([{ size: Size.gibibytes(500), storageClass: 'gp3' }, { size: Size.tebibytes(1) }])._resolve(SCOPE, 'storage');
    expect(storage).toEqual({
      kind: StorageKind.PERSISTENT,
      disks: [
        { sizeBytes: 500 * 2 ** 30, size: '500Gi', storageClass: 'gp3' },
        { sizeBytes: 2 ** 40, size: '1Ti', storageClass: undefined },
      ],
    });
  });

  test('a JBOD of one disk is the same as persistent storage', () => {
    expect(Storage.jbod([{ size: Size.gibibytes(5) }])._resolve(SCOPE, 'storage')).toEqual(Storage.persistent({ size: Size.gibibytes(5) })._resolve(SCOPE, 'storage'));
  });

  test('fails if the JBOD is empty', () => {
    expect(configErrorOf(() => Storage.jbod([]))).toContain('Storage.jbod: disks = [] is invalid: it is empty. Use e.g. [{ size: Size.gibibytes(500) }].');
  });

  test('fails if a disk\'s size is invalid, naming the disk', () => {
    expect(configErrorOf(() => Storage.jbod([{ size: Size.gibibytes(1) }, { size: Size.gibibytes(0) }]))).toContain('Storage.jbod: disks[1].size = "0 bytes" is invalid');
  });

  test('fails if a disk is missing its size', () => {
    expect(configErrorOf(() => Storage.jbod([{ size: Size.gibibytes(1) }, undefined as unknown as { size: Size }]))).toContain('Storage.jbod: disks[1] = undefined is invalid');
    expect(configErrorOf(() => Storage.jbod([{ size: Size.gibibytes(1) }, {} as { size: Size }]))).toContain('Storage.jbod: disks[1].size = undefined is invalid: it is required');
  });

  // With several disks the error names the disk, for its StorageClass as for its size.
  test('fails if a disk\'s StorageClass is invalid, naming the disk', () => {
    expect(configErrorOf(() => Storage.jbod([{ size: Size.gibibytes(1) }, { size: Size.gibibytes(1), storageClass: 'Bad_Class' }])))
      .toContain('Storage.jbod: disks[1].storageClass = "Bad_Class" is invalid');
  });
});

describe('Storage.ephemeral', () => {
  test('an emptyDir of at most 10Gi by default, no disks', () => {
    expect(Storage.ephemeral()._resolve(SCOPE, 'storage')).toEqual({ kind: StorageKind.EPHEMERAL, disks: [], ephemeralLimit: '10Gi' });
  });

  test('the size limit is the user\'s', () => {
    expect(Storage.ephemeral({ sizeLimit: Size.mebibytes(512) })._resolve(SCOPE, 'storage').ephemeralLimit).toBe('512Mi');
  });

  test('fails if the size limit is zero', () => {
    expect(configErrorOf(() => Storage.ephemeral({ sizeLimit: Size.gibibytes(0) }))).toContain('Storage.ephemeral: options.sizeLimit = "0 bytes" is invalid: it must be a cdk8s Size');
  });
});

describe('paths and names', () => {
  test('the first disk is the image\'s data path, the others are numbered', () => {
    expect([0, 1, 2].map(dataMountPath)).toEqual(['/var/lib/kafka/data', '/var/lib/kafka/data-1', '/var/lib/kafka/data-2']);
  });

  test('each log directory is a subdirectory of its mount (never the volume root, with its lost+found)', () => {
    expect([0, 1].map(logDirPath)).toEqual(['/var/lib/kafka/data/logs', '/var/lib/kafka/data-1/logs']);
    for (let i = 0; i < 4; i++) expect(logDirPath(i).startsWith(`${dataMountPath(i)}/`)).toBe(true);
  });

  test('claim template names: data, data-1, ...', () => {
    expect([0, 1, 2].map(dataVolumeName)).toEqual(['data', 'data-1', 'data-2']);
  });
});

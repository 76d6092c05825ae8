import { Chart, Size } from 'cdk8s';
import { KsqlDb, KsqlStateStore, Storage } from '../../../src';
import { dataMountPath, dataVolumeName, logDirPath, StorageKind } from '../../../src/kafka/nodes/storage';
import { configErrorOf } from '../../support/errors';
import { findAll } from '../../support/objects';
import { synthCluster } from '../fixture';

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

describe('growing disks (initialSize)', () => {
  // A StatefulSet's claim templates cannot change once it exists: the template keeps the
  // first size and each node's claim is declared on its own at the new size.
  const grown = (objects: any[]) => findAll(objects, 'PersistentVolumeClaim');
  const brokers = (objects: any[]) => findAll(objects, 'StatefulSet').filter((s: any) => s.metadata.name.startsWith('events-brokers'));

  test('the template keeps the first size; each broker\'s claim asks for the new size, named as the StatefulSet names it', () => {
    const { objects } = synthCluster({ brokers: { storage: Storage.persistent({ size: Size.gibibytes(200), initialSize: Size.gibibytes(100) }) } });
    const sts = brokers(objects)[0];
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('100Gi');
    const claims = grown(objects);
    expect(claims.map((c: any) => c.metadata.name)).toEqual(['data-events-brokers-0', 'data-events-brokers-1', 'data-events-brokers-2']);
    for (const c of claims) {
      expect(c.spec).toEqual({ accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '200Gi' } } });
      // The labels the StatefulSet puts on the claims it makes: its selector.
      expect(c.metadata.labels).toEqual(sts.spec.selector.matchLabels);
      // GitOps tools never delete a claim that leaves the manifests (scale-in, a removed pool).
      expect(c.metadata.annotations).toEqual({ 'argocd.argoproj.io/sync-options': 'Prune=false,Delete=false', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' });
    }
    // Listed before the StatefulSet, which would otherwise make them at the template's size.
    const order = objects.map((o: any) => `${o.kind}/${o.metadata.name}`);
    expect(order.indexOf('PersistentVolumeClaim/data-events-brokers-2')).toBeLessThan(order.indexOf(`StatefulSet/${sts.metadata.name}`));
  });

  test('growing changes nothing the API server refuses: the StatefulSet is the same as before the growth', () => {
    const before = brokers(synthCluster({ brokers: { storage: Storage.persistent({ size: Size.gibibytes(100) }) } }).objects)[0];
    const grownStorage = Storage.persistent({ size: Size.gibibytes(200), initialSize: Size.gibibytes(100) });
    const after = brokers(synthCluster({ brokers: { storage: grownStorage } }).objects)[0];
    expect(after.spec.volumeClaimTemplates).toEqual(before.spec.volumeClaimTemplates);
    expect(after.spec.template).toEqual(before.spec.template);
  });

  test('zones and JBOD: a claim per node, per StatefulSet and per grown disk; a disk that did not grow has none', () => {
    const { objects } = synthCluster({
      zones: ['a', 'b', 'c'],
      brokers: { storage: Storage.jbod([{ size: Size.gibibytes(100) }, { size: Size.gibibytes(300), initialSize: Size.gibibytes(200), storageClass: 'gp3' }]) },
    });
    expect(grown(objects).map((c: any) => c.metadata.name)).toEqual(['data-1-events-brokers-a-0', 'data-1-events-brokers-b-0', 'data-1-events-brokers-c-0']);
    expect(grown(objects)[0].spec.storageClassName).toBe('gp3');
  });

  test('initialSize equal to size: nothing has grown, no claims', () => {
    const same = Storage.persistent({ size: Size.gibibytes(100), initialSize: Size.gibibytes(100) });
    expect(grown(synthCluster({ brokers: { storage: same } }).objects)).toEqual([]);
  });

  test('a size below initialSize is refused: claims only grow', () => {
    expect(configErrorOf(() => Storage.persistent({ size: Size.gibibytes(50), initialSize: Size.gibibytes(100) })._resolve(SCOPE, 'storage'))).toBe(
      'c/events/brokers: storage.size = "50Gi" is invalid: it is smaller than storage.initialSize (100Gi): '
      + 'a volume claim only grows, Kubernetes refuses a smaller request. '
      + 'Keep storage.size at 100Gi or more; to get smaller disks, add a pool with them, move the partitions and remove this one.');
  });

  test('ksqlDB\'s state store grows the same way', () => {
    const { objects } = synthCluster({}, c => new KsqlDb(Chart.of(c), 'ksql', {
      kafka: c, replicas: 2, stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(20), initialSize: Size.gibibytes(10) }),
    }));
    const sts = findAll(objects, 'StatefulSet').find((s: any) => s.metadata.name === 'ksql');
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    expect(grown(objects).map((c: any) => [c.metadata.name, c.spec.resources.requests.storage]))
      .toEqual([['state-ksql-0', '20Gi'], ['state-ksql-1', '20Gi']]);
    expect(grown(objects)[0].metadata.labels).toEqual(sts.spec.selector.matchLabels);
  });
});

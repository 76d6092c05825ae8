import { kafkaSet, mutated } from './fixtures';
import { findProblems } from './validate';

const rename = (kind: string, from: string, to: string): any[] => mutated(kafkaSet(), kind, from, (o) => { o.metadata.name = to; });

describe('object names', () => {
  test('the unmutated fixture passes', () => {
    expect(findProblems(kafkaSet())).toEqual([]);
  });

  test('most kinds need a DNS-1123 subdomain', () => {
    expect(findProblems(rename('Secret', 'kafka-secret', 'kafka.secret'))).not.toContainEqual(expect.objectContaining({ path: 'metadata.name' }));
    const problems = findProblems(rename('ConfigMap', 'kafka-env', 'Kafka_Env'));
    expect(problems).toContainEqual({
      object: 'v1 ConfigMap default/Kafka_Env',
      path: 'metadata.name',
      message: expect.stringMatching(/^invalid ConfigMap name "Kafka_Env": must be a lowercase RFC 1123 subdomain/),
    });
  });

  test('Service names are DNS-1035 labels (no leading digit, no dots)', () => {
    const objects = mutated(rename('Service', 'kafka-headless', '9kafka'), 'StatefulSet', 'kafka', (s) => { s.spec.serviceName = '9kafka'; });
    expect(findProblems(objects)).toEqual([expect.objectContaining({
      object: 'v1 Service default/9kafka',
      path: 'metadata.name',
      message: expect.stringContaining('must be an RFC 1035 label'),
    })]);
  });

  test('Namespace names are DNS-1123 labels', () => {
    expect(findProblems([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kafka' } }])).toEqual([]);
    expect(findProblems([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kafka.prod' } }])).toEqual([expect.objectContaining({
      object: 'v1 Namespace kafka.prod',
      message: expect.stringContaining('RFC 1123 label'),
    })]);
  });

  test('a StatefulSet name may be 52 characters but not 53 (controller-revision-hash label)', () => {
    const ok = 'k'.repeat(52);
    const rename52 = mutated(kafkaSet(), 'StatefulSet', 'kafka', (s) => { s.metadata.name = ok; });
    expect(findProblems(rename52)).toEqual([]);
    const tooLong = 'k'.repeat(53);
    expect(findProblems(rename('StatefulSet', 'kafka', tooLong))).toEqual([{
      object: `apps/v1 StatefulSet default/${tooLong}`,
      path: 'metadata.name',
      message: `invalid StatefulSet name "${tooLong}": must be no more than 52 characters (is 53): the controller-revision-hash label "<name>-<10-char hash>" must fit in 63`,
    }]);
  });

  test('a StatefulSet name must be a DNS label because it becomes the pods\' hostname', () => {
    expect(findProblems(rename('StatefulSet', 'kafka', 'kafka.broker'))).toEqual([expect.objectContaining({
      path: 'metadata.name',
      message: expect.stringContaining('RFC 1123 label'),
    })]);
  });

  test('a CronJob name is limited to 52 characters', () => {
    const cronJob = (name: string): any => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name },
      spec: { schedule: '0 * * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } } } },
    });
    expect(findProblems([cronJob('c'.repeat(52))])).toEqual([]);
    expect(findProblems([cronJob('c'.repeat(53))])).toEqual([expect.objectContaining({ message: expect.stringContaining('no more than 52') })]);
  });

  test('RBAC names only need to be path segments', () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'system:kafka-reader' }, rules: [] };
    expect(findProblems([role])).toEqual([]);
  });

  test('an object without a name is reported', () => {
    expect(findProblems([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} }])).toEqual([
      { object: 'v1 ConfigMap default/<no name>', path: 'metadata.name', message: 'required: every synthesized object needs a name' },
    ]);
  });
});

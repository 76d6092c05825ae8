import { Chart, Testing } from 'cdk8s';
import { Acl, AclOperation, AclPatternType, KafkaCluster } from '../../src';
import { warningsOf } from '../../src/core/warnings';
import { topicTypoWarnings } from '../../src/topics/topic-references';

describe('topicTypoWarnings', () => {
  test('a name two edits from a declared topic, or equal to one once "." and "_" are the same, is likely a typo', () => {
    expect(topicTypoWarnings(['orders', 'orders.v1'], [
      { where: 'user a\'s ACL', topic: 'ordres' },
      { where: 'user b\'s ACL', topic: 'orders_v1' },
    ])).toEqual([
      "user a's ACL names topic ordres, which the program does not declare; did you mean 'orders'? Kafka takes it as another topic. "
        + 'Name the declared topic (kafka.addTopic returns it), or declare this one',
      expect.stringContaining("user b's ACL names topic orders_v1, which the program does not declare; did you mean 'orders.v1'?"),
    ]);
  });

  test('declared names, far names and programs that declare no topic are left alone', () => {
    expect(topicTypoWarnings(['orders'], [{ where: 'x', topic: 'orders' }, { where: 'x', topic: '_schemas' }])).toEqual([]);
    expect(topicTypoWarnings([], [{ where: 'x', topic: 'ordres' }])).toEqual([]);
    expect(topicTypoWarnings(['logs'], [{ where: 'x', topic: 'jobs' }])).toEqual([]);
  });
});

test('the cluster warns at synth for a literal topic ACL with a typo, not for a prefixed one', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  const orders = kafka.addTopic('orders');
  kafka.addUser('app', { acls: [Acl.topic('ordrs', [AclOperation.READ]), Acl.topic('order', [AclOperation.READ], AclPatternType.PREFIXED), Acl.topic(orders.name, [AclOperation.WRITE])] });
  Testing.synth(chart);
  expect(warningsOf(kafka).filter(w => w.includes('names topic'))).toEqual([expect.stringContaining("user app's ACL names topic ordrs, which the program does not declare; did you mean 'orders'?")]);
});

describe('Acl.forTopic', () => {
  test('grants on the declared topic by its literal name', () => {
    const kafka = new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
    const acl = Acl.forTopic(kafka.addTopic('orders.v1'), [AclOperation.READ]);
    expect(acl._cliArguments().join(' ')).toBe('--topic orders.v1 --resource-pattern-type literal --operation Read');
  });

  test('refuses anything but a declared topic', () => {
    expect(() => Acl.forTopic({ name: 'orders' } as never, [AclOperation.READ])).toThrow('Acl.forTopic: topic');
  });
});

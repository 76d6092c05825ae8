import { Chart, Testing } from 'cdk8s';
import { Acl, AclOperation, KafkaCluster } from '../../src';
import { findAll } from '../support/objects';

// Job specs are rendered once per state of the cluster's members (ClusterMembers.memo):
// a second synthesis after a change must see the change.

const accessJob = (chart: Chart) => findAll(Testing.synth(chart), 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-'));

test('a synthesis after a new user, or a new ACL of an existing user, renders the access Job again', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events');
  const orders = kafka.addUser('orders');
  const first = accessJob(chart).metadata.name;
  expect(accessJob(chart).metadata.name).toBe(first);
  orders.addAcl(Acl.topic('orders', [AclOperation.READ]));
  const second = accessJob(chart);
  expect(second.metadata.name).not.toBe(first);
  expect(JSON.stringify(second.spec)).toContain('--topic orders');
  kafka.addUser('billing');
  expect(accessJob(chart).metadata.name).not.toBe(second.metadata.name);
});

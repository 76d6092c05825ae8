import { Chart, Duration, Testing } from 'cdk8s';
import { KafkaCluster } from '../src';
import { exampleNames, synthExample } from './support/examples';
import { findAll } from './support/objects';
import { Connect } from '../src/connect/connect';

// Every Job the library emits is named by a hash of its spec, so a finished one would
// never run again: each carries ttlSecondsAfterFinished, so Kubernetes deletes it once
// finished and the next apply (kubectl, or a GitOps tool's reconcile) runs it again,
// re-establishing what it makes if that was lost. (CronJobs make their own Jobs, and
// keep a history limit instead.)

describe.each(exampleNames())('example %s', name => {
  const jobs = findAll(synthExample(name), 'Job');

  test('every Job is deleted an hour after it finishes (the default)', () => {
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.filter(j => j.spec.ttlSecondsAfterFinished !== 3600).map(j => `${j.metadata.name}: ${j.spec.ttlSecondsAfterFinished}`)).toEqual([]);
  });
});

describe('finishedJobTtl', () => {
  function synth(clusterTtl?: Duration, connectTtl?: Duration): any[] {
    const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events', { finishedJobTtl: clusterTtl });
    kafka.addUser('orders');
    const connect = new Connect(chart, 'connect', { kafka, finishedJobTtl: connectTtl });
    connect.addConnector('orders-sink', { connectorClass: 'x.Y', config: { topics: 'orders' } });
    return findAll(chart.toJson(), 'Job');
  }
  const ttls = (jobs: any[]) => Object.fromEntries(jobs.map(j => [j.metadata.name.replace(/-[0-9a-f]{10}$/, ''), j.spec.ttlSecondsAfterFinished]));

  test('the cluster\'s access and credentials Jobs take the cluster\'s, the connector apply Jobs their Connect\'s', () => {
    expect(ttls(synth(Duration.minutes(10), Duration.days(1)))).toMatchObject({
      'events-kafka-access': 600,
      'events-kafka-credentials': 600,
      'connect-orders-sink': 86400,
    });
  });

  test('fails synth on a bad value, naming the construct, the prop, the value, why and the fix', () => {
    expect(() => synth(Duration.seconds(59))).toThrow(
      'test/events: finishedJobTtl = "59000 ms" is invalid: it must be a cdk8s Duration from 1 minute to 24855 days 3 hours in whole seconds. Use e.g. Duration.hours(1).');
    expect(() => synth(undefined, Duration.seconds(59))).toThrow('test/connect: finishedJobTtl = "59000 ms" is invalid');
  });
});

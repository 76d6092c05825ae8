import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { claimName, fitName, NameLimit, normalize, resourceName, serviceHost } from '../../src/core/naming';

describe('resourceName', () => {
  test('joins ids below the chart with the suffixes', () => {
    const chart = new Chart(Testing.app(), 'platform');
    const events = new Construct(chart, 'events');
    expect(resourceName(events, ['kafka', 'bootstrap'])).toBe('events-kafka-bootstrap');
    expect(resourceName(new Construct(events, 'Brokers'), ['pool'])).toBe('events-brokers-pool');
  });

  test('lower-cases and replaces characters a DNS label cannot hold', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(resourceName(new Construct(chart, 'Team_A.Events  Cluster'))).toBe('team-a-events-cluster');
  });

  test('is stable across apps', () => {
    const name = () => resourceName(new Construct(new Chart(Testing.app(), 'c'), 'events'), ['x']);
    expect(name()).toBe(name());
  });

  test('a long name is cut to the limit and ends in a hash of the full name', () => {
    const chart = new Chart(Testing.app(), 'c');
    const long = new Construct(chart, 'a'.repeat(40));
    const one = resourceName(long, ['broker-pool-number-one'], NameLimit.STATEFUL_SET);
    const two = resourceName(long, ['broker-pool-number-two'], NameLimit.STATEFUL_SET);
    expect(one.length).toBeLessThanOrEqual(52);
    expect(two.length).toBeLessThanOrEqual(52);
    expect(one).not.toBe(two);
    expect(one).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(one).toMatch(/-[0-9a-f]{8}$/);
  });

  test('fails if the name would start with a digit (invalid Service name)', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => resourceName(new Construct(chart, '1st'))).toThrow('c/1st: id = "1st" is invalid: the Kubernetes name derived from it ("1st") must start with a letter.');
  });

  test('fails if nothing is left after normalizing', () => {
    const chart = new Chart(Testing.app(), 'c');
    expect(() => resourceName(new Construct(chart, '___'))).toThrow('must start with a letter');
  });

  test('a construct outside any chart uses its whole path', () => {
    const app = new App();
    expect(resourceName(new Construct(app, 'loose'))).toBe('loose');
  });
});

test('fitName never cuts to a trailing dash', () => {
  const name = fitName(`${'ab-'.repeat(30)}`, 20);
  expect(name.length).toBeLessThanOrEqual(20);
  expect(name).not.toMatch(/--/);
});

test('normalize trims separators', () => {
  expect(normalize('--A..b--')).toBe('a-b');
});

describe('claimName', () => {
  test('fails if two constructs in one chart would emit the same object', () => {
    const chart = new Chart(Testing.app(), 'c');
    const a = new Construct(chart, 'Events');
    const b = new Construct(chart, 'events');
    claimName(a, 'Service', resourceName(a));
    expect(() => claimName(b, 'Service', resourceName(b))).toThrow('c/events: id = "events" is invalid: its Service would be named "events", which c/Events already uses. Give one of the two constructs a different id.');
  });

  test('the same construct may claim again, and other kinds or charts do not clash', () => {
    const app = Testing.app();
    const c1 = new Chart(app, 'one');
    const c2 = new Chart(app, 'two');
    const a = new Construct(c1, 'events');
    expect(claimName(a, 'Service', 'events')).toBe('events');
    expect(claimName(a, 'Service', 'events')).toBe('events');
    expect(claimName(a, 'ConfigMap', 'events')).toBe('events');
    expect(claimName(new Construct(c2, 'events'), 'Service', 'events')).toBe('events');
  });
});

test('serviceHost: fully qualified in a namespace, bare without one', () => {
  expect(serviceHost('events-kafka-bootstrap', 'prod', 'cluster.local')).toBe('events-kafka-bootstrap.prod.svc.cluster.local');
  expect(serviceHost('connect', 'prod')).toBe('connect.prod.svc');
  expect(serviceHost('schemas', undefined, 'cluster.local')).toBe('schemas');
});

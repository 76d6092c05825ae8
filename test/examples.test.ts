import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { kafkaConfigProblems } from './kafka/kafka-config-rules';
import { find, findAll, podSpecOf } from './support/objects';
import { restrictedViolations } from './support/restricted';
import { expectDeterministic, findProblems, synthObjects } from './support/validate';

// Every example under examples/ synthesizes, passes the harness, runs restricted pods
// and is deterministic. The YAML snapshot is only a change detector.

const dir = path.join(__dirname, '..', 'examples');
const examples = fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, 'main.ts'))).sort();

function load(name: string): (app: App) => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(dir, name, 'main.ts')) as { build: (app: App) => void }).build;
}

test('there are examples', () => {
  expect(examples).toEqual(expect.arrayContaining(['quickstart', 'production']));
});

describe.each(examples)('example %s', name => {
  const build = load(name);
  const app = Testing.app();
  build(app);
  const objects = synthObjects(app);

  test('every object passes the harness', () => {
    expect(findProblems(objects)).toEqual([]);
  });

  test('every Kafka node gets a configuration Kafka accepts', () => {
    expect(kafkaConfigProblems(objects)).toEqual([]);
  });

  test('every pod meets the restricted Pod Security Standard', () => {
    for (const obj of objects) {
      const spec = podSpecOf(obj);
      if (spec !== undefined) expect([obj.metadata.name, restrictedViolations(spec)]).toEqual([obj.metadata.name, []]);
    }
  });

  test('is deterministic, and matches its snapshot', () => {
    const yaml = expectDeterministic(() => {
      const again = Testing.app();
      build(again);
      return again;
    });
    expect(yaml).toMatchSnapshot();
  });
});

describe('quickstart', () => {
  const app = Testing.app();
  load('quickstart')(app);
  const objects = synthObjects(app);

  test('is three combined nodes with RF 3 and min ISR 2', () => {
    expect(findAll(objects, 'StatefulSet').map(s => [s.metadata.name, s.spec.replicas])).toEqual([['events-brokers', 3]]);
    const config = find(objects, 'ConfigMap', 'events-brokers-config').data;
    expect(config.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    expect(config.KAFKA_DEFAULT_REPLICATION_FACTOR).toBe('3');
    expect(config.KAFKA_MIN_INSYNC_REPLICAS).toBe('2');
  });
});

describe('production', () => {
  const app = Testing.app();
  load('production')(app);
  const objects = synthObjects(app);

  test('spreads controllers and both broker pools over three zones', () => {
    expect(findAll(objects, 'StatefulSet').map(s => s.metadata.name)).toEqual([
      'events-controllers',
      'events-brokers-eu-west-1a', 'events-brokers-eu-west-1b', 'events-brokers-eu-west-1c',
      'events-archive-eu-west-1a', 'events-archive-eu-west-1b', 'events-archive-eu-west-1c',
    ]);
  });

  test('gives every broker its own external Service and host', () => {
    const hosts = findAll(objects, 'Service')
      .map(s => s.metadata.annotations?.['external-dns.alpha.kubernetes.io/hostname'])
      .filter((h): h is string => h !== undefined)
      .sort();
    expect(hosts).toEqual([
      'bootstrap.kafka.example.com',
      ...[0, 1, 2, 3, 4, 5, 1000, 1001, 1002].map(id => `broker-${id}.kafka.example.com`),
    ].sort());
  });

  test('the archive pool is a JBOD of two disks', () => {
    const config = find(objects, 'ConfigMap', 'events-archive-config').data;
    expect(config.KAFKA_LOG_DIRS).toBe('/var/lib/kafka/data/logs,/var/lib/kafka/data-1/logs');
  });
});

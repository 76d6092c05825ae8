import { Duration } from 'cdk8s';
import { gateWorstCaseSeconds, shutdownReserveSeconds } from '../../../src/kafka/nodes/pre-stop-timing';
import { exampleNames, synthExample } from '../../support/examples';
import { findAll } from '../../support/objects';
import { kafkaContainer, synthCluster } from '../fixture';

// The pre-stop gate's budget adds up for every StatefulSet the examples synthesize: read
// back from what synth emits (grace period, and the gate's own environment), the gate's
// worst case (max wait, then a last look whose tools all hang until the watchdog kills
// them) leaves the shutdown reserve of the node's role, so Kafka's controlled shutdown
// always gets its time. node-scripts.test.ts shows the script keeps to that worst case.

interface Gate {
  readonly statefulSet: string;
  readonly grace: number;
  readonly maxWait: number;
  readonly toolTimeout: number;
  readonly roles: { broker: boolean; controller: boolean };
}

function gates(objects: any[]): Gate[] {
  return findAll(objects, 'StatefulSet').flatMap(sts => {
    const pod = sts.spec.template.spec;
    return pod.containers.filter((c: any) => c.lifecycle?.preStop !== undefined).map((c: any) => {
      const env = (name: string) => {
        const value = c.env.find((e: any) => e.name === name)?.value;
        if (value === undefined) throw new Error(`${sts.metadata.name}: the pre-stop hook has no ${name}`);
        return value as string;
      };
      const roles = env('CDK8S_NODE_ROLES').split(',');
      return {
        statefulSet: sts.metadata.name,
        grace: pod.terminationGracePeriodSeconds,
        maxWait: Number(env('CDK8S_PRE_STOP_MAX_WAIT_SECONDS')),
        toolTimeout: Number(env('CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS')),
        roles: { broker: roles.includes('broker'), controller: roles.includes('controller') },
      };
    });
  });
}

/** The gate's worst case, from what synth emitted: max wait, then one look of hung tools. */
const worstCase = (g: Gate) => g.maxWait + (Number(g.roles.broker) + Number(g.roles.controller)) * g.toolTimeout;
/** Controlled shutdown: 2 minutes for brokers and combined nodes (README), 30 s for dedicated controllers. */
const reserve = (g: Gate) => (g.roles.broker ? 120 : 30);

describe.each(exampleNames())('example %s', name => {
  const found = gates(synthExample(name));

  test('has Kafka nodes with the pre-stop gate', () => {
    expect(found.length).toBeGreaterThan(0);
  });

  test('grace - (max wait + tools per look x tool timeout) >= the shutdown reserve, for every StatefulSet', () => {
    const short = found.filter(g => g.grace - worstCase(g) < reserve(g))
      .map(g => `${g.statefulSet}: ${g.grace - worstCase(g)}s left of ${g.grace}s, needs ${reserve(g)}s`);
    expect(short).toEqual([]);
    // The library's own formula says the same.
    for (const g of found) expect(gateWorstCaseSeconds(g.maxWait, g.roles, g.toolTimeout)).toBe(worstCase(g));
    for (const g of found) expect(shutdownReserveSeconds(g.roles)).toBe(reserve(g));
  });
});

test('the production example\'s archive pool in zone c, the issue\'s case, keeps 2 minutes', () => {
  const archive = gates(synthExample('production')).find(g => g.statefulSet === 'events-archive-eu-west-1c')!;
  expect(archive).toEqual({ statefulSet: 'events-archive-eu-west-1c', grace: 300, maxWait: 160, toolTimeout: 20, roles: { broker: true, controller: false } });
  expect(archive.grace - worstCase(archive)).toBe(120);
});

describe('a cluster with zones and several pools', () => {
  const gateEnv = (sts: any) => Object.fromEntries(kafkaContainer(sts).env
    .filter((e: any) => e.name.startsWith('CDK8S_PRE_STOP_'))
    .map((e: any) => [e.name, e.value]));

  test('every broker StatefulSet, in every zone and pool, gets the same gate: no StatefulSet waits on another\'s timing', () => {
    const { objects } = synthCluster({ zones: ['a', 'b', 'c'] }, c => { c.addNodePool('two', { nodeIdBase: 100 }); });
    const brokers = findAll(objects, 'StatefulSet').filter(s => s.metadata.name !== 'events-controllers');
    expect(brokers).toHaveLength(6);
    expect(new Set(brokers.map(s => JSON.stringify(gateEnv(s)))).size).toBe(1);
    expect(Object.keys(gateEnv(brokers[0])).sort()).toEqual([
      'CDK8S_PRE_STOP_BROKER_BOOTSTRAP', 'CDK8S_PRE_STOP_LOG', 'CDK8S_PRE_STOP_MAX_WAIT_SECONDS', 'CDK8S_PRE_STOP_POLL_MS',
      'CDK8S_PRE_STOP_TOOL_TIMEOUT_SECONDS', 'CDK8S_PRE_STOP_VOTER_FRESHNESS_MS',
    ]);
  });

  test('fails synth if an added pool\'s grace period cannot hold its gate, naming the prop, the value and the seconds missing', () => {
    expect(() => synthCluster({ zones: ['a', 'b', 'c'] }, c => {
      c.addNodePool('two', { nodeIdBase: 100, terminationGracePeriod: Duration.seconds(159) });
    })).toThrow('test/events/two: terminationGracePeriod = "159s" is invalid: the pre-stop gate of this pool needs 1s more: a wait of one look (20s) and a last look that may run past it (20s), on top of the broker shutdown reserve. Use at least Duration.seconds(160).');
  });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KRaftMode, Storage } from '../../../src';
import { find } from '../../support/objects';
import { envValue, kafkaContainer, synthCluster } from '../fixture';

// The quorum guard run for real with bash, over a data directory in a sandbox: what a
// voter does at start with an empty or formatted metadata directory, with or without the
// bootstrap record, and with the voter ids it was formatted with or others.

const GUARD = path.join(__dirname, '../../../src/kafka/nodes/quorum-guard.sh');
const VOTERS = '9990@events-controllers-0.x:9093,9991@events-controllers-1.x:9093,9992@events-controllers-2.x:9093';

interface Node { data: string; logs: string; state: string }

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-guard-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function node(options: { formatted?: boolean; bootstrapped?: boolean; recorded?: string } = {}): Node {
  const n = { data: path.join(dir, 'data'), logs: path.join(dir, 'data', 'logs'), state: path.join(dir, 'state') };
  fs.mkdirSync(n.logs, { recursive: true });
  fs.mkdirSync(n.state);
  if (options.formatted) fs.writeFileSync(path.join(n.logs, 'meta.properties'), 'node.id=9991\n');
  if (options.bootstrapped) fs.writeFileSync(path.join(n.state, 'bootstrapped'), 'cluster abc, every node up at 2026-11-01T00:00:00Z');
  if (options.recorded !== undefined) fs.writeFileSync(path.join(n.data, 'cdk8s-kafka-voters'), `${options.recorded}\n`);
  return n;
}

/** Sources the guard and runs `commands` as the start wrapper would. */
function run(n: Node, commands: string, voters = VOTERS): { code: number; out: string } {
  const r = spawnSync('/bin/bash', ['-c', `set -euo pipefail; source ${GUARD}; ${commands}`], {
    env: {
      PATH: process.env.PATH,
      CDK8S_QUORUM_DATA_DIR: n.data,
      CDK8S_METADATA_LOG_DIR: n.logs,
      CDK8S_QUORUM_STATE_DIR: n.state,
      CDK8S_QUORUM_STATE_CONFIGMAP: 'events-kafka-quorum-state',
      CDK8S_OPERATIONS_DOC: 'https://example.com/operations.md',
      KAFKA_CONTROLLER_QUORUM_VOTERS: voters,
      KAFKA_NODE_ID: '9991',
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

const recorded = (n: Node) => fs.readFileSync(path.join(n.data, 'cdk8s-kafka-voters'), 'utf8');

test('first bootstrap: an empty directory before the bootstrap is recorded is formatted, and the voter ids recorded after', () => {
  const n = node();
  const r = run(n, 'guard_quorum; echo ensure-formats; touch "$CDK8S_METADATA_LOG_DIR/meta.properties"; record_voters');
  expect(r).toEqual({ code: 0, out: 'ensure-formats\n' });
  expect(recorded(n)).toBe('9990,9991,9992\n');
});

test('an empty directory once the cluster was bootstrapped: refuses, naming the recovery and the marker', () => {
  const r = run(node({ bootstrapped: true }), 'guard_quorum; echo ensure-formats');
  expect(r.code).toBe(1);
  expect(r.out).not.toContain('ensure-formats');
  expect(r.out).toContain('KRaft voter node.id=9991 does not start: its metadata directory');
  expect(r.out).toContain('this cluster was bootstrapped (cluster abc, every node up at 2026-11-01T00:00:00Z), so its disk was lost or replaced');
  expect(r.out).toContain('Follow "A controller lost its disk" in https://example.com/operations.md; if this really is a new cluster, delete ConfigMap events-kafka-quorum-state first.');
});

test('a formatted voter starts with the ids it was formatted with, whatever the hosts and their order', () => {
  const n = node({ formatted: true, bootstrapped: true, recorded: '9990,9991,9992' });
  const moved = '9992@c.y:9093,9990@a.y:9093,9991@b.y:9093';
  expect(run(n, 'guard_quorum; echo starts', moved)).toEqual({ code: 0, out: 'starts\n' });
});

test('a changed voter set (count, nodeIdBase, mode) refuses to start, naming both', () => {
  const n = node({ formatted: true, bootstrapped: true, recorded: '9990,9991,9992' });
  const five = `${VOTERS},9993@d:9093,9994@e:9093`;
  const r = run(n, 'guard_quorum; echo starts', five);
  expect(r.code).toBe(1);
  expect(r.out).toContain('the controller quorum changed from voters 9990,9991,9992 to 9990,9991,9992,9993,9994');
  expect(r.out).toContain('Revert the change and apply, then follow "Changing the controllers" in https://example.com/operations.md.');
});

test('a voter formatted before the guard existed records its current ids at its next start', () => {
  const n = node({ formatted: true });
  expect(run(n, 'guard_quorum; echo starts')).toEqual({ code: 0, out: 'starts\n' });
  expect(recorded(n)).toBe('9990,9991,9992\n');
});

describe('which nodes run it', () => {
  test('the voters that keep their disks: the quorum-state ConfigMap mounted (optional), the guard in the command', () => {
    const { objects } = synthCluster();
    const controllers = find(objects, 'StatefulSet', 'events-controllers');
    const c = kafkaContainer(controllers);
    expect(controllers.spec.template.spec.volumes).toContainEqual({ name: 'quorum-state', configMap: { name: 'events-kafka-quorum-state', optional: true } });
    expect(c.volumeMounts).toContainEqual({ name: 'quorum-state', mountPath: '/var/run/cdk8s-kafka/quorum-state', readOnly: true });
    expect(envValue(c, 'CDK8S_METADATA_LOG_DIR')).toBe('/var/lib/kafka/data/logs');
    expect(c.command[2]).toMatch(/guard_quorum; fi\n\/etc\/confluent\/docker\/ensure\n/);
    // Brokers hold no vote.
    expect(envValue(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers')), 'CDK8S_QUORUM_DATA_DIR')).toBeUndefined();
  });

  test('combined nodes are voters; ephemeral voters lose their log by design and run no guard', () => {
    const combined = synthCluster({ mode: KRaftMode.COMBINED }).objects;
    expect(envValue(kafkaContainer(find(combined, 'StatefulSet', 'events-brokers')), 'CDK8S_QUORUM_DATA_DIR')).toBe('/var/lib/kafka/data');
    const ephemeral = synthCluster({ controllers: { storage: Storage.ephemeral() } }).objects;
    expect(envValue(kafkaContainer(find(ephemeral, 'StatefulSet', 'events-controllers')), 'CDK8S_QUORUM_DATA_DIR')).toBeUndefined();
  });
});

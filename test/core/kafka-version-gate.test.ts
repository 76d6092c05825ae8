import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { ConfluentVersion, KafkaCluster, SchemaRegistry } from '../../src';
import { renderKafkaVersionGate } from '../../src/core/kafka-version-gate';
import { find } from '../support/objects';
import { synthObjects } from '../support/synth';

function synthChart(build: (chart: Chart) => void): any[] {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  build(chart);
  return synthObjects(chart);
}

// The components' wait for the cluster's release: the script run for real against a
// version file, and where synthesis puts it.

const gate = renderKafkaVersionGate({ configMap: 'events-kafka-version', version: '8.1.1' }, 'img', 'IfNotPresent');

function wait(recorded: string | undefined, untilOutput?: string): Promise<{ code: number | null; out: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-gate-'));
  const file = path.join(dir, 'version');
  if (recorded !== undefined) fs.writeFileSync(file, recorded);
  const env = Object.fromEntries(gate.container.env!.map(e => [e.name, e.value!]));
  return new Promise(resolve => {
    const child = spawn(gate.container.command![0], gate.container.command!.slice(1), {
      env: { PATH: process.env.PATH, ...env, CDK8S_KAFKA_VERSION_FILE: file, CDK8S_KAFKA_VERSION_POLL_SECONDS: '0.05' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
    child.stdout.on('data', d => {
      out += d;
      if (untilOutput !== undefined && out.includes(untilOutput)) {
        // The roll Job records the release: the file changes in place.
        fs.writeFileSync(file, '8.1.1');
      }
    });
    child.on('close', code => { clearTimeout(timer); fs.rmSync(dir, { recursive: true, force: true }); resolve({ code, out }); });
  });
}

test('starts at once when every node runs the release, or a newer one', async () => {
  expect(await wait('8.1.1')).toEqual({ code: 0, out: 'cdk8s-kafka: every Kafka node runs 8.1.1: starting\n' });
  expect((await wait('8.2.0')).code).toBe(0);
});

test('waits, saying why, while nothing is recorded or the nodes run an older release; starts once the roll records it', async () => {
  const none = await wait(undefined, 'records none yet');
  expect(none.out).toContain('waiting for every Kafka node to run 8.1.1 (ConfigMap events-kafka-version records none yet');
  expect(none.code).toBe(0);
  const older = await wait('8.0.4', 'records 8.0.4');
  expect(older.code).toBe(0);
  expect(older.out).toContain('every Kafka node runs 8.1.1: starting');
});

test('components wired to a cluster of the app wait in their first init container; imported clusters have no gate', () => {
  const objects = synthChart(chart => {
    const kafka = new KafkaCluster(chart, 'events');
    new SchemaRegistry(chart, 'schemas', { kafka });
  });
  const pod = find(objects, 'Deployment', 'schemas').spec.template.spec;
  expect(pod.initContainers[0]).toMatchObject({ name: 'wait-for-kafka', image: pod.containers[0].image });
  expect(pod.initContainers[0].env).toContainEqual({ name: 'CDK8S_KAFKA_VERSION', value: find(objects, 'StatefulSet', 'events-brokers').metadata.labels['app.kubernetes.io/version'] });
  expect(pod.volumes).toContainEqual({ name: 'kafka-version', configMap: { name: 'events-kafka-version', optional: true } });
  const imported = synthChart(chart => {
    const kafka = KafkaCluster.fromBootstrap(chart, 'remote', { bootstrapServers: 'kafka.example.com:9092', version: ConfluentVersion.V8_1 });
    new SchemaRegistry(chart, 'schemas', { kafka });
  });
  expect(find(imported, 'Deployment', 'schemas').spec.template.spec.initContainers).toBeUndefined();
});

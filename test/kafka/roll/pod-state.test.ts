import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The roll driver reads a pod in one awk pass (pod_state in node-roll.sh): run here with
// the machine's sh and awk, and with busybox's (the curl image's) when it is installed,
// on pods shaped as the API server writes them.

const SCRIPT = fs.readFileSync(path.join(__dirname, '../../../src/kafka/roll/node-roll.sh'), 'utf8');
const POD_STATE = SCRIPT.slice(SCRIPT.indexOf('pod_state() {'), SCRIPT.indexOf('\n}\n', SCRIPT.indexOf('pod_state() {')) + 3);
const SHELLS = [['/bin/sh'], ...(fs.existsSync('/usr/bin/busybox') ? [['/usr/bin/busybox', 'sh']] : [])];

function podState(pod: unknown, indent?: number): string[] {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-pod-')), 'pod.json');
  fs.writeFileSync(file, JSON.stringify(pod, null, indent));
  const answers = SHELLS.map(([shell, ...args]) => {
    // busybox: its own awk, as in the curl image.
    const awk = shell.endsWith('busybox') ? 'awk() { /usr/bin/busybox awk "$@"; }; ' : '';
    const r = spawnSync(shell, [...args, '-c', `${awk}${POD_STATE}\npod_state "$1"`, 'sh', file], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return r.stdout;
  });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  expect(new Set(answers).size).toBe(1);
  return answers[0].replace(/\n$/, '').split('|');
}

const pod = (changes: { deleting?: boolean; ready?: string; containers?: unknown[] } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'events-brokers-a-0',
    namespace: 'kafka',
    uid: '6a1c-uid',
    resourceVersion: '48213',
    ...(changes.deleting ? { deletionTimestamp: '2026-12-01T10:00:00Z', deletionGracePeriodSeconds: 300 } : {}),
    labels: { 'controller-revision-hash': 'events-brokers-a-7d9f', 'statefulset.kubernetes.io/pod-name': 'events-brokers-a-0' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'events-brokers-a', uid: 'owner-uid', controller: true }],
    managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': {} } } }],
  },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True', lastProbeTime: null },
      { type: 'Ready', status: changes.ready ?? 'True', lastProbeTime: null, lastTransitionTime: '2026-12-01T10:01:00Z' },
      { type: 'ContainersReady', status: 'True' },
    ],
    containerStatuses: changes.containers ?? [
      { name: 'kafka', ready: true, state: { running: { startedAt: '2026-12-01T10:00:05Z' } } },
      { name: 'sidecar', ready: true, state: { running: { startedAt: '2026-12-01T09:59:58Z' } } },
    ],
  },
});

test.each([undefined, 2])('reads uid, resourceVersion and revision of the pod itself, not its owner (indent %s)', indent => {
  expect(podState(pod(), indent)).toEqual(['6a1c-uid', '48213', 'events-brokers-a-7d9f', '0', '1', '2026-12-01T09:59:58Z']);
});

test('a pod being deleted, not Ready, whose container waits', () => {
  const waiting = [{ name: 'kafka', ready: false, state: { waiting: { reason: 'ContainerCreating' } } }];
  expect(podState(pod({ deleting: true, ready: 'False', containers: waiting }), 2)).toEqual(['6a1c-uid', '48213', 'events-brokers-a-7d9f', '1', '0', '']);
});

test('a restarted container counts from its new start', () => {
  const restarted = [{ name: 'kafka', state: { running: { startedAt: '2026-12-02T00:00:00Z' } }, lastState: { terminated: { startedAt: '2026-11-01T00:00:00Z' } } }];
  expect(podState(pod({ containers: restarted }))[5]).toBe('2026-12-02T00:00:00Z');
});

test('an empty value stays in its place (the fields after it do not shift)', () => {
  const unlabelled = pod();
  unlabelled.metadata.labels['controller-revision-hash'] = '';
  expect(podState(unlabelled)).toEqual(['6a1c-uid', '48213', '', '0', '1', '2026-12-01T09:59:58Z']);
});

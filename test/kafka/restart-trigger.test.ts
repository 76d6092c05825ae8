import { Chart } from 'cdk8s';
import { synthCluster } from './fixture';
import { SchemaRegistry } from '../../src';
import { configErrorOf } from '../support/errors';
import { findAll } from '../support/objects';

// A restart on demand, in code: restartTrigger is a pod template annotation, so a new
// value is a template change and the pods restart the way every change restarts them.

const statefulSet = (objects: any[], name: string) => findAll(objects, 'StatefulSet').find((s: any) => s.metadata.name === name);
const rollJobName = (objects: any[]) => findAll(objects, 'Job').find((j: any) => /^events-kafka-roll-[0-9a-f]{10}$/.test(j.metadata.name)).metadata.name;

test('a pool\'s trigger is on its pods\' template; a new value is a new roll Job that restarts that pool one node at a time', () => {
  const before = synthCluster({ brokers: { restartTrigger: 'CHG-1041' } }).objects;
  expect(statefulSet(before, 'events-brokers').spec.template.metadata.annotations['cdk8s-kafka/restart-trigger']).toBe('CHG-1041');
  expect(statefulSet(before, 'events-controllers').spec.template.metadata.annotations['cdk8s-kafka/restart-trigger']).toBeUndefined();
  const same = synthCluster({ brokers: { restartTrigger: 'CHG-1041' } }).objects;
  const next = synthCluster({ brokers: { restartTrigger: 'CHG-1042' } }).objects;
  // Deterministic: the same program, the same manifests; a new value, a new roll.
  expect(rollJobName(same)).toBe(rollJobName(before));
  expect(rollJobName(next)).not.toBe(rollJobName(before));
  expect(statefulSet(next, 'events-controllers').spec.template).toEqual(statefulSet(before, 'events-controllers').spec.template);
});

test('a component\'s trigger is on its Deployment\'s template (its rolling update restarts it)', () => {
  const { objects } = synthCluster({}, c => new SchemaRegistry(Chart.of(c), 'schemas', { kafka: c, restartTrigger: 'after the CA change' }));
  const deployment = findAll(objects, 'Deployment').find((d: any) => d.metadata.name === 'schemas');
  expect(deployment.spec.template.metadata.annotations['cdk8s-kafka/restart-trigger']).toBe('after the CA change');
});

test.each([['', 'empty'], ['two\nlines', 'a line break'], ['x'.repeat(129), 'too long']])('a trigger that is %p (%s) is refused', value => {
  expect(configErrorOf(() => synthCluster({ brokers: { restartTrigger: value } }))).toMatch(/^test\/events: brokers\.restartTrigger = .* is invalid: it (is empty|holds a line break|is longer than 128 characters)/s);
});

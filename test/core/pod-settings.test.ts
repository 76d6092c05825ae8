import { EnvValue } from 'cdk8s-plus-27';
import { ReservedEnv, resolvePodSettings } from '../../src/core/pod-settings';
import { configErrorOf as errorOf } from '../support/errors';
import { secretRef } from '../support/secrets';

const RESERVED: ReservedEnv = { prefixes: ['KAFKA_'], names: ['LOG_DIR'], allowed: ['KAFKA_OPTS'] };


describe('resolvePodSettings', () => {
  test('nothing given: no scheduling constraints, no annotations, no env', () => {
    expect(resolvePodSettings('p', {}, RESERVED)).toEqual({ annotations: {}, env: [] });
  });

  test('scheduling settings pass through, annotations and env come back sorted', () => {
    const r = resolvePodSettings('p', {
      nodeSelector: { 'node.kubernetes.io/instance-type': 'm6i.2xlarge' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'kafka', effect: 'NoSchedule' }, { operator: 'Exists' }],
      priorityClassName: 'kafka-critical',
      podAnnotations: { 'z.example.com/b': '2', 'a.example.com/a': '1' },
      extraEnv: {
        ZONE_HINT: EnvValue.fromValue('eu'),
        KAFKA_OPTS: EnvValue.fromValue('-XX:+UseG1GC'),
        TLS_PASSWORD: EnvValue.fromSecretValue({ secret: secretRef('jks'), key: 'password' }),
      },
    }, RESERVED);
    expect(r.nodeSelector).toEqual({ 'node.kubernetes.io/instance-type': 'm6i.2xlarge' });
    expect(r.tolerations).toHaveLength(2);
    expect(r.priorityClassName).toBe('kafka-critical');
    expect(Object.keys(r.annotations)).toEqual(['a.example.com/a', 'z.example.com/b']);
    expect(r.env).toEqual([
      { name: 'KAFKA_OPTS', value: '-XX:+UseG1GC' },
      { name: 'TLS_PASSWORD', valueFrom: { secretKeyRef: { name: 'jks', key: 'password' } } },
      { name: 'ZONE_HINT', value: 'eu' },
    ]);
  });

  test.each([
    ['a property variable of the image', { extraEnv: { KAFKA_NUM_PARTITIONS: EnvValue.fromValue('6') } },
      'p: extraEnv.KAFKA_NUM_PARTITIONS = "KAFKA_NUM_PARTITIONS" is invalid: the image turns KAFKA_* variables into properties, which the library checks. Set it in properties'],
    ['a variable the library sets', { extraEnv: { LOG_DIR: EnvValue.fromValue('/tmp') } }, 'p: extraEnv.LOG_DIR = "LOG_DIR" is invalid: the library sets this variable itself'],
    ['a script parameter', { extraEnv: { CDK8S_NODE_ROLES: EnvValue.fromValue('broker') } }, 'p: extraEnv.CDK8S_NODE_ROLES = "CDK8S_NODE_ROLES" is invalid: the library\'s scripts read'],
    ['a literal credential', { extraEnv: { DB_PASSWORD: EnvValue.fromValue('hunter2') } }, 'p: extraEnv.DB_PASSWORD = "(hidden)" is invalid: it looks like a credential in plain text'],
    ['a plain string instead of an EnvValue', { extraEnv: { X: 'y' as never } }, 'p: extraEnv.X = "y" is invalid: it is not an EnvValue'],
    ['a bad variable name', { extraEnv: { '1X': EnvValue.fromValue('y') } }, 'p: extraEnv.1X = "1X" is invalid: it is not an environment variable name'],
    ['the library\'s annotation', { podAnnotations: { 'cdk8s-kafka/config-hash': 'x' } }, 'the library sets its own annotations'],
    ['a bad annotation key', { podAnnotations: { 'not a key': 'x' } }, 'it is not an annotation key'],
    ['a non-string annotation', { podAnnotations: { 'a/b': 1 as never } }, 'annotation values are strings'],
    ['a node selector value that is no label value', { nodeSelector: { disk: 'fast ssd' } }, 'p: nodeSelector.disk = "fast ssd" is invalid'],
    ['tolerations that are not a list', { tolerations: 'all' as never }, 'p: tolerations = "all" is invalid: it is a list of tolerations'],
    ['a toleration without key or Exists', { tolerations: [{ effect: 'NoSchedule' }] }, 'p: tolerations[0] = {"effect":"NoSchedule"} is invalid'],
    ['a bad PriorityClass name', { priorityClassName: 'High Priority' }, 'p: priorityClassName = "High Priority" is invalid: it is not a PriorityClass name'],
  ])('fails on %s', (_, settings, message) => {
    expect(errorOf(() => resolvePodSettings('p', settings, RESERVED))).toContain(message);
  });
});

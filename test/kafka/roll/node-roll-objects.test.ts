import { Listener, ListenerAuthentication } from '../../../src';
import { find, findAll } from '../../support/objects';
import { envValue, synthCluster } from '../fixture';

// The roll's objects as synthesized: what its pods are told to roll, what its Role
// allows, when its Job is a new one.

const rollJob = (objects: any[]) => findAll(objects, 'Job').find((j: any) => /^events-kafka-roll-[0-9a-f]{10}$/.test(j.metadata.name));
const driver = (pod: any) => pod.spec.containers.find((c: any) => c.name === 'roll');
const check = (pod: any) => pod.spec.containers.find((c: any) => c.name === 'kafka-check');

describe('the roll', () => {
  const { objects } = synthCluster({ zones: ['a', 'b'] }, c => c.addNodePool('big', { nodeIdBase: 1000, replicas: 2 }));
  const job = rollJob(objects);
  const nodes: string[][] = envValue(driver(job.spec.template), 'CDK8S_ROLL_NODES')!.split('\n').map((l: string) => l.split(' '));

  test('a Job named by the node templates, kept an hour after it finishes, rolling every node (pools added later too), voters first', () => {
    expect(job.spec.ttlSecondsAfterFinished).toBe(3600);
    expect(nodes[0]).toEqual(['events-controllers-2', 'events-controllers', '9992', 'controller']);
    expect(nodes.map(n => n[0])).toContain('events-big-b-0');
    const pods = findAll(objects, 'StatefulSet').flatMap((s: any) => Array.from({ length: s.spec.replicas }, (_, i) => `${s.metadata.name}-${i}`));
    expect(nodes.map(n => n[0]).sort()).toEqual(pods.sort());
  });

  test('every node StatefulSet is OnDelete: nothing restarts a node but the roll', () => {
    for (const sts of findAll(objects, 'StatefulSet')) expect(sts.spec.updateStrategy).toEqual({ type: 'OnDelete' });
  });

  test('a change of any node\'s pod template is a new roll Job; a change elsewhere is not', () => {
    const name = (props = {}, more?: (c: any) => void) => rollJob(synthCluster({ zones: ['a', 'b'], ...props }, c => { c.addNodePool('big', { nodeIdBase: 1000, replicas: 2 }); more?.(c); }).objects).metadata.name;
    const base = name();
    expect(name()).toBe(base);
    expect(name({ properties: { 'log.retention.hours': '72' } })).not.toBe(base);
    expect(name({}, c => c.addUser('orders'))).toBe(base);
  });

  test('its Role names the exact pods, StatefulSets, Lease and Certificates; it may create Leases and its ConfigMaps, nothing else unnamed', () => {
    const pods = nodes.map(n => n[0]);
    expect(find(objects, 'Role', 'events-kafka-roll').rules).toEqual([
      { apiGroups: [''], resources: ['pods'], resourceNames: pods, verbs: ['get', 'delete'] },
      { apiGroups: [''], resources: ['pods/eviction'], resourceNames: pods, verbs: ['create'] },
      { apiGroups: ['apps'], resources: ['statefulsets'], resourceNames: [...new Set(nodes.map(n => n[1]))], verbs: ['get'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], resourceNames: ['events-kafka-roll'], verbs: ['get', 'update'] },
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: ['events-kafka', 'events-kafka-listeners'], verbs: ['get'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['create'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['events-kafka-version'], verbs: ['patch'] },
    ]);
    expect(envValue(driver(job.spec.template), 'CDK8S_ROLL_VERSION')).toBe('events-kafka-version events-controllers');
    expect(envValue(driver(job.spec.template), 'CDK8S_ROLL_QUORUM_STATE')).toMatch(/^events-kafka-quorum-state \S+$/);
  });

  test('the check container runs the cluster\'s image with the nodes\' certificate, against every broker and controller', () => {
    const c = check(job.spec.template);
    const sts = find(objects, 'StatefulSet', 'events-brokers-a');
    expect(c.image).toBe(sts.spec.template.spec.containers[0].image);
    expect(envValue(c, 'CDK8S_ROLL_CONTROLLERS')).toBe([0, 1, 2].map(i => `events-controllers-${i}.events-kafka-nodes.kafka.svc.cluster.local:9093`).join(','));
    expect(envValue(c, 'CDK8S_ROLL_BROKERS')!.split(',')).toHaveLength(nodes.filter(n => n[3].includes('broker')).length);
    expect(c.volumeMounts).toContainEqual({ name: 'tls', mountPath: '/mnt/kafka-tls', readOnly: true });
    // The driver has the API token; the check shares only the work directory with it.
    expect(job.spec.template.spec.automountServiceAccountToken).toBe(false);
    expect(driver(job.spec.template).volumeMounts).toEqual([
      { name: 'api-tmp', mountPath: '/tmp' }, { name: 'api-token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }, { name: 'work', mountPath: '/work' },
    ]);
    expect(c.volumeMounts.map((m: any) => m.name)).not.toContain('api-token');
  });

  test('the cluster\'s NetworkPolicy admits the check to the replication and controller ports', () => {
    const first = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress[0];
    expect(first.from).toContainEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'roll' } } });
    expect(first.ports.map((p: any) => p.port)).toEqual([9091, 9093]);
  });
});

describe('restarts onto a renewed certificate', () => {
  const { objects } = synthCluster();
  const cronJob = find(objects, 'CronJob', 'events-kafka-roll');

  test('an hourly CronJob, never overlapping itself, runs the same roll with the certificate', () => {
    expect(cronJob.spec).toMatchObject({ schedule: '17 * * * *', concurrencyPolicy: 'Forbid' });
    const pod = cronJob.spec.jobTemplate.spec.template;
    expect(envValue(driver(pod), 'CDK8S_ROLL_CERTIFICATE')).toBe('events-kafka');
    expect(envValue(driver(rollJob(objects).spec.template), 'CDK8S_ROLL_CERTIFICATE')).toBeUndefined();
  });

  test('none without certificates, or when turned off (the Job still rolls changes)', () => {
    const plaintext = synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] }).objects;
    expect(findAll(plaintext, 'CronJob')).toEqual([]);
    expect(rollJob(plaintext)).toBeDefined();
    expect(find(plaintext, 'Role', 'events-kafka-roll').rules.map((r: any) => r.apiGroups[0])).not.toContain('cert-manager.io');
    expect(findAll(synthCluster({ certificateRollout: false }).objects, 'CronJob')).toEqual([]);
  });
});

import { Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { Acl, AclOperation, KafkaCluster, KafkaClusterProps, Listener, ListenerAuthentication } from '../../../src';
import { KafkaUser } from '../../../src/access/kafka-user';
import { MembersSnapshot } from '../../../src/kafka/cluster-members';
import { resolveUser } from '../../../src/kafka/cluster-users';
import { resolveCluster } from '../../../src/kafka/resolve-cluster';
import { generatedSecrets, renderAccessJob, renderCredentialsJobSpec } from '../../../src/kafka/security/access-jobs';
import { needsAccessJob } from '../../../src/kafka/security/cluster-security';
import { configErrorOf } from '../../support/errors';

// The access and credentials Jobs' specs, rendered from the model and the members,
// without synthesizing a chart.

const renderAccessJobSpec = (...args: Parameters<typeof renderAccessJob>) => renderAccessJob(...args).spec;
/** The access Job's Kafka step: between its record's read and write steps. */
const kafkaStep = (pod: any) => pod.initContainers[2];

function plan(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  const p = resolveCluster(scope, props, { name: 'events', namespace: 'kafka' });
  const users = (...names: string[]): KafkaUser[] => names.map(n => resolveUser('c/events.addUser', p.cluster, n, { acls: [Acl.topic(n, [AclOperation.READ])] }, false));
  const members = (us: KafkaUser[]): MembersSnapshot => ({ pools: [p.controllers, p.brokers!], users: us, clients: [], topics: [] });
  return { cluster: p.cluster, users, members };
}

const OPEN = [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })];

describe('needsAccessJob', () => {
  test('with SCRAM there is always the admin to register', () => {
    expect(needsAccessJob(plan().cluster.security, [])).toBe(true);
  });

  test('without authentication, no one to register and no ACL to add', () => {
    const { cluster, users } = plan({ listeners: OPEN });
    expect(needsAccessJob(cluster.security, [])).toBe(false);
    expect(needsAccessJob(cluster.security, users('orders'))).toBe(false);
  });

  test('mutual TLS: no credentials, but an authorizer whose ACLs the Job adds', () => {
    const { cluster, users } = plan({ listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })] });
    expect(needsAccessJob(cluster.security, [])).toBe(false);
    expect(needsAccessJob(cluster.security, users('orders'))).toBe(true);
  });
});

describe('renderAccessJobSpec', () => {
  const { cluster, users, members } = plan();

  test('acts as the cluster: the nodes\' certificate mounted, every broker\'s replication listener to bootstrap from', () => {
    const spec = renderAccessJobSpec(cluster, members([]));
    const pod = spec.template.spec!;
    expect(pod.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'events-kafka-tls', defaultMode: 0o440 } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const env = Object.fromEntries(kafkaStep(pod).env!.map((e: any) => [e.name, e.value]));
    expect(env.CDK8S_BOOTSTRAP!.split(',')).toEqual([0, 1, 2].map(i => `events-brokers-${i}.events-kafka-nodes.kafka.svc.cluster.local:9091`));
  });

  test('each SCRAM user\'s password is mounted from its Secret; users whose names differ only in dots get distinct volumes', () => {
    const pod = renderAccessJobSpec(cluster, members(users('a.b', 'a-b'))).template.spec!;
    const userVolumes = pod.volumes!.filter(v => v.name.startsWith('user-'));
    expect(userVolumes.map(v => v.secret!.secretName)).toEqual(['events-kafka-admin', 'events-user-a.b', 'events-user-a-b']);
    expect(new Set(userVolumes.map(v => v.name)).size).toBe(3);
    expect(userVolumes.every(v => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v.name) && v.name.length <= 63)).toBe(true);
  });

  test('every user\'s ACLs are in its one line each', () => {
    const pod = renderAccessJobSpec(cluster, members(users('orders'))).template.spec!;
    const acls = kafkaStep(pod).env!.find((e: any) => e.name === 'CDK8S_ACLS')!.value!;
    expect(acls.split('\n')).toEqual(['orders --topic orders --resource-pattern-type literal --operation Read']);
  });

  test('records what it applies (users, ACLs, quotas); deletes nothing by default; each kind of prune on its own', () => {
    const pod = renderAccessJobSpec(cluster, members([])).template.spec!;
    expect(pod.initContainers!.map(c => c.name)).toEqual(['wait-for-brokers', 'record-read', 'access']);
    expect(pod.serviceAccountName).toBe('events-kafka-access');
    const env = (p: any, name: string) => kafkaStep(p).env.find((e: any) => e.name === name)?.value;
    expect(['CDK8S_PRUNE_USERS', 'CDK8S_PRUNE_ACLS', 'CDK8S_PRUNE_QUOTAS'].map(n => env(pod, n))).toEqual(['false', 'false', 'false']);
    const pruning = plan({ prune: { acls: true } });
    const pruned = renderAccessJobSpec(pruning.cluster, pruning.members([])).template.spec!;
    expect(['CDK8S_PRUNE_USERS', 'CDK8S_PRUNE_ACLS', 'CDK8S_PRUNE_QUOTAS'].map(n => env(pruned, n))).toEqual(['false', 'true', 'false']);
    expect(pod.containers[0].env!.find(e => e.name === 'CDK8S_RECORD_KINDS')!.value).toBe('users acls quotas');
  });

  test('with an access prune option the Job stays when nothing is declared, so removing the last user deletes it too', () => {
    const mtls = { listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })] };
    const synth = (props: KafkaClusterProps) => {
      const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
      new KafkaCluster(chart, 'events', props);
      return Testing.synth(chart);
    };
    const accessJobs = (objects: any[]) => objects.filter((o: any) => o.kind === 'Job' && o.metadata.name.startsWith('events-kafka-access-'));
    const admitted = (objects: any[]) => objects.find((o: any) => o.kind === 'NetworkPolicy' && o.metadata.name === 'events-kafka').spec.ingress
      .some((r: any) => r.from.some((f: any) => f.podSelector?.matchLabels['app.kubernetes.io/component'] === 'access'));
    expect(accessJobs(synth(mtls))).toHaveLength(0);
    const pruning = synth({ ...mtls, prune: { acls: true } });
    expect(accessJobs(pruning)).toHaveLength(1);
    expect(admitted(pruning)).toBe(true);
  });

  test('a prune option that is not a boolean is refused, naming the prop', () => {
    expect(configErrorOf(() => new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events', { prune: { topics: 'yes' as any } })))
      .toMatch(/^c\/events: prune\.topics = "yes" is invalid/);
  });
});

describe('renderCredentialsJobSpec', () => {
  const { cluster, users, members } = plan();

  test('creates the generated Secrets only: the admin\'s and users\' without their own', () => {
    expect(generatedSecrets(cluster, users('orders')).map(s => s.name)).toEqual(['events-kafka-admin', 'events-user-orders']);
    const pod = renderCredentialsJobSpec(cluster, members(users('orders'))).template.spec!;
    expect(pod.serviceAccountName).toBe('events-kafka-credentials');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'api-token', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });
    const env = Object.fromEntries(pod.containers[0].env!.map(e => [e.name, e.value]));
    expect(env.CDK8S_GENERATE).toBe('admin events-kafka-admin sasl\norders events-user-orders sasl');
  });
});

describe('finished Jobs are deleted, so the next apply runs them again', () => {
  test('both Jobs are kept an hour after they finish by default', () => {
    const { cluster, members } = plan();
    expect(cluster.finishedJobTtlSeconds).toBe(3600);
    expect(renderAccessJobSpec(cluster, members([])).ttlSecondsAfterFinished).toBe(3600);
    expect(renderCredentialsJobSpec(cluster, members([])).ttlSecondsAfterFinished).toBe(3600);
  });

  test('finishedJobTtl overrides it', () => {
    const { cluster, members } = plan({ finishedJobTtl: Duration.minutes(10) });
    expect(renderAccessJobSpec(cluster, members([])).ttlSecondsAfterFinished).toBe(600);
    expect(renderCredentialsJobSpec(cluster, members([])).ttlSecondsAfterFinished).toBe(600);
  });

  test.each([
    ['under a minute (a GitOps tool would re-run the Jobs back to back)', Duration.seconds(30), '"30000 ms"'],
    ['not whole seconds', Duration.millis(90500), '"90500 ms"'],
    ['over the int32 seconds of ttlSecondsAfterFinished', Duration.seconds(2 ** 31), `"${2 ** 31 * 1000} ms"`],
  ])('fails if it is %s', (_why, ttl, shown) => {
    expect(configErrorOf(() => plan({ finishedJobTtl: ttl }))).toBe(
      `c/events: finishedJobTtl = ${shown} is invalid: it must be a cdk8s Duration from 1 minute to 24855 days 3 hours in whole seconds. Use e.g. Duration.hours(1).`);
  });
});

import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClientPeer, ExternalAccess, KafkaClusterProps, Listener, ListenerAuthentication } from '../../src';
import { MembersSnapshot } from '../../src/kafka/cluster-members';
import { renderClusterNetworkPolicy } from '../../src/kafka/cluster-network-policy';
import { resolveCluster } from '../../src/kafka/resolve-cluster';

function resolve(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  return resolveCluster(scope, props, { name: 'events', namespace: 'kafka' }).cluster;
}

const NONE: MembersSnapshot = { pools: [], users: [], clients: [], topics: [] };
const withClients = (clients: Array<Record<string, string>>): MembersSnapshot => ({ ...NONE, clients });
const NODES = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' } } };
// The roll's Kafka check connects as the cluster too.
const ROLL = { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'roll' } } };
const tcp = (port: number) => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) });
const job = (component: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': component } } });
const UNREGISTER_JOB = { from: [job('unregister'), job('balance')], ports: [tcp(9091)] };
/** The policy, without the maintenance Jobs' rule every cluster from 8.0 has (its own test below). */
const policy = (props: KafkaClusterProps = {}, members: MembersSnapshot = NONE) => {
  const spec = renderClusterNetworkPolicy(resolve(props), members);
  return { ...spec, ingress: spec.ingress?.filter(r => JSON.stringify(r) !== JSON.stringify(UNREGISTER_JOB)) };
};
const ACCESS_JOB = {
  from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'access' } } }],
  ports: [tcp(9091)],
};
/** Listeners that neither encrypt nor authenticate: no admin, so no access Job. */
const OPEN = { tls: false, authentication: ListenerAuthentication.none() };

describe('created with default properties', () => {
  const spec = policy();

  test('selects every node of the cluster, ingress only', () => {
    expect(spec.podSelector).toEqual(NODES.podSelector);
    expect(spec.policyTypes).toEqual(['Ingress']);
    expect(spec.egress).toBeUndefined();
  });

  test('the replication and controller ports admit the cluster\'s own nodes, and the access Job (SCRAM has an admin to register) the replication port', () => {
    expect(spec.ingress).toEqual([{ from: [NODES, ROLL], ports: [tcp(9091), tcp(9093)] }, ACCESS_JOB]);
  });
});

test('the maintenance Jobs that exist reach the replication port, in one rule: from 8.0 unregister, by default balance, then drain and features when asked', () => {
  expect(renderClusterNetworkPolicy(resolve(), NONE).ingress).toContainEqual(UNREGISTER_JOB);
  expect(renderClusterNetworkPolicy(resolve({ balanceReplicas: false }), NONE).ingress).toContainEqual({ from: [job('unregister')], ports: [tcp(9091)] });
});

describe('members', () => {
  test('the access Job reaches the replication port only', () => {
    expect(policy().ingress![1]).toEqual(ACCESS_JOB);
  });

  test('no access Job rule when the cluster has no one to register and no ACL to add', () => {
    expect(policy({ listeners: [Listener.internal({ name: 'client', port: 9092, ...OPEN })] }).ingress).toEqual([{ from: [NODES, ROLL], ports: [tcp(9091), tcp(9093)] }]);
  });

  test('each wired client gets its own rule to the first internal listener', () => {
    const clients: Array<Record<string, string>> = [{ app: 'a' }, { app: 'b', tier: 'x' }];
    const spec = policy({
      listeners: [
        Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }), peers: [] }),
        Listener.internal({ name: 'internal', port: 9095 }),
        Listener.internal({ name: 'other', port: 9096 }),
      ],
    }, withClients(clients));
    expect(spec.ingress!.slice(2)).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [tcp(9095)] },
      { from: [{ podSelector: { matchLabels: { app: 'b', tier: 'x' } } }], ports: [tcp(9095)] },
    ]);
  });

  test('wired clients get no rule without an internal listener', () => {
    const spec = policy({
      listeners: [Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }), peers: [] })],
    }, withClients([{ app: 'a' }]));
    expect(spec.ingress).toEqual([{ from: [NODES, ROLL], ports: [tcp(9091), tcp(9093)] }, ACCESS_JOB]);
  });
});

describe('peers', () => {
  test('each listener admits its peers on its port', () => {
    const spec = policy({
      listeners: [
        Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.namespace('apps'), ClientPeer.podsElsewhere({ app: 'legacy' })] }),
        Listener.internal({ name: 'ops', port: 9095, peers: [ClientPeer.ipBlock('10.0.0.0/8')] }),
      ],
    });
    expect(spec.ingress!.slice(2)).toEqual([
      {
        from: [
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: undefined },
          { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } }, podSelector: { matchLabels: { app: 'legacy' } } },
        ],
        ports: [tcp(9092)],
      },
      { from: [{ ipBlock: { cidr: '10.0.0.0/8', except: undefined } }], ports: [tcp(9095)] },
    ]);
  });

  test('an external listener admits anyone by default: a rule without from', () => {
    const spec = policy({ listeners: [Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }) })] });
    expect(spec.ingress!.slice(2)).toEqual([{ ports: [tcp(9094)] }]);
  });

  test('metrics peers reach the metrics port', () => {
    const spec = policy({ metricsPeers: [ClientPeer.namespace('monitoring')] });
    expect(spec.ingress!.slice(2)).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: undefined }], ports: [tcp(9404)] },
    ]);
  });

  test('rules come in a fixed order: nodes, access Job, wired clients, listener peers, metrics peers', () => {
    const spec = policy({
      listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.namespace('apps')] })],
      metricsPeers: [ClientPeer.namespace('monitoring')],
    }, withClients([{ app: 'sr' }]));
    expect(spec.ingress!.map(r => r.ports!.map(p => p.port!.value))).toEqual([[9091, 9093], [9091], [9092], [9092], [9404]]);
  });
});

describe('egress', () => {
  test('nodes reach each other\'s replication and controller ports, and DNS over UDP and TCP', () => {
    const spec = policy({ egressPolicy: true });
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.egress).toEqual([
      { to: [NODES], ports: [tcp(9091), tcp(9093)] },
      { ports: [{ protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) }, tcp(53)] },
    ]);
  });

  test('DNS on the ports given', () => {
    expect(policy({ egressPolicy: true, egressDnsPorts: [53, 5353] }).egress![1].ports!.map(p => [p.protocol, p.port!.value]))
      .toEqual([['UDP', 53], ['TCP', 53], ['UDP', 5353], ['TCP', 5353]]);
  });

  test('the ingress rules are the same with or without egress rules', () => {
    expect(policy({ egressPolicy: true }).ingress).toEqual(policy().ingress);
  });
});

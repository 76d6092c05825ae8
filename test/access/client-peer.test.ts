import { Chart, Testing } from 'cdk8s';
import { KubeDeployment } from 'cdk8s-plus-27/lib/imports/k8s';
import { ClientPeer, KafkaCluster, KsqlDb, Listener, SchemaRegistry } from '../../src';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext } from '../../src/core/pod-security';
import { synthCluster } from '../kafka/fixture';
import { find } from '../support/objects';

function clientDeployment(chart: Chart, labels: Record<string, string>): void {
  new KubeDeployment(chart, 'client', {
    metadata: { name: 'client' },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: restrictedPodSecurityContext(),
          containers: [{ name: 'c', image: 'registry.example.com/client:1.0', securityContext: restrictedContainerSecurityContext() }],
        },
      },
    },
  });
}

describe('listener peers', () => {
  test('each kind renders its NetworkPolicy peer on the listener port only', () => {
    const { objects } = synthCluster({
      listeners: [Listener.internal({
        name: 'client',
        port: 9092,
        peers: [
          ClientPeer.podsElsewhere({ app: 'orders' }),
          ClientPeer.namespace('apps', { team: 'payments' }),
          ClientPeer.namespaces({ namespaceLabels: { 'env': 'prod', 'kafka-access': 'events' } }),
          ClientPeer.ipBlock('10.0.0.0/8', ['10.1.0.0/16']),
        ],
      })],
    });
    const rules = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress;
    expect(rules.slice(3)).toEqual([{
      from: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } }, podSelector: { matchLabels: { app: 'orders' } } },
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } }, podSelector: { matchLabels: { team: 'payments' } } },
        { namespaceSelector: { matchLabels: { 'env': 'prod', 'kafka-access': 'events' } } },
        { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
      ],
      ports: [{ protocol: 'TCP', port: 9092 }],
    }]);
  });

  test('anywhere admits every source to that port and no other', () => {
    const { objects } = synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.podsElsewhere({ a: 'b' }), ClientPeer.anywhere()] })] });
    expect(find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress.slice(3)).toEqual([{ ports: [{ protocol: 'TCP', port: 9092 }] }]);
  });

  test('wired components reach only the listener they use (the first internal one)', () => {
    const { objects } = synthCluster({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.internal({ name: 'batch', port: 9095 })],
    }, c => {
      c.allowClient({ app: 'sr' });
      clientDeployment(c.node.scope as Chart, { app: 'sr' });
    });
    expect(find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress.slice(3)).toEqual([
      { from: [{ podSelector: { matchLabels: { app: 'sr' } } }], ports: [{ protocol: 'TCP', port: 9092 }] },
    ]);
  });

  test('the metrics port admits only metricsPeers', () => {
    const { objects } = synthCluster({ metricsPeers: [ClientPeer.namespace('monitoring')] });
    const rules = find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress;
    expect(rules).toContainEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ protocol: 'TCP', port: 9404 }],
    });
    expect(rules.filter((r: any) => r.ports.some((p: any) => p.port === 9404))).toHaveLength(1);
  });

  test('ClientPeer.pods matching a workload of the app passes, and the harness sees the selector match', () => {
    const { objects } = synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.pods({ app: 'orders' })] })] },
      c => clientDeployment(c.node.scope as Chart, { app: 'orders', tier: 'api' }));
    expect(find(objects, 'NetworkPolicy', 'events-kafka').spec.ingress.slice(3)).toEqual([{ from: [{ podSelector: { matchLabels: { app: 'orders' } } }], ports: [{ protocol: 'TCP', port: 9092 }] }]);
  });

  test('ClientPeer.pods matching nothing in the namespace fails synth, naming the prop and the fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'kafka' });
    new KafkaCluster(chart, 'events', { listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.pods({ app: 'ordres' })] })] });
    clientDeployment(chart, { app: 'orders' });
    // The same labels in another namespace do not count.
    clientDeployment(new Chart(app, 'other', { namespace: 'apps' }), { app: 'ordres' });
    expect(() => app.synth()).toThrow(
      'c/events: listeners[0].peers[0] = "ClientPeer.pods({\\"app\\":\\"ordres\\"})" is invalid: no workload of this app in namespace kafka has pods with these labels, so the rule would admit nobody. '
      + 'Fix the labels, or use ClientPeer.podsElsewhere(...) for pods another tool deploys, or ClientPeer.namespace(...) for another namespace.');
  });
});

describe('peer errors', () => {
  test.each([
    ['an empty selector', () => ClientPeer.pods({}), 'ClientPeer.pods: labels = {} is invalid: a selector needs at least one label: an empty one selects every pod'],
    ['a bad label key', () => ClientPeer.podsElsewhere({ 'bad key': 'x' }), 'ClientPeer.podsElsewhere: labels.bad key = "bad key" is invalid: the key must be a label key ([DNS-subdomain prefix/]name'],
    ['a bad label value', () => ClientPeer.pods({ app: 'no spaces' }), 'ClientPeer.pods: labels.app = "no spaces" is invalid: it must be a label value (at most 63 characters'],
    ['a bad namespace name', () => ClientPeer.namespace('Bad Name'), 'ClientPeer.namespace: name = "Bad Name" is invalid: it must be a DNS label'],
    ['a bad CIDR', () => ClientPeer.ipBlock('10.0.0.0'), 'ClientPeer.ipBlock: cidr = "10.0.0.0" is invalid: it is not an IP range in CIDR notation: it has no prefix length ("/16"). Write it like "10.20.0.0/16"'],
    ['an octet out of range', () => ClientPeer.ipBlock('10.0.0.300/8'), 'ClientPeer.ipBlock: cidr = "10.0.0.300/8" is invalid'],
    ['a bad except', () => ClientPeer.ipBlock('10.0.0.0/8', ['x']), 'ClientPeer.ipBlock: except[0] = "x" is invalid'],
  ])('%s', (_, make, message) => {
    expect(make).toThrow(message);
  });

  test('IPv6 ranges are accepted', () => {
    expect(ClientPeer.ipBlock('fd00::/8')._toPeer('kafka')).toEqual({ ipBlock: { cidr: 'fd00::/8', except: undefined } });
  });

  test('a non-peer in a listener\'s peers fails', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    expect(() => new KafkaCluster(chart, 'events', { listeners: [Listener.internal({ name: 'client', port: 9092, peers: ['x' as any] })] }))
      .toThrow('Listener.internal: options.peers[0] = "x" is invalid: it must be a ClientPeer. Use e.g. ClientPeer.namespace(\'apps\').');
  });
});

describe('component peers', () => {
  test('Schema Registry admits its instances, wired ksqlDB by name and its peers; ksqlDB its servers and its peers', () => {
    const { objects } = synthCluster({}, c => {
      const chart = c.node.scope as Chart;
      const sr = new SchemaRegistry(chart, 'schemas', { kafka: c, peers: [ClientPeer.namespace('apps')] });
      new KsqlDb(chart, 'ksql', { kafka: c, schemaRegistry: sr, peers: [ClientPeer.podsElsewhere({ app: 'ksql-cli' })] });
    });
    const port = [{ protocol: 'TCP', port: 8081 }];
    const srSelector = { 'app.kubernetes.io/component': 'schema-registry', 'app.kubernetes.io/instance': 'schemas', 'app.kubernetes.io/name': 'schema-registry' };
    const ksqlSelector = { 'app.kubernetes.io/component': 'ksqldb', 'app.kubernetes.io/instance': 'ksql', 'app.kubernetes.io/name': 'ksqldb' };
    expect(find(objects, 'NetworkPolicy', 'schemas').spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: srSelector } }], ports: port },
      { from: [{ podSelector: { matchLabels: ksqlSelector } }], ports: port },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }], ports: port },
    ]);
    expect(find(objects, 'NetworkPolicy', 'ksql').spec.ingress[1]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kafka' } }, podSelector: { matchLabels: { app: 'ksql-cli' } } }],
      ports: [{ protocol: 'TCP', port: 8088 }],
    });
  });

  test('a component peer matching no pod fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    new SchemaRegistry(chart, 'schemas', { kafka, peers: [ClientPeer.pods({ app: 'nothing' })] });
    expect(() => app.synth()).toThrow('c/schemas: peers[0] = "ClientPeer.pods({\\"app\\":\\"nothing\\"})" is invalid: no workload of this app');
  });
});

import { k8s } from 'cdk8s-plus-27';
import { ClientPeer } from '../../src';
import { renderComponentNetworkPolicy, resolveComponentNetwork } from '../../src/access/component-network';

const PORT = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(8081) }];

describe('resolveComponentNetwork', () => {
  test('defaults: a policy, no peers, no egress rules', () => {
    expect(resolveComponentNetwork('c', {})).toEqual({ policy: true, peers: [], metricsPeers: [], egressDnsPorts: undefined });
  });

  test('egress rules carry their DNS ports', () => {
    expect(resolveComponentNetwork('c', { egressPolicy: true, egressDnsPorts: [5353] }).egressDnsPorts).toEqual([5353]);
    expect(resolveComponentNetwork('c', { egressPolicy: true }).egressDnsPorts).toEqual([53]);
  });

  test.each([
    [{ egressPolicy: true, networkPolicy: false }, 'c: egressPolicy = true is invalid: egress rules live in the NetworkPolicy, and networkPolicy is false'],
    [{ networkPolicy: 'yes' as never }, 'c: networkPolicy = "yes" is invalid: it is a switch'],
    [{ egressDnsPorts: [] }, 'c: egressDnsPorts = [] is invalid'],
    [{ egressDnsPorts: [70000] }, 'c: egressDnsPorts[0] = 70000 is invalid'],
    [{ peers: ['apps' as never] }, 'c: peers[0] = "apps" is invalid: it is not a ClientPeer'],
  ])('fails on %j', (settings, message) => {
    expect(() => resolveComponentNetwork('c', settings)).toThrow(message);
  });
});

describe('renderComponentNetworkPolicy', () => {
  const selector = { app: 'sr' };
  const own = { from: [{ podSelector: { matchLabels: selector } }], ports: PORT };

  test('ingress only without egress rules: own rules, then the peers on the REST port', () => {
    const net = resolveComponentNetwork('c', { peers: [ClientPeer.namespace('apps')] });
    const spec = renderComponentNetworkPolicy(net, { selector, peerPorts: PORT, ingress: [own], egress: [{ ports: PORT }], namespace: 'kafka' });
    expect(spec.policyTypes).toEqual(['Ingress']);
    expect(spec.egress).toBeUndefined();
    expect(spec.ingress).toEqual([own, { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'apps' } } }], ports: PORT }]);
  });

  test('egress rules start with DNS', () => {
    const net = resolveComponentNetwork('c', { egressPolicy: true });
    const spec = renderComponentNetworkPolicy(net, { selector, peerPorts: PORT, ingress: [], egress: [{ ports: PORT }] });
    expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(spec.egress![0].ports!.map(p => p.protocol)).toEqual(['UDP', 'TCP']);
    expect(spec.egress![1]).toEqual({ ports: PORT });
  });

  test('without a REST port (ksqlDB application mode) peers are admitted nowhere', () => {
    const net = resolveComponentNetwork('c', { peers: [ClientPeer.anywhere()] });
    expect(renderComponentNetworkPolicy(net, { selector, ingress: [], egress: [] }).ingress).toEqual([]);
  });
});

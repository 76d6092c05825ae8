import { ExternalAccess } from '../../src';
import { externalAnnotations, hostForNode } from '../../src/kafka/external-access';

describe('hostForNode', () => {
  test('replaces every {id} with the node id', () => {
    expect(hostForNode('broker-{id}.kafka.example.com', 7)).toBe('broker-7.kafka.example.com');
    expect(hostForNode('b{id}.z{id}.example.com', 1002)).toBe('b1002.z1002.example.com');
  });
});

describe('externalAnnotations', () => {
  test('none without user annotations or host', () => {
    expect(externalAnnotations({}, undefined)).toBeUndefined();
  });

  test('the external-dns host name, after the user\'s, sorted by key', () => {
    const annotations = externalAnnotations({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'a.example.com/x': '1' }, 'broker-0.example.com');
    expect(annotations).toEqual({
      'a.example.com/x': '1',
      'external-dns.alpha.kubernetes.io/hostname': 'broker-0.example.com',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    });
    expect(Object.keys(annotations!)).toEqual([...Object.keys(annotations!)].sort());
  });

  test('the host wins over a user\'s external-dns annotation', () => {
    expect(externalAnnotations({ 'external-dns.alpha.kubernetes.io/hostname': 'other' }, 'b-1.example.com'))
      .toEqual({ 'external-dns.alpha.kubernetes.io/hostname': 'b-1.example.com' });
  });

  test('without a host, only the user\'s', () => {
    expect(externalAnnotations({ a: 'b' }, undefined)).toEqual({ a: 'b' });
  });

  test('the annotations of an ExternalAccess are a copy', () => {
    const access = ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com', annotations: { a: 'b' } });
    access._annotations().a = 'changed';
    expect(access._annotations()).toEqual({ a: 'b' });
  });
});

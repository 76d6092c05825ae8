import { Chart, Duration, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { CertificateAuthority, ExternalAccess, KafkaClusterProps, KRaftMode, Listener } from '../../../src';
import { SERVER_AND_CLIENT_USAGES } from '../../../src/core/cert-manager';
import { NodeRole } from '../../../src/kafka/cluster-model';
import { resolveCluster, resolveClusterPool } from '../../../src/kafka/resolve-cluster';
import {
  externalHosts, listenerCertificateName, nodeCertificateName, renderListenerCertificate, renderNodeCertificate, renderUserCertificate,
  userCertificateSecret,
} from '../../../src/kafka/security/certificates';

const LABELS = { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' };

function resolve(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  const plan = resolveCluster(scope, props, { name: 'events', namespace: 'kafka' });
  const pools = [plan.controllers, ...(plan.brokers ? [plan.brokers] : [])];
  const add = (name: string, nodeIdBase: number, replicas = 3) =>
    resolveClusterPool(scope, plan.cluster, name, [NodeRole.BROKER], { nodeIdBase, replicas }, undefined);
  return { ...plan, pools, add };
}

const lbListener = (name: string, port: number, hostPattern: string, bootstrapHost?: string) =>
  Listener.external({ name, port, access: ExternalAccess.loadBalancer({ hostPattern, bootstrapHost }) });

describe('the nodes\' certificate', () => {
  test('named after the cluster, from the nodes\' own issuer, for the nodes\' principal, with a PKCS#8 key rotated on renewal', () => {
    const { cluster } = resolve();
    expect(nodeCertificateName(cluster)).toBe('events-kafka');
    expect(renderNodeCertificate(cluster, LABELS)).toEqual({
      secretName: 'events-kafka-tls',
      issuerRef: { name: 'events-kafka-nodes-ca', kind: 'Issuer', group: 'cert-manager.io' },
      commonName: 'events-kafka',
      dnsNames: ['*.events-kafka-nodes.kafka.svc.cluster.local', '*.events-kafka-nodes.kafka.svc'],
      duration: '8760h',
      renewBefore: '720h',
      usages: SERVER_AND_CLIENT_USAGES,
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      secretTemplate: { labels: LABELS },
    });
  });

  test('names every address a node is reached at on the replication and controller listeners: its pod name', () => {
    const { cluster } = resolve();
    const dnsNames = renderNodeCertificate(cluster, LABELS).dnsNames!;
    for (const voter of cluster.voters) {
      expect(dnsNames.some(n => covers(n, `${voter.pod}.${cluster.headlessService}.kafka.svc.cluster.local`))).toBe(true);
    }
  });

  test('the cluster domain is the cluster\'s', () => {
    const { cluster, pools } = resolve({ clusterDomain: 'corp.internal' });
    expect(renderNodeCertificate(cluster, LABELS).dnsNames).toContain('*.events-kafka-nodes.kafka.svc.corp.internal');
    expect(renderListenerCertificate(cluster, pools, LABELS).dnsNames).toEqual(expect.arrayContaining([
      '*.events-kafka-nodes.kafka.svc.corp.internal',
      'events-kafka-bootstrap.kafka.svc.corp.internal',
    ]));
  });

  test('validity and renewal follow certificateValidity (renewal a third before the end, at most 30 days)', () => {
    const short = resolve({ certificateValidity: Duration.days(30) });
    expect(renderNodeCertificate(short.cluster, LABELS)).toMatchObject({ duration: '720h', renewBefore: '240h' });
    expect(renderListenerCertificate(short.cluster, short.pools, LABELS)).toMatchObject({ duration: '720h', renewBefore: '240h' });
    const long = resolve({ certificateValidity: Duration.days(730) });
    expect(renderNodeCertificate(long.cluster, LABELS)).toMatchObject({ duration: '17520h', renewBefore: '720h' });
  });

  test('a company issuer signs the clients\' certificates, never the nodes\'; a dedicated node issuer can be named', () => {
    const company = resolve({ certificateAuthority: CertificateAuthority.clusterIssuer('company-ca') });
    expect(renderNodeCertificate(company.cluster, LABELS).issuerRef).toEqual({ name: 'events-kafka-nodes-ca', kind: 'Issuer', group: 'cert-manager.io' });
    expect(renderListenerCertificate(company.cluster, company.pools, LABELS).issuerRef).toEqual({ name: 'company-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    expect(renderUserCertificate(company.cluster, 'orders', LABELS).issuerRef).toEqual({ name: 'company-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' });
    const own = resolve({ nodeCertificateAuthority: CertificateAuthority.issuer('events-nodes') });
    expect(renderNodeCertificate(own.cluster, LABELS).issuerRef).toEqual({ name: 'events-nodes', kind: 'Issuer', group: 'cert-manager.io' });
  });
});

describe('the client listeners\' certificate', () => {
  test('from the clients\' issuer, a server certificate naming the pods and the bootstrap Service in every form', () => {
    const { cluster, pools } = resolve();
    expect(listenerCertificateName(cluster)).toBe('events-kafka-listeners');
    expect(renderListenerCertificate(cluster, pools, LABELS)).toEqual({
      secretName: 'events-kafka-listeners-tls',
      issuerRef: { name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' },
      dnsNames: [
        '*.events-kafka-nodes.kafka.svc.cluster.local',
        '*.events-kafka-nodes.kafka.svc',
        'events-kafka-bootstrap',
        'events-kafka-bootstrap.kafka',
        'events-kafka-bootstrap.kafka.svc',
        'events-kafka-bootstrap.kafka.svc.cluster.local',
      ],
      duration: '8760h',
      renewBefore: '720h',
      usages: ['server auth', 'digital signature', 'key encipherment'],
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      secretTemplate: { labels: LABELS },
    });
  });

  test('covers every broker pod and the bootstrap address clients use', () => {
    const { cluster, pools } = resolve();
    const dnsNames = renderListenerCertificate(cluster, pools, LABELS).dnsNames!;
    for (const sts of pools.flatMap(p => p.statefulSets)) {
      for (let i = 0; i < sts.replicas; i++) expect(dnsNames.some(n => covers(n, `${sts.name}-${i}.${cluster.headlessService}.kafka.svc`))).toBe(true);
    }
    expect(dnsNames).toContain(cluster.bootstrapServers.split(':')[0]);
  });

  test('none when no client listener serves TLS', () => {
    const { cluster } = resolve({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false })] });
    expect(cluster.security.tls).toBeDefined();
    expect(cluster.security.tls!.listenerSecret).toBeUndefined();
  });
});

function covers(name: string, host: string): boolean {
  return name === host || (name.startsWith('*.') && host.slice(host.indexOf('.') + 1) === name.slice(2));
}

describe('external hosts', () => {
  test('every broker\'s advertised host and the bootstrap host, controllers left out', () => {
    const { cluster, pools } = resolve({ listeners: [lbListener('external', 9094, 'b{id}.example.com', 'bootstrap.example.com')] });
    expect(externalHosts(cluster, pools)).toEqual(['bootstrap.example.com', 'b0.example.com', 'b1.example.com', 'b2.example.com']);
    expect(renderListenerCertificate(cluster, pools, LABELS).dnsNames!.slice(6)).toEqual(externalHosts(cluster, pools));
  });

  test('none without external listeners', () => {
    const { cluster, pools } = resolve();
    expect(externalHosts(cluster, pools)).toEqual([]);
  });

  test('added broker pools are named too; ids ascending per pool, across zones', () => {
    const { cluster, pools, add } = resolve({ zones: ['a', 'b', 'c'], listeners: [lbListener('external', 9094, 'b{id}.example.com')] });
    expect(externalHosts(cluster, [...pools, add('more', 1000, 4)])).toEqual([
      'b0.example.com', 'b1.example.com', 'b2.example.com',
      'b1000.example.com', 'b1001.example.com', 'b1002.example.com', 'b1003.example.com',
    ]);
  });

  test('combined nodes are brokers: their hosts are named', () => {
    const { cluster, pools } = resolve({ mode: KRaftMode.COMBINED, listeners: [lbListener('external', 9094, 'b{id}.example.com')] });
    expect(externalHosts(cluster, pools)).toEqual(['b0.example.com', 'b1.example.com', 'b2.example.com']);
  });

  test('node-port listeners name their hosts too; every listener\'s hosts, each once', () => {
    const { cluster, pools } = resolve({
      listeners: [
        Listener.external({ name: 'np', port: 9094, access: ExternalAccess.nodePort({ hostPattern: 'n{id}.example.com' }) }),
        lbListener('lb', 9095, 'b{id}.example.com', 'bootstrap.example.com'),
        // Node ports on the hosts a load balancer also names: listed once.
        Listener.external({ name: 'np2', port: 9096, access: ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com', basePort: 31100 }) }),
      ],
    });
    const hosts = externalHosts(cluster, pools);
    expect(hosts).toEqual([
      'n0.example.com', 'n1.example.com', 'n2.example.com',
      'bootstrap.example.com', 'b0.example.com', 'b1.example.com', 'b2.example.com',
    ]);
    expect(new Set(hosts).size).toBe(hosts.length);
  });
});

describe('a user\'s certificate', () => {
  test('CN=<user> from the clients\' issuer, for client authentication, in <cluster>-user-<name>-tls', () => {
    const { cluster } = resolve();
    expect(userCertificateSecret(cluster, 'orders')).toBe('events-user-orders-tls');
    expect(renderUserCertificate(cluster, 'orders', LABELS)).toEqual({
      secretName: 'events-user-orders-tls',
      issuerRef: { name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' },
      commonName: 'orders',
      duration: '8760h',
      renewBefore: '720h',
      usages: ['client auth', 'digital signature', 'key encipherment'],
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      secretTemplate: { labels: LABELS },
    });
  });

  test('names no host and cannot serve', () => {
    const cert = renderUserCertificate(resolve().cluster, 'orders', LABELS);
    expect(cert.dnsNames).toBeUndefined();
    expect(cert.usages).not.toContain('server auth');
  });
});

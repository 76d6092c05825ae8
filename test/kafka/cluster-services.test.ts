import { Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ExternalAccess, KafkaClusterProps, KRaftMode, Listener } from '../../src';
import { ClusterService, externalBootstrapServiceName, renderClusterServices } from '../../src/kafka/cluster-services';
import { brokerSelector, clusterLabels, clusterSelector } from '../../src/kafka/pod-labels';
import { resolveCluster } from '../../src/kafka/resolve-cluster';

function resolve(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  return resolveCluster(scope, props, { name: 'events', namespace: 'kafka' }).cluster;
}

const byId = (services: ClusterService[], id: string) => services.find(s => s.id === id)?.props;
const port = (name: string, p: number, target: number = p) => ({ name, port: p, targetPort: k8s.IntOrString.fromNumber(target), protocol: 'TCP' });
const external = (name: string, p: number, access: ExternalAccess, advertisedPort?: number) =>
  Listener.external({ name, port: p, access, advertisedPort });

describe('created with default properties', () => {
  const cluster = resolve();
  const services = renderClusterServices(cluster);

  test('a headless Service and a bootstrap Service', () => {
    expect(services.map(s => [s.id, s.props.metadata!.name])).toEqual([
      ['HeadlessService', 'events-kafka-nodes'],
      ['BootstrapService', 'events-kafka-bootstrap'],
    ]);
  });

  test('the headless Service covers every node, publishes them before they are Ready, with the cluster\'s ports and the client listener', () => {
    expect(byId(services, 'HeadlessService')).toEqual({
      metadata: { name: 'events-kafka-nodes', labels: clusterLabels(cluster, 'kafka') },
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: clusterSelector(cluster),
        ports: [port('controller', 9093), port('replication', 9091), port('client', 9092)],
      },
    });
  });

  test('the bootstrap Service selects brokers only, on the client listener', () => {
    expect(byId(services, 'BootstrapService')).toEqual({
      metadata: { name: 'events-kafka-bootstrap', labels: clusterLabels(cluster, 'broker') },
      spec: { type: 'ClusterIP', selector: brokerSelector(cluster), ports: [port('client', 9092)] },
    });
  });

  test('the names are the model\'s', () => {
    expect(services.map(s => s.props.metadata!.name)).toEqual([cluster.headlessService, cluster.bootstrapService]);
  });
});

describe('listeners', () => {
  test('every internal listener is on both Services; external ones on neither', () => {
    const services = renderClusterServices(resolve({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        external('external', 9094, ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com' })),
        Listener.internal({ name: 'apps_tls', port: 9095 }),
      ],
    }));
    expect(byId(services, 'HeadlessService')!.spec!.ports!.map(p => p.name)).toEqual(['controller', 'replication', 'client', 'apps-tls']);
    expect(byId(services, 'BootstrapService')!.spec!.ports).toEqual([port('client', 9092), port('apps-tls', 9095)]);
  });

  test('no bootstrap Service without an internal listener', () => {
    const services = renderClusterServices(resolve({ listeners: [external('external', 9094, ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com' }))] }));
    expect(services.map(s => s.id)).toEqual(['HeadlessService']);
    expect(byId(services, 'HeadlessService')!.spec!.ports!.map(p => p.name)).toEqual(['controller', 'replication']);
  });

  test('a load-balancer listener gets a bootstrap LoadBalancer over the brokers, advertised port to listener port', () => {
    const cluster = resolve({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        external('external', 9094, ExternalAccess.loadBalancer({
          hostPattern: 'b{id}.example.com',
          bootstrapHost: 'bootstrap.example.com',
          annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' },
        }), 443),
      ],
    });
    expect(byId(renderClusterServices(cluster), 'EXTERNAL-bootstrap')).toEqual({
      metadata: {
        name: 'events-external-bootstrap',
        labels: clusterLabels(cluster, 'broker'),
        annotations: {
          'external-dns.alpha.kubernetes.io/hostname': 'bootstrap.example.com',
          'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
        },
      },
      spec: { type: 'LoadBalancer', selector: brokerSelector(cluster), ports: [port('external', 443, 9094)] },
    });
  });

  test('no external-dns annotation without a bootstrap host or with externalDns off; none at all without annotations', () => {
    const annotations = (access: ExternalAccess) => byId(renderClusterServices(resolve({ listeners: [external('external', 9094, access)] })), 'EXTERNAL-bootstrap')!.metadata!.annotations;
    expect(annotations(ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }))).toBeUndefined();
    expect(annotations(ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com', bootstrapHost: 'bootstrap.example.com', externalDns: false }))).toBeUndefined();
    expect(annotations(ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com', externalDns: false, annotations: { a: 'b' } }))).toEqual({ a: 'b' });
  });

  test('a node-port listener gets no bootstrap Service (its brokers each have one)', () => {
    const services = renderClusterServices(resolve({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), external('external', 9094, ExternalAccess.nodePort({ hostPattern: 'b{id}.example.com' }))],
    }));
    expect(services.map(s => s.id)).toEqual(['HeadlessService', 'BootstrapService']);
  });

  test('every Service has its own id and name', () => {
    const services = renderClusterServices(resolve({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        external('east', 9094, ExternalAccess.loadBalancer({ hostPattern: 'e{id}.example.com' })),
        external('west', 9095, ExternalAccess.loadBalancer({ hostPattern: 'w{id}.example.com' })),
      ],
    }));
    expect(services.map(s => s.id)).toEqual(['HeadlessService', 'BootstrapService', 'EAST-bootstrap', 'WEST-bootstrap']);
    expect(new Set(services.map(s => s.props.metadata!.name)).size).toBe(services.length);
  });

  // The bootstrap LoadBalancer of an external listener is `<cluster>-<port name>-bootstrap`,
  // so a listener named "kafka" would give a second `events-kafka-bootstrap`, and one
  // Service would silently replace the other at apply.
  test('fails if an external listener\'s bootstrap Service would take the internal bootstrap Service\'s name', () => {
    const props = {
      listeners: [Listener.internal({ name: 'client', port: 9092 }), external('kafka', 9094, ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }))],
    };
    expect(() => renderClusterServices(resolve(props))).toThrow(/listeners\[1\]\.name = "kafka" is invalid/);
  });
});

describe('modes', () => {
  test('combined mode has the same Services', () => {
    const cluster = resolve({ mode: KRaftMode.COMBINED });
    expect(renderClusterServices(cluster)).toEqual(renderClusterServices(resolve()));
  });
});

describe('externalBootstrapServiceName', () => {
  test('is <cluster>-<port name>-bootstrap', () => {
    expect(externalBootstrapServiceName({ name: 'events' }, 'external')).toBe('events-external-bootstrap');
  });
});

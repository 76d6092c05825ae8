// Production: a KRaft cluster across three availability zones, with dedicated
// controllers, two broker pools (general purpose, and bigger brokers with two disks each)
// and external access through one load balancer per broker.
//
// What it gives you:
// - racks: one broker StatefulSet per zone and pool, pinned to the zone, with a static
//   broker.rack, so Kafka spreads every partition's replicas over the three zones,
//   without any cluster-wide RBAC; the controllers spread one per zone;
// - one broker per host, a PodDisruptionBudget per pool, volume claims that outlive
//   the pods, and rolling restarts that wait for each broker to catch up;
// - external clients reach broker N at broker-N.kafka.example.com:9094 (external-dns
//   creates the records from the Service annotations);
// - monitoring: every node's metrics, a PodMonitor that kube-prometheus-stack (release
//   "kube-prometheus-stack" in namespace monitoring) selects, alerts with runbooks
//   (docs/monitoring.md) and Grafana dashboards for its sidecar; JSON logs.
//
// In your own app, import from 'cdk8s-kafka' instead of '../../src'.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClientPeer, ConfluentVersion, ExternalAccess, KafkaCluster, Listener, LogFormat, LogLevel, Storage } from '../../src';

// The namespace has Istio sidecar injection on for the applications; Kafka stays out of
// the mesh: it encrypts and authenticates itself, an injected proxy has kept clusters
// from forming (strimzi-kafka-operator issue #5519), and Strimzi does not support mesh
// sidecars either (issues #2922, #4604).
const OUTSIDE_THE_MESH = { 'sidecar.istio.io/inject': 'false' };

export class ProductionChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'kafka' });

    const kafka = new KafkaCluster(this, 'events', {
      version: ConfluentVersion.V8_0,
      zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      controllers: {
        replicas: 3,
        resources: { memory: { request: Size.gibibytes(4) }, cpu: { request: Cpu.units(1) } },
        storage: Storage.persistent({ size: Size.gibibytes(20), storageClass: 'gp3' }),
        podAnnotations: OUTSIDE_THE_MESH,
      },
      brokers: {
        replicas: 6,
        resources: { memory: { request: Size.gibibytes(16) }, cpu: { request: Cpu.units(4) } },
        storage: Storage.persistent({ size: Size.gibibytes(500), storageClass: 'gp3' }),
        podAnnotations: OUTSIDE_THE_MESH,
      },
      listeners: [
        // In-cluster clients: every pod of the namespaces labelled kafka-access=events.
        Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.namespaces({ namespaceLabels: { 'kafka-access': 'events' } })] }),
        // TLS and SCRAM (the defaults) through internal load balancers.
        Listener.external({
          name: 'external',
          port: 9094,
          access: ExternalAccess.loadBalancer({
            hostPattern: 'broker-{id}.kafka.example.com',
            bootstrapHost: 'bootstrap.kafka.example.com',
            annotations: {
              'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
              'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
            },
          }),
          // Only the company network, not the whole VPC.
          peers: [ClientPeer.ipBlock('10.0.0.0/8')],
        }),
      ],
      // Prometheus in the monitoring namespace scrapes every node.
      metricsPeers: [ClientPeer.namespace('monitoring')],
      monitoring: {
        labels: { release: 'kube-prometheus-stack' },
        // The archive pool's 2 TiB disks take hours to grow: warn earlier.
        alertThresholds: { diskUsageWarningPercent: 70, diskUsageCriticalPercent: 85 },
      },
      // One JSON object per line for the log pipeline; the authorizer's denials in full.
      logging: { format: LogFormat.JSON, levels: { 'kafka.authorizer.logger': LogLevel.INFO } },
      properties: {
        'log.retention.hours': '168',
        'compression.type': 'producer',
      },
    });

    // Bigger brokers with two large disks each (JBOD: one log directory per disk). Kafka
    // places new partitions on all brokers of all pools; move chosen topics onto these
    // brokers (ids 1000-1002) with kafka-reassign-partitions.
    kafka.addNodePool('archive', {
      nodeIdBase: 1000,
      replicas: 3,
      resources: { memory: { request: Size.gibibytes(32) }, cpu: { request: Cpu.units(8) } },
      storage: Storage.jbod([
        { size: Size.tebibytes(2), storageClass: 'st1' },
        { size: Size.tebibytes(2), storageClass: 'st1' },
      ]),
      properties: { 'num.recovery.threads.per.data.dir': '4' },
      podAnnotations: OUTSIDE_THE_MESH,
    });
  }
}

/** Adds the example's charts to `app` (used by `npm run examples` and the tests). */
export function build(app: App): void {
  new ProductionChart(app, 'production');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

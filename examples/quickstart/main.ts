// Quickstart: the smallest sensible KRaft cluster. Three nodes that are brokers and
// controllers at once (combined mode), replication factor 3 and min ISR 2, so it
// keeps taking writes with one node down. For dev, CI and small internal clusters;
// see ../production for dedicated controllers, zones and external access.
//
// In your own app, import from 'cdk8s-kafka' instead of '../../src'.
import { App, Chart, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ClientPeer, ConfluentVersion, KafkaCluster, KRaftMode, Listener, Storage } from '../../src';

export class QuickstartChart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id, { namespace: 'kafka-quickstart' });

    const kafka = new KafkaCluster(this, 'events', {
      version: ConfluentVersion.V8_0,
      mode: KRaftMode.COMBINED,
      brokers: {
        replicas: 3,
        resources: { memory: { request: Size.gibibytes(2) }, cpu: { request: Cpu.millis(500) } },
        storage: Storage.persistent({ size: Size.gibibytes(20) }),
        // Each node on its own host (the default): these nodes are also the quorum, and
        // two voters on one host would lose the majority with it. On a one-host dev
        // cluster, set hostSpread: SpreadPolicy.PREFERRED.
      },
      // The NetworkPolicy admits only named clients: here, pods of this namespace that
      // carry the label kafka-client=events (deployed by your own tooling).
      listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.podsElsewhere({ 'kafka-client': 'events' })] })],
    });

    // Those clients connect to kafka.bootstrapServers:
    // events-kafka-bootstrap.kafka-quickstart.svc.cluster.local:9092
    void kafka;
  }
}

/** Adds the example's charts to `app` (used by `npm run examples` and the tests). */
export function build(app: App): void {
  new QuickstartChart(app, 'quickstart');
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

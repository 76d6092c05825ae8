// Day-2 operations as changes in code. Each operation is a pair of programs, before and
// after, synthesized side by side (namespaces ops-<operation>-before and -after), so
// the change between them is the diff a pull request shows and `kubectl apply` (or Argo
// CD / Flux) carries out. docs/operations.md says, for each one, what happens, how to
// watch it and how to back out.
//
// In your own app, import from 'cdk8s-kafka' instead of '../../src'.
import { App, Chart, Duration, Size } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ClientPeer, ConfluentVersion, Connect, KafkaCluster, KafkaClusterProps, KsqlDb, KsqlStateStore, Listener, SchemaRegistry, Storage,
} from '../../src';

/** One side of an operation: the cluster's props and what the program adds to it. */
interface Side {
  readonly props: KafkaClusterProps;
  readonly extend?: (kafka: KafkaCluster, chart: Chart) => void;
}

/** An operation: its name and the program before and after it. */
interface Operation {
  readonly name: string;
  readonly before: Side;
  readonly after: Side;
}

const BASE: KafkaClusterProps = {
  version: ConfluentVersion.V8_0,
  listeners: [Listener.internal({ name: 'client', port: 9092, peers: [ClientPeer.podsElsewhere({ 'kafka-client': 'events' })] })],
};

export const OPERATIONS: readonly Operation[] = [
  {
    // Grow the brokers' disks from 100 GiB to 200 GiB, and ksqlDB's state store from 10
    // to 20 GiB. The StatefulSets' claim templates cannot change, so they keep the first
    // size (initialSize) and each pod's claim is declared at the new size; Kubernetes
    // expands the volumes (the StorageClass needs allowVolumeExpansion: true).
    name: 'grow-disks',
    before: {
      props: { ...BASE, brokers: { storage: Storage.persistent({ size: Size.gibibytes(100) }) } },
      extend: (kafka, chart) => new KsqlDb(chart, 'ksql', { kafka, replicas: 2, stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(10) }) }),
    },
    after: {
      props: { ...BASE, brokers: { storage: Storage.persistent({ size: Size.gibibytes(200), initialSize: Size.gibibytes(100) }) } },
      extend: (kafka, chart) => new KsqlDb(chart, 'ksql', {
        kafka, replicas: 2, stateStore: KsqlStateStore.persistent({ size: Size.gibibytes(20), initialSize: Size.gibibytes(10) }),
      }),
    },
  },
  {
    // Restart the brokers one at a time (the roll Job and its checks) and Schema Registry
    // (its rolling update), e.g. to pick up a rotated Secret: a new restartTrigger value.
    name: 'restart',
    before: {
      props: BASE,
      extend: (kafka, chart) => new SchemaRegistry(chart, 'schemas', { kafka }),
    },
    after: {
      props: { ...BASE, brokers: { restartTrigger: 'CHG-1042 new truststore' } },
      extend: (kafka, chart) => new SchemaRegistry(chart, 'schemas', { kafka, restartTrigger: 'CHG-1042 new truststore' }),
    },
  },
  {
    // Upgrade to a new release: the nodes roll one at a time (controllers, then brokers),
    // and Schema Registry's new pods wait until the roll has recorded that every node
    // runs 8.1. The cluster keeps Kafka 4.0's features, so going back to 8.0 stays
    // possible until the next operation.
    name: 'upgrade',
    before: {
      props: { ...BASE, version: ConfluentVersion.V8_0 },
      extend: (kafka, chart) => new SchemaRegistry(chart, 'schemas', { kafka, version: ConfluentVersion.V8_0 }),
    },
    after: {
      props: { ...BASE, version: ConfluentVersion.V8_1 },
      extend: (kafka, chart) => new SchemaRegistry(chart, 'schemas', { kafka, version: ConfluentVersion.V8_1 }),
    },
  },
  {
    // Then, as its own change, turn on Kafka 4.1's features: the features Job waits for
    // the roll's record, then sets metadata.version and eligible.leader.replicas.version
    // (never kraft.version). From here, 8.0 images cannot come back.
    name: 'finalize-upgrade',
    before: { props: { ...BASE, version: ConfluentVersion.V8_1 } },
    after: { props: { ...BASE, version: ConfluentVersion.V8_1, finalizedVersion: ConfluentVersion.V8_1 } },
  },
  {
    // Scale out: three more brokers, one per zone. The new pods start empty; the balance
    // Job (on by default) runs because the set of brokers changed and moves replicas onto
    // them within each zone, throttled, until every broker holds within one of the others.
    name: 'scale-out',
    before: { props: { ...BASE, zones: ['a', 'b', 'c'], brokers: { replicas: 3 } } },
    after: { props: { ...BASE, zones: ['a', 'b', 'c'], brokers: { replicas: 6 } } },
  },
  {
    // Scale in, step 1: drain the brokers that going from 6 to 3 removes (one per zone).
    // The drain Job moves their replicas to the brokers that stay, in the same zone,
    // throttled; the six pods keep running.
    name: 'drain',
    before: { props: { ...BASE, zones: ['a', 'b', 'c'], brokers: { replicas: 6 } } },
    after: { props: { ...BASE, zones: ['a', 'b', 'c'], brokers: { replicas: 6, drainTo: 3 } } },
  },
  {
    // Scale in, step 2, once the drain Job has succeeded: lower replicas. Kubernetes
    // removes the drained pods (their claims stay); the unregister Job removes their ids
    // from the KRaft metadata once they have stopped, having checked they hold nothing.
    name: 'scale-in',
    before: { props: { ...BASE, zones: ['a', 'b', 'c'], brokers: { replicas: 6, drainTo: 3 } } },
    after: { props: { ...BASE, zones: ['a', 'b', 'c'], brokers: { replicas: 3 } } },
  },
  {
    // Delete a topic: remove its addTopic and turn on prune.topics (deletion is never a
    // default). The topics Job deletes it only if it created it.
    name: 'remove-topic',
    before: {
      props: BASE,
      extend: kafka => {
        kafka.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
        kafka.addTopic('orders-legacy', { partitions: 3 });
      },
    },
    after: {
      props: { ...BASE, prune: { topics: true } },
      extend: kafka => {
        kafka.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
      },
    },
  },
  {
    // A disaster-recovery copy: a second cluster (in practice in another region, here
    // beside the first so the example is self-contained) with Connect copying every
    // topic and consumer group offset from events (MirrorMaker 2's connectors, one way,
    // topics named events.<topic> there). The mirror reads events as a read-only user.
    name: 'disaster-recovery',
    before: {
      props: BASE,
      extend: kafka => {
        kafka.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
      },
    },
    after: {
      props: BASE,
      extend: (kafka, chart) => {
        kafka.addTopic('orders', { partitions: 12, retention: Duration.days(7) });
        const dr = new KafkaCluster(chart, 'dr', { version: ConfluentVersion.V8_0 });
        const replicator = new Connect(chart, 'replicator', { kafka: dr });
        replicator.addMirror('events', { source: kafka, topics: ['.*'], groups: ['.*'] });
      },
    },
  },
];

export class OperationChart extends Chart {
  constructor(scope: Construct, id: string, namespace: string, side: Side) {
    super(scope, id, { namespace });
    const kafka = new KafkaCluster(this, 'events', side.props);
    side.extend?.(kafka, this);
  }
}

/** Adds the example's charts to `app` (used by `npm run examples` and the tests). */
export function build(app: App): void {
  for (const op of OPERATIONS) {
    new OperationChart(app, `${op.name}-before`, `ops-${op.name}-before`, op.before);
    new OperationChart(app, `${op.name}-after`, `ops-${op.name}-after`, op.after);
  }
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

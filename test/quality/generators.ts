import { Size } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ClientPeer, ConfluentVersion, ExternalAccess, KafkaClusterProps, KRaftMode, Listener, ListenerAuthentication, NodePoolOptions,
  SpreadPolicy, Storage,
} from '../../src';

/** How many samples a property test draws: small by default, more with CDK8S_KAFKA_PROPERTY_RUNS. */
export const RUNS = Number(process.env.CDK8S_KAFKA_PROPERTY_RUNS ?? 15);

/** A fixed seed unless one is given, so a failure in CI reproduces locally. */
export const SEED = Number(process.env.CDK8S_KAFKA_PROPERTY_SEED ?? 20261125);

const storage: fc.Arbitrary<Storage> = fc.oneof(
  fc.record({ size: fc.integer({ min: 1, max: 2000 }), storageClass: fc.option(fc.constantFrom('gp3', 'standard', 'io2'), { nil: undefined }) })
    .map(d => Storage.persistent({ size: Size.gibibytes(d.size), storageClass: d.storageClass })),
  fc.integer({ min: 2, max: 3 }).map(n => Storage.jbod(Array.from({ length: n }, (_, i) => ({ size: Size.gibibytes(100 * (i + 1)) })))),
  fc.constant(Storage.ephemeral()),
);

const pool = (replicas: fc.Arbitrary<number>): fc.Arbitrary<NodePoolOptions> => fc.record({
  replicas,
  storage,
  hostSpread: fc.constantFrom(SpreadPolicy.REQUIRED, SpreadPolicy.PREFERRED),
  resources: fc.integer({ min: 1, max: 32 }).map(g => ({ memory: { request: Size.gibibytes(g) } })),
  properties: fc.constantFrom<Record<string, string>>({}, { 'log.retention.hours': '72' }, { 'num.io.threads': '16', 'compression.type': 'zstd' }),
});

/** A valid cluster: its props and the extra pools to add. */
export interface ClusterSample {
  readonly props: KafkaClusterProps;
  readonly extraPools: Array<{ name: string; options: NodePoolOptions }>;
  /** Security of the first (wired) listener; components cannot use mutual TLS. */
  readonly clientSecurity: string;
}

/** Random valid KafkaCluster props (and added pools): every one must synthesize cleanly. */
export const clusterSample: fc.Arbitrary<ClusterSample> = fc.record({
  version: fc.constantFrom(ConfluentVersion.V7_9, ConfluentVersion.V8_0, ConfluentVersion.V8_1),
  mode: fc.constantFrom(KRaftMode.DEDICATED, KRaftMode.COMBINED),
  controllers: fc.constantFrom(1, 3, 5),
  combinedBrokers: fc.constantFrom(1, 3, 5),
  brokers: pool(fc.integer({ min: 1, max: 6 })),
  extra: fc.array(pool(fc.integer({ min: 0, max: 4 })), { maxLength: 2 }),
  zones: fc.constantFrom<string[]>([], ['a', 'b', 'c'], ['eu-west-1a', 'eu-west-1b']),
  external: fc.constantFrom('none', 'lb', 'nodeport'),
  rf: fc.integer({ min: 1, max: 3 }),
  minIsrBelowRf: fc.integer({ min: 1, max: 2 }),
  partitions: fc.integer({ min: 1, max: 12 }),
  networkPolicy: fc.boolean(),
  egressPolicy: fc.boolean(),
  // Valid security combinations of the client listener (mutual TLS needs TLS; none+none is dev).
  security: fc.constantFrom('scram512', 'scram256-plaintext', 'mtls', 'tls-only', 'plaintext'),
  secondListener: fc.boolean(),
  peers: fc.constantFrom<ClientPeer[]>([], [ClientPeer.namespace('apps')], [ClientPeer.ipBlock('10.0.0.0/8'), ClientPeer.podsElsewhere({ app: 'x' })]),
  rollout: fc.boolean(),
}).map(s => {
  // With zones every zone gets at least one broker of each pool (or the pool is empty).
  const perZone = (r: number) => (s.zones.length > 1 && r > 0 && r < s.zones.length ? s.zones.length : r);
  // Combined nodes are also the quorum: an odd count, 3 covers up to three zones.
  const combined = perZone(s.combinedBrokers) === s.combinedBrokers ? s.combinedBrokers : 3;
  const brokerReplicas = s.mode === KRaftMode.COMBINED ? combined : perZone(s.brokers.replicas!);
  const extra = s.extra.map(p => ({ ...p, replicas: perZone(p.replicas!) }));
  const totalBrokers = brokerReplicas + extra.reduce((n, p) => n + p.replicas, 0);
  const rf = Math.min(s.rf, totalBrokers);
  const security = {
    'scram512': {},
    'scram256-plaintext': { tls: false, authentication: ListenerAuthentication.scramSha256() },
    'mtls': { authentication: ListenerAuthentication.mutualTls() },
    'tls-only': { authentication: ListenerAuthentication.none() },
    'plaintext': { tls: false, authentication: ListenerAuthentication.none() },
  }[s.security];
  const listeners = [Listener.internal({ name: 'client', port: 9092, peers: s.peers, ...security })];
  if (s.secondListener) listeners.push(Listener.internal({ name: 'mtls', port: 9096, authentication: ListenerAuthentication.mutualTls() }));
  if (s.external === 'lb') listeners.push(Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com' }) }));
  if (s.external === 'nodeport') listeners.push(Listener.external({ name: 'nodes', port: 9095, access: ExternalAccess.nodePort({ hostPattern: 'n-{id}.example.com' }) }));
  const props: KafkaClusterProps = {
    version: s.version,
    mode: s.mode,
    controllers: s.mode === KRaftMode.DEDICATED ? { replicas: s.controllers } : undefined,
    brokers: { ...s.brokers, replicas: brokerReplicas },
    zones: s.zones,
    listeners,
    replicationFactor: rf,
    minInSyncReplicas: rf === 1 ? 1 : Math.min(s.minIsrBelowRf, rf - 1),
    defaultPartitions: s.partitions,
    networkPolicy: s.networkPolicy,
    egressPolicy: s.networkPolicy && s.egressPolicy,
    certificateRollout: s.rollout,
  };
  return {
    props,
    extraPools: extra.map((options, i) => ({ name: `pool${i}`, options: { ...options, nodeIdBase: 100 * (i + 1) } })),
    clientSecurity: s.security,
  };
});

// A platform team's repository: one definition of the event platform, synthesized for
// production (three zones) or for a per-branch test copy that mirrors chosen production
// topics and their schemas. PLATFORM_ENV selects it: unset or "production" for
// production, any other value (a branch name) for a copy in namespace events-<branch>.
//
//   cdk8s synth                           # production, into dist/
//   PLATFORM_ENV=feature-42 cdk8s synth   # the copy for branch feature-42
//
// The definition (listeners, topics, users, ACLs, security, monitoring) is the same in
// both; the profile changes sizes and safety margins only (docs/environments.md).
//
// Objects created outside this program, in each copy's namespace: the Secret
// "production-ca" (production's CA certificate, key ca.crt) and the Secret
// "production-test-copies" (the production user test-copies' password and
// sasl.jaas.config, copied from namespace kafka by your CI or External Secrets). Each
// copy's namespace carries the label kafka-access=events, which production's listener
// admits. The orders service runs in namespace orders (orders-<branch> for a copy,
// created with the same label), where the user orders-app's Secrets are copied.
//
// In your own app, import from 'cdk8s-kafka' instead of '../../src'.
import { App, Chart, Duration, Size } from 'cdk8s';
import { Cpu, Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  Acl, AclOperation, AclPatternType, ClientPeer, ConfluentPlatform, ConfluentVersion, KafkaCluster, ListenerAuthentication,
  Listener, Profile, Storage, TopicCompression,
} from '../../src';

/** The production topics a test copy receives, and the groups whose offsets follow. */
const COPIED_TOPICS = ['orders', 'customers'];
const COPIED_GROUPS = ['orders-app'];

/** Production's sizes: the only place they are written. */
const PRODUCTION = Profile.production({
  zones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  controllers: { resources: { memory: { request: Size.gibibytes(4) }, cpu: { request: Cpu.units(1) } }, storage: Storage.persistent({ size: Size.gibibytes(20), storageClass: 'gp3' }) },
  brokers: {
    replicas: 6,
    resources: { memory: { request: Size.gibibytes(16) }, cpu: { request: Cpu.units(4) } },
    storage: Storage.persistent({ size: Size.gibibytes(500), storageClass: 'gp3' }),
  },
  connect: { replicas: 3 },
});

/** Where an environment runs and how it is sized. */
export interface Environment {
  readonly name: string;
  readonly namespace: string;
  readonly profile: Profile;
  /** Production, which a test copy mirrors. */
  readonly production: boolean;
}

/** The environment PLATFORM_ENV names (production when unset). */
export function environment(name: string | undefined): Environment {
  if (name === undefined || name === '' || name === 'production') return { name: 'production', namespace: 'kafka', profile: PRODUCTION, production: true };
  // A branch name becomes a namespace: lower case, [a-z0-9-], at most 63 characters.
  const branch = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  if (branch === '') throw new Error(`PLATFORM_ENV="${name}" names no branch: use letters and digits`);
  return { name: branch, namespace: `events-${branch}`, profile: Profile.ephemeral(), production: false };
}

export class EventsPlatform extends Chart {
  constructor(scope: Construct, id: string, env: Environment) {
    super(scope, id, { namespace: env.namespace });
    const apps = ClientPeer.namespaces({ namespaceLabels: { 'kafka-access': 'events' } });

    // A test copy reads production through its client listener, as the read-only user
    // test-copies, trusting production's CA.
    const mirror = env.production ? undefined : {
      name: 'production',
      source: KafkaCluster.fromBootstrap(this, 'production', {
        bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
        version: ConfluentVersion.V8_0,
        tls: true,
        authentication: ListenerAuthentication.scramSha512(),
        caSecret: Secret.fromSecretName(this, 'production-ca', 'production-ca'),
      }),
      sourceAlias: 'production',
      sourceCredentialsSecret: Secret.fromSecretName(this, 'production-test-copies', 'production-test-copies'),
      topics: COPIED_TOPICS,
      groups: COPIED_GROUPS,
      // The copy's registry serves production's schemas, read-only, under their ids.
      schemas: true,
    };

    const platform = new ConfluentPlatform(this, 'events', {
      profile: env.profile,
      kafka: {
        version: ConfluentVersion.V8_0,
        listeners: [Listener.internal({ name: 'client', port: 9092, peers: [apps] })],
        monitoring: { labels: { release: 'kube-prometheus-stack' } },
        metricsPeers: [ClientPeer.namespace('monitoring')],
        properties: { 'log.retention.hours': '168' },
      },
      schemaRegistry: { peers: [apps] },
      connect: {},
      topics: {
        orders: { partitions: 12, retention: Duration.days(7), compression: TopicCompression.ZSTD },
        customers: { partitions: 6, configs: { 'cleanup.policy': 'compact' } },
      },
      users: {
        'orders-app': {
          acls: [
            Acl.topic('orders', [AclOperation.READ, AclOperation.WRITE, AclOperation.DESCRIBE], AclPatternType.PREFIXED),
            Acl.topic('production.orders', [AclOperation.READ, AclOperation.DESCRIBE]),
            Acl.group('orders-app', [AclOperation.READ]),
          ],
          // The orders service runs in its own namespace: its Secrets (password, CA) are
          // copied there, under the same names (docs/security.md).
          appNamespaces: [env.production ? 'orders' : `orders-${env.name}`],
        },
      },
      mirror,
    });

    if (env.production) {
      // The user every test copy reads production as: read and describe the copied
      // topics and the schemas, describe their groups, nothing else (MirrorMaker's
      // source side with offset syncs kept on the copy).
      platform.kafka.addUser('test-copies', {
        acls: [
          ...[...COPIED_TOPICS, '_schemas'].map(t => Acl.topic(t, [AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS])),
          ...COPIED_GROUPS.map(g => Acl.group(g, [AclOperation.DESCRIBE])),
          Acl.cluster([AclOperation.DESCRIBE]),
        ],
      });
    }
  }
}

/** Objects the manifests reference that are created outside this program (in a copy's namespace). */
export const external = { secrets: ['production-ca', 'production-test-copies'] };

/** Adds the environment's chart to `app` (used by `npm run examples` and the tests). */
export function build(app: App, name: string | undefined = process.env.PLATFORM_ENV): void {
  new EventsPlatform(app, 'events', environment(name));
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}

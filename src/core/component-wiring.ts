import { Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ErrorScope, raise } from './errors';
import { checkArguments, Expect, isPlainRecord } from './input-shape';
import { ConfluentVersion } from './version';

/**
 * Checks a component may reach a dependency defined in this app by its in-cluster
 * address: both must be in the same namespace (same chart, or charts with the same
 * namespace). Across namespaces the address, NetworkPolicies and credentials would all
 * need deliberate wiring, so that takes an explicit import (`KafkaCluster.fromBootstrap`).
 */
export function checkSameNamespace(scope: IConstruct, prop: string, dependency: IConstruct, imported: boolean, importHint: string): void {
  if (imported) return;
  const here = Chart.of(scope);
  const there = Chart.of(dependency);
  if (here === there || here.namespace === there.namespace) return;
  raise(scope, prop, dependency.node.path,
    `it lives in namespace ${there.namespace ?? '(unset)'} and this component in ${here.namespace ?? '(unset)'}, so its in-cluster address would not resolve here`,
    `Put both in one namespace, or reference it by its explicit address with ${importHint}`);
}

const CLUSTER_CLAIMS = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Records that `scope` uses `value` as its `what` on the Kafka cluster at
 * `bootstrapServers` (a Schema Registry's topic, a Connect group, a ksqlDB service id),
 * and returns the path of the construct of the same app that already does, if any:
 * two components sharing one are one cluster of workers with two configurations.
 */
export function claimOnKafkaCluster(scope: IConstruct, bootstrapServers: string, what: string, value: string): string | undefined {
  const root = scope.node.root;
  let claims = CLUSTER_CLAIMS.get(root);
  if (!claims) {
    claims = new Map();
    CLUSTER_CLAIMS.set(root, claims);
  }
  const key = `${bootstrapServers}\u0000${what}\u0000${value}`;
  const owner = claims.get(key);
  if (owner !== undefined && owner !== scope.node.path) return owner;
  claims.set(key, scope.node.path);
  return undefined;
}

/** Largest instance count of a component: far above any real deployment, it catches unit mistakes. */
export const MAX_COMPONENT_REPLICAS = 100;

/**
 * Checks that a JavaScript caller passed a Kafka cluster (see `kafkaClusterRef`), so a
 * wrong value fails here with the prop's name rather than deep in the wiring.
 */
export function checkKafkaReference(scope: IConstruct, prop: string, kafka: unknown): void {
  checkArguments(scope, [[prop, kafka, kafkaClusterRef]]);
}

/** A Kafka cluster prop: one of this app, or one imported by address. */
export const kafkaClusterRef = Expect.custom('IKafkaCluster', 'a Kafka cluster of this app or one imported by address',
  'the KafkaCluster construct, or KafkaCluster.fromBootstrap(...)', value => {
    const k = value as { node?: unknown; bootstrapServers?: unknown; version?: unknown; addUser?: unknown; allowClient?: unknown };
    return isPlainRecord(value) && k.node !== undefined && typeof k.bootstrapServers === 'string' && k.version instanceof ConfluentVersion
      && typeof k.addUser === 'function' && typeof k.allowClient === 'function'
      ? undefined : { why: 'it must be a Kafka cluster of this app or one imported by address', value: describeReference(value) };
  });

/** A reference shown in an error: its construct path when it is a construct, else the value. */
export function describeReference(value: unknown): unknown {
  const node = (value as { node?: { path?: unknown } } | null)?.node;
  return typeof node?.path === 'string' ? node.path : value;
}

/** The component's release: given, or the dependency's; never newer than the brokers. */
export function resolveComponentVersion(scope: ErrorScope, given: ConfluentVersion | undefined, brokers: ConfluentVersion): ConfluentVersion {
  const version = given ?? brokers;
  if (!(version instanceof ConfluentVersion)) {
    raise(scope, 'version', version, 'it is not a ConfluentVersion', 'Use e.g. ConfluentVersion.V8_0');
  }
  if (!version.supportsBrokers(brokers)) {
    raise(scope, 'version', version.version,
      `it is newer than the Kafka brokers (${brokers.version}); Confluent upgrades brokers first, and components newer than their brokers are not a supported combination`,
      `Upgrade the cluster to ${version.line} first, or use ${brokers.line} for this component`);
  }
  return version;
}

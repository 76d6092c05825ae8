import { ContainerResources, ImagePullPolicy, ISecret } from 'cdk8s-plus-27';
import { COMPONENT_RUNTIME, ConfluentComponent } from './component';
import { MAX_COMPONENT_REPLICAS, resolveComponentVersion } from './component-wiring';
import { checkRules, ErrorScope, raise, Rule } from './errors';
import { ImageOptions, resolveImage } from './image';
import { Expect } from './input-shape';
import { isDnsDomain } from './naming';
import { PodSettings, resolvePodSettings, ResolvedPodSettings } from './pod-settings';
import { containerResources, dnsName, imageOptions, imagePullPolicyShape, podSettingsFields, properties, secret } from './prop-shapes';
import { checkProperties, PropertyRules } from './property-overrides';
import { HeapRule, heapForMemory, ResolvedResources, resolveResources } from './resources';
import { secretName } from './secret-reference';
import { ConfluentVersion, confluentVersion } from './version';

/**
 * Settings every Confluent Platform component (Schema Registry, Connect, ksqlDB) has.
 */
export interface ComponentSettings extends PodSettings {
  /**
   * Confluent Platform release of the component.
   *
   * @default - the Kafka cluster's release: components are tested and supported with
   * brokers of the same release
   */
  readonly version?: ConfluentVersion;

  /**
   * Registry or image override.
   *
   * @default - the catalog image on Docker Hub
   */
  readonly image?: ImageOptions;

  /**
   * When the kubelet pulls the image.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT — images are pinned by tag, so a cached
   * copy is the same image, and a registry outage does not stop restarts
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Number of instances.
   *
   * @default - per component (2 for Schema Registry, 3 for Connect, 2 for ksqlDB): one can be
   * down for a restart or a node drain while the others serve
   */
  readonly replicas?: number;

  /**
   * CPU and memory of each instance; the JVM heap is sized from the memory request by the
   * component's heap rule.
   *
   * @default - per component
   */
  readonly resources?: ContainerResources;

  /**
   * Component properties, checked against the component's known configuration. Keys the
   * library sets (bootstrap servers, listeners, internal topics) are refused with the prop
   * to use instead.
   *
   * @default - none
   */
  readonly properties?: { [key: string]: string };

  /**
   * Properties for plugins that the component's configuration does not list (not checked
   * against the known keys).
   *
   * @default - none
   */
  readonly customProperties?: { [key: string]: string };

  /**
   * An existing Secret with this component's credentials for the Kafka cluster: keys
   * `password` and `sasl.jaas.config` (Strimzi's KafkaUser layout). Needed for an
   * imported cluster (`KafkaCluster.fromBootstrap`) that authenticates, whose users the
   * library cannot create; for a cluster defined here, it replaces the generated one.
   *
   * @default - a cluster defined here creates the component's credentials in the
   * Kubernetes cluster
   */
  readonly kafkaCredentialsSecret?: ISecret;

  /**
   * DNS domain of the Kubernetes cluster, for the `url` clients get (and the address
   * each instance advertises, where instances address each other).
   *
   * @default - the Kafka cluster's `clusterDomain` when it is defined in this app (it
   * runs in the same Kubernetes cluster), else "cluster.local", Kubernetes' default
   */
  readonly clusterDomain?: string;
}

/** The runtime form of ComponentSettings (src/core/input-shape.ts). */
export const COMPONENT_SETTINGS_FIELDS = {
  ...podSettingsFields,
  version: confluentVersion,
  image: imageOptions,
  imagePullPolicy: imagePullPolicyShape,
  // Its range, with the component's default as the fix, is a rule of resolveComponentSettings.
  replicas: Expect.number(2),
  resources: containerResources,
  properties,
  customProperties: properties,
  kafkaCredentialsSecret: secret,
  clusterDomain: dnsName,
};

/** What a component is wired to, as far as its shared settings go. */
export interface ComponentWiring {
  /** The component's object name, which is also its user's name on the Kafka cluster. */
  readonly name: string;
  /** The Kafka cluster's address, release and (when defined in this app) DNS domain. */
  readonly kafka: { readonly bootstrapServers: string; readonly version: ConfluentVersion; readonly clusterDomain?: string };
  /** The Schema Registry's release, when one is wired. */
  readonly schemaRegistry?: { readonly version: ConfluentVersion };
}

/** Longest user name the cluster takes (it names the user's Secrets): the component's name is its user's. */
const MAX_USER_NAME = 40;

/** What differs between components in how their shared settings resolve. */
export interface ComponentDefaults {
  readonly component: ConfluentComponent;
  /** Instances when `replicas` is not given. */
  readonly replicas: number;
  readonly resources: ContainerResources;
  readonly heapRule: HeapRule;
  /** What `properties` are checked against. */
  readonly properties: PropertyRules;
  /** Container variables the library sets (refused in `extraEnv`). */
  readonly reservedEnv: readonly string[];
  /** The component's own simple rules, reported together with the shared ones. */
  readonly rules?: readonly Rule[];
}

/** The shared settings after defaults and checks. */
export interface ResolvedComponentSettings {
  readonly version: ConfluentVersion;
  readonly image: string;
  readonly imagePullPolicy: string;
  readonly replicas: number;
  readonly resources: ResolvedResources;
  readonly heapBytes: number;
  /** User properties, checked and merged (`properties` and `customProperties`). */
  readonly properties: Readonly<Record<string, string>>;
  readonly clusterDomain: string;
  readonly pod: ResolvedPodSettings;
}

/**
 * Applies a component's defaults to its shared settings and checks them the same way
 * for every component: a cluster to connect to, a name its user can take, replicas,
 * pull policy, cluster domain and the component's own simple rules together (so the
 * user sees every violation at once), then the release against the brokers' and the
 * registry's, the image, resources and heap, properties against the component's
 * configuration, the credentials Secret and the pod settings.
 */
export function resolveComponentSettings(
  scope: ErrorScope, settings: ComponentSettings, wiring: ComponentWiring, defaults: ComponentDefaults,
): ResolvedComponentSettings {
  const replicas = settings.replicas ?? defaults.replicas;
  const imagePullPolicy = settings.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
  const clusterDomain = settings.clusterDomain ?? wiring.kafka.clusterDomain ?? 'cluster.local';
  const bootstrapServers = wiring.kafka.bootstrapServers;
  checkRules(scope, [
    {
      when: typeof bootstrapServers !== 'string' || bootstrapServers.length === 0,
      prop: 'kafka',
      value: bootstrapServers,
      why: 'the cluster has no internal client listener, so there is no in-cluster bootstrap address to connect to',
      fix: 'Give the cluster a Listener.internal(...), or import one with KafkaCluster.fromBootstrap(...)',
    },
    {
      when: wiring.name.length > MAX_USER_NAME,
      prop: 'id',
      value: wiring.name,
      why: `the component's object name is also its user's name on the Kafka cluster, which has at most ${MAX_USER_NAME} characters (it names the user's Secrets)`,
      fix: 'Give the component a shorter id',
    },
    {
      when: typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 1 || replicas > MAX_COMPONENT_REPLICAS,
      prop: 'replicas',
      value: replicas,
      why: `it is a whole number of instances, from 1 to ${MAX_COMPONENT_REPLICAS}`,
      fix: `Use ${defaults.replicas}, so one instance serves while another restarts`,
    },
    {
      when: !Object.values(ImagePullPolicy).includes(imagePullPolicy),
      prop: 'imagePullPolicy',
      value: imagePullPolicy,
      why: 'it is not an ImagePullPolicy',
      fix: 'Use ImagePullPolicy.IF_NOT_PRESENT, ALWAYS or NEVER',
    },
    {
      when: !isDnsDomain(clusterDomain),
      prop: 'clusterDomain',
      value: clusterDomain,
      why: 'it is not a DNS domain',
      fix: 'Use the domain your cluster DNS serves, e.g. "cluster.local"',
    },
    ...(defaults.rules ?? []),
  ]);
  const runtime = COMPONENT_RUNTIME[defaults.component];
  const version = resolveComponentVersion(scope, settings.version, wiring.kafka.version);
  const registry = wiring.schemaRegistry;
  if (registry !== undefined && !version.supportsBrokers(registry.version)) {
    raise(scope, 'version', version.version,
      `it is newer than the Schema Registry (${registry.version.version}); Confluent upgrades components in step, and a client newer than the registry is not a tested combination`,
      `Upgrade the Schema Registry to ${version.line} first, or use ${registry.version.line} for this component`);
  }
  // Validated here so the error names the component's prop; the cluster takes the Secret itself.
  secretName(scope, 'kafkaCredentialsSecret', settings.kafkaCredentialsSecret);
  const resources = resolveResources(scope, 'resources', settings.resources, defaults.resources);
  return {
    version,
    image: resolveImage(scope, 'image', runtime.repository, version.version, settings.image),
    imagePullPolicy,
    replicas,
    resources,
    heapBytes: heapForMemory(scope, 'resources.memory.request', resources.memoryRequestBytes, defaults.heapRule),
    properties: checkProperties(scope, version, defaults.properties, 'properties', settings.properties, 'customProperties', settings.customProperties),
    clusterDomain,
    // The JVM options variable and the images' log levels (<COMPONENT>_LOG4J_ROOT_LOGLEVEL,
    // _LOG4J_LOGGERS: confluentinc/cp-docker-images docs/operations/logging.rst) are the
    // user's, though they carry the property prefix.
    pod: resolvePodSettings(scope, settings, {
      prefixes: [runtime.envPrefix],
      names: [runtime.heapEnv, ...defaults.reservedEnv],
      allowed: [runtime.jvmOptsEnv, `${runtime.envPrefix}LOG4J_ROOT_LOGLEVEL`, `${runtime.envPrefix}LOG4J_LOGGERS`],
    }),
  };
}

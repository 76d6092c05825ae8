import { Chart, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import {
  SCHEMA_REGISTRY_PORT, SCHEMA_REGISTRY_PORT_NAME, schemaRegistryConfigEnv, schemaRegistryContainerEnv, schemaRegistryProbes,
} from './render-schema-registry-config';
import { claimSchemaTopic, resolveSchemaRegistry } from './resolve-schema-registry';
import { ISchemaRegistry } from './schema-registry-ref';
import { Acl, AclOperation, AclPatternType } from '../access/acl';
import { checkPeers, ClientPeer, peerRules } from '../access/client-peer';
import { jaasEnv, prefixedClientProperties, resolveClientSecurity } from '../access/client-security';
import { ComponentEgressSettings, componentEgress, portsOf, serviceEgressRule } from '../access/egress';
import { KafkaUser } from '../access/kafka-user';
import { unmatchedPeerViolations } from '../access/peer-check';
import { COMPONENT_RUNTIME, ConfluentComponent } from '../core/component';
import { ComponentSettings } from '../core/component-settings';
import { checkKafkaReference, checkSameNamespace } from '../core/component-wiring';
import { ComponentWorkload } from '../core/component-workload';
import { recommendedLabels, selectorLabels } from '../core/labels';
import { claimName, resourceName, serviceHost } from '../core/naming';
import { sortedByKey } from '../core/stable-order';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';

/** Props of a `SchemaRegistry`. */
export interface SchemaRegistryProps extends ComponentSettings, ComponentEgressSettings {
  /**
   * The Kafka cluster that stores the schemas (a `KafkaCluster` in the same namespace,
   * or `KafkaCluster.fromBootstrap(...)` for any other). The registry connects to its
   * bootstrap address, creates its store topic with the cluster's replication factor,
   * and runs the cluster's release unless `version` says otherwise.
   */
  readonly kafka: IKafkaCluster;

  /**
   * The Kafka topic that holds the schemas (`kafkastore.topic`): the registry's only
   * state, which is why it runs as a Deployment. Schema Registry creates it on first
   * start with one partition, `cleanup.policy=compact` (so schemas are never deleted by
   * retention) and the cluster's replication factor, and refuses to start on an existing
   * topic that is not compacted (confluentinc/schema-registry `KafkaStore`).
   *
   * The leader-election group (`schema.registry.group.id`) is derived from it:
   * `schema-registry` for `_schemas` (Confluent's default pair), `schema-registry-<topic>`
   * otherwise. Registries that share a topic therefore always form one registry with one
   * leader; registries with different topics never elect each other. Two `SchemaRegistry`
   * constructs of one app on one cluster with the same topic fail at synth: give the
   * second one its own topic. Never change it on a running registry: the new topic starts
   * empty.
   *
   * @default "_schemas" — Confluent's default, so clients, tools and an existing registry
   * on the cluster agree on where schemas live
   */
  readonly topic?: string;

  /**
   * Render a NetworkPolicy for the registry pods: port 8081 admits the other instances
   * (followers forward writes to the leader), the components wired to this registry in
   * code (ksqlDB) by name, and `peers`; every other port is closed.
   *
   * @default true — the REST API registers and deletes schemas without authentication,
   * so its reach should be deliberate
   */
  readonly networkPolicy?: boolean;

  /**
   * Who may call the REST API (port 8081) besides the wired components, e.g. the
   * producers and consumers that (de)serialize with it:
   * `[ClientPeer.namespace('apps')]`.
   *
   * @default - nobody else
   */
  readonly peers?: ClientPeer[];

  /**
   * DNS domain of the Kubernetes cluster, for the `url` clients get.
   *
   * @default "cluster.local" — Kubernetes' default
   */
  readonly clusterDomain?: string;
}

/**
 * A Confluent Schema Registry on plain Kubernetes objects: a Deployment of restricted
 * pods (stateless: schemas live in a compacted Kafka topic), a client Service on port
 * 8081, a ConfigMap of its configuration (a change rolls the pods), a
 * PodDisruptionBudget when there is more than one instance, and a NetworkPolicy.
 *
 * Every instance is leader-eligible and advertises its pod IP as `host.name`, so
 * followers can forward writes to whichever instance leads; reads are served by any
 * instance from memory.
 *
 * Defaults of the shared settings: 2 replicas (one serves while the other restarts);
 * 1 GiB of memory (request = limit) with a 768 MiB heap and a 250m CPU request with no
 * CPU limit, from Confluent's production guide ("heap size of 1GB would be more than
 * sufficient" for ~10,000 schemas; "CPU usage in Schema Registry is light"); the Kafka
 * cluster's release.
 *
 * Limitations: the pod IP is used as a host name, so an IPv6-only cluster is not
 * supported (Schema Registry builds the leader URL as `http://<host>:<port>`), and the
 * store is reached over PLAINTEXT until the security work lands.
 */
export class SchemaRegistry extends Construct implements ISchemaRegistry {
  /** Base URL clients use: `http://<service>.<namespace>.svc.<domain>:8081`. */
  public readonly url: string;
  /** Confluent Platform release of the registry. */
  public readonly version: ConfluentVersion;
  /** The Kafka cluster the registry keeps its schemas in. */
  public readonly kafka: IKafkaCluster;
  /** Name of the client Service. */
  public readonly serviceName: string;
  /** Port of the REST API. */
  public readonly port: number;
  /** Kafka topic holding the schemas. */
  public readonly topic: string;

  /** The registry's user of the Kafka cluster. */
  public readonly user: KafkaUser;
  /** Labels of the registry's pods; always set for a registry defined here. */
  public readonly podLabels?: { [key: string]: string };

  private readonly clients = new Map<string, Record<string, string>>();

  /**
   * @param scope the chart (or a construct in it); the chart's namespace is the registry's
   * @param id the registry's name: the Service and every object are named after it
   * @param props the Kafka cluster and the registry's settings
   */
  constructor(scope: Construct, id: string, props: SchemaRegistryProps) {
    super(scope, id);
    checkKafkaReference(this, 'kafka', props?.kafka);
    const kafka = props.kafka;
    checkSameNamespace(this, 'kafka', kafka, kafka.imported, 'KafkaCluster.fromBootstrap(...)');

    const name = resourceName(this);
    const resolved = resolveSchemaRegistry(this, props, kafka);
    claimSchemaTopic(this, kafka.bootstrapServers, resolved.topic);
    if (resolved.replicas === 1) {
      warn(this, 'replicas is 1: schema lookups and registrations fail while the only instance restarts; use 2 or more in production');
    }

    const namespace = Chart.of(this).namespace;
    this.kafka = kafka;
    this.version = resolved.version;
    this.topic = resolved.topic;
    this.port = SCHEMA_REGISTRY_PORT;
    this.serviceName = claimName(this, 'Service', name);
    this.url = `http://${serviceHost(this.serviceName, namespace, resolved.clusterDomain)}:${SCHEMA_REGISTRY_PORT}`;

    for (const kind of ['ServiceAccount', 'Deployment', 'PodDisruptionBudget']) claimName(this, kind, name);
    claimName(this, 'ConfigMap', `${name}-config`);

    const parts = { name: 'schema-registry', instance: name, component: 'schema-registry', partOf: kafka.clusterName };
    const labels = recommendedLabels({ ...parts, version: resolved.version.version });
    const selector = selectorLabels(parts);
    this.podLabels = { ...selector };
    kafka.allowClient(selector);
    // Its own principal with the least it needs (Confluent's Schema Registry ACL docs and
    // KafkaStore): the store topic (created compacted by the registry, its
    // cleanup.policy checked), and the leader-election group (prefixed: the store
    // reader's group id starts with it too).
    this.user = kafka.addUser(name, {
      acls: [
        Acl.topic(resolved.topic, [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE]),
        Acl.group(resolved.groupId, [AclOperation.DESCRIBE, AclOperation.READ], AclPatternType.PREFIXED),
      ],
      secret: props.kafkaCredentials,
    });
    const security = resolveClientSecurity(this, 'kafka', this.user);
    const model = { ...resolved, securityProtocol: security.protocol, clientProperties: prefixedClientProperties(security, ['kafkastore.']) };
    const probes = schemaRegistryProbes();

    new ComponentWorkload(this, 'Workload', {
      component: ConfluentComponent.SCHEMA_REGISTRY,
      name,
      labels,
      selector,
      stateful: false,
      replicas: model.replicas,
      image: model.image,
      imagePullPolicy: model.imagePullPolicy,
      configEnv: schemaRegistryConfigEnv(model),
      env: [...schemaRegistryContainerEnv(), ...jaasEnv(security, [`${COMPONENT_RUNTIME[ConfluentComponent.SCHEMA_REGISTRY].envPrefix}KAFKASTORE_SASL_JAAS_CONFIG`])],
      volumes: security.volumes,
      volumeMounts: security.mounts,
      ports: [{ name: SCHEMA_REGISTRY_PORT_NAME, port: SCHEMA_REGISTRY_PORT }],
      resources: model.resources.requirements,
      startupProbe: probes.startup,
      readinessProbe: probes.readiness,
      livenessProbe: probes.liveness,
      // The leader leaves the election group and Jetty drains requests within seconds.
      terminationGracePeriodSeconds: 30,
      // Pods of a Deployment have no stable names; instances find the leader by pod IP.
      headless: false,
    });

    const peers = checkPeers(this, 'peers', props.peers);
    const egress = componentEgress(this, props, [
      serviceEgressRule(portsOf(kafka.bootstrapServers), kafka.brokerPodLabels),
      // Followers forward writes to the leader.
      serviceEgressRule([SCHEMA_REGISTRY_PORT], selector),
    ], model.networkPolicy);
    if (model.networkPolicy) {
      const ports = [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(SCHEMA_REGISTRY_PORT) }];
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', name), labels },
        spec: {
          podSelector: { matchLabels: selector },
          policyTypes: egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
          egress,
          // Read at synth, after wired components have registered.
          ingress: Lazy.any({
            produce: (): k8s.NetworkPolicyIngressRule[] => [
              { from: [{ podSelector: { matchLabels: selector } }], ports },
              ...[...this.clients.keys()].sort().map(key => ({ from: [{ podSelector: { matchLabels: this.clients.get(key)! } }], ports })),
              ...peerRules(peers, ports, namespace),
            ],
          }),
        },
      });
    }
    this.node.addValidation({ validate: () => unmatchedPeerViolations(this, namespace, [{ prop: 'peers', peers }]) });
  }

  /**
   * Records wired client pods; the NetworkPolicy admits each by its own rule.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  public allowClient(podLabels: { [key: string]: string }): void {
    const labels = sortedByKey(podLabels);
    this.clients.set(JSON.stringify(labels), labels);
  }
}

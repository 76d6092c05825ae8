import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import {
  SCHEMA_REGISTRY_PASSWORD_ENV, SCHEMA_REGISTRY_REALM, schemaRegistryConfigEnv, schemaRegistryContainerEnv, schemaRegistryProbes,
  renderSchemaRegistryNetworkPolicy,
} from './render-schema-registry';
import {
  claimSchemaTopic, resolveSchemaRegistry, SCHEMA_REGISTRY_PORT, schemaRegistryAcls,
} from './resolve-schema-registry';
import { SCHEMA_REGISTRY_PROPS, SchemaRegistryProps } from './schema-registry-props';
import { ImportedSchemaRegistry, ISchemaRegistry, SchemaRegistryAttributes } from './schema-registry-ref';
import { resolveClientSecurity } from '../access/client-security';
import { portsOf } from '../access/egress';
import { KafkaUser } from '../access/kafka-user';
import { unmatchedPeerViolations } from '../access/peer-check';
import { RestCaller } from '../access/rest-caller';
import { callerName, jettyLoginModule, resolveRest, serviceDnsNames } from '../access/rest-security';
import { PROGRAM_CALLER, RestServer } from '../access/rest-server';
import { WiredClients } from '../access/wired-clients';
import { ConfluentComponent } from '../core/component';
import { checkSameNamespace, describeReference } from '../core/component-wiring';
import { ComponentWorkload } from '../core/component-workload';
import { raise } from '../core/errors';
import { DEFAULT_FINISHED_JOB_TTL } from '../core/finished-job-ttl';
import { checkArguments, checkProps } from '../core/input-shape';
import { late } from '../core/late';
import { MODEL_ANNOTATION, MODEL_VERSION, renderModel } from '../core/model-annotation';
import { checkConstructId, claimName, resourceName } from '../core/naming';
import { selectorLabels } from '../core/prop-shapes';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { addComponentUser, IKafkaCluster, kafkaVersionGateOf } from '../kafka/kafka-cluster-ref';
import { addComponentObservability } from '../observability/component-observability';

/**
 * A Confluent Schema Registry on plain Kubernetes objects: a Deployment of restricted
 * pods (stateless: schemas live in a compacted Kafka topic), a client Service on port
 * 8081, a ConfigMap of its configuration (a change rolls the pods), a
 * PodDisruptionBudget when there is more than one instance, and a NetworkPolicy. Its
 * default child (`node.defaultChild`) is the Deployment.
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
 * With a TLS cluster (the default) the REST API serves HTTPS only and authenticates
 * every caller with HTTP basic (`restTls`, `restAuthentication`, `addCaller`).
 *
 * Limitations: the pod IP is used as a host name, so an IPv6-only cluster is not
 * supported (Schema Registry builds the leader URL as `<scheme>://<host>:<port>`), and a
 * follower forwarding a write checks the leader's certificate against the clients' CA
 * but not its name (no certificate names a pod IP).
 */
export class SchemaRegistry extends Construct implements ISchemaRegistry {
  /**
   * A Schema Registry defined elsewhere (another namespace, Kubernetes cluster or a
   * managed service), for components to use by its URL.
   *
   * @param scope where the reference lives
   * @param id its id
   * @param attributes the registry's URL and release
   */
  public static fromUrl(scope: Construct, id: string, attributes: SchemaRegistryAttributes): ISchemaRegistry {
    return new ImportedSchemaRegistry(scope, id, attributes);
  }

  /** Base URL clients use: `https://<service>.<namespace>.svc.<domain>:8081` (`http://` without `restTls`). */
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
  /** Always false: this registry is defined here. */
  public readonly imported = false;

  /** The registry's user of the Kafka cluster. */
  public readonly user: KafkaUser;
  /** Labels of the registry's pods; always set for a registry defined here. */
  public readonly podLabels?: { [key: string]: string };

  private readonly clients = new WiredClients();
  private readonly rest: RestServer;

  /**
   * @param scope the chart (or a construct in it); the chart's namespace is the registry's
   * @param id the registry's name: the Service and every object are named after it
   * @param props the Kafka cluster and the registry's settings
   */
  constructor(scope: Construct, id: string, props: SchemaRegistryProps) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, props, SCHEMA_REGISTRY_PROPS, true);
    const kafka = props.kafka;
    checkSameNamespace(this, 'kafka', kafka, kafka.imported, 'KafkaCluster.fromBootstrap(...)');
    const r = resolveSchemaRegistry(this, props, kafka, { name: resourceName(this), namespace: Chart.of(this).namespace });
    // Every object is named after the component's Service: a clash shows here first.
    claimName(this, 'Service', r.name);
    claimSchemaTopic(this, kafka.bootstrapServers, r.topic);
    if (r.replicas === 1) {
      warn(this, 'replicas is 1: schema lookups and registrations fail while the only instance restarts; use 2 or more in production');
    }

    this.kafka = kafka;
    this.version = r.version;
    this.topic = r.topic;
    this.port = SCHEMA_REGISTRY_PORT;
    this.serviceName = r.name;
    this.podLabels = { ...r.selector };
    kafka.allowClient(r.selector);
    this.user = addComponentUser(this, kafka, r.name, { acls: schemaRegistryAcls(r), credentialsSecret: props.kafkaCredentialsSecret });
    const security = resolveClientSecurity(this, 'kafka', this.user);
    const rest = resolveRest(this, props, this.user, r.name);
    this.url = `${rest.scheme}://${r.host}:${SCHEMA_REGISTRY_PORT}`;
    this.rest = new RestServer(this, 'Rest', {
      rest,
      name: r.name,
      labels: { ...r.labels },
      selector: { ...r.selector },
      dnsNames: serviceDnsNames(r.name, r.namespace, r.clusterDomain),
      workload: `deployments/${r.name}`,
      login: { section: SCHEMA_REGISTRY_REALM, loginModule: jettyLoginModule(r.version), roles: true },
      image: r.image,
      imagePullPolicy: r.imagePullPolicy,
      finishedJobTtlSeconds: DEFAULT_FINISHED_JOB_TTL.toSeconds(),
      network: r.network,
    });
    const probes = schemaRegistryProbes(rest);
    const served = addComponentObservability(this, {
      // Its name, namespace, labels, selector, monitoring, logging and network.
      ...r,
      component: ConfluentComponent.SCHEMA_REGISTRY,
      stateful: false,
      restCertificate: this.rest.certificate,
    });

    const workload = new ComponentWorkload(this, 'Workload', {
      component: ConfluentComponent.SCHEMA_REGISTRY,
      name: r.name,
      labels: { ...r.labels },
      selector: { ...r.selector },
      stateful: false,
      replicas: r.replicas,
      image: r.image,
      imagePullPolicy: r.imagePullPolicy,
      configEnv: schemaRegistryConfigEnv(r, security, rest),
      command: served.command,
      env: [...schemaRegistryContainerEnv(security), ...this.rest.env(SCHEMA_REGISTRY_PASSWORD_ENV), ...served.env],
      volumes: [...security.volumes, ...this.rest.volumes(), ...served.volumes],
      volumeMounts: [...security.mounts, ...this.rest.mounts(), ...served.mounts],
      initContainers: this.rest.initContainers(),
      ports: [{ name: rest.scheme, port: SCHEMA_REGISTRY_PORT }, ...served.ports],
      podAnnotations: served.podAnnotations,
      hashInputs: served.hashInputs,
      resources: r.resources.requirements,
      startupProbe: probes.startup,
      readinessProbe: probes.readiness,
      livenessProbe: probes.liveness,
      // The leader leaves the election group and Jetty drains requests within seconds.
      terminationGracePeriodSeconds: 30,
      // Pods of a Deployment have no stable names; instances find the leader by pod IP.
      headless: false,
      kafkaVersionGate: kafkaVersionGateOf(kafka),
      pod: r.pod,
    });
    this.node.defaultChild = workload.resource;
    workload.resource.metadata.addAnnotation(MODEL_ANNOTATION, renderModel({
      v: MODEL_VERSION, kind: 'SchemaRegistry', name: r.name, namespace: r.namespace, version: r.version.version, identity: r.topic, kafka: kafka.bootstrapServers, scheme: rest.scheme, authenticated: rest.basic,
    }));

    if (r.network.policy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', r.name), labels: { ...r.labels } },
        // Wired components register after the constructor: rendered at synth.
        spec: late(() => renderSchemaRegistryNetworkPolicy(r, {
          clients: this.clients.list(),
          kafkaPorts: portsOf(kafka.bootstrapServers),
          brokerPodLabels: kafka.brokerPodLabels,
          metricsPort: served.metricsPort,
        })),
      });
    }
    this.node.addValidation({ validate: () => unmatchedPeerViolations(this, r.namespace, [{ prop: 'peers', peers: r.network.peers }]) });
  }

  /**
   * Records wired client pods; the NetworkPolicy admits each by its own rule.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  public allowClient(podLabels: { [key: string]: string }): void {
    checkArguments(this, [['allowClient.podLabels', podLabels, selectorLabels]]);
    this.clients.add(podLabels);
  }

  /**
   * A caller of the REST API: with HTTP basic its own user, whose password the
   * credentials Job makes in the Secret `<registry>-rest-<name>` (the servers read it at
   * their next start: adding a caller rolls them); with TLS the Secret that holds the CA
   * and truststore. It does not admit the caller's pods: use `peers`, or `allowClient`.
   *
   * @param name the caller's user name, a lower-case DNS label
   * @param owner the construct that calls as `name` (components wired to the registry
   * pass themselves); a name added by two owners is refused, since they would share one
   * password
   */
  public addCaller(name: string, owner?: IConstruct): RestCaller {
    checkArguments(this, [['addCaller.name', name, callerName]]);
    const callerOwner = owner === undefined ? undefined : describeReference(owner);
    if (owner !== undefined && typeof (owner as { node?: { path?: unknown } } | null)?.node?.path !== 'string') {
      raise(this, 'addCaller.owner', callerOwner, 'it is not a construct', 'Pass the construct that calls the registry, or leave it out');
    }
    return RestCaller._of(name, this.url, this.rest.addCaller(name, (callerOwner as string | undefined) ?? PROGRAM_CALLER));
  }
}

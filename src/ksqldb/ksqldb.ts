import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KSQLDB_PROPS, KsqlDbProps } from './ksqldb-props';
import { IKsqlDb } from './ksqldb-ref';
import { headlessProbes, interactiveProbes } from './probes';
import { ksqlConfigEnv, ksqlContainerEnv, queriesConfigMapName, renderKsqlNetworkPolicy, renderKsqlVolumes } from './render-ksqldb';
import { ksqlDbAcls, resolveKsqlDb } from './resolve-ksqldb';
import { KSQLDB_PASSWORD_ENV, KSQLDB_PORT, KSQLDB_REALM, KSQLDB_TRUSTSTORE_PASSWORD_ENV, QUERIES_FILE_NAME } from './server-properties';
import { resolveClientSecurity } from '../access/client-security';
import { KafkaUser } from '../access/kafka-user';
import { unmatchedPeerViolations } from '../access/peer-check';
import { RestCaller } from '../access/rest-caller';
import { callerName, jettyLoginModule, podDnsNames, ResolvedRest, resolveRest, serviceDnsNames } from '../access/rest-security';
import { PROGRAM_CALLER, RestServer } from '../access/rest-server';
import { ConfluentComponent } from '../core/component';
import { checkSameNamespace, claimOnKafkaCluster } from '../core/component-wiring';
import { ComponentWorkload, headlessServiceName } from '../core/component-workload';
import { raise } from '../core/errors';
import { DEFAULT_FINISHED_JOB_TTL } from '../core/finished-job-ttl';
import { checkArguments, checkProps } from '../core/input-shape';
import { MODEL_ANNOTATION, MODEL_VERSION, renderModel } from '../core/model-annotation';
import { checkConstructId, claimName, NameLimit, resourceName } from '../core/naming';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { addComponentUser, IKafkaCluster, kafkaVersionGateOf } from '../kafka/kafka-cluster-ref';
import { addComponentObservability } from '../observability/component-observability';
import { registryClientSettings } from '../schema-registry/schema-registry-ref';

/**
 * A ksqlDB cluster on Confluent's `cp-ksqldb-server` image, as a StatefulSet (each
 * server addressable by its own pod DNS name, for pull-query forwarding), a client
 * Service, a headless Service, a PodDisruptionBudget and a NetworkPolicy. Its default
 * child (`node.defaultChild`) is the StatefulSet.
 *
 * Connected to its Kafka cluster (and optionally a Schema Registry) with the cluster's
 * replication settings for every topic it creates. Interactive (REST API) by default;
 * with `queries` it runs a fixed SQL application instead, and its NetworkPolicy admits
 * nothing.
 *
 * ksqlDB's values for the shared component settings: `replicas` 2 (one server can
 * restart while the other, holding standby copies of the state, serves); `resources`
 * 4 GiB memory with limit = request and 1 CPU without a limit, the heap half the
 * request (`KSQL_HEAP_OPTS`), because RocksDB state stores use native memory outside
 * the heap; `properties` checked against ksqlDB's server configuration. Port 8088
 * admits the other servers (pull-query forwarding, heartbeats, lag reports) and the
 * `peers`.
 */
export class KsqlDb extends Construct implements IKsqlDb {
  /** REST endpoint for clients: `https://<name>.<namespace>.svc.<domain>:8088` (`http://` without `restTls`). */
  public readonly url: string;
  /** Port of the REST API. */
  public readonly port: number;
  /** `ksql.service.id` of this cluster. */
  public readonly serviceId: string;
  /** Name of the client Service. */
  public readonly serviceName: string;
  /** Name of the headless Service that gives every server its DNS name. */
  public readonly headlessServiceName: string;
  /** Confluent Platform release of the servers. */
  public readonly version: ConfluentVersion;
  /** Whether the REST API is enabled (false in application mode, with `queries`). */
  public readonly interactive: boolean;
  /** The Kafka cluster this ksqlDB uses. */
  public readonly kafka: IKafkaCluster;
  /** Labels of the servers' pods. */
  public readonly podLabels?: { [key: string]: string };

  private readonly rest: RestServer;

  /**
   * The servers' user of the Kafka cluster. Grant it the topics your queries read and
   * write with `user.addAcl(...)`.
   */
  public readonly user: KafkaUser;

  /**
   * @param scope the chart (or a construct in it); the chart's namespace is the servers'
   * @param id the cluster's name: object names and the default service id derive from
   * it, so never rename it
   * @param props the Kafka cluster and everything else, each with a default
   */
  constructor(scope: Construct, id: string, props: KsqlDbProps) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, props, KSQLDB_PROPS, true);
    const name = resourceName(this, [], NameLimit.STATEFUL_SET);
    const k = resolveKsqlDb(this, props ?? ({} as KsqlDbProps), { name, namespace: Chart.of(this).namespace });
    // Every object is named after the component's Service: a clash shows here first.
    claimName(this, 'Service', k.name);
    const kafka = props.kafka;
    const registry = props.schemaRegistry;
    checkSameNamespace(this, 'kafka', kafka, kafka.imported, 'KafkaCluster.fromBootstrap(...)');
    if (registry !== undefined) checkSameNamespace(this, 'schemaRegistry', registry, registry.imported, 'SchemaRegistry.fromUrl(...)');

    this.kafka = kafka;
    kafka.allowClient({ ...k.selector });
    registry?.allowClient({ ...k.selector });
    this.node.addValidation({ validate: () => unmatchedPeerViolations(this, k.namespace, [{ prop: 'peers', peers: k.network.peers }]) });
    this.version = k.version;
    this.serviceId = k.serviceId;
    const owner = claimOnKafkaCluster(this, kafka.bootstrapServers, 'ksqlDB service id', k.serviceId);
    if (owner !== undefined) {
      raise(this, 'serviceId', k.serviceId, `${owner} already runs as ksqlDB service ${k.serviceId} on this Kafka cluster, and servers that share a service id are one ksqlDB cluster (its queries and state would merge)`,
        'Give each ksqlDB its own serviceId (the default is derived from its namespace and id), or scale the other one with replicas');
    }
    this.interactive = k.interactive;
    this.port = KSQLDB_PORT;
    this.podLabels = { ...k.selector };
    this.user = addComponentUser(this, kafka, name, { acls: ksqlDbAcls(k.serviceId), credentialsSecret: props.kafkaCredentialsSecret });
    const security = resolveClientSecurity(this, 'kafka', this.user);
    const rest = this.resolveRest(props, k.interactive, k.name);
    this.url = `${rest.scheme}://${k.host}:${KSQLDB_PORT}`;
    const headless = headlessServiceName(k.name);
    this.rest = new RestServer(this, 'Rest', {
      rest,
      name: k.name,
      labels: { ...k.labels },
      selector: { ...k.selector },
      dnsNames: [...serviceDnsNames(k.name, k.namespace, k.clusterDomain), ...podDnsNames(headless, k.namespace, k.clusterDomain)],
      workload: `statefulsets/${k.name}`,
      login: { section: KSQLDB_REALM, loginModule: jettyLoginModule(k.version), roles: true },
      image: k.image,
      imagePullPolicy: k.imagePullPolicy,
      finishedJobTtlSeconds: DEFAULT_FINISHED_JOB_TTL.toSeconds(),
      network: k.network,
    });
    const registryClient = registry === undefined ? undefined
      : registryClientSettings(registry.addCaller(name, this), 'KSQL_', [{ ssl: 'ksql.schema.registry.ssl.', auth: 'ksql.schema.registry.basic.auth.' }]);
    if (k.replicas === 1) {
      warn(this, 'a single ksqlDB server stops every query and the REST API while it restarts. Use 2 or more servers outside dev.');
    }

    if (k.queries !== undefined) {
      new k8s.KubeConfigMap(this, 'Queries', {
        metadata: { name: claimName(this, 'ConfigMap', queriesConfigMapName(k)), labels: { ...k.labels } },
        data: { [QUERIES_FILE_NAME]: k.queries },
      });
    }
    const volumes = renderKsqlVolumes(k);
    const served = addComponentObservability(this, {
      // Its name, namespace, labels, selector, monitoring, logging and network.
      ...k,
      component: ConfluentComponent.KSQLDB,
      stateful: true,
      restCertificate: this.rest.certificate,
    });
    const workload = new ComponentWorkload(this, 'Workload', {
      component: ConfluentComponent.KSQLDB,
      name: k.name,
      labels: { ...k.labels },
      selector: { ...k.selector },
      // Always a StatefulSet: stable pod DNS names to advertise, and stable volumes.
      stateful: true,
      replicas: k.replicas,
      image: k.image,
      imagePullPolicy: k.imagePullPolicy,
      configEnv: ksqlConfigEnv(k, security, rest, registryClient),
      env: [
        ...ksqlContainerEnv(k, security, rest),
        ...this.rest.env(rest.tls === undefined ? KSQLDB_TRUSTSTORE_PASSWORD_ENV : KSQLDB_PASSWORD_ENV),
        ...registryClient?.env ?? [],
        ...served.env,
      ],
      command: served.command,
      ports: [{ name: rest.scheme, port: KSQLDB_PORT }, ...served.ports],
      podAnnotations: served.podAnnotations,
      resources: k.resources.requirements,
      ...(k.interactive ? interactiveProbes(rest) : headlessProbes()),
      initContainers: this.rest.initContainers(),
      volumes: [...volumes.volumes, ...security.volumes, ...this.rest.volumes(), ...registryClient?.volumes ?? [], ...served.volumes],
      volumeMounts: [...volumes.mounts, ...security.mounts, ...this.rest.mounts(), ...registryClient?.mounts ?? [], ...served.mounts],
      volumeClaimTemplates: volumes.claimTemplates,
      claimedDisks: volumes.claimedDisks,
      // Kafka Streams closes each query (commit, flush, checkpoint) in seconds; two
      // minutes leave room for a slow broker without holding a node drain for the full
      // ksql.streams.shutdown.timeout.ms (5 min).
      terminationGracePeriodSeconds: 120,
      // ksqlDB reads the queries file once, at start: a change must roll the servers.
      hashInputs: [...k.queries === undefined ? [] : [k.queries], ...served.hashInputs],
      headless: true,
      kafkaVersionGate: kafkaVersionGateOf(kafka),
      pod: k.pod,
    });
    this.serviceName = workload.serviceName;
    this.headlessServiceName = workload.headlessServiceName!;
    this.node.defaultChild = workload.resource;
    workload.resource.metadata.addAnnotation(MODEL_ANNOTATION, renderModel({
      v: MODEL_VERSION, kind: 'KsqlDb', name: k.name, namespace: k.namespace, version: k.version.version, identity: k.serviceId, kafka: kafka.bootstrapServers, scheme: rest.scheme, authenticated: rest.basic,
    }));

    if (k.network.policy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', k.name), labels: { ...k.labels } },
        spec: renderKsqlNetworkPolicy(k, {
          kafkaBootstrapServers: kafka.bootstrapServers,
          brokerPodLabels: kafka.brokerPodLabels,
          schemaRegistry: registry,
          metricsPort: served.metricsPort,
        }),
      });
    }
  }

  /**
   * A caller of the REST API: with HTTP basic its own user, whose password the
   * credentials Job makes in the Secret `<ksqldb>-rest-<name>` (the servers read it at
   * their next start: adding a caller rolls them); with TLS the Secret that holds the CA
   * and truststore. It does not admit the caller's pods: use `peers`.
   *
   * @param name the caller's user name, a lower-case DNS label
   */
  public addCaller(name: string): RestCaller {
    checkArguments(this, [['addCaller.name', name, callerName]]);
    if (!this.interactive) {
      raise(this, 'addCaller.name', name, 'in application mode (queries) ksqlDB serves no REST API', 'Remove the caller, or run ksqlDB without queries');
    }
    return RestCaller._of(name, this.url, this.rest.addCaller(name, PROGRAM_CALLER));
  }

  /** The REST settings: none in application mode, which serves no REST API. */
  private resolveRest(props: KsqlDbProps, interactive: boolean, name: string): ResolvedRest {
    if (interactive) {
      // ksqlDB's Kafka clients read the REST listener's ssl.truststore.*, which take no PEM.
      const pemTrust = this.user.connection.certificateSecret !== undefined && this.user._issuer === undefined;
      if (pemTrust) {
        raise(this, 'kafka', this.kafka.node.path, 'its CA comes as PEM (caSecret), and ksqlDB reads its Kafka truststore through the settings of its REST listener, which take JKS, PKCS12 or BCFKS only (KsqlRestConfig)',
          'Run this ksqlDB in application mode (queries), or import the cluster without caSecret when its certificate is publicly trusted');
      }
      return resolveRest(this, props, this.user, name, { truststoreWithoutTls: true });
    }
    for (const prop of ['restTls', 'restAuthentication', 'restCertificateRolloutSchedule'] as const) {
      if (props[prop] !== undefined) {
        raise(this, prop, prop === 'restTls' ? props[prop] : String(props[prop]), 'in application mode (queries) ksqlDB serves no REST API', `Remove ${prop}`);
      }
    }
    return { scheme: 'http', basic: false };
  }
}

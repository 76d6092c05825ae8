import { Chart, JsonPatch } from 'cdk8s';
import { ISecret, k8s, Secret } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { CONNECT_PROPS, ConnectProps } from './connect-props';
import { IConnect } from './connect-ref';
import { CONNECTOR_NAME_SHAPE, CONNECTOR_OPTIONS, connectorTopicAcls, Connector, ConnectorOptions, IConnector, isMirrorConnector, resolveConnector } from './connector';
import { ConnectorSecret } from './connector-secret';
import {
  claimMirrorAlias, MIRROR_CA_DIR, MIRROR_NAME_SHAPE, MIRROR_OPTIONS, mirrorConnectors, MirrorOptions, MirrorReplication, mirrorSourceAcls,
  mirrorTargetAcls, MirrorTopicNaming, resolveMirror,
} from './mirror';
import {
  CONNECT_LOGIN, CONNECT_PASSWORD_ENV, connectConfigEnv, connectContainerEnv, connectorSecretVolume, connectProbes, installPluginsContainer,
  PLUGIN_DIR, pluginVolumes, renderConnectNetworkPolicy,
} from './render-connect';
import { CONNECT_REST_PORT, connectAcls, needsRegistry, ResolvedConnect, resolveConnect } from './resolve-connect';
import { Acl } from '../access/acl';
import { ClientSecurity, resolveClientSecurity } from '../access/client-security';
import { portsOf, serviceEgressRule } from '../access/egress';
import { KafkaUser } from '../access/kafka-user';
import { unmatchedPeerViolations } from '../access/peer-check';
import { RestCaller, RestCallerSecrets } from '../access/rest-caller';
import { ADMIN_CALLER, callerName, podDnsNames, resolveRest, serviceDnsNames } from '../access/rest-security';
import { PROGRAM_CALLER, RestServer } from '../access/rest-server';
import { ConfluentComponent } from '../core/component';
import { checkSameNamespace, claimOnKafkaCluster } from '../core/component-wiring';
import { ComponentWorkload } from '../core/component-workload';
import { KafkaConfigError, raise } from '../core/errors';
import { checkArguments, checkProps } from '../core/input-shape';
import { MODEL_ANNOTATION, MODEL_VERSION, renderModel } from '../core/model-annotation';
import { checkConstructId, claimName, fitName, normalize, resourceName } from '../core/naming';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { addComponentUser, IKafkaCluster, kafkaVersionGateOf } from '../kafka/kafka-cluster-ref';
import { addComponentObservability } from '../observability/component-observability';
import { registryClientSettings } from '../schema-registry/schema-registry-ref';

/**
 * The mirror's user on its source. An imported source that authenticates needs the
 * user's Secret: the error names the mirror's prop, not the importer's.
 */
function mirrorUser(scope: Construct, source: IKafkaCluster, name: string, acls: Acl[], credentials: ISecret | undefined): KafkaUser {
  try {
    return addComponentUser(scope, source, name, { acls, credentialsSecret: credentials });
  } catch (e) {
    if (e instanceof KafkaConfigError && credentials === undefined && e.violations.some(v => v.prop === 'credentialsSecret')) {
      raise(scope, 'sourceCredentialsSecret', undefined, `${source.node.path} is imported and authenticates: the mirror's user on it is managed where it runs`,
        'Pass sourceCredentialsSecret: the Secret with that user\'s password and sasl.jaas.config (docs/operations.md lists its ACLs)');
    }
    throw e;
  }
}

/**
 * A distributed Kafka Connect cluster: a Deployment of restricted workers (group id and
 * internal topics unique per Connect cluster, replication from the Kafka cluster,
 * converters defaulting to Avro with a wired Schema Registry), plugins installed at start
 * by an init container, and connectors declared in code and applied by idempotent Jobs.
 * Its default child (`node.defaultChild`) is the Deployment. The REST API (no
 * authentication, and a connector runs code) admits only the workers, the connector
 * Jobs and the `peers`.
 *
 * Connect's values for the shared component settings: 3 workers (one can restart while
 * two work); 2 GiB of memory (request = limit) with a 1.5 GiB heap (HEAP_RULES.CONNECT:
 * three quarters, the workers keep their working set on the heap) and a 500m CPU request
 * with no CPU limit; the Kafka cluster's release.
 */
export class Connect extends Construct implements IConnect {
  /** REST URL. */
  public readonly url: string;
  /** Port of the REST API. */
  public readonly port: number;
  /** Name of the client Service. */
  public readonly serviceName: string;
  /** The worker group id. */
  public readonly groupId: string;
  /** The Kafka cluster. */
  public readonly kafka: IKafkaCluster;
  /** Confluent Platform release of the workers. */
  public readonly version: ConfluentVersion;
  /** Labels of the workers' pods. */
  public readonly podLabels?: { [key: string]: string };

  /**
   * The workers' user of the Kafka cluster. Grant it the topics of source connectors
   * (and of sinks configured by `topics.regex`) with `user.addAcl(...)`.
   */
  public readonly user: KafkaUser;

  private readonly model: ResolvedConnect;
  private readonly connectors = new Map<string, Connector>();
  private readonly connectorSecrets = new Set<string>();
  private readonly workload: ComponentWorkload;
  private readonly networkPolicy?: k8s.KubeNetworkPolicy;
  /** How the workers connect to their Kafka cluster (the mirror's target settings too). */
  private readonly clientSecurity: ClientSecurity;
  private readonly rest: RestServer;
  /** What the connector apply Jobs present to the REST API. */
  private readonly applyCaller: RestCallerSecrets;

  /**
   * @param scope the chart (or a construct in it)
   * @param id the Connect cluster's name: object names and the default group id derive from it
   * @param props the Kafka cluster, plugins and settings
   */
  constructor(scope: Construct, id: string, props: ConnectProps) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, props, CONNECT_PROPS, true);
    const r = resolveConnect(this, props, { name: resourceName(this), namespace: Chart.of(this).namespace });
    // Every object is named after the component's Service: a clash shows here first.
    claimName(this, 'Service', r.name);
    this.model = r;
    const kafka = props.kafka;
    const registry = props.schemaRegistry;
    checkSameNamespace(this, 'kafka', kafka, kafka.imported, 'KafkaCluster.fromBootstrap(...)');
    if (registry !== undefined) checkSameNamespace(this, 'schemaRegistry', registry, registry.imported, 'SchemaRegistry.fromUrl(...)');
    this.kafka = kafka;
    this.version = r.version;
    this.groupId = r.groupId;
    const owner = claimOnKafkaCluster(this, props.kafka.bootstrapServers, 'Connect group', r.groupId);
    if (owner !== undefined) {
      raise(this, 'groupId', r.groupId, `${owner} already uses Connect group ${r.groupId} on this Kafka cluster, and workers that share a group are one Connect cluster (with its config, offset and status topics)`,
        'Give each Connect its own groupId (the default is derived from its namespace and id), or scale the other one with replicas');
    }
    this.port = CONNECT_REST_PORT;
    this.podLabels = { ...r.selector };
    for (const p of r.plugins.filter(x => x.sha256 === undefined)) {
      warn(this, `plugin ${p.directory} has no sha256: whatever ${p.url} serves will run on the workers. Pass its SHA-256, or bake plugins into the image.`);
    }
    kafka.allowClient(r.selector);
    // Converters call the registry even when no configured converter does: a connector
    // can set its own schema converter.
    registry?.allowClient(r.selector);
    this.user = addComponentUser(this, kafka, r.name, { acls: connectAcls(r), credentialsSecret: props.kafkaCredentialsSecret });
    const security = resolveClientSecurity(this, 'kafka', this.user);
    this.clientSecurity = security;
    const installer = installPluginsContainer(r);
    const rest = resolveRest(this, props, this.user, r.name);
    this.url = `${rest.scheme}://${r.host}:${CONNECT_REST_PORT}`;
    this.rest = new RestServer(this, 'Rest', {
      rest,
      name: r.name,
      labels: { ...r.labels },
      selector: { ...r.selector },
      dnsNames: [...serviceDnsNames(r.name, r.namespace, r.clusterDomain), ...podDnsNames(r.headlessService, r.namespace, r.clusterDomain)],
      workload: `statefulsets/${r.name}`,
      login: CONNECT_LOGIN,
      image: r.image,
      imagePullPolicy: r.imagePullPolicy,
      finishedJobTtlSeconds: r.finishedJobTtlSeconds,
      network: r.network,
    });
    // The apply Jobs call the REST API as the admin caller.
    this.applyCaller = this.rest.addCaller(ADMIN_CALLER, PROGRAM_CALLER);
    // The workers call the registry as their own caller when a converter of theirs uses it.
    const registrySides = (['key', 'value'] as const).filter(side => needsRegistry(side === 'key' ? r.keyConverter : r.converter));
    const registryClient = registry === undefined || registrySides.length === 0 ? undefined : registryClientSettings(registry.addCaller(r.name, this), 'CONNECT_',
      registrySides.map(side => ({ ssl: `${side}.converter.schema.registry.ssl.`, auth: `${side}.converter.basic.auth.` })));
    const served = addComponentObservability(this, {
      // Its name, namespace, labels, selector, monitoring, logging and network.
      ...r,
      component: ConfluentComponent.CONNECT,
      stateful: true,
      restCertificate: this.rest.certificate,
      // The connector Jobs and the REST credentials Job.
      jobs: `${r.name}-.+`,
    });

    const workload = new ComponentWorkload(this, 'Workload', {
      component: ConfluentComponent.CONNECT,
      name: r.name,
      labels: { ...r.labels },
      selector: { ...r.selector },
      // Stable names: each worker advertises its own DNS name, which the REST certificate names.
      stateful: true,
      replicas: r.replicas,
      image: r.image,
      imagePullPolicy: r.imagePullPolicy,
      configEnv: connectConfigEnv(r, security, rest, registryClient),
      command: served.command,
      env: [...connectContainerEnv(r, security), ...this.rest.env(CONNECT_PASSWORD_ENV), ...registryClient?.env ?? [], ...served.env],
      ports: [{ name: rest.scheme, port: CONNECT_REST_PORT }, ...served.ports],
      podAnnotations: served.podAnnotations,
      resources: r.resources.requirements,
      ...connectProbes(rest, r.host),
      initContainers: [...installer === undefined ? [] : [installer], ...this.rest.initContainers()],
      volumes: [...pluginVolumes(r), ...security.volumes, ...this.rest.volumes(), ...registryClient?.volumes ?? [], ...served.volumes],
      volumeMounts: [{ name: 'plugins', mountPath: PLUGIN_DIR, readOnly: true }, ...security.mounts, ...this.rest.mounts(), ...registryClient?.mounts ?? [], ...served.mounts],
      // Graceful stop lets the worker hand its tasks over and commit offsets.
      terminationGracePeriodSeconds: 60,
      hashInputs: served.hashInputs,
      headless: true,
      kafkaVersionGate: kafkaVersionGateOf(kafka),
      pod: r.pod,
    });
    this.serviceName = workload.serviceName;
    this.workload = workload;
    this.node.defaultChild = workload.resource;
    workload.resource.metadata.addAnnotation(MODEL_ANNOTATION, renderModel({
      v: MODEL_VERSION, kind: 'Connect', name: r.name, namespace: r.namespace, version: r.version.version, identity: r.groupId, kafka: kafka.bootstrapServers, scheme: rest.scheme, authenticated: rest.basic,
    }));
    if (r.network.policy) {
      this.networkPolicy = new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', r.name), labels: { ...r.labels } },
        spec: renderConnectNetworkPolicy(r, { brokerPodLabels: kafka.brokerPodLabels, schemaRegistry: registry, metricsPort: served.metricsPort }),
      });
    }
    this.node.addValidation({
      validate: () => unmatchedPeerViolations(this, r.namespace, [{ prop: 'peers', peers: r.network.peers }, { prop: 'egressPeers', peers: r.egressPeers }]),
    });
  }

  /**
   * A caller of the REST API: with HTTP basic its own user, whose password the
   * credentials Job makes in the Secret `<connect>-rest-<name>` (the workers read it at
   * their next start: adding a caller rolls them); with TLS the Secret that holds the CA
   * and truststore. It does not admit the caller's pods: use `peers`.
   *
   * @param name the caller's user name, a lower-case DNS label
   */
  public addCaller(name: string): RestCaller {
    checkArguments(this, [['addCaller.name', name, callerName]]);
    return RestCaller._of(name, this.url, this.rest.addCaller(name, PROGRAM_CALLER));
  }

  /**
   * Declares a connector: its config goes to a ConfigMap and an idempotent Job applies
   * it. A changed config runs a new Job. An unchanged one runs again only once its
   * finished Job is deleted (after `finishedJobTtl`), and then changes nothing unless the
   * connector was lost.
   *
   * @param name the connector's name in Connect
   * @param options its class, config and secrets
   */
  public addConnector(name: string, options: ConnectorOptions): IConnector {
    checkArguments(this, [['addConnector.name', name, CONNECTOR_NAME_SHAPE], ['addConnector.options', options, CONNECTOR_OPTIONS]]);
    if (this.connectors.has(name)) {
      raise(this, 'addConnector.name', name, 'the Connect cluster already has a connector with this name', 'Give every connector its own name');
    }
    const scope = new Construct(this, `Connector-${name}`);
    const connector = resolveConnector(scope, name, options);
    // Mounted on every worker (read at synth by secretVolumes()), where the connector's tasks run.
    for (const secret of connector.secrets.filter(s => !this.connectorSecrets.has(s.secretName))) {
      this.connectorSecrets.add(secret.secretName);
      const { volume, mount } = connectorSecretVolume(secret.secretName);
      this.workload.addVolume(volume, mount);
    }
    const r = this.model;
    const built = new Connector(scope, 'Resource', {
      connector,
      connectName: r.name,
      restUrl: this.url,
      labels: { ...r.labels, 'app.kubernetes.io/component': 'connector' },
      podLabels: { ...r.instanceSelector, 'app.kubernetes.io/component': 'connector' },
      toolImage: r.toolImage,
      imagePullPolicy: r.imagePullPolicy,
      serviceAccount: r.name,
      finishedJobTtlSeconds: r.finishedJobTtlSeconds,
      caller: this.applyCaller,
    });
    claimName(scope, 'Job', built.jobName);
    // Connector names that normalize alike (orders.sink, orders-sink) would share it.
    claimName(this, 'ConfigMap', built._configMapName, `connector ${name}`);
    this.connectors.set(name, built);
    this.user.addAcl(...connectorTopicAcls(JSON.parse(connector.json)));
    if ((options.config ?? {})['topics.regex'] !== undefined && !isMirrorConnector(options.connectorClass)) {
      warn(scope, 'topics.regex matches topics no ACL can follow: grant them with connect.user.addAcl(Acl.topic(prefix, [AclOperation.READ, AclOperation.DESCRIBE], AclPatternType.PREFIXED)).');
    }
    return built;
  }

  /**
   * Copies topics, their configs and consumer group offsets from another Kafka cluster
   * into this Connect cluster's (Kafka's MirrorMaker 2 connectors, one-way): for a
   * disaster-recovery copy, or production data in a test environment. The workers' user
   * gets what the copy writes here; the mirror's user on the source reads only. See
   * docs/operations.md, "Backup, restore and disaster recovery".
   *
   * @param name prefix of the connectors' names (`<name>-source`, `<name>-checkpoint`)
   * @param options the source cluster, what to copy and how to name it here
   */
  public addMirror(name: string, options: MirrorOptions): MirrorReplication {
    checkArguments(this, [['addMirror.name', name, MIRROR_NAME_SHAPE], ['addMirror.options', options, MIRROR_OPTIONS]]);
    const scope = new Construct(this, `Mirror-${name}`);
    const source = options.source;
    checkSameNamespace(scope, 'source', source, source.imported, 'KafkaCluster.fromBootstrap(...)');
    const m = resolveMirror(scope, name, options, this.kafka);
    claimMirrorAlias(scope, this.kafka, m.sourceAlias, source);
    const r = this.model;
    if (r.network.egressDnsPorts !== undefined && this.networkPolicy !== undefined) {
      // The workers reach the source's brokers: by their pods when they are the app's, by
      // port otherwise (an address outside the Kubernetes cluster has no pod to select).
      // KubeNetworkPolicy maps its props after the patches (an IntOrString's value).
      this.networkPolicy.addJsonPatch(JsonPatch.add('/spec/egress/-', serviceEgressRule(portsOf(source.bootstrapServers), source.brokerPodLabels)));
      if (source.imported) {
        warn(scope, `the workers' egress rules admit the source's bootstrap port(s) (${source.bootstrapServers}); if its brokers advertise other ports (one per broker, as node ports do), add them with egressPeers.`);
      }
    }
    if (m.naming === MirrorTopicNaming.IDENTITY) {
      warn(scope, `topics keep their names: a topic of ${this.kafka.clusterName} named like a copied one receives the source's records, and ${this.kafka.clusterName} must never be mirrored back into ${m.sourceAlias} (IdentityReplicationPolicy cannot stop a loop). With patterns, the workers' user may create and write every topic of ${this.kafka.clusterName}.`);
    }
    source.allowClient(r.selector);
    const sourceUser = mirrorUser(scope, source, fitName(`${r.name}-${normalize(name)}-mirror`, 63), mirrorSourceAcls(m), options.sourceCredentialsSecret);
    const sourceSecurity = resolveClientSecurity(scope, 'source', sourceUser);
    // The source's CA on every worker, beside (not over) the cluster's own.
    const caDir = `${MIRROR_CA_DIR}/${normalize(name)}`;
    const sourceProperties = { ...sourceSecurity.properties };
    if (sourceProperties['ssl.truststore.location'] !== undefined) sourceProperties['ssl.truststore.location'] = `${caDir}/ca.crt`;
    for (const [i, volume] of sourceSecurity.volumes.entries()) {
      const volumeName = fitName(`mirror-${normalize(name)}-ca`, 63);
      this.workload.addVolume({ ...volume, name: volumeName }, { ...sourceSecurity.mounts[i], name: volumeName, mountPath: caDir });
    }
    // The target is the workers' own cluster, as the workers connect to it.
    const targetSecurity = this.clientSecurity;
    this.user.addAcl(...mirrorTargetAcls(m));
    const connectors = mirrorConnectors(m,
      { bootstrapServers: sourceUser.connection.bootstrapServers, properties: sourceProperties },
      { bootstrapServers: this.user.connection.bootstrapServers, properties: targetSecurity.properties });
    const secrets: Record<string, ConnectorSecret> = {};
    for (const [prefix, jaas] of [['source', sourceSecurity.jaasSecret], ['target', targetSecurity.jaasSecret]] as const) {
      if (jaas === undefined) continue;
      secrets[`${prefix}.cluster.sasl.jaas.config`] = ConnectorSecret.fromSecret(Secret.fromSecretName(scope, `${prefix}-credentials`, jaas.name!), jaas.key);
    }
    return {
      sourceAlias: m.sourceAlias,
      sourceUser,
      connectors: connectors.map(({ name: connectorName, ...c }) => this.addConnector(connectorName, { ...c, secrets })),
    };
  }
}

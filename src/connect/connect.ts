import { Chart, Size } from 'cdk8s';
import { Cpu, ImagePullPolicy, k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { Connector, ConnectorOptions, IConnector, resolveConnector } from './connector';
import { renderInstallScript } from './connector-job-script';
import { ConnectorPlugin, resolvePlugins } from './connector-plugin';
import { CONNECTOR_SECRETS_DIR } from './connector-secret';
import { Acl, AclOperation, AclPatternType } from '../access/acl';
import { CLIENT_SECURITY_KEYS, jaasEnv, prefixedClientProperties, resolveClientSecurity } from '../access/client-security';
import { KafkaUser } from '../access/kafka-user';
import { ConfluentComponent, COMPONENT_RUNTIME } from '../core/component';
import { ComponentSettings } from '../core/component-settings';
import { checkKafkaReference, checkSameNamespace, MAX_COMPONENT_REPLICAS, resolveComponentVersion } from '../core/component-wiring';
import { ComponentWorkload } from '../core/component-workload';
import { ConfigScope } from '../core/config-keys';
import { CURL_IMAGE, CURL_USER } from '../core/curl-image';
import { checkRules, raise } from '../core/errors';
import { checkImageReference, resolveImage } from '../core/image';
import { propertiesToEnv, propertyEnvName } from '../core/image-env';
import { recommendedLabels, selectorLabels } from '../core/labels';
import { claimName, resourceName, serviceHost } from '../core/naming';
import { restrictedContainerSecurityContext } from '../core/pod-security';
import { checkProperties } from '../core/property-overrides';
import { HEAP_RULES, heapForMemory, heapOptions, resolveResources } from '../core/resources';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';
import { ISchemaRegistry } from '../schema-registry/schema-registry-ref';

/** How Connect serializes record keys and values by default. */
export enum ConnectConverter {
  /** Avro with Schema Registry (needs `schemaRegistry`). */
  AVRO = 'avro',
  /** Protobuf with Schema Registry (needs `schemaRegistry`). */
  PROTOBUF = 'protobuf',
  /** JSON Schema with Schema Registry (needs `schemaRegistry`). */
  JSON_SCHEMA = 'json-schema',
  /** Schemaless JSON. */
  JSON = 'json',
  /** Strings. */
  STRING = 'string',
}

const CONVERTER_CLASS: Record<ConnectConverter, string> = {
  [ConnectConverter.AVRO]: 'io.confluent.connect.avro.AvroConverter',
  [ConnectConverter.PROTOBUF]: 'io.confluent.connect.protobuf.ProtobufConverter',
  [ConnectConverter.JSON_SCHEMA]: 'io.confluent.connect.json.JsonSchemaConverter',
  [ConnectConverter.JSON]: 'org.apache.kafka.connect.json.JsonConverter',
  [ConnectConverter.STRING]: 'org.apache.kafka.connect.storage.StringConverter',
};

/** Props of a Kafka Connect cluster. */
export interface ConnectProps extends ComponentSettings {
  /** The Kafka cluster Connect stores its state in and connectors read and write. */
  readonly kafka: IKafkaCluster;

  /**
   * Schema Registry for the Avro, Protobuf and JSON Schema converters.
   *
   * @default - none: converters default to schemaless JSON
   */
  readonly schemaRegistry?: ISchemaRegistry;

  /**
   * Default converter of record values (connectors can override it).
   *
   * @default - ConnectConverter.AVRO when a Schema Registry is wired (typed records,
   * schema evolution checked by the registry), ConnectConverter.JSON otherwise
   */
  readonly converter?: ConnectConverter;

  /**
   * Default converter of record keys (connectors can override it).
   *
   * @default ConnectConverter.STRING — keys are most often plain strings or ids (ksqlDB
   * writes KAFKA-format keys), which a schema converter would reject as
   * "Unknown magic byte"; Confluent's cp-all-in-one does the same
   */
  readonly keyConverter?: ConnectConverter;

  /**
   * Plugins installed at start by an init container into the workers' plugin path.
   *
   * @default - none: only the plugins in the image
   */
  readonly plugins?: ConnectorPlugin[];

  /**
   * Image with curl and sha256sum, for the plugin installer and the connector apply Jobs.
   *
   * @default "docker.io/curlimages/curl:8.11.1" — small, runs as a non-root user,
   * carries curl, sha256sum, unzip and tar
   */
  readonly toolImage?: string;

  /**
   * The worker group id; the internal topics are `<groupId>-configs`, `-offsets` and
   * `-status`. Never change it: the connectors' configs and offsets live in those topics.
   *
   * @default - `<namespace>.<name>` (or `<name>` without a chart namespace): unique per
   * Connect cluster on a shared Kafka cluster
   */
  readonly groupId?: string;
}

const REST_PORT = 8083;
const PLUGIN_DIR = '/opt/connect-plugins';

/** What a component needs from a Connect cluster. */
export interface IConnect extends IConstruct {
  /** REST URL, `http://host:8083`. */
  readonly url: string;
  /** The worker group id. */
  readonly groupId: string;
}

/**
 * A distributed Kafka Connect cluster: a Deployment of restricted workers (group id and
 * internal topics unique per Connect cluster, replication from the Kafka cluster,
 * converters defaulting to Avro with a wired Schema Registry), plugins installed at start
 * by an init container, and connectors declared in code and applied by idempotent Jobs.
 */
export class Connect extends Construct implements IConnect {
  /** REST URL. */
  public readonly url: string;
  /** The worker group id. */
  public readonly groupId: string;
  /** The Kafka cluster. */
  public readonly kafka: IKafkaCluster;
  /** Confluent Platform release of the workers. */
  public readonly version: ConfluentVersion;

  /**
   * The workers' user of the Kafka cluster. Grant it the topics of source connectors
   * (and of sinks configured by `topics.regex`) with `user.addAcl(...)`.
   */
  public readonly user: KafkaUser;

  private readonly connectName: string;
  private readonly labels: Record<string, string>;
  private readonly toolImage: string;
  private readonly imagePullPolicy: string;
  private readonly connectors = new Map<string, Connector>();
  private readonly connectorSecrets = new Set<string>();

  /**
   * @param scope the chart (or a construct in it)
   * @param id the Connect cluster's name: object names and the default group id derive from it
   * @param props the Kafka cluster, plugins and settings
   */
  constructor(scope: Construct, id: string, props: ConnectProps) {
    super(scope, id);
    checkKafkaReference(this, 'kafka', props?.kafka);
    const kafka = props.kafka;
    checkSameNamespace(this, 'kafka', kafka, kafka.imported, 'KafkaCluster.fromBootstrap(...)');
    if (props.schemaRegistry !== undefined) checkSameNamespace(this, 'schemaRegistry', props.schemaRegistry, false, 'a registry in this namespace');
    this.kafka = kafka;
    this.version = resolveComponentVersion(this, props.version, kafka.version);

    const name = resourceName(this);
    const namespace = Chart.of(this).namespace;
    this.connectName = name;
    this.groupId = props.groupId ?? (namespace === undefined ? name : `${namespace}.${name}`);
    const replicas = props.replicas ?? 3;
    const converter = props.converter ?? (props.schemaRegistry ? ConnectConverter.AVRO : ConnectConverter.JSON);
    const keyConverter = props.keyConverter ?? ConnectConverter.STRING;
    const schemaConverters = [ConnectConverter.AVRO, ConnectConverter.PROTOBUF, ConnectConverter.JSON_SCHEMA];
    const needsRegistry = schemaConverters.includes(converter) || schemaConverters.includes(keyConverter);
    checkRules(this, [
      { when: !Number.isInteger(replicas) || replicas < 1, prop: 'replicas', value: replicas, why: 'Connect needs at least one worker', fix: 'Use 3 for production (one can restart while two work), 1 for dev' },
      { when: replicas > MAX_COMPONENT_REPLICAS, prop: 'replicas', value: replicas, why: `it is above ${MAX_COMPONENT_REPLICAS} workers`, fix: 'Use a realistic count, e.g. 3' },
      { when: typeof this.groupId !== 'string' || !/^[A-Za-z0-9._-]{1,200}$/.test(this.groupId), prop: 'groupId', value: this.groupId, why: 'it prefixes topic names, so it may only hold letters, digits, ".", "_" and "-"', fix: 'Use e.g. "orders-connect"' },
      { when: !Object.values(ConnectConverter).includes(converter), prop: 'converter', value: converter, why: 'it is not a ConnectConverter', fix: 'Use e.g. ConnectConverter.AVRO' },
      { when: !Object.values(ConnectConverter).includes(keyConverter), prop: 'keyConverter', value: keyConverter, why: 'it is not a ConnectConverter', fix: 'Use e.g. ConnectConverter.STRING' },
      {
        when: needsRegistry && props.schemaRegistry === undefined,
        prop: schemaConverters.includes(converter) ? 'converter' : 'keyConverter',
        value: schemaConverters.includes(converter) ? converter : keyConverter,
        why: 'this converter needs a Schema Registry',
        fix: 'Pass schemaRegistry, or use ConnectConverter.JSON',
      },
    ]);

    this.toolImage = checkImageReference(this, 'toolImage', props.toolImage ?? CURL_IMAGE);
    this.imagePullPolicy = props.imagePullPolicy ?? ImagePullPolicy.IF_NOT_PRESENT;
    const image = resolveImage(this, 'image', COMPONENT_RUNTIME[ConfluentComponent.CONNECT].repository, this.version.version, props.image);
    const resources = resolveResources(this, 'resources', props.resources, { memory: { request: Size.gibibytes(2) }, cpu: { request: Cpu.millis(500) } });
    const heap = heapForMemory(this, 'resources.memory.request', resources.memoryRequestBytes, HEAP_RULES.CONNECT);
    const plugins = resolvePlugins(this, props.plugins);
    for (const p of plugins.filter(x => x.sha256 === undefined)) {
      warn(this, `plugin ${p.directory} has no sha256: whatever ${p.url} serves will run on the workers. Pass its SHA-256, or bake plugins into the image.`);
    }
    const userProperties = checkProperties(this, this.version, {
      scope: ConfigScope.CONNECT_WORKER, what: 'Connect worker', owned: OWNED_WORKER_KEYS,
    }, 'properties', props.properties, 'customProperties', props.customProperties);

    this.labels = recommendedLabels({ name: 'kafka-connect', instance: name, component: 'connect', partOf: kafka.clusterName, version: this.version.version });
    const selector = selectorLabels({ name: 'kafka-connect', instance: name, component: 'connect' });
    kafka.allowClient(selector);
    // Converters call the registry even when no configured converter does: a connector
    // can set its own schema converter.
    props.schemaRegistry?.allowClient(selector);
    // Its own principal with what a worker needs (Apache Kafka's Connect ACL
    // requirements): its three internal topics (created by the worker), its group, the
    // connectors' consumer groups (`connect-<connector>`), and with exactly-once source
    // support its transactional ids. Connector topics are added by addConnector (sink
    // `topics`, dead-letter queues) or by the user (source connectors) through `user`.
    const internalTopicOps = [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS, AclOperation.READ, AclOperation.WRITE];
    const acls = [
      ...['configs', 'offsets', 'status'].map(t => Acl.topic(`${this.groupId}-${t}`, internalTopicOps)),
      Acl.group(this.groupId, [AclOperation.DESCRIBE, AclOperation.READ]),
      Acl.group('connect-', [AclOperation.DESCRIBE, AclOperation.READ], AclPatternType.PREFIXED),
    ];
    if (['enabled', 'preparing'].includes(userProperties['exactly.once.source.support'] ?? '')) {
      acls.push(
        Acl.transactionalId(`connect-cluster-${this.groupId}`, [AclOperation.DESCRIBE, AclOperation.WRITE]),
        Acl.transactionalId(`${this.groupId}-`, [AclOperation.DESCRIBE, AclOperation.WRITE], AclPatternType.PREFIXED),
      );
    }
    this.user = kafka.addUser(name, { acls, secret: props.kafkaCredentials });
    const security = resolveClientSecurity(this, 'kafka', this.user);
    const serviceName = claimName(this, 'Service', name);
    // No cluster domain: `<service>.<namespace>.svc` resolves through the pods' DNS
    // search path whatever the domain is.
    this.url = `http://${serviceHost(serviceName, namespace)}:${REST_PORT}`;

    const worker: Record<string, string> = {
      'bootstrap.servers': kafka.bootstrapServers,
      'group.id': this.groupId,
      'config.storage.topic': `${this.groupId}-configs`,
      'offset.storage.topic': `${this.groupId}-offsets`,
      'status.storage.topic': `${this.groupId}-status`,
      'config.storage.replication.factor': String(kafka.replicationFactor),
      'offset.storage.replication.factor': String(kafka.replicationFactor),
      'status.storage.replication.factor': String(kafka.replicationFactor),
      'key.converter': CONVERTER_CLASS[keyConverter],
      'value.converter': CONVERTER_CLASS[converter],
      'listeners': `http://0.0.0.0:${REST_PORT}`,
      'plugin.path': `/usr/share/java,/usr/share/confluent-hub-components,${PLUGIN_DIR}`,
      // Connector secrets are mounted files, read by reference (KIP-297/KIP-632).
      'config.providers': 'directory',
      'config.providers.directory.class': 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
      // Only the mounted connector Secrets can be read through the provider (KIP-993),
      // not any file on the worker.
      'config.providers.directory.param.allowed.paths': CONNECTOR_SECRETS_DIR,
    };
    for (const [side, c] of [['key', keyConverter], ['value', converter]] as const) {
      if (schemaConverters.includes(c)) worker[`${side}.converter.schema.registry.url`] = props.schemaRegistry!.url;
      if (c === ConnectConverter.JSON) worker[`${side}.converter.schemas.enable`] = 'false';
    }
    // The worker's own clients, and those it makes for connectors, all connect as its user.
    const clientPrefixes = ['', 'producer.', 'consumer.', 'admin.'];
    Object.assign(worker, prefixedClientProperties(security, clientPrefixes));
    const configEnv = {
      ...propertiesToEnv('CONNECT_', { ...worker, ...userProperties }),
      // The image's configure step reads it (`[ -z "$CONNECT_REST_PORT" ]`) under bash's
      // nounset, and the run script no longer sets it (kafka-images kafka-connect-base
      // configure): unset, the worker exits before starting. It matches `listeners`.
      CONNECT_REST_PORT: String(REST_PORT),
      KAFKA_HEAP_OPTS: heapOptions(heap),
    };

    const pluginVolume = { name: 'plugins', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } };
    const initContainers: k8s.Container[] = plugins.length === 0 ? [] : [{
      name: 'install-plugins',
      image: this.toolImage,
      imagePullPolicy: this.imagePullPolicy,
      command: ['/bin/sh', '-c', renderInstallScript(PLUGIN_DIR, plugins)],
      resources: { requests: { cpu: k8s.Quantity.fromString('100m'), memory: k8s.Quantity.fromString('64Mi') }, limits: { memory: k8s.Quantity.fromString('256Mi') } },
      securityContext: restrictedContainerSecurityContext(CURL_USER),
      volumeMounts: [{ name: 'plugins', mountPath: PLUGIN_DIR }, { name: 'install-tmp', mountPath: '/tmp' }],
    }];

    // GET /health (Kafka 3.9+, KIP-1017, every supported line) answers 200 only once the
    // worker has joined its group and read the config topic, 503 while starting, 500 when
    // an internal check times out; GET / (server info) answers as soon as REST is up.
    const probe = (path: string, periodSeconds: number, failureThreshold: number): k8s.Probe => ({
      httpGet: { path, port: k8s.IntOrString.fromNumber(REST_PORT) },
      periodSeconds,
      timeoutSeconds: 5,
      failureThreshold,
    });
    new ComponentWorkload(this, 'Workload', {
      component: ConfluentComponent.CONNECT,
      name: claimName(this, 'Deployment', name),
      labels: this.labels,
      selector,
      stateful: false,
      replicas,
      image,
      imagePullPolicy: this.imagePullPolicy,
      configEnv,
      env: [
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        // Workers forward requests to the leader at this address: the pod IP is what a
        // Deployment's pods can reach each other at.
        { name: 'CONNECT_REST_ADVERTISED_HOST_NAME', value: '$(POD_IP)' },
        ...jaasEnv(security, clientPrefixes.map(p => propertyEnvName('CONNECT_', `${p}sasl.jaas.config`))),
      ],
      ports: [{ name: 'rest', port: REST_PORT }],
      resources: resources.requirements,
      // Joining the group and reading the config topic takes a while on first start.
      startupProbe: probe('/health', 10, 30),
      readinessProbe: probe('/health', 10, 3),
      // Liveness only asks whether the REST server answers: a worker that is slow to
      // rejoin its group is not restarted for it.
      livenessProbe: probe('/', 10, 6),
      initContainers,
      volumes: [pluginVolume, ...(plugins.length === 0 ? [] : [{ name: 'install-tmp', emptyDir: { sizeLimit: k8s.Quantity.fromString('2Gi') } }]), ...security.volumes],
      volumeMounts: [{ name: 'plugins', mountPath: PLUGIN_DIR, readOnly: true }, ...security.mounts],
      lateVolumes: () => this.secretVolumes(),
      // Graceful stop lets the worker hand its tasks over and commit offsets.
      terminationGracePeriodSeconds: 60,
      hashInputs: [],
      headless: false,
    });
    this.addNetworkPolicy({ 'app.kubernetes.io/name': 'kafka-connect', 'app.kubernetes.io/instance': name });
  }

  /**
   * The REST API has no authentication by default and creating a connector runs code
   * on the workers, so only the workers themselves (request forwarding) and this Connect
   * cluster's connector Jobs may reach it. The policy selects the Jobs' pods too, which
   * accept no connections at all. Add more peers with a NetworkPolicy of your own
   * selecting the same pods.
   */
  private addNetworkPolicy(instance: Record<string, string>): void {
    new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata: { name: claimName(this, 'NetworkPolicy', this.connectName), labels: this.labels },
      spec: {
        podSelector: { matchLabels: instance },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{ podSelector: { matchLabels: instance } }],
          ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(REST_PORT) }],
        }],
      },
    });
  }

  /**
   * Declares a connector: its config goes to a ConfigMap and an idempotent Job applies
   * it (a changed config runs a new Job, an unchanged one does not run again).
   *
   * @param name the connector's name in Connect
   * @param options its class, config and secrets
   */
  public addConnector(name: string, options: ConnectorOptions): IConnector {
    if (this.connectors.has(name)) {
      raise(this, 'addConnector.name', name, 'the Connect cluster already has a connector with this name', 'Give every connector its own name');
    }
    const scope = new Construct(this, `Connector-${name}`);
    const connector = resolveConnector(scope, name, options);
    // Mounted on every worker (read at synth by secretVolumes()), where the connector's tasks run.
    for (const secret of connector.secrets) this.connectorSecrets.add(secret.secretName);
    const built = new Connector(scope, 'Resource', {
      connector,
      connectName: this.connectName,
      restUrl: this.url,
      labels: { ...this.labels, 'app.kubernetes.io/component': 'connector' },
      podLabels: { 'app.kubernetes.io/name': 'kafka-connect', 'app.kubernetes.io/instance': this.connectName, 'app.kubernetes.io/component': 'connector' },
      toolImage: this.toolImage,
      imagePullPolicy: this.imagePullPolicy,
      serviceAccount: this.connectName,
    });
    claimName(scope, 'Job', built.jobName);
    this.connectors.set(name, built);
    this.grantConnectorTopics(scope, options.config ?? {});
    return built;
  }

  /**
   * A sink reads the topics its `topics` config lists; a dead-letter queue is written
   * (and created). Other topics (sources, `topics.regex`) are granted by the user.
   */
  private grantConnectorTopics(scope: Construct, config: Record<string, string>): void {
    const read = [AclOperation.DESCRIBE, AclOperation.READ];
    for (const topic of (config.topics ?? '').split(',').map(t => t.trim()).filter(t => t.length > 0)) {
      this.user.addAcl(Acl.topic(topic, read));
    }
    const dlq = config['errors.deadletterqueue.topic.name'];
    if (dlq !== undefined && dlq.trim() !== '') this.user.addAcl(Acl.topic(dlq.trim(), [AclOperation.CREATE, AclOperation.DESCRIBE, AclOperation.WRITE]));
    if (config['topics.regex'] !== undefined) {
      warn(scope, 'topics.regex matches topics no ACL can follow: grant them with connect.user.addAcl(Acl.topic(prefix, [AclOperation.READ, AclOperation.DESCRIBE], AclPatternType.PREFIXED)).');
    }
  }

  /** Every Secret a connector reads, mounted read-only where its references point. */
  private secretVolumes(): { volumes: k8s.Volume[]; mounts: k8s.VolumeMount[] } {
    const names = [...this.connectorSecrets].sort();
    return {
      // Optional: a missing Secret fails only the connector that reads it, not every worker.
      volumes: names.map((secretName, i) => ({ name: `connector-secret-${i}`, secret: { secretName, optional: true } })),
      mounts: names.map((secretName, i) => ({ name: `connector-secret-${i}`, mountPath: `${CONNECTOR_SECRETS_DIR}/${secretName}`, readOnly: true })),
    };
  }
}

/** Worker keys the library sets, with the prop to use instead. */
const OWNED_WORKER_KEYS: Readonly<Record<string, string>> = {
  'bootstrap.servers': 'the worker connects to the kafka prop\'s cluster',
  'group.id': 'set groupId',
  'config.storage.topic': 'internal topics derive from groupId',
  'offset.storage.topic': 'internal topics derive from groupId',
  'status.storage.topic': 'internal topics derive from groupId',
  'config.storage.replication.factor': 'internal topics follow the Kafka cluster\'s replication factor',
  'offset.storage.replication.factor': 'internal topics follow the Kafka cluster\'s replication factor',
  'status.storage.replication.factor': 'internal topics follow the Kafka cluster\'s replication factor',
  'key.converter': 'set converter',
  'value.converter': 'set converter',
  'rest.port': 'the REST listener is http://0.0.0.0:8083',
  'listeners': 'the REST listener is http://0.0.0.0:8083',
  'rest.advertised.host.name': 'each worker advertises its pod IP',
  'plugin.path': 'add plugins with the plugins prop',
  'config.providers': 'connector secrets use the directory provider; set secrets on the connector',
  ...Object.fromEntries(['', 'producer.', 'consumer.', 'admin.'].flatMap(p => CLIENT_SECURITY_KEYS.map(k => [`${p}${k}`, 'the workers connect as their own user of the cluster']))),
};

import { Chart } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { BrokerClientJob } from './broker-client-job';
import { ClusterMembers } from './cluster-members';
import { NodeRole, ResolvedCluster, ResolvedPool } from './cluster-model';
import { addClusterMonitoring } from './cluster-monitoring';
import { renderClusterNetworkPolicy } from './cluster-network-policy';
import { clusterPlanModel } from './cluster-plan-model';
import { renderClusterServices } from './cluster-services';
import { resolveUser, userSecretName } from './cluster-users';
import { renderDisruptionBudgets } from './disruption-budgets';
import { renderFeaturesJobSpec } from './features/features-job';
import { KAFKA_CLUSTER_PROPS, KafkaClusterProps } from './kafka-cluster-props';
import { IKafkaCluster, ImportedKafkaCluster, KafkaEndpointAttributes } from './kafka-cluster-ref';
import { ClientPeer } from '../access/client-peer';
import { LoggingSettings } from '../observability/logging';
import { metricsConfigData } from './nodes/metrics-exporter';
import { INodePool, NodePool } from './nodes/node-pool';
import { NODE_POOL_OPTIONS, NodePoolOptions } from './nodes/node-pool-options';
import { checkPoolInCluster, poolWarnings } from './nodes/pool-checks';
import { addRecordConfigMap, RecordedJobSpec } from './ownership/ownership-record';
import { brokerSelector, clusterLabels } from './pod-labels';
import { brokerCountViolations, clusterWarnings, resolveCluster, resolveClusterPool, topicReplicationViolations } from './resolve-cluster';
import { SecretCopy } from '../access/secret-copy';
import { selectorLabels } from '../core/prop-shapes';
import { ConfluentVersion } from '../core/version';
import { warn } from '../core/warnings';
import { LoggingFile } from '../observability/logging-file';
import { MonitoringSettings } from '../observability/monitoring';
import { NodeRoll, versionConfigMapName } from './roll/node-roll';
import { renderBalanceJobSpec } from './scaling/balance-job';
import { renderDrainJobSpec } from './scaling/drain-job';
import { hasUnregisterJob, renderUnregisterJobSpec } from './scaling/unregister-job';
import { AccessJobs, accessRecord, hasAccessJob, renderAccessJob } from './security/access-jobs';
import { listenerCertificateName, nodeCertificateName, renderListenerCertificate, renderNodeCertificate, renderUserCertificate } from './security/certificates';
import { hasTopicsJob, renderTopicsJob, TopicsJob, topicsRecord } from './topics/topics-job';
import { AclPatternType, AclResourceType } from '../access/acl';
import { KAFKA_USER_OPTIONS, KafkaUser, KafkaUserOptions, userName } from '../access/kafka-user';
import { unmatchedPeerViolations } from '../access/peer-check';
import { certificate } from '../core/cert-manager';
import { checkRules, raise } from '../core/errors';
import { checkArguments, checkProps, Expect } from '../core/input-shape';
import { late } from '../core/late';
import { MODEL_ANNOTATION, renderModel } from '../core/model-annotation';
import { checkConstructId, claimName, resourceName } from '../core/naming';
import { KAFKA_TOPIC_OPTIONS, KafkaTopic, KafkaTopicOptions } from '../topics/kafka-topic';
import { resolveTopic } from '../topics/resolve-topic';
import { topicTypoWarnings } from '../topics/topic-references';

// A pool name becomes part of its pods' names.
const POOL_NAME = Expect.text({
  expected: 'a lower-case DNS label of at most 30 characters (it becomes part of pod names)',
  example: '"analytics"',
  maxLength: 30,
  pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
});

/**
 * A KRaft Kafka cluster as plain Kubernetes objects: a controller pool and broker
 * pools as StatefulSets, a headless Service for per-pod DNS, a bootstrap Service,
 * PodDisruptionBudgets, per-broker Services for external listeners. Everything an
 * operator would decide at run time is decided here at synth: node ids, quorum,
 * listeners, racks, configuration and the rolling-restart gates.
 *
 * The cluster has no single main object, so no default child: its workloads belong to
 * its pools (`controllers`, `brokers`, `addNodePool()`), each pool's StatefulSet is at
 * `<pool>/Pool/Resource` (one `Zone-<zone>` per zone with zones), for
 * `ApiObject.of(...).addJsonPatch(...)`.
 */
export class KafkaCluster extends Construct implements IKafkaCluster {
  /**
   * A Kafka cluster defined elsewhere (another chart, namespace or Kubernetes cluster,
   * or a managed service), for components to connect to by its explicit address.
   *
   * @param scope where the reference lives
   * @param id its id
   * @param attributes the cluster's address and release
   */
  public static fromBootstrap(scope: Construct, id: string, attributes: KafkaEndpointAttributes): IKafkaCluster {
    return new ImportedKafkaCluster(scope, id, attributes);
  }

  /** Base name of the cluster's objects. */
  public readonly clusterName: string;
  /** Bootstrap address of the first internal client listener, `host:port`. */
  public readonly bootstrapServers: string;
  /** Confluent Platform release of the nodes. */
  public readonly version: ConfluentVersion;
  /** The KRaft cluster id. */
  public readonly clusterId: string;
  /** Name of the bootstrap Service. */
  public readonly bootstrapServiceName: string;
  /** Name of the headless Service that gives every node its DNS name. */
  public readonly headlessServiceName: string;
  /** The controller pool (the `brokers` pool in combined mode). */
  public readonly controllers: INodePool;
  /** The `brokers` pool. */
  public readonly brokers: INodePool;

  /** Replication factor of topics created without one, and of internal topics. */
  public readonly replicationFactor: number;
  /** `min.insync.replicas` of the cluster. */
  public readonly minInSyncReplicas: number;
  /** Always false: this cluster is defined here. */
  public readonly imported = false;
  /** Labels of the broker pods (every pool); always set for a cluster defined here. */
  public readonly brokerPodLabels?: { [key: string]: string };
  /** DNS domain of the Kubernetes cluster; always set for a cluster defined here. */
  public readonly clusterDomain?: string;
  /** ConfigMap in which the roll Job records the release every node runs; always set for a cluster defined here. */
  public readonly versionConfigMap?: string;
  /** The monitoring settings components wired to the cluster inherit; undefined when off. */
  public readonly monitoring?: MonitoringSettings;
  /** Who may scrape the nodes' metrics (`metricsPeers`); components wired to the cluster admit them too. */
  public readonly metricsPeers?: ClientPeer[];
  /** The logging settings components wired to the cluster inherit; undefined for the images' own. */
  public readonly logging?: LoggingSettings;

  private readonly model: ResolvedCluster;
  private readonly members = new ClusterMembers();
  private accessJobs?: AccessJobs;
  private topicsJob?: TopicsJob;
  private drainJob?: BrokerClientJob;
  /** The topics and access Jobs as rendered at synth (undefined when the cluster has none). */
  private readonly topicsJobSpec: () => RecordedJobSpec | undefined;
  private readonly accessJobSpec: () => RecordedJobSpec | undefined;

  /**
   * @param scope the chart (or a construct in it); the chart's namespace is the cluster's
   * @param id the cluster's name: every object name starts with it, so never rename it
   * @param props what the cluster should be; every prop has a production default
   */
  constructor(scope: Construct, id: string, props: KafkaClusterProps = {}) {
    super(scope, checkConstructId(scope, id));
    checkProps(this, props, KAFKA_CLUSTER_PROPS);
    const plan = resolveCluster(this, props, { name: resourceName(this), namespace: Chart.of(this).namespace });
    const m = plan.cluster;
    this.model = m;
    for (const message of clusterWarnings(m, plan.controllers)) warn(this, message);

    this.clusterName = m.name;
    this.version = m.version;
    this.clusterId = m.clusterId;
    this.replicationFactor = m.replication.factor;
    this.minInSyncReplicas = m.replication.minInSync;
    this.bootstrapServers = m.bootstrapServers;
    this.headlessServiceName = m.headlessService;
    this.bootstrapServiceName = m.bootstrapService;
    this.brokerPodLabels = brokerSelector(m);
    this.clusterDomain = m.clusterDomain;
    this.monitoring = props.monitoring;
    this.logging = props.logging;
    this.metricsPeers = [...m.metricsPeers];
    this.versionConfigMap = versionConfigMapName(m);

    this.addSharedObjects();
    if (m.network.policy) {
      new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
        metadata: { name: claimName(this, 'NetworkPolicy', `${m.name}-kafka`), labels: clusterLabels(m, 'kafka') },
        // Wired clients register after the constructor: rendered at synth.
        spec: late(() => renderClusterNetworkPolicy(m, this.members.snapshot())),
      });
    }
    this.controllers = this.addPool(plan.controllers);
    this.brokers = plan.brokers === undefined ? this.controllers : this.addPool(plan.brokers);
    for (const budget of renderDisruptionBudgets(m)) {
      claimName(this, 'PodDisruptionBudget', budget.props.metadata!.name!);
      new k8s.KubePodDisruptionBudget(this, budget.id, budget.props);
    }
    addClusterMonitoring(this, m, () => this.members.pools);
    new NodeRoll(this, 'Roll', { cluster: m, members: this.members, nodes: this });
    // The ownership records come before the Jobs that read them, and stay without them.
    this.topicsJobSpec = this.members.memo(() => {
      const members = this.members.snapshot();
      return hasTopicsJob(m, members) ? renderTopicsJob(m, members) : undefined;
    });
    this.accessJobSpec = this.members.memo(() => {
      const members = this.members.snapshot();
      return hasAccessJob(m, members.users) ? renderAccessJob(m, members) : undefined;
    });
    addRecordConfigMap(this, 'TopicsRecord', topicsRecord(m).record, clusterLabels(m, 'topics'), () => this.topicsJobSpec()?.desired ?? '');
    if (m.security.tls !== undefined) {
      addRecordConfigMap(this, 'AccessRecord', accessRecord(m).record, clusterLabels(m, 'access'), () => this.accessJobSpec()?.desired ?? '');
    }
    // SASL listeners need the admin's credentials (and SCRAM ones its registration) even
    // before any user is added; a prune option keeps the Jobs when nothing of their kind
    // is declared.
    if (hasAccessJob(m, [])) this.ensureAccessJobs();
    if (hasTopicsJob(m, { topics: [] })) this.ensureTopicsJob();
    if (m.finalizedVersion !== undefined) new BrokerClientJob(this, 'Features', { cluster: m, members: this.members, job: 'features', render: renderFeaturesJobSpec });
    if (m.balanceReplicas) new BrokerClientJob(this, 'Balance', { cluster: m, members: this.members, job: 'balance', render: renderBalanceJobSpec });
    if (hasUnregisterJob(m)) new BrokerClientJob(this, 'Unregister', { cluster: m, members: this.members, job: 'unregister', render: renderUnregisterJobSpec });
    this.node.addValidation({ validate: () => brokerCountViolations(this.node.path, m, this.members.pools) });
    this.node.addValidation({ validate: () => topicReplicationViolations(this.node.path, this.members.snapshot().topics, this.members.pools) });
    // Warnings, not errors: a literal ACL may name a topic made elsewhere.
    this.node.addValidation({
      validate: () => {
        const { topics, users } = this.members.snapshot();
        const references = users.flatMap(u => u.acls
          .filter(a => a.resourceType === AclResourceType.TOPIC && a.patternType === AclPatternType.LITERAL)
          .map(a => ({ where: `user ${u.name}'s ACL`, topic: a.name })));
        for (const message of topicTypoWarnings(topics.map(t => t.name), references)) warn(this, message);
        return [];
      },
    });
    this.node.addValidation({
      validate: () => unmatchedPeerViolations(this, m.namespace, [
        ...m.listeners.map((l, i) => ({ prop: `listeners[${i}].peers`, peers: l.peers })),
        { prop: 'metricsPeers', peers: m.metricsPeers },
      ]),
    });
  }

  /**
   * Adds a pool of brokers with its own size, resources, storage and configuration
   * (heterogeneous brokers). Its `nodeIdBase` is required and its id range must not
   * overlap another pool's.
   *
   * @param name pool name, a short lower-case DNS label: part of its pods' names
   * @param options the pool's size, resources, storage, scheduling and configuration
   */
  public addNodePool(name: string, options: NodePoolOptions): INodePool {
    checkArguments(this, [['addNodePool.name', name, POOL_NAME], ['addNodePool.options', options, NODE_POOL_OPTIONS]]);
    if (this.node.tryFindChild(name) !== undefined) {
      raise(this, 'addNodePool.name', name, `the cluster already has a pool called ${name}`, 'Give every pool its own name');
    }
    return this.addPool(resolveClusterPool(this, this.model, name, [NodeRole.BROKER], options, undefined));
  }

  private addPool(pool: ResolvedPool): NodePool {
    const scope = new Construct(this, pool.name);
    checkPoolInCluster(scope, this.model, pool, this.members.pools);
    for (const message of poolWarnings(pool)) warn(scope, message);
    this.members.addPool(pool);
    const nodePool = new NodePool(scope, 'Pool', { cluster: this.model, pool, members: this.members });
    if (pool.draining.length > 0) this.drainJob ??= new BrokerClientJob(this, 'Drain', { cluster: this.model, members: this.members, job: 'drain', render: renderDrainJobSpec });
    return nodePool;
  }

  /** The issuer, ServiceAccount, exporter rules, Services and certificate every node shares. */
  private addSharedObjects(): void {
    const m = this.model;
    const labels = clusterLabels(m, 'kafka');
    const tls = m.security.tls;
    if (tls !== undefined) {
      tls.clientAuthority.authority._bind(this, '', tls.clientAuthority.name, labels);
      tls.nodeAuthority.authority._bind(this, 'Node', tls.nodeAuthority.name, labels);
    }
    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name: claimName(this, 'ServiceAccount', m.serviceAccount), labels },
      // Kafka never calls the Kubernetes API: no token in its pods.
      automountServiceAccountToken: false,
    });
    new k8s.KubeConfigMap(this, 'MetricsConfig', {
      metadata: { name: claimName(this, 'ConfigMap', m.metricsConfigMap), labels },
      data: metricsConfigData(m.monitoring !== undefined),
    });
    if (m.logging !== undefined) new LoggingFile(this, 'Logging', { logging: m.logging, configMap: m.loggingConfigMap, labels, what: `the nodes of Kafka cluster ${m.name}` });
    for (const service of renderClusterServices(m)) {
      claimName(this, 'Service', service.props.metadata!.name!, service.purpose);
      const svc = new k8s.KubeService(this, service.id, service.props);
      // The change-safety plan's model rides on the headless Service, which every cluster
      // has; pools, topics and users are added later, so it is rendered at synth.
      if (service.id === 'HeadlessService') {
        svc.metadata.addAnnotation(MODEL_ANNOTATION, late(() => renderModel(clusterPlanModel(m, this.members.snapshot()))));
      }
    }
    if (tls === undefined) return;
    claimName(this, 'Secret', tls.nodeSecret, 'the nodes\' certificate');
    if (tls.listenerSecret !== undefined) {
      claimName(this, 'Secret', tls.listenerSecret, 'the client listeners\' certificate');
      // Rendered at synth: it names the external hosts of pools added later too.
      certificate(this, 'ListenerCertificate', { name: claimName(this, 'Certificate', listenerCertificateName(m)), labels },
        late(() => renderListenerCertificate(m, this.members.pools, labels)));
    }
    if (m.security.adminSecret !== undefined && !m.security.adminSecretProvided) claimName(this, 'Secret', m.security.adminSecret, 'the admin\'s credentials');
    certificate(this, 'NodeCertificate', { name: claimName(this, 'Certificate', nodeCertificateName(m)), labels }, renderNodeCertificate(m, labels));
  }

  /**
   * Adds a user with its ACLs; see `IKafkaCluster.addUser`. Its SCRAM credentials are
   * created once in the cluster (unless `secret` names the user's own) and registered
   * with its ACLs by the cluster's access Job; with TLS it also gets a certificate from
   * the cluster's issuer (`<cluster>-user-<name>-tls`: `ca.crt` for trust, `tls.crt` and
   * `tls.key` for mutual TLS, principal = its common name).
   *
   * @param name user name, a lower-case DNS name
   * @param options its ACLs and an existing credentials Secret
   */
  public addUser(name: string, options: KafkaUserOptions = {}): KafkaUser {
    checkArguments(`${this.node.path}.addUser`, [['name', name, userName], ['options', options, Expect.optional(KAFKA_USER_OPTIONS)]]);
    const m = this.model;
    const user = resolveUser(`${this.node.path}.addUser`, m, name, options, this.members.hasUser(name));
    const connection = user.connection;
    if (connection.credentialsSecret !== undefined && !user._secretProvided) claimName(this, 'Secret', connection.credentialsSecret, `user ${name}'s credentials`);
    if (connection.certificateSecret !== undefined) {
      claimName(this, 'Secret', connection.certificateSecret, `user ${name}'s certificate`);
      const labels = clusterLabels(m, 'user');
      certificate(this, `User-${name}`, { name: claimName(this, 'Certificate', userSecretName(m, name)), labels }, renderUserCertificate(m, name, labels));
    }
    this.members.addUser(user);
    if (hasAccessJob(m, [user])) {
      const jobs = this.ensureAccessJobs();
      if (connection.credentialsSecret !== undefined && !user._secretProvided) jobs.ensureCredentialsJob();
    }
    (options?.appNamespaces ?? []).forEach((namespace, i) => this.copyUserSecrets(user, namespace, `addUser(${name}).options.appNamespaces[${i}]`));
    return user;
  }

  /** Copies a user's Secrets into an application's namespace (KafkaUserOptions.appNamespaces). */
  private copyUserSecrets(user: KafkaUser, namespace: string, prop: string): void {
    const m = this.model;
    const secrets = [user.connection.credentialsSecret, user.connection.certificateSecret].filter((s): s is string => s !== undefined);
    checkRules(this, [
      {
        when: m.namespace === undefined,
        prop,
        value: namespace,
        why: 'the copies are read from the cluster\'s namespace, and the chart has none',
        fix: 'Create the chart with a namespace: new Chart(app, id, { namespace: "kafka" })',
      },
      {
        when: namespace === m.namespace,
        prop,
        value: namespace,
        why: 'it is the cluster\'s own namespace, where the user\'s Secrets already are',
        fix: 'Remove it from appNamespaces',
      },
      {
        when: secrets.length === 0,
        prop,
        value: namespace,
        why: 'the user has no Secret to copy: the cluster\'s first internal listener neither authenticates nor encrypts',
        fix: 'Remove appNamespaces, or give the listener TLS or an authentication',
      },
    ]);
    new SecretCopy(this, `SecretCopy-${user.name}-${namespace}`, {
      cluster: m.name,
      user: user.name,
      sourceNamespace: m.namespace!,
      targetNamespace: namespace,
      secrets,
      labels: clusterLabels(m, 'user'),
      imagePullPolicy: m.imagePullPolicy,
      finishedJobTtlSeconds: m.finishedJobTtlSeconds,
      egressPorts: m.network.egressPorts,
    });
  }

  private ensureAccessJobs(): AccessJobs {
    this.accessJobs ??= new AccessJobs(this, 'Access', { cluster: this.model, members: this.members, job: () => this.accessJobSpec()! });
    return this.accessJobs;
  }

  private ensureTopicsJob(): TopicsJob {
    this.topicsJob ??= new TopicsJob(this, 'Topics', { cluster: this.model, job: () => this.topicsJobSpec()! });
    return this.topicsJob;
  }

  /**
   * Declares a topic: the cluster's topics Job (`<cluster>-kafka-topics-<hash>`) creates
   * it, adds partitions when `partitions` grows and sets the configs declared here when
   * they differ on the topic. It never deletes a topic, removes partitions or changes a
   * replication factor: asked to, it logs why and fails. Names are checked as Kafka
   * checks them, and against the other declared topics (Kafka refuses two names that
   * differ only by "." and "_").
   *
   * @param name the topic's name
   * @param options partitions, replication and configs
   */
  public addTopic(name: string, options: KafkaTopicOptions = {}): KafkaTopic {
    const scope = `${this.node.path}.addTopic(${typeof name === 'string' ? name : '?'})`;
    checkArguments(scope, [['options', options, Expect.optional(KAFKA_TOPIC_OPTIONS)]]);
    const m = this.model;
    const { partitions, factor: replicationFactor, minInSync } = m.replication;
    const defaults = { partitions, replicationFactor, minInSync, version: m.version };
    const resolved = resolveTopic(scope, name, options ?? {}, defaults);
    const clash = this.members.topicClash(resolved.name);
    if (clash !== undefined) {
      raise(scope, 'name', name, clash === name ? 'the cluster already declares this topic' : `Kafka treats it as the same name as ${clash} ("." and "_" collide in metric names)`,
        'Declare every topic once, under one name');
    }
    const topic = KafkaTopic._of(resolved);
    this.members.addTopic(topic);
    this.ensureTopicsJob();
    return topic;
  }

  /**
   * Records wired client pods; the NetworkPolicy admits each to the internal client
   * listeners by its own rule.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  public allowClient(podLabels: { [key: string]: string }): void {
    checkArguments(this, [['allowClient.podLabels', podLabels, selectorLabels]]);
    this.members.addClient(podLabels);
  }
}

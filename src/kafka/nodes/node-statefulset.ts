import { k8s } from 'cdk8s-plus-27';
import { LOGGING_CONFIG_DIR, loggingJvmFlag } from '../../observability/logging';
import { scrapeAnnotations } from '../../observability/monitoring-objects';
import { hasRole, NodeRole, PoolStatefulSet, ResolvedCluster, ResolvedPool, roleFlags } from '../cluster-model';
import { SpreadPolicy } from './node-pool-options';
import { ListenerScope, RESERVED_LISTENERS } from '../listener';
import { METRICS_CONFIG_DIR, METRICS_PORT } from './metrics-exporter';
import { AdvertisedEndpoint, POD_HOST, renderPreStopScript, renderReadinessScript, renderStartedScript, renderStartScript } from './node-scripts';
import { ConfluentComponent } from '../../core/component';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, writableVolumes } from '../../core/pod-security';
import { mergeEnv, ShellScript } from '../../core/script-file';
import { CONFIG_HASH_ANNOTATION, poolLabels, poolSelector, podLabels, statefulSetSelector } from '../pod-labels';
import { guardsQuorum, quorumStateVolume, renderQuorumGuardEnv } from './quorum-guard';
import { renderQuorumVoters } from './server-properties';
import { dataMountPath, dataVolumeName, StorageKind } from './storage';
import { sizedEmptyDir, volumeClaimTemplate } from '../../core/volumes';
import { CertificateInPod, listenerCertificateInPod, NodeCertificateInPod, nodeCertificateInPod } from '../security/certificates';
import { LOCAL_CLIENT_CONFIG, PLAIN_USERS_DIR } from '../security/cluster-security';

/** Inputs of one StatefulSet of a pool. */
export interface NodeStatefulSetInput {
  readonly cluster: ResolvedCluster;
  readonly pool: ResolvedPool;
  readonly sts: PoolStatefulSet;
  /** Name of the pool's ConfigMap of `KAFKA_*` variables. */
  readonly configMap: string;
  /** Hash of everything the pods read from ConfigMaps. */
  readonly configHash: string;
  /** Users a PLAIN listener accepts, with the Secrets of their passwords. */
  readonly plainUsers: ReadonlyArray<{ readonly user: string; readonly secret: string }>;
}

/** Name and labels of the StatefulSet of one pool (in one zone). */
export function nodeStatefulSetMetadata(cluster: ResolvedCluster, pool: ResolvedPool, sts: PoolStatefulSet): k8s.ObjectMeta {
  return { name: sts.name, labels: poolLabels(cluster, pool) };
}

/**
 * The StatefulSet of one pool (in one zone): restricted pods running the image's own
 * entrypoint behind a start wrapper, one volume claim per disk kept on delete and
 * scale-down, rolled one pod at a time with readiness meaning "caught up".
 */
export function renderNodeStatefulSet(input: NodeStatefulSetInput): k8s.KubeStatefulSetProps {
  const { cluster, pool, sts } = input;
  const selector = statefulSetSelector(cluster, pool, sts);
  return {
    metadata: nodeStatefulSetMetadata(cluster, pool, sts),
    spec: {
      serviceName: cluster.headlessService,
      replicas: sts.replicas,
      selector: { matchLabels: selector },
      // Parallel: a new quorum must start all voters at once (OrderedReady would wait
      // for voter 0 to be Ready, which it cannot be without a majority).
      podManagementPolicy: 'Parallel',
      // The StatefulSet controller rolls each StatefulSet on its own, so one per zone
      // (and per pool) would restart at once; the cluster's roll Job restarts the pods
      // instead, one node of the whole cluster at a time (node-roll.sh).
      updateStrategy: { type: 'OnDelete' },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: volumeClaimTemplates(pool),
      template: {
        metadata: {
          labels: podLabels(cluster, pool, sts),
          annotations: {
            ...scrapeAnnotations(cluster.monitoring, METRICS_PORT), ...pool.pod.annotations, [CONFIG_HASH_ANNOTATION]: input.configHash,
          },
        },
        spec: podSpec(input),
      },
    },
  };
}

function podSpec(input: NodeStatefulSetInput): k8s.PodSpec {
  const { cluster, pool } = input;
  const writable = writableVolumes(ConfluentComponent.KAFKA);
  const volumes: k8s.Volume[] = [
    ...writable.map(w => w.volume),
    { name: 'metrics-config', configMap: { name: cluster.metricsConfigMap } },
    ...(cluster.logging === undefined ? [] : [{ name: 'logging-config', configMap: { name: cluster.loggingConfigMap } }]),
  ];
  if (pool.storage.kind === StorageKind.EPHEMERAL) {
    volumes.push(sizedEmptyDir(dataVolumeName(0), pool.storage.ephemeralLimit!));
  }
  const extraMounts: k8s.VolumeMount[] = [];
  for (const certificate of [nodeCertificate(cluster), listenerCertificate(cluster, pool)]) {
    if (certificate === undefined) continue;
    volumes.push(...certificate.volumes);
    extraMounts.push(...certificate.mounts);
  }
  if (hasRole(pool, NodeRole.BROKER) && cluster.security.plainListeners.length > 0) {
    // One file per PLAIN user (its password), read at start: a new user changes the
    // template, so the brokers roll and accept it.
    volumes.push({
      name: 'plain-users',
      projected: {
        defaultMode: 0o440,
        sources: input.plainUsers.map(u => ({ secret: { name: u.secret, items: [{ key: 'password', path: u.user }] } })),
      },
    });
    extraMounts.push({ name: 'plain-users', mountPath: PLAIN_USERS_DIR, readOnly: true });
  }
  if (guardsQuorum(pool)) {
    const state = quorumStateVolume(cluster);
    volumes.push(state.volume);
    extraMounts.push(state.mount);
  }
  const scripts = nodeScripts(input);
  return {
    serviceAccountName: cluster.serviceAccount,
    automountServiceAccountToken: false,
    // Service links inject KAFKA_PORT & co. for a Service called "kafka", and the image
    // turns every KAFKA_* variable into a property (or exits on KAFKA_PORT).
    enableServiceLinks: false,
    securityContext: restrictedPodSecurityContext(),
    terminationGracePeriodSeconds: pool.terminationGraceSeconds,
    priorityClassName: pool.pod.priorityClassName,
    nodeSelector: pool.pod.nodeSelector === undefined ? undefined : { ...pool.pod.nodeSelector },
    tolerations: pool.pod.tolerations === undefined ? undefined : [...pool.pod.tolerations],
    affinity: affinity(input),
    topologySpreadConstraints: spreadConstraints(input),
    containers: [{
      name: 'kafka',
      image: cluster.image,
      imagePullPolicy: cluster.imagePullPolicy,
      command: scripts.start.command,
      envFrom: [{ configMapRef: { name: input.configMap } }],
      env: containerEnv(input, scripts),
      ports: containerPorts(cluster, pool),
      resources: pool.resources.requirements,
      securityContext: restrictedContainerSecurityContext(),
      volumeMounts: [
        ...dataMounts(pool),
        ...writable.map(w => w.mount),
        { name: 'metrics-config', mountPath: METRICS_CONFIG_DIR, readOnly: true },
        ...(cluster.logging === undefined ? [] : [{ name: 'logging-config', mountPath: LOGGING_CONFIG_DIR, readOnly: true }]),
        ...extraMounts,
      ],
      // Started = Kafka itself reports its state. The agent's port alone opens earlier,
      // in the JVM that formats storage. A broker recovering its logs reports RECOVERY
      // and passes, so liveness never restarts a broker for being busy.
      startupProbe: {
        exec: { command: scripts.started.command },
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: Math.ceil(pool.startupSeconds / 10),
      },
      livenessProbe: {
        exec: { command: scripts.started.command },
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
      readinessProbe: {
        exec: { command: scripts.ready.command },
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 3,
      },
      lifecycle: { preStop: { exec: { command: scripts.preStop.command } } },
    }],
    volumes,
  };
}

/**
 * The container's command, probes and pre-stop hook. Their parameters are environment
 * variables of the container, which the probes and the hook see too.
 */
interface NodeScripts {
  readonly start: ShellScript;
  readonly started: ShellScript;
  readonly ready: ShellScript;
  readonly preStop: ShellScript;
}

function nodeScripts(input: NodeStatefulSetInput): NodeScripts {
  const { pool } = input;
  return {
    start: startScript(input),
    started: renderStartedScript(roleFlags(pool)),
    ready: renderReadinessScript({ ...roleFlags(pool), maxFetcherLag: pool.maxFetcherLag }),
    preStop: preStopScript(input),
  };
}

function startScript(input: NodeStatefulSetInput): ShellScript {
  const { cluster, pool } = input;
  const advertised: AdvertisedEndpoint[] = [];
  if (hasRole(pool, NodeRole.BROKER)) {
    advertised.push({ name: RESERVED_LISTENERS.REPLICATION.name, port: RESERVED_LISTENERS.REPLICATION.port });
    for (const l of cluster.listeners) {
      if (l.scope === ListenerScope.INTERNAL) {
        advertised.push({ name: l.name, port: l.port });
      } else {
        advertised.push({ name: l.name, hostPattern: l.access!.hostPattern, port: l.advertisedPort ?? l.port, nodePortBase: l.access!.basePort });
      }
    }
  }
  return renderStartScript({
    headlessService: cluster.headlessService,
    clusterDomain: cluster.clusterDomain,
    advertised,
    plainListeners: hasRole(pool, NodeRole.BROKER) ? cluster.security.plainListeners : [],
    plainUsersDir: PLAIN_USERS_DIR,
    quorumGuard: guardsQuorum(pool) ? renderQuorumGuardEnv(cluster) : undefined,
    tls: nodeCertificate(cluster)?.files,
    listenerTls: listenerCertificate(cluster, pool)?.files,
    log4jOpts: cluster.logging === undefined ? undefined : loggingJvmFlag(cluster.logging.generation),
  });
}

/** The certificate a broker serves on its client listeners, when one of them has TLS. */
function listenerCertificate(cluster: ResolvedCluster, pool: ResolvedPool): CertificateInPod | undefined {
  const tls = cluster.security.tls;
  return tls === undefined || !hasRole(pool, NodeRole.BROKER) ? undefined : listenerCertificateInPod(cluster, tls);
}

/** The node's own certificate, with TLS; its tools' client settings next to the rendered properties. */
function nodeCertificate(cluster: ResolvedCluster): NodeCertificateInPod | undefined {
  const tls = cluster.security.tls;
  return tls === undefined ? undefined : nodeCertificateInPod(cluster, tls, LOCAL_CLIENT_CONFIG);
}

function preStopScript(input: NodeStatefulSetInput): ShellScript {
  const { cluster, pool } = input;
  // With TLS the tools connect by the pod's DNS name, which the certificate names
  // (host name verification stays on); without, loopback.
  const host = cluster.security.tls === undefined ? 'localhost' : POD_HOST;
  return renderPreStopScript({
    ...roleFlags(pool),
    headlessService: cluster.headlessService,
    clusterDomain: cluster.clusterDomain,
    brokerBootstrap: `${host}:${RESERVED_LISTENERS.REPLICATION.port}`,
    controllerBootstrap: `${host}:${RESERVED_LISTENERS.CONTROLLER.port}`,
    clientConfigFile: cluster.security.tls === undefined ? undefined : LOCAL_CLIENT_CONFIG,
    maxWaitSeconds: pool.preStopMaxWaitSeconds,
  });
}

function containerEnv(input: NodeStatefulSetInput, scripts: NodeScripts): k8s.EnvVar[] {
  const { cluster, pool, sts } = input;
  const env: k8s.EnvVar[] = [
    { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
    { name: 'NODE_ID_BASE', value: String(sts.nodeIdBase) },
    { name: 'NODE_ID_STRIDE', value: String(sts.nodeIdStride) },
    // After POD_NAMESPACE, so Kubernetes expands $(POD_NAMESPACE) in it.
    { name: 'KAFKA_CONTROLLER_QUORUM_VOTERS', value: renderQuorumVoters(cluster) },
  ];
  if (sts.zone !== undefined && hasRole(pool, NodeRole.BROKER)) {
    env.push({ name: 'KAFKA_BROKER_RACK', value: sts.zone });
  }
  const scriptEnv = mergeEnv(scripts.start.env, scripts.started.env, scripts.ready.env, scripts.preStop.env);
  return [...env, ...scriptEnv, ...pool.pod.env];
}

function containerPorts(cluster: ResolvedCluster, pool: ResolvedPool): k8s.ContainerPort[] {
  const ports: k8s.ContainerPort[] = [];
  if (hasRole(pool, NodeRole.CONTROLLER)) {
    ports.push({ name: 'controller', containerPort: RESERVED_LISTENERS.CONTROLLER.port, protocol: 'TCP' });
  }
  if (hasRole(pool, NodeRole.BROKER)) {
    ports.push({ name: 'replication', containerPort: RESERVED_LISTENERS.REPLICATION.port, protocol: 'TCP' });
    for (const l of cluster.listeners) ports.push({ name: l.portName, containerPort: l.port, protocol: 'TCP' });
  }
  ports.push({ name: 'metrics', containerPort: METRICS_PORT, protocol: 'TCP' });
  return ports;
}

function dataMounts(pool: ResolvedPool): k8s.VolumeMount[] {
  const count = pool.storage.kind === StorageKind.EPHEMERAL ? 1 : pool.storage.disks.length;
  return Array.from({ length: count }, (_, i) => ({ name: dataVolumeName(i), mountPath: dataMountPath(i) }));
}

function volumeClaimTemplates(pool: ResolvedPool): k8s.KubePersistentVolumeClaimProps[] | undefined {
  if (pool.storage.kind === StorageKind.EPHEMERAL) return undefined;
  return pool.storage.disks.map((disk, i) => volumeClaimTemplate(dataVolumeName(i), disk));
}

function affinity(input: NodeStatefulSetInput): k8s.Affinity | undefined {
  const { cluster, pool, sts } = input;
  const zones = sts.zone !== undefined ? [sts.zone] : sts.spreadZones;
  const zone: k8s.NodeAffinity | undefined = zones === undefined ? undefined : {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE_KEY, operator: 'In', values: [...zones] }] }],
    },
  };
  // Across the whole pool, not only this StatefulSet: with zones, each zone's
  // StatefulSet is one slice of the pool.
  const host: k8s.PodAntiAffinity | undefined = pool.hostSpread !== SpreadPolicy.REQUIRED ? undefined : {
    requiredDuringSchedulingIgnoredDuringExecution: [{
      topologyKey: 'kubernetes.io/hostname',
      labelSelector: { matchLabels: poolSelector(cluster, pool) },
    }],
  };
  if (zone === undefined && host === undefined) return undefined;
  return { nodeAffinity: zone, podAntiAffinity: host };
}

function spreadConstraints(input: NodeStatefulSetInput): k8s.TopologySpreadConstraint[] | undefined {
  const { cluster, pool, sts } = input;
  const selector = { matchLabels: poolSelector(cluster, pool) };
  const constraints: k8s.TopologySpreadConstraint[] = [];
  if (pool.hostSpread === SpreadPolicy.PREFERRED) {
    constraints.push({ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector });
  }
  if (sts.spreadZones !== undefined) {
    // Voters spread evenly over the given zones: losing a zone loses at most one of three.
    constraints.push({ maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector });
  } else if (sts.zone === undefined) {
    // Without explicit zones the scheduler still spreads the pool over whatever zones exist.
    constraints.push({ maxSkew: 1, topologyKey: ZONE_KEY, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: selector });
  }
  return constraints.length > 0 ? constraints : undefined;
}

const ZONE_KEY = 'topology.kubernetes.io/zone';

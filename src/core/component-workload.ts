import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { ConfluentComponent } from './component';
import { raise } from './errors';
import { KafkaVersionGate, renderKafkaVersionGate } from './kafka-version-gate';
import { late } from './late';
import { claimName } from './naming';
import { restrictedContainerSecurityContext, restrictedPodSecurityContext, writableLayoutEnv, writableVolumes } from './pod-security';
import { ResolvedPodSettings } from './pod-settings';
import { sortedByKey } from './stable-order';
import { ClaimedDisk, grownClaims } from './volumes';

/** A port a component serves, as a container port and a Service port. */
export interface ComponentPort {
  readonly name: string;
  readonly port: number;
}

/** Everything one component's Kubernetes objects are built from. */
export interface ComponentWorkloadProps {
  readonly component: ConfluentComponent;
  /** Base name of the objects (`schemas-schema-registry`). */
  readonly name: string;
  /** Metadata labels of every object. */
  readonly labels: Record<string, string>;
  /** Stable selector labels (a subset of the pod labels). */
  readonly selector: Record<string, string>;
  /** Run as a StatefulSet (stable names and volumes) instead of a Deployment. */
  readonly stateful: boolean;
  readonly replicas: number;
  readonly image: string;
  readonly imagePullPolicy: string;
  /** Environment from the component's ConfigMap (rendered properties, JVM flags). */
  readonly configEnv: Record<string, string>;
  /** Environment set on the container itself (downward API, Secret references). */
  readonly env?: k8s.EnvVar[];
  /** Container command (default: the image's own entrypoint). */
  readonly command?: string[];
  readonly ports: readonly ComponentPort[];
  readonly resources: k8s.ResourceRequirements;
  readonly readinessProbe: k8s.Probe;
  readonly livenessProbe: k8s.Probe;
  readonly startupProbe: k8s.Probe;
  readonly volumes?: k8s.Volume[];
  readonly volumeMounts?: k8s.VolumeMount[];
  readonly volumeClaimTemplates?: k8s.KubePersistentVolumeClaimProps[];
  /** The disks of `volumeClaimTemplates`: those that have grown get a claim per pod. */
  readonly claimedDisks?: readonly ClaimedDisk[];
  readonly initContainers?: k8s.Container[];
  /** Hold new pods until every Kafka node runs this release (a cluster of the same app). */
  readonly kafkaVersionGate?: KafkaVersionGate;
  readonly terminationGracePeriodSeconds: number;
  /** Strings that, when they change, must roll the pods (files read at start). */
  readonly hashInputs?: string[];
  /** Headless Service for per-pod DNS names (leader forwarding, REST forwarding). */
  readonly headless: boolean;
  /** Pod annotations the library sets (the user's own come with `pod`). */
  readonly podAnnotations?: Record<string, string>;
  /** Scheduling and the user's escape hatches (extra env, pod annotations). */
  readonly pod: ResolvedPodSettings;
}

/** Pod template annotation holding the hash of what the pods read at start. */
export const COMPONENT_CONFIG_HASH = 'cdk8s-kafka/config-hash';

/**
 * The objects every Confluent component runs as: a ServiceAccount without a token, the
 * ConfigMap of its rendered configuration, a Deployment or StatefulSet of restricted pods
 * (rolled when the configuration changes, spread over hosts), a client Service, a
 * headless Service when instances address each other, and a PodDisruptionBudget when
 * there is more than one instance.
 */
export class ComponentWorkload extends Construct {
  /** Name of the client Service. */
  public readonly serviceName: string;
  /** Name of the headless Service (when any). */
  public readonly headlessServiceName?: string;
  /** Name of the ConfigMap of rendered configuration. */
  public readonly configMapName: string;
  /** The Deployment or StatefulSet: the component's main object. */
  public readonly resource: ApiObject;
  private readonly addedVolumes: k8s.Volume[] = [];
  private readonly addedMounts: k8s.VolumeMount[] = [];

  constructor(scope: Construct, id: string, props: ComponentWorkloadProps) {
    super(scope, id);
    const { name, labels, selector } = props;
    // Claimed for the component (the construct that owns the workload), so it can claim
    // its name before anything else is named after it.
    this.serviceName = claimName(scope, 'Service', name);
    this.headlessServiceName = props.headless ? claimName(scope, 'Service', headlessServiceName(name)) : undefined;
    this.configMapName = claimName(scope, 'ConfigMap', `${name}-config`);
    claimName(scope, 'ServiceAccount', name);
    claimName(scope, props.stateful ? 'StatefulSet' : 'Deployment', name);
    if (props.replicas > 1) claimName(scope, 'PodDisruptionBudget', name);

    new k8s.KubeServiceAccount(this, 'ServiceAccount', {
      metadata: { name, labels },
      automountServiceAccountToken: false,
    });
    const configEnv = { ...props.configEnv, ...Object.fromEntries(writableLayoutEnv(props.component).map(e => [e.name, e.value!])) };
    const data = sortedByKey(configEnv);
    new k8s.KubeConfigMap(this, 'Config', { metadata: { name: this.configMapName, labels }, data });
    const hash = createHash('sha256').update(JSON.stringify(data));
    for (const input of props.hashInputs ?? []) hash.update(input);

    const writable = writableVolumes(props.component);
    const gate = props.kafkaVersionGate === undefined
      ? undefined
      : renderKafkaVersionGate(props.kafkaVersionGate, props.image, props.imagePullPolicy);
    const podLabels = { ...selector };
    const initContainers = [...gate === undefined ? [] : [gate.container], ...props.initContainers ?? []];
    const pod = props.pod;
    const template: k8s.PodTemplateSpec = {
      metadata: { labels: podLabels, annotations: { ...props.podAnnotations, ...pod.annotations, [COMPONENT_CONFIG_HASH]: hash.digest('hex').slice(0, 16) } },
      spec: {
        serviceAccountName: name,
        automountServiceAccountToken: false,
        // Service links inject <SERVICE>_PORT variables, which the images turn into
        // properties (or exit on, for SCHEMA_REGISTRY_PORT).
        enableServiceLinks: false,
        securityContext: restrictedPodSecurityContext(),
        terminationGracePeriodSeconds: props.terminationGracePeriodSeconds,
        priorityClassName: pod.priorityClassName,
        nodeSelector: pod.nodeSelector === undefined ? undefined : { ...pod.nodeSelector },
        tolerations: pod.tolerations === undefined ? undefined : [...pod.tolerations],
        topologySpreadConstraints: [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
          { maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: selector } },
        ],
        initContainers: initContainers.length === 0 ? undefined : initContainers,
        containers: [{
          name: props.component,
          image: props.image,
          imagePullPolicy: props.imagePullPolicy,
          command: props.command,
          envFrom: [{ configMapRef: { name: this.configMapName } }],
          env: componentEnv(scope, props, data),
          ports: props.ports.map(p => ({ name: p.name, containerPort: p.port, protocol: 'TCP' })),
          resources: props.resources,
          securityContext: restrictedContainerSecurityContext(),
          readinessProbe: props.readinessProbe,
          livenessProbe: props.livenessProbe,
          startupProbe: props.startupProbe,
          // Volumes are added after the constructor too (addVolume): rendered at synth.
          volumeMounts: late(() => [...writable.map(w => w.mount), ...(props.volumeMounts ?? []), ...this.addedMounts]),
        }],
        volumes: late(() => [
          ...writable.map(w => w.volume), ...(props.volumes ?? []), ...this.addedVolumes, ...(gate === undefined ? [] : [gate.volume]),
        ]),
      },
    };

    if (props.stateful) {
      // Grown disks: each pod's claim before the StatefulSet that uses it.
      for (const { template: claimTemplate, disk } of props.claimedDisks ?? []) {
        for (const claim of grownClaims(claimTemplate, name, props.replicas, disk, selector)) {
          new k8s.KubePersistentVolumeClaim(this, `Claim-${claim.name}`, { ...claim.props, metadata: { ...claim.props.metadata, name: claimName(scope, 'PersistentVolumeClaim', claim.name) } });
        }
      }
      this.resource = new k8s.KubeStatefulSet(this, 'Resource', {
        metadata: { name, labels },
        spec: {
          serviceName: this.headlessServiceName ?? name,
          replicas: props.replicas,
          selector: { matchLabels: selector },
          podManagementPolicy: 'Parallel',
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
          persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
          volumeClaimTemplates: props.volumeClaimTemplates,
          template,
        },
      });
    } else {
      this.resource = new k8s.KubeDeployment(this, 'Resource', {
        metadata: { name, labels },
        spec: {
          replicas: props.replicas,
          selector: { matchLabels: selector },
          // Never below the wanted count during a roll: a new pod must be Ready first.
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: k8s.IntOrString.fromNumber(0), maxSurge: k8s.IntOrString.fromNumber(1) } },
          template,
        },
      });
    }

    const servicePorts = props.ports.map(p => ({ name: p.name, port: p.port, targetPort: k8s.IntOrString.fromNumber(p.port), protocol: 'TCP' }));
    new k8s.KubeService(this, 'Service', {
      metadata: { name, labels },
      spec: { type: 'ClusterIP', selector, ports: servicePorts },
    });
    if (this.headlessServiceName !== undefined) {
      new k8s.KubeService(this, 'HeadlessService', {
        metadata: { name: this.headlessServiceName, labels },
        // Instances find each other before they are Ready (leader election, forwarding).
        spec: { clusterIp: 'None', publishNotReadyAddresses: true, selector, ports: servicePorts },
      });
    }
    if (props.replicas > 1) {
      new k8s.KubePodDisruptionBudget(this, 'Budget', {
        metadata: { name, labels },
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: selector } },
      });
    }
  }

  /**
   * Mounts one more volume on the main container (a Secret a connector declared later
   * reads): rendered with the others when the chart is synthesized.
   */
  public addVolume(volume: k8s.Volume, mount: k8s.VolumeMount): void {
    this.addedVolumes.push(volume);
    this.addedMounts.push(mount);
  }
}

/** Name of a component's headless Service. */
export function headlessServiceName(name: string): string {
  return `${name}-headless`;
}

/**
 * The container's environment: the library's variables, then the user's `extraEnv`,
 * which may not shadow one of them or of the ConfigMap's.
 */
function componentEnv(scope: Construct, props: ComponentWorkloadProps, configEnv: Readonly<Record<string, string>>): k8s.EnvVar[] | undefined {
  if (props.pod.env.length === 0) return props.env;
  const own = props.env ?? [];
  const taken = new Set([...own.map(e => e.name), ...Object.keys(configEnv)]);
  const clash = props.pod.env.find(e => taken.has(e.name));
  if (clash !== undefined) {
    raise(scope, `extraEnv.${clash.name}`, clash.name, 'the library sets this variable itself', 'Remove it (or set the matching prop or property)');
  }
  return [...own, ...props.pod.env];
}

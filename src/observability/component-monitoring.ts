import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AlertDefinition, AlertTarget } from './alert-rules';
import { DashboardDefinition } from './dashboard';
import { ExporterRuleSet, renderExporterConfig } from './exporter-config';
import { METRICS_CONFIG_DIR, METRICS_CONFIG_FILE, METRICS_PORT, METRICS_PORT_NAME } from './metrics-port';
import { MONITORING_SETTINGS, MonitoringSettings, ResolvedAlertThresholds, ResolvedMonitoring, resolveMonitoring } from './monitoring';
import { dashboardMatchers, MonitoringObjects, scrapeAnnotations } from './monitoring-objects';
import { ErrorScope } from '../core/errors';
import { claimName } from '../core/naming';
import { warn } from '../core/warnings';

/** Monitoring of a component (Schema Registry, Connect, ksqlDB). */
export interface ComponentMonitoringSettings {
  /**
   * Monitoring of the component: its JVM serves its metrics on port 9404 (the JMX
   * exporter agent the image ships), a PodMonitor (or pod annotations) lets Prometheus
   * find them, a PrometheusRule alerts (runbook in docs/monitoring.md) and a Grafana
   * dashboard draws them. The NetworkPolicy admits `metricsPeers` to the port.
   *
   * @default - the Kafka cluster's `monitoring` when the cluster is defined in this app
   * (one setting monitors the whole platform); otherwise off
   */
  readonly monitoring?: MonitoringSettings;
}

/** The runtime form of ComponentMonitoringSettings (src/core/input-shape.ts). */
export const COMPONENT_MONITORING_FIELDS = { monitoring: MONITORING_SETTINGS };

/** The component's monitoring: its own setting, else the cluster's. */
export function resolveComponentMonitoring(
  scope: ErrorScope, own: MonitoringSettings | undefined, cluster: MonitoringSettings | undefined,
): ResolvedMonitoring | undefined {
  if (own !== undefined) return resolveMonitoring(scope, 'monitoring', own);
  return cluster === undefined ? undefined : resolveMonitoring(scope, 'monitoring (the Kafka cluster\'s)', cluster);
}

/** How a component's alerts find its objects. */
export interface ComponentAlertTargetInput {
  readonly prefix: string;
  readonly title: string;
  /** Value of `app.kubernetes.io/name` on its pods. */
  readonly app: string;
  /** Base name of its objects (its pods' `app.kubernetes.io/instance`). */
  readonly name: string;
  readonly namespace?: string;
  /** A StatefulSet (pods `<name>-<ordinal>`) rather than a Deployment (`<name>-<hash>-<id>`). */
  readonly stateful: boolean;
  readonly container: string;
  readonly certificate?: string;
  /** Regular expression of its Jobs' names. */
  readonly jobs?: string;
}

/** A component as its alerts see it. */
export function componentAlertTarget(input: ComponentAlertTargetInput): AlertTarget {
  return {
    prefix: input.prefix,
    title: input.title,
    app: input.app,
    instance: input.name,
    namespace: input.namespace,
    pods: input.stateful ? `${input.name}-[0-9]+` : `${input.name}-[a-z0-9]+-[a-z0-9]+`,
    container: input.container,
    certificates: input.certificate,
    jobs: input.jobs,
  };
}

/** What a component's metrics are built from. */
export interface ComponentMetricsProps {
  readonly monitoring: ResolvedMonitoring;
  /** The exporter rules of the component. */
  readonly rules: ExporterRuleSet;
  /** What the rules file says it is for. */
  readonly heading: string;
  /** Base name of the component's objects. */
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
  /** What its alerts watch. */
  readonly target: AlertTarget;
  /** Its alerts. */
  readonly alerts: (target: AlertTarget, thresholds: ResolvedAlertThresholds) => AlertDefinition[];
  /** Its dashboard, given its name and its series' label matchers. */
  readonly dashboard: (name: string, matchers: string) => DashboardDefinition;
  /** Its NetworkPolicy admits nobody to the metrics port (no metrics peers): synth warns. */
  readonly scrapeBlocked: boolean;
}

/**
 * A component's metrics: the exporter rules ConfigMap (`<name>-metrics`), what its
 * container needs to serve them (the agent's start parameters, port, volume, pod
 * annotations), and its PodMonitor, PrometheusRule and dashboard.
 */
export class ComponentMetrics extends Construct {
  /** What the start command (component-start.sh) needs to attach the agent. */
  public readonly startEnv: Record<string, string | number>;
  /** The container port Prometheus scrapes. */
  public readonly port: { readonly name: string; readonly port: number };
  /** The rules file's volume and mount. */
  public readonly volume: k8s.Volume;
  public readonly mount: k8s.VolumeMount;
  /** Pod annotations (the `prometheus.io/*` convention, when that is how pods are found). */
  public readonly annotations: Record<string, string>;
  /** The rules file: a change restarts the pods, which read it at start. */
  public readonly config: string;

  constructor(scope: Construct, id: string, props: ComponentMetricsProps) {
    super(scope, id);
    this.config = renderExporterConfig(props.rules, props.heading);
    const configMap = claimName(scope, 'ConfigMap', `${props.name}-metrics`);
    new k8s.KubeConfigMap(this, 'Rules', { metadata: { name: configMap, labels: props.labels }, data: { [METRICS_CONFIG_FILE]: this.config } });
    this.startEnv = { CDK8S_METRICS_PORT: METRICS_PORT, CDK8S_METRICS_CONFIG: `${METRICS_CONFIG_DIR}/${METRICS_CONFIG_FILE}` };
    this.port = { name: METRICS_PORT_NAME, port: METRICS_PORT };
    this.volume = { name: 'metrics-config', configMap: { name: configMap } };
    this.mount = { name: 'metrics-config', mountPath: METRICS_CONFIG_DIR, readOnly: true };
    this.annotations = scrapeAnnotations(props.monitoring, METRICS_PORT);
    if (props.scrapeBlocked) {
      warn(scope, 'monitoring is on but metricsPeers is empty (and the Kafka cluster gives none): the NetworkPolicy admits nobody to the metrics port (9404), '
        + 'so Prometheus cannot scrape. Give metricsPeers, e.g. [ClientPeer.namespace(\'monitoring\')].');
    }
    const { monitoring, target } = props;
    new MonitoringObjects(this, 'Monitoring', {
      monitoring,
      name: props.name,
      labels: props.labels,
      selector: props.selector,
      alertGroup: `${target.app}-${props.name}`,
      alerts: () => props.alerts(target, monitoring.thresholds),
      dashboards: () => [props.dashboard(props.name, dashboardMatchers(props.selector))],
      namespace: target.namespace,
    });
  }
}

import { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AlertDefinition, podLabelMatchers, renderAlert } from './alert-rules';
import { DashboardDefinition, renderDashboard } from './dashboard';
import { METRICS_PATH, METRICS_PORT_NAME } from './metrics-port';
import { MetricsScrape, ResolvedMonitoring } from './monitoring';
import { podMonitor, prometheusRule } from './prometheus-operator';
import { late } from '../core/late';
import { claimName } from '../core/naming';

/** What one monitored workload (a Kafka cluster, a component) hands to its monitoring objects. */
export interface MonitoringObjectsProps {
  readonly monitoring: ResolvedMonitoring;
  /** Name of the PodMonitor and the PrometheusRule (the workload's base name). */
  readonly name: string;
  /** Labels of the workload's objects; the settings' labels are added. */
  readonly labels: Record<string, string>;
  /** Labels of the pods to scrape. */
  readonly selector: Record<string, string>;
  /** Pod labels copied onto every series, besides the recommended name, instance and component. */
  readonly podTargetLabels?: string[];
  /** Name of the alert group. */
  readonly alertGroup: string;
  /** The alerts, rendered at synth (they may name objects added after the constructor). */
  readonly alerts: () => AlertDefinition[];
  /** The dashboards, rendered at synth; their keys must not depend on what is added later. */
  readonly dashboards: () => DashboardDefinition[];
  /** The workload's namespace, when the chart has one (the dashboards' first choice). */
  readonly namespace?: string;
}

/** Pod labels every series carries, whichever way it is scraped. */
export const SERIES_POD_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component'];

/**
 * The PodMonitor, PrometheusRule and dashboards of one workload, as its monitoring
 * settings ask. With `MetricsScrape.ANNOTATIONS` the owner annotates its pods instead of
 * a PodMonitor (`scrapeAnnotations`).
 */
export class MonitoringObjects extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringObjectsProps) {
    super(scope, id);
    const { monitoring } = props;
    const labels = { ...props.labels, ...monitoring.labels };
    if (monitoring.scrape === MetricsScrape.POD_MONITOR) {
      podMonitor(this, 'PodMonitor', { name: claimName(scope, 'PodMonitor', props.name), labels }, {
        selector: { matchLabels: { ...props.selector } },
        podTargetLabels: [...SERIES_POD_LABELS, ...props.podTargetLabels ?? []],
        podMetricsEndpoints: [{ port: METRICS_PORT_NAME, path: METRICS_PATH, interval: `${monitoring.intervalSeconds}s` }],
      });
    }
    if (monitoring.dashboards) this.addDashboards(scope, props);
    if (monitoring.alerts) {
      prometheusRule(this, 'PrometheusRule', { name: claimName(scope, 'PrometheusRule', props.name), labels }, {
        groups: late(() => [{ name: props.alertGroup, rules: props.alerts().map(renderAlert) }]),
      });
    }
  }

  /** One ConfigMap per dashboard, labelled for Grafana's sidecar. */
  private addDashboards(scope: Construct, props: MonitoringObjectsProps): void {
    const labels = { ...props.labels, ...props.monitoring.dashboardLabels };
    const context = {
      series: dashboardMatchers(props.selector),
      namespaceQuery: `label_values(up{${seriesLabels(props.selector).join(',')}}, namespace)`,
      namespace: props.namespace,
      identity: `${props.namespace ?? ''}/${props.name}`,
    };
    let rendered: Map<string, string> | undefined;
    const render = (key: string) => {
      rendered ??= new Map(props.dashboards().map(d => [d.key, `${JSON.stringify(renderDashboard(d, context), undefined, 2)}\n`]));
      return rendered.get(key)!;
    };
    for (const { key } of props.dashboards()) {
      const name = claimName(scope, 'ConfigMap', `${props.name}-dashboard-${key}`);
      new k8s.KubeConfigMap(this, `Dashboard-${key}`, { metadata: { name, labels }, data: { [`${name}.json`]: late(() => render(key)) } });
    }
  }
}

/** Label matchers of a workload's series in its dashboards: its pods' labels and the namespace variable. */
export function dashboardMatchers(selector: Readonly<Record<string, string>>): string {
  return [...seriesLabels(selector), 'namespace="$namespace"'].join(',');
}

function seriesLabels(selector: Readonly<Record<string, string>>): string[] {
  return podLabelMatchers(selector['app.kubernetes.io/name'], selector['app.kubernetes.io/instance']);
}

/** Pod annotations of the `prometheus.io/*` convention, when that is how the pods are found. */
export function scrapeAnnotations(monitoring: ResolvedMonitoring | undefined, port: number): Record<string, string> {
  if (monitoring?.scrape !== MetricsScrape.ANNOTATIONS) return {};
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': METRICS_PATH };
}

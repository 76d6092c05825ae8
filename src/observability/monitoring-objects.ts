import { Construct } from 'constructs';
import { AlertDefinition, renderAlert } from './alert-rules';
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
}

/** Pod labels every series carries, whichever way it is scraped. */
export const SERIES_POD_LABELS = ['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/component'];

/**
 * The PodMonitor and PrometheusRule of one workload, as its monitoring settings ask.
 * With `MetricsScrape.ANNOTATIONS` the owner annotates its pods instead
 * (`scrapeAnnotations`).
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
    if (monitoring.alerts) {
      prometheusRule(this, 'PrometheusRule', { name: claimName(scope, 'PrometheusRule', props.name), labels }, {
        groups: late(() => [{ name: props.alertGroup, rules: props.alerts().map(renderAlert) }]),
      });
    }
  }
}

/** Pod annotations of the `prometheus.io/*` convention, when that is how the pods are found. */
export function scrapeAnnotations(monitoring: ResolvedMonitoring | undefined, port: number): Record<string, string> {
  if (monitoring?.scrape !== MetricsScrape.ANNOTATIONS) return {};
  return { 'prometheus.io/scrape': 'true', 'prometheus.io/port': String(port), 'prometheus.io/path': METRICS_PATH };
}

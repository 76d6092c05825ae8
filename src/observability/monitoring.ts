import { Duration } from 'cdk8s';
import { ErrorScope, raise } from '../core/errors';
import { Expect } from '../core/input-shape';
import { labelValue, qualifiedKey } from '../core/prop-shapes';

/** How Prometheus finds the components' metrics ports. */
export enum MetricsScrape {
  /**
   * A prometheus-operator `PodMonitor` per cluster and per component, selecting its pods'
   * `metrics` port. Pods are scraped whether Ready or not (a broker catching up is when
   * its metrics matter most, and a Service's endpoints drop it), and no Service exposes
   * the metrics port to the clients of the Service.
   */
  POD_MONITOR = 'PodMonitor',
  /**
   * `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path` annotations on
   * the pods: a convention, not a Kubernetes feature, honoured by scrape configurations
   * like the Prometheus Helm chart's `kubernetes-pods` job, for a Prometheus without the
   * operator.
   */
  ANNOTATIONS = 'annotations',
}

/** When the alerts fire; every threshold has a reason, and every one can be changed. */
export interface AlertThresholds {
  /**
   * A data disk fuller than this, in percent, warns.
   *
   * @default 80 — time to grow the disk (docs/operations.md) or shorten retention before
   * the critical threshold
   */
  readonly diskUsageWarningPercent?: number;

  /**
   * A data disk fuller than this, in percent, is critical.
   *
   * @default 90 — a broker whose disk fills stops that log directory, and its partitions go offline
   */
  readonly diskUsageCriticalPercent?: number;

  /**
   * Request handler threads idle less than this, in percent, for 10 minutes warns.
   *
   * @default 30 — below it requests queue and latency climbs (Kafka's operations guide
   * watches RequestHandlerAvgIdlePercent for exactly this)
   */
  readonly requestHandlerIdlePercent?: number;

  /**
   * Network threads idle less than this, in percent, for 10 minutes warns.
   *
   * @default 30 — below it the node reads requests slower than they arrive
   */
  readonly networkProcessorIdlePercent?: number;

  /**
   * A node whose applied metadata lags the quorum by more than this, for 5 minutes, warns.
   *
   * @default Duration.seconds(30) — the active controller appends a record every 500 ms
   * even when idle (metadata.max.idle.interval.ms), so a caught-up node lags well under
   * a second; 30 s means it is stuck
   */
  readonly metadataLag?: Duration;

  /**
   * A certificate that expires sooner than this is critical (renewal overdue warns earlier).
   *
   * @default Duration.days(7) — cert-manager renews well before (a third of the validity),
   * so a week left means renewal has failed for weeks
   */
  readonly certificateExpiry?: Duration;

  /**
   * This many container restarts within 15 minutes warns.
   *
   * @default 1 — a Kafka or component container does not restart by itself when healthy:
   * each restart is a crash, a failed liveness probe or an out-of-memory kill
   */
  readonly containerRestarts?: number;
}

/**
 * Monitoring of a cluster or component: metrics for Prometheus, how it finds them,
 * alerts and dashboards.
 */
export interface MonitoringSettings {
  /**
   * How Prometheus finds the metrics ports.
   *
   * @default MetricsScrape.POD_MONITOR — the prometheus-operator (kube-prometheus-stack)
   * is how most Kubernetes clusters run Prometheus
   */
  readonly scrape?: MetricsScrape;

  /**
   * How often Prometheus scrapes.
   *
   * @default Duration.seconds(30) — kube-prometheus-stack's default; alerts wait minutes, rates use 5-minute windows
   */
  readonly scrapeInterval?: Duration;

  /**
   * Labels on the PodMonitors and PrometheusRules: what the Prometheus selects them by.
   * kube-prometheus-stack selects `release: <its Helm release>` unless its
   * `podMonitorSelectorNilUsesHelmValues` and `ruleSelectorNilUsesHelmValues` are false.
   *
   * @default - none: a Prometheus that selects every PodMonitor and PrometheusRule finds them
   */
  readonly labels?: { [key: string]: string };

  /**
   * Write a `PrometheusRule` with the alerts (each with a runbook in docs/monitoring.md).
   *
   * @default true — metrics nobody alerts on find problems after the users do
   */
  readonly alerts?: boolean;

  /**
   * When the alerts fire.
   *
   * @default - each threshold's own default
   */
  readonly alertThresholds?: AlertThresholds;

  /**
   * Write Grafana dashboards as ConfigMaps for Grafana's dashboard sidecar.
   *
   * @default true — the dashboards query exactly the metrics these pods export
   */
  readonly dashboards?: boolean;

  /**
   * Labels on the dashboard ConfigMaps: what Grafana's sidecar looks for.
   *
   * @default { grafana_dashboard: '1' } — the label and value kube-prometheus-stack's Grafana sidecar selects
   */
  readonly dashboardLabels?: { [key: string]: string };
}

const labels = Expect.map(labelValue, { key: qualifiedKey, maxEntries: 64, example: "{ release: 'kube-prometheus-stack' }" });
const percent = Expect.integer(1, 99, 80);

/** The runtime form of AlertThresholds (src/core/input-shape.ts). */
export const ALERT_THRESHOLDS = Expect.struct('AlertThresholds', {
  diskUsageWarningPercent: percent,
  diskUsageCriticalPercent: Expect.integer(1, 99, 90),
  requestHandlerIdlePercent: Expect.integer(1, 99, 30),
  networkProcessorIdlePercent: Expect.integer(1, 99, 30),
  metadataLag: Expect.duration({ min: Duration.seconds(1), max: Duration.days(1), example: 'Duration.seconds(30)', wholeSeconds: true }),
  certificateExpiry: Expect.duration({ min: Duration.hours(1), max: Duration.days(365), example: 'Duration.days(7)', wholeSeconds: true }),
  containerRestarts: Expect.integer(1, 1000, 1),
});

/** The runtime form of MonitoringSettings (src/core/input-shape.ts). */
export const MONITORING_SETTINGS = Expect.struct('MonitoringSettings', {
  scrape: Expect.enumOf('MetricsScrape', MetricsScrape),
  scrapeInterval: Expect.duration({ min: Duration.seconds(5), max: Duration.minutes(10), example: 'Duration.seconds(30)', wholeSeconds: true }),
  labels,
  alerts: Expect.boolean(),
  alertThresholds: ALERT_THRESHOLDS,
  dashboards: Expect.boolean(),
  dashboardLabels: Expect.map(labelValue, { key: qualifiedKey, minEntries: 1, maxEntries: 64, example: "{ grafana_dashboard: '1' }" }),
});

/** Alert thresholds with their defaults. */
export interface ResolvedAlertThresholds {
  readonly diskWarningPercent: number;
  readonly diskCriticalPercent: number;
  readonly requestHandlerIdlePercent: number;
  readonly networkProcessorIdlePercent: number;
  readonly metadataLagSeconds: number;
  readonly certificateExpirySeconds: number;
  readonly containerRestarts: number;
}

/** Monitoring after defaults and checks. */
export interface ResolvedMonitoring {
  readonly scrape: MetricsScrape;
  readonly intervalSeconds: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly alerts: boolean;
  readonly thresholds: ResolvedAlertThresholds;
  readonly dashboards: boolean;
  readonly dashboardLabels: Readonly<Record<string, string>>;
}

/** The label kube-prometheus-stack's Grafana sidecar selects dashboards by. */
export const DEFAULT_DASHBOARD_LABELS = { grafana_dashboard: '1' };

/** Applies the defaults; the shape (MONITORING_SETTINGS) was checked with the props. */
export function resolveMonitoring(scope: ErrorScope, prop: string, settings: MonitoringSettings): ResolvedMonitoring {
  const t = settings.alertThresholds ?? {};
  const thresholds: ResolvedAlertThresholds = {
    diskWarningPercent: t.diskUsageWarningPercent ?? 80,
    diskCriticalPercent: t.diskUsageCriticalPercent ?? 90,
    requestHandlerIdlePercent: t.requestHandlerIdlePercent ?? 30,
    networkProcessorIdlePercent: t.networkProcessorIdlePercent ?? 30,
    metadataLagSeconds: (t.metadataLag ?? Duration.seconds(30)).toSeconds(),
    certificateExpirySeconds: (t.certificateExpiry ?? Duration.days(7)).toSeconds(),
    containerRestarts: t.containerRestarts ?? 1,
  };
  if (thresholds.diskWarningPercent >= thresholds.diskCriticalPercent) {
    raise(scope, `${prop}.alertThresholds.diskUsageWarningPercent`, thresholds.diskWarningPercent,
      `the warning must come before the critical alert (diskUsageCriticalPercent is ${thresholds.diskCriticalPercent})`,
      'Give a warning percent below the critical one, e.g. 80 and 90');
  }
  return {
    scrape: settings.scrape ?? MetricsScrape.POD_MONITOR,
    intervalSeconds: (settings.scrapeInterval ?? Duration.seconds(30)).toSeconds(),
    labels: { ...settings.labels },
    alerts: settings.alerts ?? true,
    thresholds,
    dashboards: settings.dashboards ?? true,
    dashboardLabels: { ...(settings.dashboardLabels ?? DEFAULT_DASHBOARD_LABELS) },
  };
}

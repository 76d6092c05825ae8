import { ResolvedAlertThresholds } from './monitoring';
import { AlertingRule } from './prometheus-operator';

// Alerts as data: what each fires on and the runbook section a person follows. The
// expressions select series by the pod labels both scrape methods attach
// (`app_kubernetes_io_name`, `app_kubernetes_io_instance`: the PodMonitor copies them
// with podTargetLabels, the `kubernetes-pods` scrape job maps every pod label), so they
// hold whichever way Prometheus finds the pods. Series from kube-state-metrics, the
// kubelet and cert-manager are selected by object names, which the library knows.

/** Where the runbook lives (docs/monitoring.md of this repository). */
export const RUNBOOK_BASE = 'https://github.com/cdk8s-kafka/cdk8s-kafka/blob/main/docs/monitoring.md';

/**
 * Series the alerts and dashboards read that other exporters serve, by who serves them:
 * what the Prometheus must also scrape for every alert to work (README, Monitoring).
 */
export const EXTERNAL_METRICS: Readonly<Record<string, string>> = {
  up: 'Prometheus itself, for every target',
  kube_pod_container_status_restarts_total: 'kube-state-metrics',
  kube_job_failed: 'kube-state-metrics',
  kubelet_volume_stats_used_bytes: 'the kubelet',
  kubelet_volume_stats_capacity_bytes: 'the kubelet',
  certmanager_certificate_expiration_timestamp_seconds: 'cert-manager',
  certmanager_certificate_renewal_timestamp_seconds: 'cert-manager (1.6 and later)',
};

/** What a set of alerts is about. */
export interface AlertTarget {
  /** Prefix of the alert names (`Kafka`, `SchemaRegistry`, `Connect`, `KsqlDb`). */
  readonly prefix: string;
  /** How summaries name it (`Kafka cluster events`). */
  readonly title: string;
  /** Value of `app.kubernetes.io/name` on its pods. */
  readonly app: string;
  /** Value of `app.kubernetes.io/instance` on its pods. */
  readonly instance: string;
  /** Its namespace, when the chart has one. */
  readonly namespace?: string;
  /** Regular expression of its pod names. */
  readonly pods: string;
  /** Name of its main container. */
  readonly container: string;
  /** Regular expression of the names of its cert-manager Certificates, when it has any. */
  readonly certificates?: string;
  /** Regular expression of the names of its Jobs, when it has any. */
  readonly jobs?: string;
}

/** One alert before it is rendered: its rule and the runbook section (a heading's anchor). */
export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: 'warning' | 'critical';
  readonly summary: string;
  readonly description: string;
  /** Anchor of the runbook section in docs/monitoring.md. */
  readonly runbook: string;
}

/**
 * The matchers of a workload's series: its pods' `app.kubernetes.io/name` and `instance`
 * labels, as the scrape copies them onto every series.
 */
export function podLabelMatchers(app: string, instance: string): string[] {
  return [`app_kubernetes_io_name="${app}"`, `app_kubernetes_io_instance="${instance}"`];
}

/** Label matchers of the target's own metrics: `{app_kubernetes_io_name="kafka",...}` plus `extra`. */
export function seriesSelector(target: AlertTarget, ...extra: string[]): string {
  return matchers([...podLabelMatchers(target.app, target.instance), ...namespaceMatcher(target), ...extra]);
}

/** Label matchers of Kubernetes objects' series (kube-state-metrics, kubelet): the namespace, when known, plus `extra`. */
export function objectSelector(target: AlertTarget, ...extra: string[]): string {
  return matchers([...namespaceMatcher(target), ...extra]);
}

function namespaceMatcher(target: AlertTarget): string[] {
  return target.namespace === undefined ? [] : [`namespace="${target.namespace}"`];
}

function matchers(list: string[]): string {
  return `{${list.join(',')}}`;
}

/** The alerts every monitored workload has: metrics endpoint down, restarts, certificates, failed Jobs. */
export function commonAlerts(target: AlertTarget, t: ResolvedAlertThresholds): AlertDefinition[] {
  const alerts: AlertDefinition[] = [
    {
      alert: `${target.prefix}MetricsDown`,
      expr: `up${seriesSelector(target)} == 0`,
      for: '5m',
      severity: 'warning',
      summary: `${target.title}: {{ $labels.namespace }}/{{ $labels.pod }} does not answer scrapes`,
      description: 'Prometheus could not read the pod\'s metrics for 5 minutes: the JVM is down, stuck, or the metrics port is not reachable.',
      runbook: 'metricsdown',
    },
    {
      alert: `${target.prefix}ContainerRestarts`,
      expr: `increase(kube_pod_container_status_restarts_total${objectSelector(target, `pod=~"${target.pods}"`, `container="${target.container}"`)}[15m]) >= ${t.containerRestarts}`,
      severity: 'warning',
      summary: `${target.title}: {{ $labels.namespace }}/{{ $labels.pod }} restarted {{ $value | humanize }} times in 15 minutes`,
      description: 'The container restarted: it crashed, failed its liveness probe or was killed for memory.',
      runbook: 'containerrestarts',
    },
  ];
  if (target.certificates !== undefined) {
    const certificates = `name=~"${target.certificates}"`;
    alerts.push(
      {
        alert: `${target.prefix}CertificateRenewalOverdue`,
        // cert-manager's own namespace label may be renamed by its scrape (exported_namespace): select by name.
        expr: `time() - certmanager_certificate_renewal_timestamp_seconds{${certificates}} > 3600`,
        for: '15m',
        severity: 'warning',
        summary: `${target.title}: certificate {{ $labels.name }} was due for renewal over an hour ago`,
        description: 'cert-manager has not renewed the certificate at its renewal time: its issuer or the Certificate is failing.',
        runbook: 'certificaterenewaloverdue',
      },
      {
        alert: `${target.prefix}CertificateExpiring`,
        expr: `certmanager_certificate_expiration_timestamp_seconds{${certificates}} - time() < ${t.certificateExpirySeconds}`,
        for: '15m',
        severity: 'critical',
        summary: `${target.title}: certificate {{ $labels.name }} expires in {{ $value | humanizeDuration }}`,
        description: 'The certificate expires soon and was not renewed; clients and nodes will refuse it when it does.',
        runbook: 'certificateexpiring',
      },
    );
  }
  if (target.jobs !== undefined) {
    alerts.push({
      alert: `${target.prefix}JobFailed`,
      expr: `kube_job_failed${objectSelector(target, `job_name=~"${target.jobs}"`, 'condition="true"')} > 0`,
      severity: 'warning',
      summary: `${target.title}: Job {{ $labels.namespace }}/{{ $labels.job_name }} failed`,
      description: 'One of the Jobs that set up or change the cluster gave up: what it establishes (users, ACLs, topics, a roll, a connector) is not in place.',
      runbook: 'jobfailed',
    });
  }
  return alerts;
}

/** The rule the PrometheusRule carries for an alert. */
export function renderAlert(definition: AlertDefinition): AlertingRule {
  return {
    alert: definition.alert,
    expr: definition.expr,
    for: definition.for,
    labels: { severity: definition.severity },
    annotations: { summary: definition.summary, description: definition.description, runbook_url: `${RUNBOOK_BASE}#${definition.runbook}` },
  };
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

// The subset of monitoring.coreos.com/v1 the library writes, typed so a misspelt field
// is a compile error here (and the test harness validates the objects against the
// operator's own models). The prometheus-operator CRDs must be installed to apply them.

const API_VERSION = 'monitoring.coreos.com/v1';

/** Metadata of a prometheus-operator object. */
export interface MonitoringMetadata {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/** `spec` of a PodMonitor, as far as the library uses it. */
export interface PodMonitorSpec {
  readonly selector: { readonly matchLabels: Record<string, string> };
  /** Pod labels copied onto every series (names sanitized: `app.kubernetes.io/name` is `app_kubernetes_io_name`). */
  readonly podTargetLabels: string[];
  readonly podMetricsEndpoints: Array<{ readonly port: string; readonly path: string; readonly interval: string }>;
}

/** One alerting rule. */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels: { readonly severity: 'warning' | 'critical' };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

/** `spec` of a PrometheusRule. */
export interface PrometheusRuleSpec {
  readonly groups: Array<{ readonly name: string; readonly rules: AlertingRule[] }>;
}

/** A `monitoring.coreos.com/v1` PodMonitor. */
export function podMonitor(scope: Construct, id: string, metadata: MonitoringMetadata, spec: PodMonitorSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: API_VERSION, kind: 'PodMonitor', metadata: { ...metadata }, spec });
}

/** A `monitoring.coreos.com/v1` PrometheusRule. */
export function prometheusRule(scope: Construct, id: string, metadata: MonitoringMetadata, spec: PrometheusRuleSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: API_VERSION, kind: 'PrometheusRule', metadata: { ...metadata }, spec });
}

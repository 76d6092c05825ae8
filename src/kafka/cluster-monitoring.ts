import { Construct } from 'constructs';
import { ResolvedCluster, ResolvedPool } from './cluster-model';
import { dataVolumeName, StorageKind } from './nodes/storage';
import { clusterLabels, clusterSelector, LABEL } from './pod-labels';
import { kafkaAlerts, KafkaAlertTarget } from '../observability/kafka-alerts';
import { kafkaDashboards } from '../observability/kafka-dashboards';
import { dashboardMatchers, MonitoringObjects } from '../observability/monitoring-objects';

/** Base name of the cluster's PodMonitor, PrometheusRule and dashboards. */
export function clusterMonitoringName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka`;
}

/**
 * What the cluster's alerts watch: its nodes' series, pods, data volume claims,
 * certificates and Jobs, by the names the library gives them.
 */
export function kafkaAlertTarget(m: ResolvedCluster, pools: readonly ResolvedPool[]): KafkaAlertTarget {
  const statefulSets = pools.flatMap(p => p.statefulSets.map(s => s.name));
  const sets = `(${statefulSets.join('|')})`;
  const diskCount = Math.max(0, ...pools.map(p => (p.storage.kind === StorageKind.EPHEMERAL ? 0 : p.storage.disks.length)));
  const volumes = Array.from({ length: diskCount }, (_, i) => dataVolumeName(i));
  return {
    prefix: 'Kafka',
    title: `Kafka cluster ${m.name}`,
    app: 'kafka',
    instance: m.name,
    namespace: m.namespace,
    pods: `${sets}-[0-9]+`,
    container: 'kafka',
    dataClaims: volumes.length === 0 ? undefined : `(${volumes.join('|')})-${sets}-[0-9]+`,
    certificates: m.security.tls === undefined ? undefined : `${m.name}-(kafka|user)(-.+)?`,
    jobs: `${m.name}-kafka-.+`,
  };
}

/** The cluster's PodMonitor, PrometheusRule and dashboards, when monitoring is on. */
export function addClusterMonitoring(scope: Construct, m: ResolvedCluster, pools: () => readonly ResolvedPool[]): void {
  if (m.monitoring === undefined) return;
  const monitoring = m.monitoring;
  new MonitoringObjects(scope, 'Monitoring', {
    monitoring,
    name: clusterMonitoringName(m),
    labels: clusterLabels(m, 'monitoring'),
    selector: clusterSelector(m),
    podTargetLabels: [LABEL.POOL],
    alertGroup: `kafka-${m.name}`,
    alerts: () => kafkaAlerts(kafkaAlertTarget(m, pools()), monitoring.thresholds),
    dashboards: () => kafkaDashboards({
      cluster: m.name, matchers: dashboardMatchers(clusterSelector(m)), dataClaims: kafkaAlertTarget(m, pools()).dataClaims,
    }),
    namespace: m.namespace,
  });
}

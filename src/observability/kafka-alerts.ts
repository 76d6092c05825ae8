import { AlertDefinition, AlertTarget, commonAlerts, objectSelector, seriesSelector } from './alert-rules';
import { ResolvedAlertThresholds } from './monitoring';

/** A Kafka cluster as its alerts see it. */
export interface KafkaAlertTarget extends AlertTarget {
  /** Regular expression of the names of the nodes' data volume claims. */
  readonly dataClaims?: string;
}

/**
 * The alerts of a Kafka cluster: partitions (under-replicated, under min ISR, offline),
 * the controller (none active, more than one), metadata lag, disks, request and network
 * thread saturation, failed log directories, then what every workload has (metrics down,
 * restarts, certificates, failed Jobs).
 */
export function kafkaAlerts(target: KafkaAlertTarget, t: ResolvedAlertThresholds): AlertDefinition[] {
  const s = (...extra: string[]) => seriesSelector(target, ...extra);
  const title = target.title;
  const alerts: AlertDefinition[] = [
    {
      alert: 'KafkaUnderReplicatedPartitions',
      expr: `sum by (namespace, pod) (kafka_server_replicamanager_underreplicatedpartitions${s()}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: `${title}: {{ $labels.pod }} leads {{ $value }} under-replicated partitions`,
      description: 'Partitions led by this broker have fewer in-sync replicas than replicas for 5 minutes: a broker is down, slow or cannot replicate.',
      runbook: 'kafkaunderreplicatedpartitions',
    },
    {
      alert: 'KafkaUnderMinIsrPartitions',
      expr: `sum by (namespace, pod) (kafka_server_replicamanager_underminisrpartitioncount${s()}) > 0`,
      for: '1m',
      severity: 'critical',
      summary: `${title}: {{ $labels.pod }} leads {{ $value }} partitions under their min.insync.replicas`,
      description: 'Producers with acks=all get NotEnoughReplicas errors on these partitions: writes to them fail.',
      runbook: 'kafkaunderminisrpartitions',
    },
    {
      alert: 'KafkaOfflinePartitions',
      expr: `max by (namespace) (kafka_controller_kafkacontroller_offlinepartitionscount${s()}) > 0`,
      for: '1m',
      severity: 'critical',
      summary: `${title}: {{ $value }} partitions have no leader`,
      description: 'Partitions without a live leader can be neither written nor read.',
      runbook: 'kafkaofflinepartitions',
    },
    {
      alert: 'KafkaNoActiveController',
      // Absent too: with every controller down (or none scraped) nothing reports 0.
      expr: `sum by (namespace) (kafka_controller_kafkacontroller_activecontrollercount${s()}) < 1 or absent(kafka_controller_kafkacontroller_activecontrollercount${s()})`,
      for: '2m',
      severity: 'critical',
      summary: `${title}: no KRaft controller is active`,
      description: 'Without an active controller (or with no controller scraped) no metadata changes (leader elections, topic changes, broker registrations) happen.',
      runbook: 'kafkanoactivecontroller',
    },
    {
      alert: 'KafkaMultipleActiveControllers',
      expr: `sum by (namespace) (kafka_controller_kafkacontroller_activecontrollercount${s()}) > 1`,
      for: '1m',
      severity: 'critical',
      summary: `${title}: {{ $value }} KRaft controllers say they are active`,
      description: 'More than one controller reports itself active for a minute: the quorum is split or a node is stuck in an old epoch.',
      runbook: 'kafkamultipleactivecontrollers',
    },
    {
      alert: 'KafkaMetadataLag',
      // Both names in one selector: `or` would drop a combined node's broker side (same labels).
      expr: `max by (namespace, pod) (${s('__name__=~"kafka_controller_kafkacontroller_lastappliedrecordlagms|kafka_server_broker_metadata_last_applied_record_lag_ms"')}) > ${t.metadataLagSeconds * 1000}`,
      for: '5m',
      severity: 'warning',
      summary: `${title}: {{ $labels.pod }} applies metadata {{ $value | humanize }} ms behind the quorum`,
      description: 'The node is not keeping up with the KRaft metadata log: it serves stale leadership and configuration.',
      runbook: 'kafkametadatalag',
    },
    {
      alert: 'KafkaRequestHandlersBusy',
      expr: `100 * kafka_server_request_handler_idle_ratio${s()} < ${t.requestHandlerIdlePercent}`,
      for: '10m',
      severity: 'warning',
      summary: `${title}: request handler threads of {{ $labels.pod }} are only {{ $value | humanize }}% idle`,
      description: 'The request handler threads are nearly always busy: requests queue and latency grows.',
      runbook: 'kafkarequesthandlersbusy',
    },
    {
      alert: 'KafkaNetworkThreadsBusy',
      expr: `100 * kafka_network_processor_idle_ratio${s()} < ${t.networkProcessorIdlePercent}`,
      for: '10m',
      severity: 'warning',
      summary: `${title}: network threads of {{ $labels.pod }} are only {{ $value | humanize }}% idle`,
      description: 'The network threads are nearly always busy: the node reads requests slower than they arrive.',
      runbook: 'kafkanetworkthreadsbusy',
    },
    {
      alert: 'KafkaOfflineLogDirectories',
      expr: `kafka_log_offline_directories${s()} > 0`,
      for: '1m',
      severity: 'critical',
      summary: `${title}: {{ $labels.pod }} has {{ $value }} failed log directories`,
      description: 'An I/O error took a log directory offline: its partitions on this broker are gone until the disk is fixed.',
      runbook: 'kafkaofflinelogdirectories',
    },
  ];
  if (target.dataClaims !== undefined) {
    const claims = (metric: string) => `${metric}${objectSelector(target, `persistentvolumeclaim=~"${target.dataClaims}"`)}`;
    const usage = `100 * ${claims('kubelet_volume_stats_used_bytes')} / ${claims('kubelet_volume_stats_capacity_bytes')}`;
    alerts.push(
      {
        alert: 'KafkaDiskUsageHigh',
        expr: `${usage} > ${t.diskWarningPercent}`,
        for: '5m',
        severity: 'warning',
        summary: `${title}: disk {{ $labels.persistentvolumeclaim }} is {{ $value | humanize }}% full`,
        description: 'A data disk is filling: grow it or shorten retention before it is full.',
        runbook: 'kafkadiskusagehigh-and-kafkadiskusagecritical',
      },
      {
        alert: 'KafkaDiskUsageCritical',
        expr: `${usage} > ${t.diskCriticalPercent}`,
        for: '5m',
        severity: 'critical',
        summary: `${title}: disk {{ $labels.persistentvolumeclaim }} is {{ $value | humanize }}% full`,
        description: 'A data disk is nearly full: when it fills, the broker takes the log directory offline.',
        runbook: 'kafkadiskusagehigh-and-kafkadiskusagecritical',
      },
    );
  }
  return [...alerts, ...commonAlerts(target, t)];
}

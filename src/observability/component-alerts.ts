import { AlertDefinition, AlertTarget, commonAlerts, seriesSelector } from './alert-rules';
import { ResolvedAlertThresholds } from './monitoring';

/**
 * Whether no instance of the target answers: every one scraped is down, or none is
 * scraped at all (no pod runs, or none is found).
 */
function allDown(target: AlertTarget): string {
  return `sum by (namespace) (up${seriesSelector(target)}) == 0 or absent(up${seriesSelector(target)})`;
}

/** Schema Registry: no instance up, no leader to take writes, then the common alerts. */
export function schemaRegistryAlerts(target: AlertTarget, t: ResolvedAlertThresholds): AlertDefinition[] {
  return [
    {
      alert: 'SchemaRegistryDown',
      expr: allDown(target),
      for: '5m',
      severity: 'critical',
      summary: `${target.title}: no instance answers`,
      description: 'No Schema Registry instance is up: producers and consumers that look up schemas fail.',
      runbook: 'schemaregistrydown',
    },
    {
      alert: 'SchemaRegistryNoLeader',
      expr: `sum by (namespace) (kafka_schema_registry_leader${seriesSelector(target)}) < 1`,
      for: '5m',
      severity: 'critical',
      summary: `${target.title}: no instance is the leader`,
      description: 'Without a leader, schemas can be read but none registered: producers of new schemas fail.',
      runbook: 'schemaregistrynoleader',
    },
    ...commonAlerts(target, t),
  ];
}

/** Connect: no worker up, a failed connector or task, then the common alerts. */
export function connectAlerts(target: AlertTarget, t: ResolvedAlertThresholds): AlertDefinition[] {
  return [
    {
      alert: 'ConnectDown',
      expr: allDown(target),
      for: '5m',
      severity: 'critical',
      summary: `${target.title}: no worker answers`,
      description: 'No Connect worker is up: no connector runs.',
      runbook: 'connectdown',
    },
    {
      alert: 'ConnectConnectorFailed',
      expr: `max by (namespace, connector) (kafka_connect_connector_status${seriesSelector(target, 'status="failed"')}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: `${target.title}: connector {{ $labels.connector }} failed`,
      description: 'The connector itself failed (not one of its tasks): it runs no tasks until restarted.',
      runbook: 'connectconnectorfailed',
    },
    {
      alert: 'ConnectTaskFailed',
      expr: `sum by (namespace, connector) (kafka_connect_connector_tasks${seriesSelector(target, 'state="failed"')}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: `${target.title}: connector {{ $labels.connector }} has {{ $value }} failed tasks`,
      description: 'A task failed and Connect does not restart it by itself: its share of the data stops moving.',
      runbook: 'connecttaskfailed',
    },
    ...commonAlerts(target, t),
  ];
}

/** ksqlDB: no server up, queries in error, then the common alerts. */
export function ksqlDbAlerts(target: AlertTarget, t: ResolvedAlertThresholds): AlertDefinition[] {
  return [
    {
      alert: 'KsqlDbDown',
      expr: allDown(target),
      for: '5m',
      severity: 'critical',
      summary: `${target.title}: no server answers`,
      description: 'No ksqlDB server is up: persistent queries stop and pull queries fail.',
      runbook: 'ksqldbdown',
    },
    {
      alert: 'KsqlDbQueriesFailed',
      expr: `max by (namespace, pod) (ksqldb_queries${seriesSelector(target, 'state="ERROR"')}) > 0`,
      for: '5m',
      severity: 'warning',
      summary: `${target.title}: {{ $labels.pod }} runs {{ $value }} queries in ERROR`,
      description: 'Persistent queries are in the ERROR state: their output stopped.',
      runbook: 'ksqldbqueriesfailed',
    },
    ...commonAlerts(target, t),
  ];
}

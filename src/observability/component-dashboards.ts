import { DashboardDefinition, jvmPanels, lines, RATE, selectorOf, stat } from './dashboard';

/** Schema Registry: instances, leader, schemas, REST traffic, JVM. */
export function schemaRegistryDashboard(name: string, matchers: string): DashboardDefinition {
  const s = selectorOf(matchers);
  return {
    key: 'schema-registry',
    title: `Schema Registry ${name}`,
    description: 'Instances, the leader, schemas and the REST API.',
    rows: [
      [
        stat('Instances up', 'Instances Prometheus reaches.', `sum(up${s()}) or vector(0)`),
        stat('Leaders', 'Instances that are the leader: exactly 1 takes writes.', `sum(kafka_schema_registry_leader${s()}) or vector(0)`),
        stat('Schemas', 'Schemas registered.', `max(kafka_schema_registry_registered_schemas${s()})`),
      ],
      [
        lines('Requests', 'REST requests per second per instance.', 'reqps', [`kafka_schema_registry_http_request_rate${s()}`, '{{pod}}']),
        lines('Failed requests', 'REST requests that failed per second.', 'reqps', [`kafka_schema_registry_http_request_error_rate${s()}`, '{{pod}}']),
        lines('Latency', 'Average and largest request latency.', 'ms',
          [`kafka_schema_registry_http_request_latency_avg${s()}`, '{{pod}} avg'],
          [`kafka_schema_registry_http_request_latency_max${s()}`, '{{pod}} max']),
      ],
      [
        lines('Schemas created', 'Schemas created since start, by format.', 'short', [`sum by (format) (kafka_schema_registry_created_schemas${s()})`, '{{format}}']),
        lines('Connections', 'Open HTTP connections.', 'short', [`kafka_schema_registry_http_connections${s()}`, '{{pod}}']),
      ],
      jvmPanels(s()),
    ],
  };
}

/** Connect: workers, connectors and tasks by state, records moved, errors, JVM. */
export function connectDashboard(name: string, matchers: string): DashboardDefinition {
  const s = selectorOf(matchers);
  return {
    key: 'connect',
    title: `Connect ${name}`,
    description: 'Workers, connectors and tasks, the records they move and their errors.',
    rows: [
      [
        stat('Workers up', 'Workers Prometheus reaches.', `sum(up${s()}) or vector(0)`),
        stat('Connectors', 'Connectors the workers run.', `sum(kafka_connect_worker_connectors${s()})`),
        stat('Tasks', 'Tasks the workers run.', `sum(kafka_connect_worker_tasks${s()})`),
        stat('Failed tasks', 'Tasks in the failed state.', `sum(kafka_connect_connector_tasks${s('state="failed"')}) or vector(0)`),
      ],
      [
        lines('Tasks by state', 'Tasks per state, all connectors.', 'short', [`sum by (state) (kafka_connect_connector_tasks${s()})`, '{{state}}']),
        lines('Failed tasks by connector', 'Failed tasks per connector.', 'short', [`sum by (connector) (kafka_connect_connector_tasks${s('state="failed"')})`, '{{connector}}']),
      ],
      [
        lines('Source records', 'Records source connectors write to Kafka per second.', 'ops',
          [`sum by (connector) (rate(kafka_connect_source_record_write_total${s()}${RATE}))`, '{{connector}}']),
        lines('Sink records', 'Records sink connectors send to their system per second.', 'ops',
          [`sum by (connector) (rate(kafka_connect_sink_record_send_total${s()}${RATE}))`, '{{connector}}']),
        lines('Record errors', 'Records that failed per second, by connector.', 'ops',
          [`sum by (connector) (rate(kafka_connect_task_record_errors_total${s()}${RATE}))`, '{{connector}}']),
      ],
      [
        lines('Rebalances', 'Group rebalances per worker over the last hour.', 'short', [`increase(kafka_connect_worker_rebalances_total${s()}[1h])`, '{{pod}}']),
        lines('Startup failures', 'Connector and task starts that failed.', 'short',
          [`sum(kafka_connect_worker_connector_startup_failure_total${s()})`, 'connectors'],
          [`sum(kafka_connect_worker_task_startup_failure_total${s()})`, 'tasks']),
      ],
      jvmPanels(s()),
    ],
  };
}

/** ksqlDB: servers, queries by state, throughput, errors, JVM. */
export function ksqlDbDashboard(name: string, matchers: string): DashboardDefinition {
  const s = selectorOf(matchers);
  return {
    key: 'ksqldb',
    title: `ksqlDB ${name}`,
    description: 'Servers, persistent queries by state, what they consume and produce, errors.',
    rows: [
      [
        stat('Servers up', 'Servers Prometheus reaches.', `sum(up${s()}) or vector(0)`),
        stat('Persistent queries', 'Persistent queries on the servers.', `max(ksqldb_engine_num_persistent_queries${s()})`),
        stat('Queries in error', 'Persistent queries in the ERROR state.', `max(ksqldb_queries${s('state="ERROR"')}) or vector(0)`),
        stat('Live', 'Servers whose engine reports itself alive.', `sum(ksqldb_engine_liveness_indicator${s()}) or vector(0)`),
      ],
      [
        lines('Queries by state', 'Persistent queries per Kafka Streams state.', 'short', [`max by (state) (ksqldb_queries${s()})`, '{{state}}']),
        lines('Messages', 'Messages the queries consume and produce per second.', 'ops',
          [`sum(ksqldb_engine_messages_consumed_per_sec${s()})`, 'consumed'],
          [`sum(ksqldb_engine_messages_produced_per_sec${s()})`, 'produced']),
        lines('Errors', 'Query errors per second.', 'ops', [`sum by (pod) (ksqldb_engine_error_rate${s()})`, '{{pod}}']),
      ],
      jvmPanels(s()),
    ],
  };
}

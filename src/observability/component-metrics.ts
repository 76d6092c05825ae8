import { combineRuleSets, ExporterRuleSet, MetricType } from './exporter-config';
import { JVM_RULES } from './jvm-metrics';

// What Schema Registry, Connect and ksqlDB export, from their own metrics registries
// (Kafka's metrics library, one MBean per group and tags, attributes named after the
// metrics): Schema Registry's MetricsContainer and rest-utils' Jersey and Jetty metrics
// (confluentinc/schema-registry, rest-utils), Connect's ConnectMetricsRegistry
// (apache/kafka), ksqlDB's KsqlEngineMetrics (confluentinc/ksql). Each adds the JVM's.

/** Keys a user's metrics tags add after the library's (Schema Registry's metrics.tags, ksqlDB's ksql.metrics.tags.custom). */
const TAGS = '(?:, [^>]*)?';

/** Schema Registry: leadership, schemas, its REST API. */
export const SCHEMA_REGISTRY_RULES: ExporterRuleSet = combineRuleSets({
  objectNames: [
    // `,*`: metrics.tags configured on the registry add keys to every name.
    'kafka.schema.registry:type=master-slave-role,*',
    'kafka.schema.registry:type=registered-count,*',
    'kafka.schema.registry:type=*-schemas-created,*',
    'kafka.schema.registry:type=*-schemas-deleted,*',
    'kafka.schema.registry:type=jersey-metrics,*',
    'kafka.schema.registry:type=jetty-metrics,*',
  ],
  rules: [
    {
      pattern: `kafka.schema.registry<type=master-slave-role${TAGS}><>master-slave-role: `,
      name: 'kafka_schema_registry_leader',
      type: MetricType.GAUGE,
      help: '1 on the instance that is the leader (takes writes), 0 on the others',
    },
    {
      pattern: `kafka.schema.registry<type=registered-count${TAGS}><>registered-count: `,
      name: 'kafka_schema_registry_registered_schemas',
      type: MetricType.GAUGE,
      help: 'Schemas registered, as this instance counts them',
    },
    {
      pattern: `kafka.schema.registry<type=(avro|json|protobuf)-schemas-(created|deleted)${TAGS}><>[a-z]+-schemas-[a-z]+: `,
      name: 'kafka_schema_registry_$2_schemas',
      type: MetricType.GAUGE,
      labels: { format: '$1' },
      help: 'Schemas created and deleted since start, by format (label format: avro, json, protobuf)',
    },
    {
      pattern: `kafka.schema.registry<type=jersey-metrics${TAGS}><>(request-rate|request-error-rate|request-latency-avg|request-latency-max): `,
      name: 'kafka_schema_registry_http_$1',
      type: MetricType.GAUGE,
      help: 'REST API: requests and failed requests per second, average and largest latency (ms), over the last window',
    },
    {
      pattern: `kafka.schema.registry<type=jetty-metrics${TAGS}><>connections-active: `,
      name: 'kafka_schema_registry_http_connections',
      type: MetricType.GAUGE,
      help: 'Open HTTP connections',
    },
  ],
}, JVM_RULES);

/** Connect: workers, connectors, tasks, records moved, errors, rebalances. */
export const CONNECT_RULES: ExporterRuleSet = combineRuleSets({
  objectNames: [
    'kafka.connect:type=connect-worker-metrics',
    'kafka.connect:type=connect-worker-metrics,connector=*',
    'kafka.connect:type=connect-worker-rebalance-metrics',
    'kafka.connect:type=connector-metrics,*',
    'kafka.connect:type=connector-task-metrics,*',
    'kafka.connect:type=source-task-metrics,*',
    'kafka.connect:type=sink-task-metrics,*',
    'kafka.connect:type=task-error-metrics,*',
  ],
  rules: [
    {
      pattern: 'kafka.connect<type=connect-worker-metrics><>(connector|task)-count: ',
      name: 'kafka_connect_worker_$1s',
      type: MetricType.GAUGE,
      help: 'Connectors and tasks this worker runs',
    },
    {
      pattern: 'kafka.connect<type=connect-worker-metrics><>(connector|task)-startup-(success|failure)-total: ',
      name: 'kafka_connect_worker_$1_startup_$2_total',
      type: MetricType.COUNTER,
      help: 'Connector and task starts on this worker that succeeded or failed',
    },
    {
      pattern: 'kafka.connect<type=connect-worker-metrics, connector=(.+)><>connector-(running|paused|failed|unassigned|destroyed|restarting)-task-count: ',
      name: 'kafka_connect_connector_tasks',
      type: MetricType.GAUGE,
      labels: { connector: '$1', state: '$2' },
      help: 'Tasks of a connector on this worker, by state (labels connector, state: running, paused, failed, unassigned, destroyed, restarting)',
    },
    {
      pattern: 'kafka.connect<type=connector-metrics, connector=(.+)><>status: ([a-z]+)',
      name: 'kafka_connect_connector_status',
      type: MetricType.GAUGE,
      value: 1,
      matchesValue: true,
      labels: { connector: '$1', status: '$2' },
      help: 'A connector\'s state on the worker that runs it, as a 1-valued series (label status: running, paused, stopped, failed, unassigned, restarting)',
    },
    {
      pattern: 'kafka.connect<type=connector-task-metrics, connector=(.+), task=(.+)><>status: ([a-z]+)',
      name: 'kafka_connect_task_status',
      type: MetricType.GAUGE,
      value: 1,
      matchesValue: true,
      labels: { connector: '$1', task: '$2', status: '$3' },
      help: 'A task\'s state on the worker that runs it, as a 1-valued series (labels connector, task, status)',
    },
    {
      pattern: 'kafka.connect<type=source-task-metrics, connector=(.+), task=(.+)><>source-record-(poll|write)-total: ',
      name: 'kafka_connect_source_record_$3_total',
      type: MetricType.COUNTER,
      labels: { connector: '$1', task: '$2' },
      help: 'Records a source task polled from its system and wrote to Kafka',
    },
    {
      pattern: 'kafka.connect<type=sink-task-metrics, connector=(.+), task=(.+)><>sink-record-(read|send)-total: ',
      name: 'kafka_connect_sink_record_$3_total',
      type: MetricType.COUNTER,
      labels: { connector: '$1', task: '$2' },
      help: 'Records a sink task read from Kafka and sent to its system',
    },
    {
      pattern: 'kafka.connect<type=task-error-metrics, connector=(.+), task=(.+)><>total-record-(errors|failures): ',
      name: 'kafka_connect_task_record_$3_total',
      type: MetricType.COUNTER,
      labels: { connector: '$1', task: '$2' },
      help: 'Record errors and failed operations of a task (errors.tolerance decides whether they stop it)',
    },
    {
      pattern: 'kafka.connect<type=connect-worker-rebalance-metrics><>rebalancing: ',
      name: 'kafka_connect_worker_rebalancing',
      type: MetricType.GAUGE,
      help: '1 while this worker\'s group rebalances',
    },
    {
      pattern: 'kafka.connect<type=connect-worker-rebalance-metrics><>completed-rebalances-total: ',
      name: 'kafka_connect_worker_rebalances_total',
      type: MetricType.COUNTER,
      help: 'Rebalances this worker completed',
    },
  ],
}, JVM_RULES);

// Custom tags come before the service id (KsqlEngineMetrics adds it last).
const KSQL_ENGINE = 'io.confluent.ksql.metrics<type=_confluent-ksql-engine-query-stats, (?:[^>]*, )?ksql_service_id=([^,>]+)>';

/** ksqlDB: queries by state, throughput, errors, liveness. */
export const KSQLDB_RULES: ExporterRuleSet = combineRuleSets({
  objectNames: ['io.confluent.ksql.metrics:type=_confluent-ksql-engine-query-stats,*'],
  rules: [
    {
      pattern: `${KSQL_ENGINE}<>(num-active-queries|num-persistent-queries|num-idle-queries|liveness-indicator|messages-consumed-per-sec|messages-produced-per-sec|error-rate): `,
      name: 'ksqldb_engine_$2',
      type: MetricType.GAUGE,
      help: 'ksqlDB engine: active, persistent and idle queries, liveness (1 while the engine runs), messages consumed and produced per second, errors per second',
    },
    {
      pattern: `${KSQL_ENGINE}<>(RUNNING|ERROR|REBALANCING|CREATED|PENDING_SHUTDOWN|PENDING_ERROR|NOT_RUNNING)-queries: `,
      name: 'ksqldb_queries',
      type: MetricType.GAUGE,
      labels: { state: '$2' },
      help: 'Persistent queries on this server by Kafka Streams state (label state: RUNNING, ERROR, REBALANCING, ...)',
    },
    {
      pattern: `${KSQL_ENGINE}<>(messages|bytes)-consumed-total: `,
      name: 'ksqldb_engine_$2_consumed_total',
      type: MetricType.COUNTER,
      help: 'Messages and bytes the queries of this server consumed',
    },
  ],
}, JVM_RULES);

/**
 * The Confluent Platform components the library deploys.
 */
export enum ConfluentComponent {
  /** Kafka brokers and KRaft controllers (`cp-kafka`, or `cp-server` for Confluent Server). */
  KAFKA = 'kafka',
  /** Schema Registry (`cp-schema-registry`). */
  SCHEMA_REGISTRY = 'schema-registry',
  /** Kafka Connect workers (`cp-kafka-connect`). */
  CONNECT = 'connect',
  /** ksqlDB servers (`cp-ksqldb-server`). */
  KSQLDB = 'ksqldb',
}

/** A directory the image writes to at run time, backed by an emptyDir under a read-only root. */
export interface WritablePath {
  /** Volume name (DNS-1123 label, unique in the pod). */
  readonly volume: string;
  /** Where it is mounted. */
  readonly mountPath: string;
  /** Why the image needs it writable (kept next to the fact, for reviewers). */
  readonly reason: string;
}

/** What a component's image needs from its pod: the facts behind the pod defaults. */
export interface ComponentRuntime {
  /** Image repository under the `confluentinc` organisation. */
  readonly repository: string;
  /** Prefix the image's `configure` script maps to properties (`KAFKA_`, `SCHEMA_REGISTRY_`...). */
  readonly envPrefix: string;
  /** Environment variable that carries the JVM heap flags. */
  readonly heapEnv: string;
  /** Environment variable for extra JVM flags (`-javaagent`, JAAS). */
  readonly jvmOptsEnv: string;
  /**
   * Environment variable of the log4j flag the launch scripts set only when it is
   * empty (`-Dlog4j.configuration=...` on 7.x, `-Dlog4j2.configurationFile=...` on 8.x).
   */
  readonly log4jOptsEnv: string;
  /** Paths the start scripts and the JVM write to. */
  readonly writablePaths: readonly WritablePath[];
}

// Image facts, read from the images' Dockerfiles and docker/configure scripts in
// confluentinc/kafka-images (kafka/, kafka-connect-base/), schema-registry-images
// (schema-registry/) and ksql-images (cp-ksqldb-server/) at 7.9.x and 8.0.x.
// Every image runs `configure`, which renders its properties file into /etc/<component>;
// kafka-run-class.sh writes GC logs to $LOG_DIR (apache/kafka bin/kafka-run-class.sh:
// `-Xlog:gc*:file=$LOG_DIR/...`, enabled by the start scripts' -loggc), so LOG_DIR is set
// to an emptyDir; the JVM extracts native compression libraries into java.io.tmpdir (/tmp).
const TMP: WritablePath = { volume: 'tmp', mountPath: '/tmp', reason: 'JVM temp files and native library extraction (snappy, zstd)' };
const LOGS: WritablePath = { volume: 'logs', mountPath: '/var/log/confluent', reason: 'LOG_DIR: GC logs written by kafka-run-class.sh' };

/** The runtime facts of each component's image. */
export const COMPONENT_RUNTIME: Readonly<Record<ConfluentComponent, ComponentRuntime>> = {
  [ConfluentComponent.KAFKA]: {
    repository: 'cp-kafka',
    envPrefix: 'KAFKA_',
    heapEnv: 'KAFKA_HEAP_OPTS',
    jvmOptsEnv: 'KAFKA_OPTS',
    log4jOptsEnv: 'KAFKA_LOG4J_OPTS',
    writablePaths: [
      { volume: 'config', mountPath: '/etc/kafka', reason: 'configure renders kafka.properties and the log4j files here' },
      LOGS,
      TMP,
    ],
  },
  [ConfluentComponent.SCHEMA_REGISTRY]: {
    repository: 'cp-schema-registry',
    envPrefix: 'SCHEMA_REGISTRY_',
    heapEnv: 'SCHEMA_REGISTRY_HEAP_OPTS',
    jvmOptsEnv: 'SCHEMA_REGISTRY_OPTS',
    log4jOptsEnv: 'SCHEMA_REGISTRY_LOG4J_OPTS',
    writablePaths: [
      { volume: 'config', mountPath: '/etc/schema-registry', reason: 'configure renders schema-registry.properties and admin.properties here' },
      LOGS,
      TMP,
    ],
  },
  [ConfluentComponent.CONNECT]: {
    repository: 'cp-kafka-connect',
    envPrefix: 'CONNECT_',
    // Connect is started by connect-distributed, which reads the KAFKA_* JVM variables.
    heapEnv: 'KAFKA_HEAP_OPTS',
    jvmOptsEnv: 'KAFKA_OPTS',
    log4jOptsEnv: 'KAFKA_LOG4J_OPTS',
    writablePaths: [
      { volume: 'config', mountPath: '/etc/kafka-connect', reason: 'configure renders kafka-connect.properties here' },
      { volume: 'kafka-config', mountPath: '/etc/kafka', reason: 'the Connect image writes its log4j files under /etc/kafka' },
      LOGS,
      TMP,
    ],
  },
  [ConfluentComponent.KSQLDB]: {
    repository: 'cp-ksqldb-server',
    envPrefix: 'KSQL_',
    heapEnv: 'KSQL_HEAP_OPTS',
    jvmOptsEnv: 'KSQL_OPTS',
    log4jOptsEnv: 'KSQL_LOG4J_OPTS',
    writablePaths: [
      { volume: 'config', mountPath: '/etc/ksqldb-server', reason: 'configure renders ksqldb-server.properties here' },
      LOGS,
      TMP,
    ],
  },
};

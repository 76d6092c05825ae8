import { ConfluentComponent } from '../core/component';
import { ErrorScope, raise } from '../core/errors';
import { Expect } from '../core/input-shape';
import { ConfluentVersion } from '../core/version';

/** How each log line is written. */
export enum LogFormat {
  /** Text: `[time] LEVEL message (logger)`, the images' own pattern. */
  PLAIN = 'plain',
  /**
   * One JSON object per line (`time`, `level`, `logger`, `thread`, `message`,
   * `exception`), for log pipelines that parse fields. Needs log4j 2: the 8.0+ images.
   */
  JSON = 'json',
}

/** A log4j level. */
export enum LogLevel {
  TRACE = 'TRACE',
  DEBUG = 'DEBUG',
  INFO = 'INFO',
  WARN = 'WARN',
  ERROR = 'ERROR',
  OFF = 'OFF',
}

/** Logging of a cluster's nodes or a component: format and levels, to stdout only. */
export interface LoggingSettings {
  /**
   * How each line is written.
   *
   * @default LogFormat.PLAIN — what the images write, for people and any log shipper
   */
  readonly format?: LogFormat;

  /**
   * Level of every logger not named in `levels`.
   *
   * @default LogLevel.INFO — the images' default
   */
  readonly rootLevel?: LogLevel;

  /**
   * Levels of named loggers (`{ 'kafka.request.logger': LogLevel.DEBUG }`), over the
   * component's own defaults (docs/monitoring.md, "Logs").
   *
   * @default - the component's defaults: the Kafka nodes' request logger and request
   * channel at WARN (a line per request otherwise), Connect's and ksqlDB's
   * org.reflections at ERROR (plugin scanning noise), ksqlDB's REST request log at WARN
   */
  readonly levels?: { [logger: string]: LogLevel };
}

/** Where the logging settings go on a component (Schema Registry, Connect, ksqlDB). */
export interface ComponentLoggingSettings {
  /**
   * Log format and levels of the component, replacing its image's log4j file.
   *
   * @default - the Kafka cluster's `logging` when the cluster is defined in this app;
   * otherwise the image's own log4j configuration (plain text, INFO)
   */
  readonly logging?: LoggingSettings;
}

const loggerName = Expect.text({
  expected: 'a logger name (letters, digits, ".", "_", "-" and "$")',
  example: '"kafka.request.logger"',
  maxLength: 255,
  pattern: /^[A-Za-z0-9_$][A-Za-z0-9_.$-]*$/,
});
const level = Expect.enumOf('LogLevel', LogLevel);

/** The runtime form of LoggingSettings (src/core/input-shape.ts). */
export const LOGGING_SETTINGS = Expect.struct('LoggingSettings', {
  format: Expect.enumOf('LogFormat', LogFormat),
  rootLevel: level,
  levels: Expect.map(level, { key: loggerName, maxEntries: 256, example: "{ 'kafka.request.logger': LogLevel.DEBUG }" }),
});

/** The runtime form of ComponentLoggingSettings. */
export const COMPONENT_LOGGING_FIELDS = { logging: LOGGING_SETTINGS };

/**
 * Levels each component's loggers start from when the library writes its log4j file:
 * the images' own choices that keep the log readable.
 */
export const DEFAULT_LOG_LEVELS: Readonly<Record<ConfluentComponent, Readonly<Record<string, LogLevel>>>> = {
  // A line per request otherwise (Kafka's own log4j files set these to WARN too).
  [ConfluentComponent.KAFKA]: { 'kafka.request.logger': LogLevel.WARN, 'kafka.network.RequestChannel$': LogLevel.WARN },
  [ConfluentComponent.SCHEMA_REGISTRY]: {},
  // Plugin scanning warns about every class it cannot load (the images' default).
  [ConfluentComponent.CONNECT]: { 'org.reflections': LogLevel.ERROR },
  // ksql-images' template: no line per REST request.
  [ConfluentComponent.KSQLDB]: { 'org.reflections': LogLevel.ERROR, 'io.confluent.rest-utils.requests': LogLevel.WARN },
};

/** A component's logging: its own setting, else the cluster's, else the image's (undefined). */
export function resolveComponentLogging(
  scope: ErrorScope, component: ConfluentComponent, own: LoggingSettings | undefined, cluster: LoggingSettings | undefined, version: ConfluentVersion,
): ResolvedLogging | undefined {
  const settings = own ?? cluster;
  if (settings === undefined) return undefined;
  return resolveLogging(scope, own === undefined ? 'logging (the Kafka cluster\'s)' : 'logging', settings, version, DEFAULT_LOG_LEVELS[component]);
}

/** The log4j generation a release's images use. */
export enum Log4jGeneration {
  /** log4j 1 (reload4j) with `log4j.properties`: 7.x. */
  LOG4J1 = 'log4j1',
  /** log4j 2 with `log4j2.yaml`: 8.0 and later. */
  LOG4J2 = 'log4j2',
}

/** Logging after defaults and checks. */
export interface ResolvedLogging {
  readonly format: LogFormat;
  readonly generation: Log4jGeneration;
  readonly rootLevel: LogLevel;
  /** Every named logger's level: the component's defaults, then the settings'. */
  readonly levels: Readonly<Record<string, LogLevel>>;
}

/** Directory the logging file is mounted in. */
export const LOGGING_CONFIG_DIR = '/etc/cdk8s-kafka/logging';

/**
 * Applies the defaults. JSON needs log4j 2: the 7.9 images log with log4j 1 (reload4j),
 * whose classpath has no JSON layout, and a pattern cannot escape a message's quotes or
 * line breaks, so JSON there would be broken lines: refused.
 */
export function resolveLogging(
  scope: ErrorScope, prop: string, settings: LoggingSettings, version: ConfluentVersion, defaults: Readonly<Record<string, LogLevel>>,
): ResolvedLogging {
  const generation = version.isAtLeast(ConfluentVersion.V8_0) ? Log4jGeneration.LOG4J2 : Log4jGeneration.LOG4J1;
  const format = settings.format ?? LogFormat.PLAIN;
  if (format === LogFormat.JSON && generation === Log4jGeneration.LOG4J1) {
    raise(scope, `${prop}.format`, format,
      `the ${version.version} images log with log4j 1 (reload4j), which has no JSON layout on their classpath, and a pattern cannot escape quotes or line breaks in messages`,
      'Use LogFormat.PLAIN, or a release from 8.0 (log4j 2)');
  }
  return { format, generation, rootLevel: settings.rootLevel ?? LogLevel.INFO, levels: { ...defaults, ...settings.levels } };
}

/** The logging file's name for a generation. */
export function loggingFileName(generation: Log4jGeneration): string {
  return generation === Log4jGeneration.LOG4J2 ? 'log4j2.yaml' : 'log4j.properties';
}

/** The JVM flag that points log4j at the file. */
export function loggingJvmFlag(generation: Log4jGeneration): string {
  return generation === Log4jGeneration.LOG4J2
    ? `-Dlog4j2.configurationFile=${LOGGING_CONFIG_DIR}/${loggingFileName(generation)}`
    : `-Dlog4j.configuration=file:${LOGGING_CONFIG_DIR}/${loggingFileName(generation)}`;
}

/** The images' own line pattern. */
const PLAIN_PATTERN = '[%d] %p %m (%c)%n';

/**
 * One JSON object per line with log4j 2's PatternLayout: `%enc{...}{JSON}` escapes what
 * the message, logger, thread and exception hold (quotes, backslashes, line breaks), so
 * every line parses whatever is logged; no layout jar beyond log4j-core is needed.
 */
export const JSON_PATTERN = '{"time":"%d{yyyy-MM-dd\'T\'HH:mm:ss.SSS\'Z\'}{UTC}","level":"%p","logger":"%enc{%c}{JSON}",'
  + '"thread":"%enc{%t}{JSON}","message":"%enc{%m}{JSON}","exception":"%enc{%xThrowable}{JSON}"}%n';

/** The logging file's text. */
export function renderLoggingConfig(logging: ResolvedLogging, what: string): string {
  const loggers = Object.keys(logging.levels).sort();
  if (logging.generation === Log4jGeneration.LOG4J1) {
    return [
      `# log4j configuration written by cdk8s-kafka: ${what}, ${logging.format} lines to stdout.`,
      `log4j.rootLogger=${logging.rootLevel}, stdout`,
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      `log4j.appender.stdout.layout.ConversionPattern=${PLAIN_PATTERN}`,
      ...loggers.map(l => `log4j.logger.${l}=${logging.levels[l]}`),
      '',
    ].join('\n');
  }
  const q = (s: string) => JSON.stringify(s);
  const layout = logging.format === LogFormat.JSON
    // The pattern writes the exception itself, escaped: not again after the line.
    ? ['      PatternLayout:', `        pattern: ${q(JSON_PATTERN)}`, '        alwaysWriteExceptions: false']
    : ['      PatternLayout:', `        pattern: ${q(PLAIN_PATTERN)}`];
  return [
    `# log4j 2 configuration written by cdk8s-kafka: ${what}, ${logging.format} lines to stdout.`,
    'Configuration:',
    '  name: cdk8s-kafka',
    '  Appenders:',
    '    Console:',
    '      name: STDOUT',
    '      target: SYSTEM_OUT',
    ...layout,
    '  Loggers:',
    '    Root:',
    // Quoted: YAML 1.1, which log4j's reader follows, reads a bare OFF as false.
    `      level: ${q(logging.rootLevel)}`,
    '      AppenderRef:',
    '        - ref: STDOUT',
    // Named loggers write through the root's appender (additivity): once per line.
    ...(loggers.length === 0 ? [] : ['    Logger:', ...loggers.flatMap(l => [`      - name: ${q(l)}`, `        level: ${q(logging.levels[l])}`])]),
    '',
  ].join('\n');
}

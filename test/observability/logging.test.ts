import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { ConfluentVersion, Connect, KafkaCluster, KsqlDb, LogFormat, LogLevel, SchemaRegistry } from '../../src';
import { ConfluentComponent } from '../../src/core/component';
import { DEFAULT_LOG_LEVELS, JSON_PATTERN, renderLoggingConfig, resolveLogging } from '../../src/observability/logging';
import { kafkaContainer, synthCluster } from '../kafka/fixture';
import { find, findAll } from '../support/objects';
import { expectValidChart } from '../support/validate';

const KAFKA_DEFAULTS = DEFAULT_LOG_LEVELS[ConfluentComponent.KAFKA];

/**
 * What log4j 2's PatternLayout writes for the converters the JSON pattern uses
 * (%d{...}{UTC}, %p, %enc{...}{JSON} around %c, %t, %m and %xThrowable, %n), with
 * %enc's JSON escaping (log4j-core EncodingPatternConverter: quote, backslash and control
 * characters escaped), to check that the pattern's own quoting makes a JSON object.
 */
function layout(pattern: string, event: { logger: string; thread: string; message: string; thrown: string }): string {
  const escape = (s: string) => s.replace(/[\\"\u0000-\u001f]/g, c => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' }[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const value: Record<string, string> = { '%c': event.logger, '%t': event.thread, '%m': event.message, '%xThrowable': event.thrown };
  return pattern
    .replace(/%d\{[^}]*\}\{UTC\}/, '2026-12-02T05:00:00.000Z')
    .replace(/%enc\{(%\w+)\}\{JSON\}/g, (_, converter: string) => escape(value[converter]))
    .replace('%p', 'INFO')
    .replace('%n', '\n');
}

describe('the log4j files', () => {
  test('log4j 2 (8.x): stdout only, the root level, each logger once through the root\'s appender', () => {
    const logging = resolveLogging('c', 'logging', { rootLevel: LogLevel.WARN, levels: { 'kafka.controller': LogLevel.DEBUG } }, ConfluentVersion.V8_0, KAFKA_DEFAULTS);
    const config = parse(renderLoggingConfig(logging, 'test')).Configuration;
    expect(Object.keys(config.Appenders)).toEqual(['Console']);
    expect(config.Appenders.Console).toMatchObject({ name: 'STDOUT', target: 'SYSTEM_OUT', PatternLayout: { pattern: '[%d] %p %m (%c)%n' } });
    expect(config.Loggers.Root).toEqual({ level: 'WARN', AppenderRef: [{ ref: 'STDOUT' }] });
    expect(config.Loggers.Logger).toEqual([
      { name: 'kafka.controller', level: 'DEBUG' },
      { name: 'kafka.network.RequestChannel$', level: 'WARN' },
      { name: 'kafka.request.logger', level: 'WARN' },
    ]);
  });

  test('levels are quoted: log4j reads YAML 1.1, where a bare OFF is the boolean false', () => {
    const logging = resolveLogging('c', 'logging', { rootLevel: LogLevel.OFF, levels: { noisy: LogLevel.OFF } }, ConfluentVersion.V8_0, {});
    const text = renderLoggingConfig(logging, 'test');
    expect(text).toContain('level: "OFF"');
    expect(text).not.toMatch(/level: OFF/);
  });

  test('JSON: every line parses as one object, whatever the message holds', () => {
    const logging = resolveLogging('c', 'logging', { format: LogFormat.JSON }, ConfluentVersion.V8_0, {});
    const layoutConfig = parse(renderLoggingConfig(logging, 'test')).Configuration.Appenders.Console.PatternLayout;
    expect(layoutConfig).toEqual({ pattern: JSON_PATTERN, alwaysWriteExceptions: false });
    const nasty = { logger: 'kafka.server.KafkaApis', thread: 'data-plane-kafka-request-handler-1', message: 'said "hi" \\ to\nC:\\path\ttab\u0001', thrown: 'java.io.IOException: "x"\n\tat a.b(C.java:1)' };
    const line = layout(layoutConfig.pattern, nasty);
    expect(line.endsWith('\n')).toBe(true);
    expect(line.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({
      time: '2026-12-02T05:00:00.000Z', level: 'INFO', logger: nasty.logger, thread: nasty.thread, message: nasty.message, exception: nasty.thrown,
    });
  });

  test('log4j 1 (7.9): the same levels in log4j.properties', () => {
    const logging = resolveLogging('c', 'logging', { levels: { 'kafka.authorizer.logger': LogLevel.INFO } }, ConfluentVersion.V7_9, KAFKA_DEFAULTS);
    const lines = renderLoggingConfig(logging, 'test').split('\n').filter(l => !l.startsWith('#') && l !== '');
    expect(lines).toEqual([
      'log4j.rootLogger=INFO, stdout',
      'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
      'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
      'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
      'log4j.logger.kafka.authorizer.logger=INFO',
      'log4j.logger.kafka.network.RequestChannel$=WARN',
      'log4j.logger.kafka.request.logger=WARN',
    ]);
  });

  test('fails if JSON is asked of the 7.9 images (log4j 1 has no JSON layout there)', () => {
    expect(() => synthCluster({ version: ConfluentVersion.V7_9, logging: { format: LogFormat.JSON } }))
      .toThrow(/test\/events: logging.format = "json" is invalid: the 7\.9\.\d+ images log with log4j 1 \(reload4j\).*Use LogFormat\.PLAIN, or a release from 8\.0/);
  });

  test('fails if a logger name could break the file', () => {
    expect(() => synthCluster({ logging: { levels: { 'kafka.x\nlog4j.rootLogger': LogLevel.DEBUG } } })).toThrow(/logging\.levels/);
  });
});

describe('the cluster\'s nodes', () => {
  const { objects } = synthCluster({ logging: { format: LogFormat.JSON, levels: { 'org.apache.kafka.raft': LogLevel.DEBUG } } });
  const sts = findAll(objects, 'StatefulSet');

  test('mount the library\'s file, and only the server JVM reads it (the tools keep theirs)', () => {
    const file = find(objects, 'ConfigMap', 'events-kafka-logging').data['log4j2.yaml'];
    expect(parse(file).Configuration.Loggers.Logger).toContainEqual({ name: 'org.apache.kafka.raft', level: 'DEBUG' });
    for (const s of sts) {
      const c = kafkaContainer(s);
      expect(c.volumeMounts).toContainEqual({ name: 'logging-config', mountPath: '/etc/cdk8s-kafka/logging', readOnly: true });
      expect(c.env.find((e: any) => e.name === 'CDK8S_LOG4J_OPTS').value).toBe('-Dlog4j2.configurationFile=/etc/cdk8s-kafka/logging/log4j2.yaml');
      expect(c.env.map((e: any) => e.name)).not.toContain('KAFKA_LOG4J_OPTS');
      expect(c.command[2]).toContain('export KAFKA_LOG4J_OPTS="$CDK8S_LOG4J_OPTS"');
    }
  });

  test('a change to the file rolls the nodes', () => {
    const hash = (o: any[]) => findAll(o, 'StatefulSet').map(s => s.spec.template.metadata.annotations['cdk8s-kafka/config-hash']);
    const other = synthCluster({ logging: { format: LogFormat.JSON, levels: { 'org.apache.kafka.raft': LogLevel.INFO } } }).objects;
    hash(objects).forEach((h, i) => expect(h).not.toEqual(hash(other)[i]));
  });

  test('without logging: the images\' own files, nothing mounted', () => {
    const plain = synthCluster().objects;
    expect(findAll(plain, 'ConfigMap').map(c => c.metadata.name)).not.toContain('events-kafka-logging');
    for (const s of findAll(plain, 'StatefulSet')) expect(kafkaContainer(s).env.map((e: any) => e.name)).not.toContain('CDK8S_LOG4J_OPTS');
  });
});

test('components inherit the cluster\'s logging, with their own defaults, or set their own', () => {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events', { logging: { format: LogFormat.JSON } });
  const registry = new SchemaRegistry(chart, 'schemas', { kafka });
  new Connect(chart, 'connect', { kafka, schemaRegistry: registry });
  new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: registry, logging: { rootLevel: LogLevel.WARN } });
  const objects = expectValidChart(chart);
  const file = (name: string) => parse(find(objects, 'ConfigMap', `${name}-logging`).data['log4j2.yaml']).Configuration;
  expect(file('schemas').Appenders.Console.PatternLayout.pattern).toBe(JSON_PATTERN);
  expect(file('connect').Loggers.Logger).toEqual([{ name: 'org.reflections', level: 'ERROR' }]);
  expect(file('ksql').Loggers.Root.level).toBe('WARN');
  expect(file('ksql').Appenders.Console.PatternLayout.pattern).toBe('[%d] %p %m (%c)%n');
  const registryContainer = find(objects, 'Deployment', 'schemas').spec.template.spec.containers[0];
  expect(registryContainer.env).toContainEqual({ name: 'CDK8S_LOG4J_OPTS_ENV', value: 'SCHEMA_REGISTRY_LOG4J_OPTS' });
  expect(registryContainer.command[2]).toContain('attach_metrics_agent');
});

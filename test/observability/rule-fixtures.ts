import * as path from 'path';
import { CONNECT_RULES, KSQLDB_RULES, SCHEMA_REGISTRY_RULES } from '../../src/observability/component-metrics';
import { ExporterRuleSet } from '../../src/observability/exporter-config';
import { KAFKA_NODE_RULES } from '../../src/observability/kafka-metrics';
import { exportSeries, ExportedSeries, MBean, readMBeans } from '../support/jmx-exporter';

// Each component's exporter rules and the MBean fixture they run over
// (test/observability/mbeans): the one list the rule tests, the metric tables of
// docs/monitoring.md and the query checks of alerts and dashboards all use.

/** One component's rules and fixture. */
export interface RuleFixture {
  /** How tests name it. */
  readonly title: string;
  /** Its block in docs/monitoring.md. */
  readonly docKey: string;
  /** Its pods' `app.kubernetes.io/name`, which its alerts and dashboards select. */
  readonly app: string;
  readonly rules: ExporterRuleSet;
  /** File name in test/observability/mbeans, without `.txt`. */
  readonly fixture: string;
}

export const RULE_FIXTURES: readonly RuleFixture[] = [
  { title: 'Kafka node', docKey: 'kafka', app: 'kafka', rules: KAFKA_NODE_RULES, fixture: 'kafka-node' },
  { title: 'Schema Registry', docKey: 'schema-registry', app: 'schema-registry', rules: SCHEMA_REGISTRY_RULES, fixture: 'schema-registry' },
  { title: 'Connect', docKey: 'connect', app: 'kafka-connect', rules: CONNECT_RULES, fixture: 'connect' },
  { title: 'ksqlDB', docKey: 'ksqldb', app: 'ksqldb', rules: KSQLDB_RULES, fixture: 'ksqldb' },
];

/** The MBeans of a fixture. */
export function fixtureBeans(fixture: string): MBean[] {
  return readMBeans(path.join(__dirname, 'mbeans', `${fixture}.txt`));
}

/** The series `rules` write over a fixture. */
export function fixtureSeries(rules: ExporterRuleSet, fixture: string): ExportedSeries[] {
  return exportSeries(rules, fixtureBeans(fixture));
}

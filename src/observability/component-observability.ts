import { Construct } from 'constructs';
import { AlertDefinition, AlertTarget } from './alert-rules';
import { connectAlerts, ksqlDbAlerts, schemaRegistryAlerts } from './component-alerts';
import { connectDashboard, ksqlDbDashboard, schemaRegistryDashboard } from './component-dashboards';
import { CONNECT_RULES, KSQLDB_RULES, SCHEMA_REGISTRY_RULES } from './component-metrics';
import { componentAlertTarget, ComponentMetrics } from './component-monitoring';
import { componentContainerParts, ContainerParts } from './component-start';
import { DashboardDefinition } from './dashboard';
import { ExporterRuleSet } from './exporter-config';
import { ResolvedLogging } from './logging';
import { LoggingFile } from './logging-file';
import { ResolvedAlertThresholds, ResolvedMonitoring } from './monitoring';
import { ConfluentComponent } from '../core/component';

/** The components with metrics of their own (the Kafka nodes have theirs in kafka/). */
export type ObservedComponent = ConfluentComponent.SCHEMA_REGISTRY | ConfluentComponent.CONNECT | ConfluentComponent.KSQLDB;

/** What differs between the components' metrics, alerts and dashboards. */
interface ComponentKind {
  readonly rules: ExporterRuleSet;
  /** Alert name prefix. */
  readonly prefix: string;
  /** How titles name the component. */
  readonly title: string;
  readonly alerts: (target: AlertTarget, thresholds: ResolvedAlertThresholds) => AlertDefinition[];
  readonly dashboard: (name: string, matchers: string) => DashboardDefinition;
}

const KINDS: Readonly<Record<ObservedComponent, ComponentKind>> = {
  [ConfluentComponent.SCHEMA_REGISTRY]: {
    rules: SCHEMA_REGISTRY_RULES, prefix: 'SchemaRegistry', title: 'Schema Registry', alerts: schemaRegistryAlerts, dashboard: schemaRegistryDashboard,
  },
  [ConfluentComponent.CONNECT]: { rules: CONNECT_RULES, prefix: 'Connect', title: 'Connect', alerts: connectAlerts, dashboard: connectDashboard },
  [ConfluentComponent.KSQLDB]: { rules: KSQLDB_RULES, prefix: 'KsqlDb', title: 'ksqlDB', alerts: ksqlDbAlerts, dashboard: ksqlDbDashboard },
};

/** A component's resolved monitoring and logging, and what its alerts need to know of it. */
export interface ComponentObservabilityInput {
  readonly component: ObservedComponent;
  /** Base name of its objects. */
  readonly name: string;
  readonly namespace?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  readonly monitoring?: ResolvedMonitoring;
  readonly logging?: ResolvedLogging;
  /** A StatefulSet (pods `<name>-<ordinal>`) rather than a Deployment. */
  readonly stateful: boolean;
  /** Its REST certificate, when it has one: its credentials and restart Jobs are `<name>-rest-...` then. */
  readonly restCertificate?: string;
  /** Regular expression of its Jobs' names, when it has more than the REST ones. */
  readonly jobs?: string;
  /** Its network settings: whether it has a NetworkPolicy, and who may scrape it. */
  readonly network: { readonly policy: boolean; readonly metricsPeers: readonly unknown[] };
}

/**
 * A component's metrics (rules ConfigMap, PodMonitor, PrometheusRule, dashboard) and
 * log4j file, as its settings ask; returns what its container adds for them.
 */
export function addComponentObservability(scope: Construct, input: ComponentObservabilityInput): ContainerParts {
  const kind = KINDS[input.component];
  const { name } = input;
  const metrics = input.monitoring === undefined ? undefined : new ComponentMetrics(scope, 'Metrics', {
    monitoring: input.monitoring,
    rules: kind.rules,
    heading: `${kind.title}'s metrics`,
    name,
    labels: { ...input.labels },
    selector: { ...input.selector },
    target: componentAlertTarget({
      prefix: kind.prefix,
      title: `${kind.title} ${name}`,
      app: input.selector['app.kubernetes.io/name'],
      name,
      namespace: input.namespace,
      stateful: input.stateful,
      container: input.component,
      certificate: input.restCertificate,
      jobs: input.jobs ?? (input.restCertificate === undefined ? undefined : `${name}-rest-.+`),
    }),
    alerts: kind.alerts,
    dashboard: kind.dashboard,
    scrapeBlocked: input.network.policy && input.network.metricsPeers.length === 0,
  });
  const logging = input.logging === undefined ? undefined : new LoggingFile(scope, 'Logging', {
    logging: input.logging, configMap: `${name}-logging`, labels: { ...input.labels }, what: `${kind.title} ${name}`,
  });
  return componentContainerParts(input.component, metrics, logging);
}

import { createHash } from 'crypto';

// Grafana dashboards as data: rows of panels, each one or more PromQL queries, laid out
// and rendered into Grafana's dashboard JSON model (schemaVersion 39) with two template
// variables: the Prometheus data source and the namespace. The queries name only
// metrics the exporter rules write (a test checks them over the MBean fixtures).

/** How a panel draws its queries. */
export enum PanelKind {
  /** Lines over time. */
  TIMESERIES = 'timeseries',
  /** One number, its latest value. */
  STAT = 'stat',
}

/** One query of a panel. */
export interface PanelQuery {
  readonly expr: string;
  /** Series name in the legend (`{{pod}}`). */
  readonly legend?: string;
}

/** One panel. */
export interface Panel {
  readonly title: string;
  readonly description: string;
  readonly kind: PanelKind;
  /** Grafana unit id: `bytes`, `Bps`, `percentunit`, `ms`, `s`, `short`, `ops`. */
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
}

/** A dashboard before rendering. */
export interface DashboardDefinition {
  /** Short key, part of the ConfigMap's name (`overview`). */
  readonly key: string;
  readonly title: string;
  readonly description: string;
  /** Rows of panels, top to bottom; panels of a row share its width. */
  readonly rows: ReadonlyArray<readonly Panel[]>;
  /** Extra query variables (a multi-value `topic`), each `label_values(...)`. */
  readonly variables?: ReadonlyArray<{ readonly name: string; readonly label: string; readonly query: string }>;
}

/** What the dashboards of one workload share. */
export interface DashboardContext {
  /** Label matchers of the workload's series, with `namespace="$namespace"`. */
  readonly series: string;
  /** A query whose `namespace` label values fill the namespace variable. */
  readonly namespaceQuery: string;
  /** The namespace to select first, when the chart has one. */
  readonly namespace?: string;
  /** Folder-free identity: namespace and name of the workload. */
  readonly identity: string;
}

const GRID_WIDTH = 24;
const STAT_HEIGHT = 4;
const TIMESERIES_HEIGHT = 8;

/** Grafana's dashboard JSON. */
export function renderDashboard(d: DashboardDefinition, context: DashboardContext): Record<string, unknown> {
  const panels: Array<Record<string, unknown>> = [];
  let y = 0;
  let id = 1;
  for (const row of d.rows) {
    const width = Math.floor(GRID_WIDTH / row.length);
    const height = row.every(p => p.kind === PanelKind.STAT) ? STAT_HEIGHT : TIMESERIES_HEIGHT;
    row.forEach((p, i) => {
      panels.push({
        id: id++,
        type: p.kind,
        title: p.title,
        description: p.description,
        datasource: { type: 'prometheus', uid: '${datasource}' },
        gridPos: { h: height, w: width, x: i * width, y },
        fieldConfig: { defaults: { unit: p.unit }, overrides: [] },
        options: p.kind === PanelKind.STAT
          ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value', graphMode: 'none' }
          : { legend: { displayMode: 'list', placement: 'bottom', showLegend: true }, tooltip: { mode: 'multi', sort: 'desc' } },
        targets: p.queries.map((q, n) => ({
          refId: String.fromCharCode(65 + n),
          datasource: { type: 'prometheus', uid: '${datasource}' },
          expr: q.expr,
          legendFormat: q.legend ?? '__auto',
        })),
      });
    });
    y += height;
  }
  const variable = (name: string, label: string, query: string, multi: boolean, current?: string) => ({
    name,
    label,
    type: 'query',
    datasource: { type: 'prometheus', uid: '${datasource}' },
    query: { query, refId: name },
    definition: query,
    refresh: 2,
    sort: 1,
    multi,
    includeAll: multi,
    ...(multi ? { allValue: '.*' } : {}),
    current: current === undefined ? {} : { text: current, value: current },
  });
  return {
    uid: dashboardUid(context.identity, d.key),
    title: d.title,
    description: d.description,
    tags: ['cdk8s-kafka', 'kafka'],
    editable: true,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    timezone: '',
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {}, hide: 0 },
        variable('namespace', 'Namespace', context.namespaceQuery, false, context.namespace),
        ...(d.variables ?? []).map(v => variable(v.name, v.label, v.query, true)),
      ],
    },
    panels,
  };
}

/** A stable uid of at most 40 characters (Grafana's limit), unique per workload and dashboard. */
export function dashboardUid(identity: string, key: string): string {
  return `cdk8s-kafka-${createHash('sha256').update(`${identity}/${key}`).digest('hex').slice(0, 20)}`;
}

/** The range of a rate() in every panel: Grafana's, which follows the scrape interval. */
export const RATE = '[$__rate_interval]';

/** A panel of one number (its latest value). */
export function stat(title: string, description: string, expr: string): Panel {
  return { title, description, kind: PanelKind.STAT, unit: 'short', queries: [{ expr }] };
}

/** A panel of lines over time, one per `[expr, legend]`. */
export function lines(title: string, description: string, unit: string, ...queries: Array<[string, string]>): Panel {
  return { title, description, kind: PanelKind.TIMESERIES, unit, queries: queries.map(([expr, legend]) => ({ expr, legend })) };
}

/** Selects a workload's series: its label matchers (without braces) plus `extra`, in braces. */
export function selectorOf(matchers: string): (extra?: string) => string {
  return (extra = '') => `{${matchers}${extra === '' ? '' : `,${extra}`}}`;
}

/** The JVM panels every component's dashboard ends with. */
export function jvmPanels(series: string): Panel[] {
  return [
    lines('Heap used', 'JVM heap used, against its maximum (the heap follows the memory request).', 'bytes',
      [`java_lang_memory_heap_used_bytes${series}`, '{{pod}} used'],
      [`java_lang_memory_heap_max_bytes${series}`, '{{pod}} max']),
    lines('Garbage collection', 'Share of time spent in garbage collection.', 'percentunit',
      [`sum by (pod) (rate(java_lang_gc_collection_seconds_total${series}${RATE}))`, '{{pod}}']),
    lines('CPU', 'CPU cores the JVM uses.', 'short', [`rate(java_lang_process_cpu_seconds_total${series}${RATE})`, '{{pod}}']),
  ];
}

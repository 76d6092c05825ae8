import { ApiObject, App, Chart } from 'cdk8s';
import { ClientPeer, ConfluentPlatform, Connect, KafkaCluster, KsqlDb, Profile, SchemaRegistry } from '../src';
import { findAll } from './support/objects';
import { synthObjects } from './support/synth';
import { validateManifests } from './support/validate';

// Several environments and tenants in one cdk8s app: each its own namespace and chart, or
// two clusters in one namespace. Beyond the harness's checks (no duplicate object, every
// selector selects something), every selector must select only the pods of its own
// cluster or component, so nothing one platform renders reaches into the other.

function platform(chart: Chart, prefix: string) {
  const kafka = new KafkaCluster(chart, `${prefix}events`, { monitoring: {}, metricsPeers: [ClientPeer.namespace('monitoring')] });
  kafka.addTopic('orders', { partitions: 3 });
  const registry = new SchemaRegistry(chart, `${prefix}schemas`, { kafka });
  new Connect(chart, `${prefix}connect`, { kafka, schemaRegistry: registry });
  new KsqlDb(chart, `${prefix}ksql`, { kafka, schemaRegistry: registry });
}

const INSTANCE = 'app.kubernetes.io/instance';

/** Pod templates by namespace: their labels and the instance of the object that owns them. */
function templates(objects: any[]) {
  return objects.flatMap(o => {
    const template = o.spec?.template?.metadata?.labels !== undefined ? o.spec.template
      : o.spec?.jobTemplate?.spec?.template?.metadata?.labels !== undefined ? o.spec.jobTemplate.spec.template : undefined;
    return template === undefined ? [] : [{ namespace: o.metadata.namespace, owner: `${o.kind}/${o.metadata.name}`, labels: template.metadata.labels as Record<string, string> }];
  });
}

const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Every selector whose matched pod templates belong to another instance than the object's own. */
function strayingSelectors(objects: any[]): string[] {
  const pods = templates(objects);
  const selectors = objects.flatMap(o => {
    const s = o.kind === 'Service' ? o.spec.selector
      : o.kind === 'NetworkPolicy' ? o.spec.podSelector?.matchLabels
        : ['PodDisruptionBudget', 'PodMonitor', 'StatefulSet', 'Deployment'].includes(o.kind) ? o.spec.selector?.matchLabels : undefined;
    return s === undefined ? [] : [{ o, selector: s as Record<string, string> }];
  });
  return selectors.flatMap(({ o, selector }) => pods
    .filter(p => p.namespace === o.metadata.namespace && matches(selector, p.labels) && p.labels[INSTANCE] !== o.metadata.labels?.[INSTANCE])
    .map(p => `${o.kind} ${o.metadata.namespace}/${o.metadata.name} selects ${p.owner} (instance ${p.labels[INSTANCE]})`));
}

test('two platforms side by side, each in its own namespace and chart', () => {
  const app = new App();
  platform(new Chart(app, 'production', { namespace: 'production' }), '');
  platform(new Chart(app, 'staging', { namespace: 'staging' }), '');
  const objects = synthObjects(app);
  validateManifests(objects);
  expect(strayingSelectors(objects)).toEqual([]);
  // The same objects in both namespaces (Jobs named by a hash of their spec, which names
  // the namespace), nothing shared between them.
  const names = (ns: string) => objects.filter(o => o.metadata.namespace === ns).map(o => `${o.kind}/${o.metadata.name.replace(/-[0-9a-f]{10}$/, '-<hash>')}`).sort();
  expect(names('staging')).toEqual(names('production'));
  // Cluster-scoped objects would be shared: there are none.
  expect(objects.filter(o => o.metadata.namespace === undefined).map(o => `${o.kind}/${o.metadata.name}`)).toEqual([]);
});

test('two clusters, with their components, in one namespace', () => {
  const app = new App();
  const chart = new Chart(app, 'shared', { namespace: 'kafka' });
  platform(chart, '');
  platform(chart, 'audit-');
  const objects = synthObjects(app);
  validateManifests(objects);
  expect(strayingSelectors(objects)).toEqual([]);
  // Both clusters' dashboards, alerts and scrape objects coexist.
  expect(findAll(objects, 'PodMonitor')).toHaveLength(8);
  expect(new Set(findAll(objects, 'ConfigMap').filter(c => c.metadata.labels.grafana_dashboard === '1')
    .map(c => JSON.parse(Object.values(c.data)[0] as string).uid)).size).toBe(14);
});

test('ConfluentPlatforms: production and a copy side by side, and two platforms in one namespace', () => {
  const app = new App();
  // Each environment's applications run in their own namespace, apps-<chart>.
  const full = (chart: Chart, id: string, profile: Profile) => new ConfluentPlatform(chart, id, {
    profile, schemaRegistry: {}, connect: {}, ksqlDb: {}, topics: { orders: {} }, users: { app: { appNamespaces: [`apps-${chart.node.id}`] } },
  });
  full(new Chart(app, 'production', { namespace: 'production' }), 'events', Profile.production());
  full(new Chart(app, 'copy', { namespace: 'copy' }), 'events', Profile.ephemeral());
  const shared = new Chart(app, 'shared', { namespace: 'shared' });
  full(shared, 'events', Profile.staging());
  full(shared, 'audit', Profile.ephemeral());
  const objects = synthObjects(app);
  validateManifests(objects);
  expect(strayingSelectors(objects)).toEqual([]);
  // Two clusters of one namespace copy their users' Secrets into one namespace under their own names.
  const copies = (ns: string) => objects.filter(o => o.metadata.namespace === ns && o.kind === 'CronJob').map(o => o.metadata.name).sort();
  expect(copies('apps-shared')).toEqual(['audit-app-secrets', 'events-app-secrets']);
  expect(copies('apps-copy')).toEqual(['events-app-secrets']);
});

test('the check finds a selector that reaches another instance\'s pods', () => {
  const pods = (instance: string) => ({
    kind: 'StatefulSet',
    metadata: { name: instance, namespace: 'kafka', labels: { [INSTANCE]: instance } },
    spec: { selector: { matchLabels: { app: 'kafka', [INSTANCE]: instance } }, template: { metadata: { labels: { app: 'kafka', [INSTANCE]: instance } } } },
  });
  const wide = { kind: 'Service', metadata: { name: 'events', namespace: 'kafka', labels: { [INSTANCE]: 'events' } }, spec: { selector: { app: 'kafka' } } };
  expect(strayingSelectors([pods('events'), pods('audit'), wide])).toEqual(['Service kafka/events selects StatefulSet/audit (instance audit)']);
});

test('docs/gitops.md\'s sync-wave loop annotates cert-manager objects before, Jobs after, the rest in wave 0', () => {
  const app = new App();
  platform(new Chart(app, 'production', { namespace: 'production' }), '');
  // As docs/gitops.md writes it.
  const WAVES: Record<string, string> = { Issuer: '-2', Certificate: '-1', Job: '1', CronJob: '1' };
  for (const chart of app.charts) {
    for (const o of chart.node.findAll().filter(ApiObject.isApiObject) as ApiObject[]) {
      const wave = WAVES[o.kind];
      if (wave !== undefined) o.metadata.addAnnotation('argocd.argoproj.io/sync-wave', wave);
    }
  }
  const objects = synthObjects(app);
  validateManifests(objects);
  const waves = new Map<string, Set<string>>();
  for (const o of objects) waves.set(o.kind, new Set([...waves.get(o.kind) ?? [], o.metadata.annotations?.['argocd.argoproj.io/sync-wave'] ?? '0']));
  expect([...waves.get('Certificate')!]).toEqual(['-1']);
  expect([...waves.get('Job')!]).toEqual(['1']);
  expect([...waves.get('StatefulSet')!]).toEqual(['0']);
});

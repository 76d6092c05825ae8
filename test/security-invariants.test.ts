import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { isCredentialsSource } from './support/credential-settings';
import { selectorMatches } from './support/label-selector';
import { podSpecOf } from './support/objects';
import { synthObjects } from './support/validate';

// Security invariants over every example: no cluster-scoped RBAC, no API tokens in
// pods, no credential in a ConfigMap, env literal, annotation or command line, and every
// pod isolated for ingress by a NetworkPolicy.

const dir = path.join(__dirname, '..', 'examples');
const examples = fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, 'main.ts'))).sort();

const CREDENTIAL = /(password|passwd|secret|token|credential|private[-_.]?key)/i;
// Annotations whose values are object names (references), not data.
const NAME_ANNOTATIONS = ['cdk8s-kafka/creates-secrets'];
const CLUSTER_SCOPED = ['ClusterRole', 'ClusterRoleBinding', 'Namespace', 'CustomResourceDefinition', 'PersistentVolume', 'StorageClass'];

describe.each(examples)('example %s', name => {
  const app = Testing.app();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require(path.join(dir, name, 'main.ts')) as { build: (a: App) => void }).build(app);
  const objects = synthObjects(app);
  const pods = objects.flatMap(o => {
    const spec = podSpecOf(o);
    return spec === undefined ? [] : [{ owner: o, spec, labels: (o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template).metadata?.labels ?? {} }];
  });

  test('no cluster-scoped object; the only RBAC is namespaced: the credentials Jobs may create Secrets, the roll restart its nodes by name, the REST restart patch its workload by name, the topics and access Jobs read and patch their own record, a Secret copy read its user\'s Secrets by name', () => {
    expect(objects.filter(o => CLUSTER_SCOPED.includes(o.kind)).map(o => o.kind)).toEqual([]);
    for (const role of objects.filter(o => o.kind === 'Role')) {
      if (role.metadata.name.endsWith('-kafka-credentials')) {
        expect(role.rules).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['create'] }]);
      } else if (role.metadata.name.endsWith('-rest-credentials')) {
        // And delete its component's keystore Secret alone, which a new keystore password makes stale.
        const component = role.metadata.name.replace(/-rest-credentials$/, '');
        expect(role.rules).toEqual([
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], resourceNames: [`${component}-rest-tls`], verbs: ['delete'] },
        ]);
      } else if (role.metadata.name.endsWith('-rest-tls-restart')) {
        // Its component's Certificate and workload by name; the pods' start times by list.
        const component = role.metadata.name.replace(/-rest-tls-restart$/, '');
        expect(role.rules).toEqual([
          { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: [`${component}-rest-tls`], verbs: ['get'] },
          { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
          { apiGroups: ['apps'], resources: [expect.stringMatching(/^(deployments|statefulsets)$/)], resourceNames: [component], verbs: ['patch'] },
        ]);
      } else if (role.metadata.labels['app.kubernetes.io/component'] === 'secret-copy') {
        // A user's Secrets for an application's namespace: read by name in the cluster's
        // namespace; in the application's, created (a create cannot be limited to a
        // name) and read and updated by name.
        const names = role.rules.at(-1).resourceNames;
        expect(names.length).toBeGreaterThan(0);
        expect(role.rules).toEqual(role.metadata.name.endsWith('-secrets') ? [
          { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
          { apiGroups: [''], resources: ['secrets'], resourceNames: names, verbs: ['get', 'update'] },
        ] : [{ apiGroups: [''], resources: ['secrets'], resourceNames: names, verbs: ['get'] }]);
      } else if (/-kafka-(topics|access)$/.test(role.metadata.name)) {
        expect(role.rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: [`${role.metadata.name}-owned`], verbs: ['get', 'patch'] }]);
      } else {
        expect(role.metadata.name).toMatch(/-kafka-roll$/);
        // Every rule that can change something names what it may change, but creating
        // its Lease and the quorum-state ConfigMap (a create cannot be limited to a name).
        for (const rule of role.rules.filter((r: any) => !(['leases', 'configmaps'].includes(r.resources[0]) && r.verbs.join() === 'create'))) {
          expect([rule.verbs, rule.verbs.some((v: string) => v !== 'get' && v !== 'list') ? rule.resourceNames?.length > 0 : true]).toEqual([rule.verbs, true]);
        }
      }
    }
    const accounts = new Set(objects.filter(o => o.kind === 'ServiceAccount').map(o => `${o.metadata.namespace}/${o.metadata.name}`));
    for (const binding of objects.filter(o => o.kind === 'RoleBinding')) {
      expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: binding.metadata.name });
      const [subject] = binding.subjects;
      // Its own namespace's ServiceAccount of its name, or (a Secret copy's reader) one of this app in another namespace.
      if (subject.namespace === undefined) expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: binding.metadata.name }]);
      else expect([binding.subjects.length, subject.kind, accounts.has(`${subject.namespace}/${subject.name}`)]).toEqual([1, 'ServiceAccount', true]);
    }
  });

  test('no ServiceAccount mounts an API token; only the pods of the credentials Jobs, the roll, the REST certificate restart, the recorded Jobs and the Secret copies get one, in their curl containers only', () => {
    for (const sa of objects.filter(o => o.kind === 'ServiceAccount')) expect([sa.metadata.name, sa.automountServiceAccountToken]).toEqual([sa.metadata.name, false]);
    for (const p of pods) {
      expect([p.owner.metadata.name, p.spec.automountServiceAccountToken]).toEqual([p.owner.metadata.name, false]);
      const component = p.labels['app.kubernetes.io/name'] === 'kafka-access' || p.labels['app.kubernetes.io/name']?.endsWith('-rest')
        ? p.labels['app.kubernetes.io/component'] : undefined;
      const calls = ['credentials', 'roll', 'topics', 'access', 'rest-credentials', 'rest-tls-restart', 'secret-copy'].includes(component);
      // The recorded Jobs (topics, access) read and write their record, before and after the Kafka step.
      const callers = ['topics', 'access'].includes(component) ? 2 : 1;
      const tokenVolumes = (p.spec.volumes ?? [])
        .filter((v: any) => v.projected?.sources.some((s: any) => s.serviceAccountToken !== undefined))
        .map((v: any) => v.name);
      expect([p.owner.metadata.name, tokenVolumes.length]).toEqual([p.owner.metadata.name, calls ? 1 : 0]);
      const mounting = [...p.spec.containers, ...(p.spec.initContainers ?? [])]
        .filter((c: any) => (c.volumeMounts ?? []).some((m: any) => tokenVolumes.includes(m.name)));
      expect(mounting.map((c: any) => c.image)).toEqual(calls ? Array(callers).fill(expect.stringContaining('curlimages/curl')) : []);
    }
  });

  test('every Secret a pod reads exists: made by cert-manager from a Certificate, by the credentials Job, or named by the user', () => {
    const made = new Set([
      ...objects.filter(o => o.kind === 'Certificate').map(o => o.spec.secretName),
      ...objects.filter(o => o.kind === 'Job').flatMap(o => (o.metadata.annotations?.['cdk8s-kafka/creates-secrets'] ?? '').split(',').filter(Boolean)),
    ]);
    const read = pods.flatMap(p => [
      ...(p.spec.volumes ?? []).filter((v: any) => v.secret !== undefined && !v.secret.optional).map((v: any) => v.secret.secretName),
      ...(p.spec.containers ?? []).flatMap((c: any) => (c.env ?? []).filter((e: any) => e.valueFrom?.secretKeyRef)
        .map((e: any) => e.valueFrom.secretKeyRef.name)),
    ]);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const external: string[] = (require(path.join(dir, name, 'main.ts')) as { external?: { secrets?: string[] } }).external?.secrets ?? [];
    expect([...new Set(read)].filter(s => !made.has(s) && !external.includes(s))).toEqual([]);
  });

  test('no Secret object is generated (credentials are never created at synth)', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
  });

  test('no credential in a ConfigMap, env literal, annotation or command line', () => {
    const leaks: string[] = [];
    for (const o of objects) {
      for (const [k, v] of Object.entries(o.metadata?.annotations ?? {})) {
        if (NAME_ANNOTATIONS.includes(k) ? !/^[a-z0-9.,-]+$/.test(String(v)) : CREDENTIAL.test(k) || CREDENTIAL.test(String(v))) leaks.push(`${o.kind}/${o.metadata.name} annotation ${k}`);
      }
      if (o.kind === 'ConfigMap') {
        for (const [k, v] of Object.entries(o.data ?? {})) {
          if (CREDENTIAL.test(k) && !isCredentialsSource(k, v)) leaks.push(`ConfigMap/${o.metadata.name} key ${k}`);
          // A connector config may name a credential setting, but only as a reference.
          for (const m of String(v).matchAll(/"([^"]*(?:password|secret|token)[^"]*)":"([^"]*)"/gi)) {
            if (!m[2].startsWith('${directory:')) leaks.push(`ConfigMap/${o.metadata.name} ${m[1]} is a literal`);
          }
        }
      }
    }
    for (const p of pods) {
      for (const c of [...(p.spec.initContainers ?? []), ...(p.spec.containers ?? [])]) {
        for (const e of c.env ?? []) if (CREDENTIAL.test(e.name) && e.value !== undefined) leaks.push(`${p.owner.metadata.name}/${c.name} env ${e.name}`);
        // A shell variable holding a password read at run time is fine; a literal is not.
        for (const arg of [...(c.command ?? []), ...(c.args ?? [])]) if (/password\s*[=:]\s*[^\s$"'%\\]/i.test(arg)) leaks.push(`${p.owner.metadata.name}/${c.name} command line`);
      }
    }
    expect(leaks).toEqual([]);
  });

  test('no NetworkPolicy admits every pod of its namespace: each pod-selector peer names labels', () => {
    const open: string[] = [];
    for (const np of objects.filter(o => o.kind === 'NetworkPolicy')) {
      for (const rule of np.spec.ingress ?? []) {
        for (const peer of rule.from ?? []) {
          const selector = peer.podSelector;
          const empty = selector !== undefined
            && Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
          if (empty && peer.namespaceSelector === undefined) open.push(`NetworkPolicy/${np.metadata.name}`);
        }
      }
    }
    expect(open).toEqual([]);
  });

  test('every pod is isolated for ingress by a NetworkPolicy of its component', () => {
    const policies = objects.filter(o => o.kind === 'NetworkPolicy' && (o.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
    const unprotected = pods.filter(p => !policies.some(np => selectorMatches(np.spec.podSelector, p.labels))).map(p => `${p.owner.kind}/${p.owner.metadata.name}`);
    expect(unprotected).toEqual([]);
  });
});

describe('allowClient accepts only a non-empty, valid label selector (an empty one would open the port to every pod)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Chart } = require('cdk8s');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KafkaCluster, SchemaRegistry } = require('../src');
  const targets: Array<[string, (chart: any) => { allowClient(labels: unknown): void }]> = [
    ['KafkaCluster', chart => new KafkaCluster(chart, 'events')],
    ['SchemaRegistry', chart => new SchemaRegistry(chart, 'schemas', { kafka: new KafkaCluster(chart, 'events') })],
  ];
  test.each(targets.flatMap(([kind, make]) => [{}, 'app=orders', { app: null }, { app: 'a b' }, { '': 'x' }].map(labels => [kind, make, labels] as const)))(
    '%s refuses %j',
    (_kind, make, labels) => {
      const target = make(new Chart(Testing.app(), 'c', { namespace: 'kafka' }));
      expect(() => target.allowClient(labels)).toThrow(/allowClient\.podLabels/);
    },
  );
});

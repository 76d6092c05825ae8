import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { selectorMatches } from './support/label-selector';
import { podSpecOf } from './support/objects';
import { synthObjects } from './support/validate';

// Security invariants over every example: no cluster-scoped RBAC, no API tokens in
// pods, no credential in a ConfigMap, env literal, annotation or command line, and every
// pod isolated for ingress by a NetworkPolicy.

const dir = path.join(__dirname, '..', 'examples');
const examples = fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, 'main.ts'))).sort();

const CREDENTIAL = /(password|passwd|secret|token|credential|private[-_.]?key)/i;
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

  test('no cluster-scoped object, no RBAC at all', () => {
    expect(objects.filter(o => CLUSTER_SCOPED.includes(o.kind) || /Role/.test(o.kind)).map(o => o.kind)).toEqual([]);
  });

  test('no pod and no ServiceAccount mounts an API token', () => {
    for (const sa of objects.filter(o => o.kind === 'ServiceAccount')) expect([sa.metadata.name, sa.automountServiceAccountToken]).toEqual([sa.metadata.name, false]);
    for (const p of pods) expect([p.owner.metadata.name, p.spec.automountServiceAccountToken]).toEqual([p.owner.metadata.name, false]);
  });

  test('no Secret object is generated (credentials are never created at synth)', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
  });

  test('no credential in a ConfigMap, env literal, annotation or command line', () => {
    const leaks: string[] = [];
    for (const o of objects) {
      for (const [k, v] of Object.entries(o.metadata?.annotations ?? {})) if (CREDENTIAL.test(k) || CREDENTIAL.test(String(v))) leaks.push(`${o.kind}/${o.metadata.name} annotation ${k}`);
      if (o.kind === 'ConfigMap') {
        for (const [k, v] of Object.entries(o.data ?? {})) {
          if (CREDENTIAL.test(k)) leaks.push(`ConfigMap/${o.metadata.name} key ${k}`);
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
        for (const arg of [...(c.command ?? []), ...(c.args ?? [])]) if (/password\s*[=:]\s*\S/i.test(arg)) leaks.push(`${p.owner.metadata.name}/${c.name} command line`);
      }
    }
    expect(leaks).toEqual([]);
  });

  test('every pod is isolated for ingress by a NetworkPolicy of its component', () => {
    const policies = objects.filter(o => o.kind === 'NetworkPolicy' && (o.spec.policyTypes ?? ['Ingress']).includes('Ingress'));
    const unprotected = pods.filter(p => !policies.some(np => selectorMatches(np.spec.podSelector, p.labels))).map(p => `${p.owner.kind}/${p.owner.metadata.name}`);
    expect(unprotected).toEqual([]);
  });
});

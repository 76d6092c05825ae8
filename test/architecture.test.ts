import * as fs from 'fs';
import * as path from 'path';

// The layout is the architecture (README, "Working on this repository"): data flows one
// way, props -> resolve -> render -> assemble, and folders depend downwards only. These
// checks read the import statements of every source file, so a new edge that breaks
// the direction fails here rather than in a reviewer's head.

const SRC = path.join(__dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Source file -> the source files it imports (relative imports only). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const targets = [...text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gms)]
      .map(m => path.resolve(path.dirname(file), m[1]) + '.ts');
    graph.set(rel(file), [...new Set(targets.map(rel))].sort());
  }
  return graph;
}

function rel(file: string): string {
  return path.relative(SRC, file).split(path.sep).join('/');
}

/** Every import cycle, each as the files around it, found by depth-first search. */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return found;
}

/** The folder a source file belongs to, for the layering rules (`kafka/nodes` is `kafka`). */
function layer(file: string): string {
  return file.includes('/') ? file.split('/')[0] : '.';
}

// What each folder may import besides itself. Components reach the cluster and the
// registry through their interfaces only (the `-ref` files), never a construct.
const ALLOWED: Record<string, (target: string) => boolean> = {
  'core': () => false,
  // Topics are vocabulary the cluster and its clients share, below access (an ACL can
  // name a declared topic).
  'topics': t => layer(t) === 'core',
  'access': t => ['core', 'topics'].includes(layer(t)),
  // Metrics, scrape objects, alerts and dashboards: vocabulary every workload uses,
  // knowing the metric names but no construct of theirs.
  'observability': t => layer(t) === 'core',
  'kafka': t => ['core', 'access', 'topics', 'observability'].includes(layer(t)),
  'schema-registry': t => ['core', 'access', 'topics', 'observability'].includes(layer(t)) || t === 'kafka/kafka-cluster-ref.ts',
  'connect': t => ['core', 'access', 'topics', 'observability'].includes(layer(t)) || ['kafka/kafka-cluster-ref.ts', 'schema-registry/schema-registry-ref.ts'].includes(t),
  'ksqldb': t => ['core', 'access', 'topics', 'observability'].includes(layer(t)) || ['kafka/kafka-cluster-ref.ts', 'schema-registry/schema-registry-ref.ts'].includes(t),
  // The platform composes every construct; nothing below imports it.
  'platform': t => layer(t) !== 'plan',
  // The plan reads manifests and the model format only: never a construct.
  'plan': t => layer(t) === 'core',
  '.': () => true,
};

describe('source architecture', () => {
  const graph = importGraph();

  test('every import names an existing source file', () => {
    const missing = [...graph].flatMap(([file, targets]) => targets.filter(t => !graph.has(t)).map(t => `${file} -> ${t}`));
    expect(missing).toEqual([]);
  });

  test('no import cycles between source files', () => {
    expect(cycles(graph).map(c => c.join(' -> '))).toEqual([]);
  });

  test('folders depend downwards only: core <- access <- kafka <- components, components through interfaces', () => {
    const wrong = [...graph].flatMap(([file, targets]) => {
      const allowed = ALLOWED[layer(file)];
      if (allowed === undefined) return [`${file}: folder ${layer(file)} has no layering rule`];
      return targets.filter(t => layer(t) !== layer(file) && !allowed(t)).map(t => `${file} -> ${t}`);
    });
    expect(wrong).toEqual([]);
  });
});

// The main job: synthesizes every example app under examples/ into dist/examples/<name>/
// and checks every object with the same harness the tests use (strict Kubernetes
// schema, API-server rules, references, restricted pods) and for determinism.
//
//   npm run examples            all examples
//   npm run examples -- quickstart   one example
//
// Each example's main.ts exports `build(app: App)`; run alone, it synthesizes itself.
import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { restrictedProblems } from '../test/support/restricted';
import { findProblems, synthYaml, ValidationOptions } from '../test/support/validate';

interface Example {
  readonly name: string;
  readonly build: (app: App) => void;
  /** Objects the example references but does not create (e.g. Secrets made elsewhere). */
  readonly external?: ValidationOptions['external'];
}

const root = path.join(__dirname, '..');
const only = process.argv.slice(2);

function loadExamples(): Example[] {
  const dir = path.join(root, 'examples');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter(name => fs.existsSync(path.join(dir, name, 'main.ts')))
    .filter(name => only.length === 0 || only.includes(name))
    .sort()
    .map(name => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(dir, name, 'main.ts')) as { build?: (app: App) => void; external?: ValidationOptions['external'] };
      if (typeof mod.build !== 'function') {
        throw new Error(`examples/${name}/main.ts must export build(app: App)`);
      }
      return { name, build: mod.build, external: mod.external };
    });
}

function synthesize(example: Example): { files: string[]; objects: any[] } {
  const outdir = path.join(root, 'dist', 'examples', example.name);
  fs.rmSync(outdir, { recursive: true, force: true });
  const app = new App({ outdir });
  example.build(app);
  app.synth();
  const files = fs.readdirSync(outdir).filter(f => f.endsWith('.yaml')).sort();
  const objects = files.flatMap(f =>
    parseAllDocuments(fs.readFileSync(path.join(outdir, f), 'utf8'))
      .map(d => d.toJS())
      .filter(o => o !== null && o !== undefined));
  return { files: files.map(f => path.relative(root, path.join(outdir, f))), objects };
}

function yamlOf(example: Example): string {
  // The first synthesis already printed the warnings.
  const silenced = process.env.CDK8S_KAFKA_SILENCE_WARNINGS;
  process.env.CDK8S_KAFKA_SILENCE_WARNINGS = '1';
  try {
    const app = new App({ outdir: path.join(root, 'dist', 'examples', '.determinism') });
    example.build(app);
    return synthYaml(app);
  } finally {
    if (silenced === undefined) delete process.env.CDK8S_KAFKA_SILENCE_WARNINGS;
    else process.env.CDK8S_KAFKA_SILENCE_WARNINGS = silenced;
  }
}

function main(): number {
  const examples = loadExamples();
  if (examples.length === 0) {
    console.error(only.length > 0 ? `no example named ${only.join(', ')}` : 'no examples found under examples/');
    return 1;
  }
  let failed = 0;
  for (const example of examples) {
    const started = process.hrtime.bigint();
    const { files, objects } = synthesize(example);
    const problems = findProblems(objects, { external: example.external }).map(p => `${p.object} ${p.path}: ${p.message}`);
    problems.push(...restrictedProblems(objects));
    if (yamlOf(example) !== yamlOf(example)) {
      problems.push('two syntheses of the same program differ (output is not deterministic)');
    }
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (problems.length > 0) {
      failed++;
      console.error(`FAIL ${example.name}: ${objects.length} objects, ${problems.length} problems`);
      for (const p of problems) console.error(`  - ${p}`);
    } else {
      console.log(`ok   ${example.name}: ${objects.length} objects in ${files.join(', ')} (${ms.toFixed(0)} ms, valid, restricted, deterministic)`);
    }
  }
  fs.rmSync(path.join(root, 'dist', 'examples', '.determinism'), { recursive: true, force: true });
  console.log(`${examples.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = main();

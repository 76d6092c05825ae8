import * as fs from 'fs';
import * as path from 'path';
import { App, Testing } from 'cdk8s';
import { synthObjects } from './synth';

// The example apps under examples/, for tests that check a property over every object
// the examples synthesize (each example's main.ts exports `build(app: App)`).

const dir = path.join(__dirname, '..', '..', 'examples');

/** Names of the example apps, sorted. */
export function exampleNames(): string[] {
  return fs.readdirSync(dir).filter(name => fs.existsSync(path.join(dir, name, 'main.ts'))).sort();
}

/** Every object one example synthesizes. */
export function synthExample(name: string): any[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { build } = require(path.join(dir, name, 'main.ts')) as { build: (app: App) => void };
  const app = Testing.app();
  build(app);
  return synthObjects(app);
}

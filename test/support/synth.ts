import { App, Chart } from 'cdk8s';

/**
 * Synthesis helpers shared by tests and the examples synthesizer. No jest
 * imports: failures are plain Errors.
 */

/** Manifests of one chart, or of every chart of an app in synth (dependency) order. */
export function synthObjects(chartOrApp: Chart | App): any[] {
  // Chart.isChart rather than instanceof: robust to duplicated cdk8s copies.
  return Chart.isChart(chartOrApp) ? chartOrApp.toJson() : (chartOrApp as App).charts.flatMap((chart) => chart.toJson());
}

/** Every chart of the app as one multi-document YAML string, exactly as `cdk8s synth` would write it. */
export function synthYaml(app: App): string {
  return app.synthYaml();
}

const CONTEXT_LINES = 2;

/** A short excerpt around the first differing line of two texts, or `undefined` if they are identical. */
export function firstDifference(a: string, b: string, labels: readonly [string, string] = ['first', 'second']): string | undefined {
  if (a === b) {
    return undefined;
  }
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && line < right.length && left[line] === right[line]) {
    line++;
  }
  const from = Math.max(0, line - CONTEXT_LINES);
  const excerpt = (lines: readonly string[]): string => lines.slice(from, line + 1)
    .map((text, i) => `  ${String(from + i + 1).padStart(5)}| ${text}`)
    .join('\n') + (line >= lines.length ? '\n  <end of output>' : '');
  return `first difference at line ${line + 1}:\n${labels[0]}:\n${excerpt(left)}\n${labels[1]}:\n${excerpt(right)}`;
}

/**
 * Builds the app twice and synthesizes both; throws with the first difference
 * unless the YAML is byte-identical. Returns the YAML. Catches anything that
 * varies between runs: Math.random, Date.now, unordered iteration of inputs.
 */
export function expectDeterministic(build: () => App): string {
  const first = synthYaml(build());
  const second = synthYaml(build());
  const difference = firstDifference(first, second, ['first synth', 'second synth']);
  if (difference !== undefined) {
    throw new Error(`Synthesis is not deterministic: two builds of the same app produced different YAML; ${difference}`);
  }
  return first;
}

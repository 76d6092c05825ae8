import { App, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { firstDifference } from './synth';
import { expectDeterministic, synthYaml } from './validate';

function app(nonce: () => string): App {
  const a = new App();
  const chart = new Chart(a, 'kafka');
  new kplus.ConfigMap(chart, 'config', { data: { 'server.properties': 'num.partitions=3\n', 'nonce': nonce() } });
  return a;
}

describe('deterministic synthesis', () => {
  test('a deterministic app passes and returns its YAML', () => {
    const yaml = expectDeterministic(() => app(() => 'fixed'));
    expect(yaml).toBe(synthYaml(app(() => 'fixed')));
    expect(yaml).toContain('kind: ConfigMap');
  });

  test('an app that embeds Math.random() fails with the first difference', () => {
    expect(() => expectDeterministic(() => app(() => String(Math.random()))))
      .toThrow(/^Synthesis is not deterministic: two builds of the same app produced different YAML; first difference at line \d+:\nfirst synth:\n[\s\S]*nonce: "0\.\d+"\nsecond synth:\n/);
  });

  test('the excerpt shows context lines and the end of a shorter output', () => {
    expect(firstDifference('a\nb\nc\nd', 'a\nb\nc\nX')).toBe(
      'first difference at line 4:\nfirst:\n      2| b\n      3| c\n      4| d\nsecond:\n      2| b\n      3| c\n      4| X');
    expect(firstDifference('a\nb', 'a')).toContain('<end of output>');
    expect(firstDifference('same', 'same')).toBeUndefined();
  });
});

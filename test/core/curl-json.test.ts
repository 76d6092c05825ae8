import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// The JSON helpers of the curl-image scripts, run with sh: what they write must parse.

const LIB = path.join(__dirname, '../../src/core/curl-json.sh');

function sh(commands: string, ...args: string[]): string {
  const r = spawnSync('/bin/sh', ['-c', `. ${LIB}; ${commands}`, 'sh', ...args], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout;
}

test('json_string escapes quotes and backslashes and turns control characters (a tool\'s stack trace line) into spaces', () => {
  const value = 'at org.apache.kafka\t"quoted" back\\slash\r\nnext\u0001';
  const json = sh('json_string "$1"', value);
  expect(JSON.parse(json)).toBe('at org.apache.kafka "quoted" back\\slash  next ');
});

test('json_object nests values that are JSON already', () => {
  expect(JSON.parse(sh('json_object a "$(json_string x)" b \'{"c":1}\''))).toEqual({ a: 'x', b: { c: 1 } });
});

test('json_string and json_object write plain values without escaping and others escaped, alike', () => {
  const keys = ['plain', 'with space', 'quote"d', 'back\\slash', 'tab\there', 'ünïcode'];
  for (const key of keys) {
    expect(JSON.parse(sh('json_string "$1"', key))).toBe(key.replace(/\t/g, ' '));
    expect(Object.keys(JSON.parse(sh('json_object "$1" 1', key)))).toEqual([key.replace(/\t/g, ' ')]);
  }
});

test('json_fields gives, in one "|"-separated line, the first value of each key (empty for none), in compact and pretty-printed answers', () => {
  const pod = {
    metadata: { name: 'p', uid: 'u-1', resourceVersion: '12', ownerReferences: [{ uid: 'owner', name: 'sts' }], labels: { 'controller-revision-hash': 'r1', 'empty': '' } },
    status: { observedGeneration: 4, conditions: [{ type: 'Ready', status: 'True' }] },
    generation: 5,
  };
  // The first string value, not the owner's uid or name; "status" is an object first, a string in the condition;
  // "generation" is not "observedGeneration".
  const specs = ['s:uid', 's:resourceVersion', 's:controller-revision-hash', 'n:generation', 'n:observedGeneration', 's:missing', 'n:missing', 's:name', 's:status', 's:empty'];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-json-'));
  for (const [i, text] of [JSON.stringify(pod), JSON.stringify(pod, null, 2)].entries()) {
    const file = path.join(dir, `answer-${i}.json`);
    fs.writeFileSync(file, text);
    expect(sh(`json_fields "$1" ${specs.join(' ')}`, file)).toBe('u-1|12|r1|5|4|||p|True|\n');
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { envLines, mergeEnv, scriptCommand, scriptEnv, ScriptFile, Shell } from '../../src/core/script-file';

const SRC = path.join(__dirname, '..', '..', 'src');

function shellFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return shellFiles(full);
    return entry.name.endsWith('.sh') ? [full] : [];
  }).sort();
}

describe('script files', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-scripts-')); });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the text that runs is the file without its leading comment block', () => {
    fs.writeFileSync(path.join(dir, 'a.sh'), '#!/bin/bash\n# What it does.\n#\n# shellcheck disable=SC2154\n\nset -u\n# a comment in the body stays\necho "#not a comment"\n');
    expect(ScriptFile.at(dir, 'a.sh').text).toBe('set -u\n# a comment in the body stays\necho "#not a comment"\n');
  });

  test('libraries come first in the command, each file ending its lines', () => {
    fs.writeFileSync(path.join(dir, 'lib.sh'), '# shellcheck shell=sh\nhello() { echo hello; }');
    fs.writeFileSync(path.join(dir, 'main.sh'), '#!/bin/sh\nhello\n');
    const command = scriptCommand(Shell.SH, ScriptFile.at(dir, 'lib.sh'), ScriptFile.at(dir, 'main.sh'));
    expect(command).toEqual(['/bin/sh', '-c', 'hello() { echo hello; }\nhello\n']);
    expect(spawnSync(command[0], command.slice(1), { encoding: 'utf8' }).stdout).toBe('hello\n');
  });

  test('a file is read once per process', () => {
    fs.writeFileSync(path.join(dir, 'once.sh'), 'echo one\n');
    const file = ScriptFile.at(dir, 'once.sh');
    expect(scriptCommand(Shell.BASH, file)[2]).toBe('echo one\n');
    fs.writeFileSync(path.join(dir, 'once.sh'), 'echo two\n');
    expect(scriptCommand(Shell.BASH, file)[2]).toBe('echo one\n');
    expect(ScriptFile.at(dir, 'once.sh').text).toBe('echo one\n');
  });

  test('fails if the file is missing, saying where it was looked for and how the package ships them', () => {
    expect(() => ScriptFile.at(dir, 'missing.sh').text).toThrow(`cannot read the script ${path.join(dir, 'missing.sh')}`);
    expect(() => ScriptFile.at(dir, 'missing.sh').text).toThrow('the compile task copies src/**/*.sh to lib/');
  });
});

describe('script environment', () => {
  test('plain values in order, undefined ones left out', () => {
    expect(scriptEnv({ CDK8S_B: 'b', CDK8S_A: 3, CDK8S_NONE: undefined })).toEqual([{ name: 'CDK8S_B', value: 'b' }, { name: 'CDK8S_A', value: '3' }]);
  });

  test.each(['KAFKA_X', 'CONFLUENT_X', 'SCHEMA_REGISTRY_X', 'CONNECT_X', 'KSQL_X'])('fails if a parameter is named %s (the images read it as a property)', name => {
    expect(() => scriptEnv({ [name]: 'x' })).toThrow(`script parameter ${name} starts with a prefix`);
  });

  test('lists are one row a line, fields separated by a space, missing trailing fields left out', () => {
    expect(envLines([['CLIENT', '{pod}', 9092, undefined], ['NODES', 'n-{id}.example.com', 9095, 31000]])).toBe('CLIENT {pod} 9092\nNODES n-{id}.example.com 9095 31000');
    expect(envLines([])).toBeUndefined();
  });

  test.each([['a space', 'a b'], ['a newline', 'a\nb'], ['nothing', ''], ['a gap', undefined]])('fails if a list field holds %s', (_, field) => {
    expect(() => envLines([[field, 'last']])).toThrow('a script list field must be non-empty without whitespace');
  });

  test('scripts of one container share a variable once, and must agree on it', () => {
    const a = [{ name: 'CDK8S_PORT', value: '9404' }, { name: 'CDK8S_A', value: 'a' }];
    expect(mergeEnv(a, [{ name: 'CDK8S_PORT', value: '9404' }, { name: 'CDK8S_B', value: 'b' }]).map(e => e.name)).toEqual(['CDK8S_PORT', 'CDK8S_A', 'CDK8S_B']);
    expect(() => mergeEnv(a, [{ name: 'CDK8S_PORT', value: '1' }])).toThrow('scripts of one container disagree on CDK8S_PORT');
  });
});

describe('the shipped scripts', () => {
  const files = shellFiles(SRC);
  const loadedNextToIt = (file: string) => fs.readdirSync(path.dirname(file)).filter(f => f.endsWith('.ts'))
    .some(f => fs.readFileSync(path.join(path.dirname(file), f), 'utf8').includes(`ScriptFile.at(__dirname, '${path.basename(file)}')`));

  test('there are scripts, each loaded by a module next to it', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect([path.relative(SRC, file), loadedNextToIt(file)]).toEqual([path.relative(SRC, file), true]);
  });

  test('each declares its shell (a shebang, or a shellcheck directive for a library)', () => {
    for (const file of files) {
      const first = fs.readFileSync(file, 'utf8').split('\n')[0];
      expect([path.relative(SRC, file), /^(#!\/bin\/(ba)?sh|# shellcheck shell=(ba)?sh)$/.test(first)]).toEqual([path.relative(SRC, file), true]);
    }
  });

  test('none holds what Kubernetes expands in a command: $$ (read as $) or $(NAME) of an environment variable', () => {
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect([path.relative(SRC, file), /\$\$|\$\([A-Z_][A-Z0-9_]*\)/.exec(text)?.[0]]).toEqual([path.relative(SRC, file), undefined]);
    }
  });

  const shellcheck = spawnSync('shellcheck', ['--version']).status === 0;
  // CI installs shellcheck and runs it over src/**/*.sh before the tests (.ci/run).
  (shellcheck ? test : test.skip)(`every script passes shellcheck${shellcheck ? '' : ' (skipped: shellcheck is not installed)'}`, () => {
    const r = spawnSync('shellcheck', files, { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

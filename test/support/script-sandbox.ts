import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ShellScript } from '../../src/core/script-file';

// A sandbox for running a pod's script for real against fake tools on PATH: a temporary
// directory, its bin/ for the fakes, and a calls log the fakes append to.

export interface Sandbox { dir: string; bin: string; log: string }

export function sandbox(): Sandbox {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-access-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  return { dir, bin, log: path.join(dir, 'calls.log') };
}

/** A fake tool on the sandbox's PATH: `body` under /bin/sh. */
export function tool(box: Sandbox, name: string, body: string): void {
  fs.writeFileSync(path.join(box.bin, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
}

/** The files a pod's ServiceAccount mount has: namespace kafka, token "tok". */
export function serviceAccount(box: Pick<Sandbox, 'dir'>): string {
  const sa = path.join(box.dir, 'sa');
  fs.mkdirSync(sa);
  fs.writeFileSync(path.join(sa, 'namespace'), 'kafka');
  fs.writeFileSync(path.join(sa, 'token'), 'tok');
  fs.writeFileSync(path.join(sa, 'ca.crt'), 'ca');
  return sa;
}

/** Runs the script as its container would (its command and environment), its text changed by `change`. */
export function run(script: ShellScript, box: Sandbox, change: (text: string) => string): { code: number; out: string } {
  const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  const r = spawnSync(script.command[0], [script.command[1], change(script.command[2])], {
    env: { PATH: `${box.bin}:/usr/bin:/bin`, HOME: box.dir, ...env }, encoding: 'utf8', timeout: 20000,
  });
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}` };
}

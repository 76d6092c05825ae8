import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ShellScript } from '../../../src/core/script-file';

// Running the nodes' scripts for real with bash, as their container would: the command,
// with the environment the render function gives it plus what the test adds (the pod's
// own HOSTNAME, POD_NAMESPACE, NODE_ID_BASE...), and fake Kafka tools on PATH.

export interface Run { code: number; out: string }

/** The script with its text changed (image paths pointed at fakes). */
export function withText(script: ShellScript, change: (text: string) => string): ShellScript {
  return { ...script, command: [script.command[0], '-c', change(script.command[2])] };
}

export function run(script: ShellScript, env: Record<string, string>, timeoutMs = 20000): Promise<Run> {
  // stdin is closed: bash reads ~/.bashrc when stdin is a socket (its rshd detection),
  // and Node's default pipes are sockets.
  const scriptEnv = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  return new Promise(resolve => {
    const child = spawn(script.command[0], script.command.slice(1), {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...scriptEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { out += d; });
    child.on('close', code => resolve({ code: code ?? 1, out }));
  });
}

// Each test has its own directory of fake tools, so tests may run concurrently: most of
// their time is a gate waiting (a tool that hangs, a poll), not work.
export interface Box {
  readonly bin: string;
  fakeTool(name: string, outputs: string[], exitCodes?: number[], delaySeconds?: number): void;
  calls(name: string): number;
  env(): Record<string, string>;
}
export const inBox = (body: (box: Box) => Promise<void>) => async () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-bin-'));
  try {
    await body({
      bin,
      fakeTool: (name, outputs, exitCodes = [], delaySeconds = 0) => writeFakeTool(bin, name, outputs, exitCodes, delaySeconds),
      calls: name => Number(fs.readFileSync(path.join(bin, `${name}.calls`), 'utf8')),
      env: () => ({ PATH: `${bin}:${process.env.PATH}`, HOSTNAME: 'events-brokers-a-1', POD_NAMESPACE: 'prod', NODE_ID_BASE: '0', NODE_ID_STRIDE: '3', KAFKA_OPTS: '-javaagent:x.jar=9404:y' }),
    });
  } finally {
    fs.rmSync(bin, { recursive: true, force: true });
  }
};

/**
 * A fake CLI tool that prints the files out-1, out-2, ... on successive calls (the last
 * one again after), after `delaySeconds` (a tool slow to answer, or one that hangs).
 */
export function writeFakeTool(bin: string, name: string, outputs: string[], exitCodes: number[], delaySeconds: number): void {
  outputs.forEach((o, i) => fs.writeFileSync(path.join(bin, `${name}.out-${i + 1}`), o));
  fs.writeFileSync(path.join(bin, `${name}.codes`), exitCodes.join(' '));
  fs.writeFileSync(path.join(bin, name), [
    '#!/bin/bash',
    `dir=${bin}; n=$(cat "$dir/${name}.calls" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "$dir/${name}.calls"`,
    `last=${outputs.length}; i=$(( n < last ? n : last ))`,
    `echo "$*" > "$dir/${name}.args"; env > "$dir/${name}.env"`,
    // Not exec: a killed tool leaves its child behind, as a wrapper script would.
    ...(delaySeconds > 0 ? [`sleep ${delaySeconds}`] : []),
    `codes=($(cat "$dir/${name}.codes")); code=\${codes[$((n - 1))]:-0}`,
    // Like the real tools: results on stdout, errors (and warnings) on stderr.
    `if (( code == 0 )); then cat "$dir/${name}.out-$i"; else cat "$dir/${name}.out-$i" >&2; fi`,
    'echo "WARN some log4j noise on stderr" >&2',
    'exit $code',
    '',
  ].join('\n'), { mode: 0o755 });
}


/** A kafka-topics describe line of partition orders-0. */
export const line = (replicas: string, isr: string) => `\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: ${replicas}\tIsr: ${isr}\tElr: \tLastKnownElr: \n`;

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { renderWaitForBrokersScript } from '../../src/kafka/wait-for-brokers';

// The first step of the recorded Jobs (topics, access), run for real (bash, as in the
// Kafka image) against a fake kafka-broker-api-versions on PATH: it writes the keystore
// and client settings the Job's Kafka step reads, then waits for the brokers.

interface WaitRun { code: number; out: string; calls: string[]; clientConfig: string; keystore?: string }

function wait(failures: number, withTls: boolean, waitSeconds = 60): WaitRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-wait-'));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  const log = path.join(dir, 'calls.log');
  fs.writeFileSync(path.join(dir, 'failures'), String(failures));
  fs.writeFileSync(path.join(bin, 'kafka-broker-api-versions'), [
    '#!/bin/sh',
    `f=$(cat ${dir}/failures)`,
    `if [ "$f" -gt 0 ]; then echo $((f - 1)) > ${dir}/failures; echo "Connection refused" >&2; exit 1; fi`,
    `echo "kafka-broker-api-versions $*" >> ${log}`,
  ].join('\n'), { mode: 0o755 });
  fs.writeFileSync(path.join(bin, 'sleep'), '#!/bin/sh\ntrue\n', { mode: 0o755 });
  const tlsDir = path.join(dir, 'tls');
  if (withTls) {
    fs.mkdirSync(tlsDir);
    for (const f of ['tls.key', 'tls.crt', 'ca.crt']) fs.writeFileSync(path.join(tlsDir, f), `-----${f}-----\n`);
  }
  const clientConfigFile = path.join(dir, 'client.properties');
  const script = renderWaitForBrokersScript({
    bootstrap: 'b-0:9091,b-1:9091',
    clientConfigFile,
    waitSeconds,
    tls: !withTls ? undefined : {
      certificateDir: tlsDir,
      keystoreFile: path.join(dir, 'node.pem'),
      truststoreFile: path.join(dir, 'node-ca.pem'),
      clientConfigFile,
      certificateName: 'events-kafka',
    },
  });
  expect(script.command[0]).toBe('/bin/bash');
  const env = Object.fromEntries(script.env.map(e => [e.name, e.value!]));
  const r = spawnSync(script.command[0], [script.command[1], script.command[2].replace(/\/tmp\/error/g, `${dir}/error`)], {
    env: { PATH: `${bin}:/usr/bin:/bin`, HOME: dir, ...env }, encoding: 'utf8', timeout: 20000,
  });
  const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined);
  const result = {
    code: r.status ?? 1,
    out: `${r.stdout}${r.stderr}`,
    calls: (read('calls.log') ?? '').split('\n').filter(l => l !== ''),
    clientConfig: read('client.properties') ?? '',
    keystore: read('node.pem'),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

test('with the nodes\' certificate: keystore first, then the client settings and the timeouts', () => {
  const r = wait(0, true);
  expect(r.code).toBe(0);
  expect(r.keystore).toBe('-----tls.key-----\n-----tls.crt-----\n');
  expect(r.clientConfig.split('\n').filter(l => l !== '')).toEqual([
    'security.protocol=SSL',
    'ssl.keystore.type=PEM',
    expect.stringMatching(/^ssl\.keystore\.location=\S+node\.pem$/),
    'ssl.truststore.type=PEM',
    expect.stringMatching(/^ssl\.truststore\.location=\S+node-ca\.pem$/),
    'request.timeout.ms=10000',
    'default.api.timeout.ms=20000',
  ]);
  expect(r.calls).toEqual([expect.stringMatching(/^kafka-broker-api-versions --bootstrap-server b-0:9091,b-1:9091 --command-config \S+client\.properties$/)]);
  expect(r.out).toContain('the brokers answer');
});

test('without TLS: client settings with the timeouts only', () => {
  const r = wait(0, false);
  expect(r.code).toBe(0);
  expect(r.clientConfig).toBe('request.timeout.ms=10000\ndefault.api.timeout.ms=20000\n');
});

test('waits while the brokers do not answer, saying why', () => {
  const r = wait(2, false);
  expect(r.code).toBe(0);
  expect(r.out.match(/waiting for the brokers: Connection refused/g)).toHaveLength(2);
});

test('fails the attempt after its wait, so the Job retries with a new pod', () => {
  const r = wait(1000, false, 0);
  expect(r.code).toBe(1);
  expect(r.out).toContain('the brokers did not answer: Connection refused');
});


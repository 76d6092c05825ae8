import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { inBox, line, run, withText } from './script-run';
import { ShellScript } from '../../../src/core/script-file';
import { PROBE_METRICS } from '../../../src/kafka/nodes/metrics-exporter';
import { renderPreStopScript, renderReadinessScript, renderStartedScript, renderStartScript } from '../../../src/kafka/nodes/node-scripts';
import { issueServerCertificate, makeAuthority } from '../../support/x509';

// The probe and pre-stop scripts are run for real with bash, against canned metric pages
// served on loopback and fake Kafka CLI tools on PATH. Each runs as its container
// would: its command, with the environment the render function gives it plus what the
// pod itself provides (HOSTNAME, POD_NAMESPACE, NODE_ID_BASE...).

describe('readiness script', () => {
  let server: http.Server;
  let port: number;
  let page = '';

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4' });
      res.end(page);
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>(r => server.close(() => r())));

  const broker = () => renderReadinessScript({ broker: true, controller: false, maxFetcherLag: 100, metricsPort: port });
  const controller = () => renderReadinessScript({ broker: false, controller: true, maxFetcherLag: 100, metricsPort: port });
  const combined = () => renderReadinessScript({ broker: true, controller: true, maxFetcherLag: 100, metricsPort: port });

  // Exporter 0.x prints a trailing comma inside label braces, 1.x does not.
  const brokerPage = (state: string, lag: string) => [
    '# HELP kafka_server_kafkaserver_brokerstate Attribute exposed for management',
    '# TYPE kafka_server_kafkaserver_brokerstate gauge',
    `kafka_server_kafkaserver_brokerstate ${state}`,
    `kafka_server_replicafetchermanager_maxlag ${lag}`,
    'kafka_server_replicamanager_underreplicatedpartitions 0.0',
    'kafka_server_raft_metrics_current_state{state="observer",} 1.0',
    '',
  ].join('\n');
  const controllerPage = (state: string, leader: string) => [
    `kafka_server_raft_metrics_current_state{state="${state}"} 1.0`,
    `kafka_server_raft_metrics_current_leader ${leader}`,
    'kafka_server_raft_metrics_high_watermark 1234.0',
    '',
  ].join('\n');

  test('a running broker that has caught up is Ready', async () => {
    page = brokerPage('3.0', '0.0');
    expect(await run(broker(), {})).toEqual({ code: 0, out: '' });
  });

  test('a lag at the threshold is still caught up', async () => {
    page = brokerPage('3.0', '100.0');
    expect((await run(broker(), {})).code).toBe(0);
  });

  test.each([
    ['2.0', '0.0', 'broker state is 2.0, not RUNNING (3)'],
    ['1.0', '0.0', 'broker state is 1.0, not RUNNING (3)'],
    ['6.0', '0.0', 'broker state is 6.0, not RUNNING (3)'],
    ['3.0', '101.0', 'replica fetchers are 101 records behind (Ready at <= 100)'],
    ['3.0', '1.2345678E7', 'replica fetcher lag is 1.2345678E7'],
    ['3.0', 'NaN', 'replica fetcher lag is NaN'],
  ])('a broker in state %s with lag %s is not Ready', async (state, lag, reason) => {
    page = brokerPage(state, lag);
    expect(await run(broker(), {})).toEqual({ code: 1, out: `${reason}\n` });
  });

  test('a page without the broker state is not Ready', async () => {
    page = 'jvm_threads_current 42.0\n';
    expect(await run(broker(), {})).toEqual({ code: 1, out: 'broker state is not reported, not RUNNING (3)\n' });
  });

  test.each([['leader', '9990.0'], ['follower', '9991.0']])('a controller that is %s and knows the leader is Ready', async (state, leader) => {
    page = controllerPage(state, leader);
    expect((await run(controller(), {})).code).toBe(0);
  });

  test.each([
    ['candidate', '-1.0', 'KRaft state is candidate, not leader or follower'],
    ['unattached', '-1.0', 'KRaft state is unattached, not leader or follower'],
    ['follower', '-1.0', 'no quorum leader known (current-leader -1.0)'],
  ])('a controller that is %s is not Ready', async (state, leader, reason) => {
    page = controllerPage(state, leader);
    expect(await run(controller(), {})).toEqual({ code: 1, out: `${reason}\n` });
  });

  test('a combined node needs both sides', async () => {
    page = brokerPage('3.0', '0.0').replace('state="observer",', 'state="follower",') + 'kafka_server_raft_metrics_current_leader 0.0\n';
    expect((await run(combined(), {})).code).toBe(0);
    page = brokerPage('3.0', '0.0');
    expect((await run(combined(), {})).out).toBe('KRaft state is observer, not leader or follower\n');
  });

  test('handles CRLF line ends', async () => {
    page = brokerPage('3.0', '0.0').replace(/\n/g, '\r\n');
    expect((await run(broker(), {})).code).toBe(0);
  });

  describe('started check (startup and liveness)', () => {
    const started = (isBroker: boolean, isController: boolean) =>
      renderStartedScript({ broker: isBroker, controller: isController, metricsPort: port });

    test('passes once Kafka reports its state, recovering included', async () => {
      page = brokerPage('2.0', '0.0');
      expect((await run(started(true, false), {})).code).toBe(0);
      page = controllerPage('candidate', '-1.0');
      expect((await run(started(false, true), {})).code).toBe(0);
    });

    test('fails while only the agent answers (the storage format JVM)', async () => {
      page = 'jvm_memory_bytes_used{area="heap",} 1.0E7\n';
      expect(await run(started(true, false), {})).toEqual({ code: 1, out: 'Kafka reports no broker state yet\n' });
      expect(await run(started(false, true), {})).toEqual({ code: 1, out: 'Kafka reports no KRaft state yet\n' });
    });
  });

  test('reads the metric names the exporter rules write', () => {
    const reader = fs.readFileSync(path.join(__dirname, '../../../src/kafka/nodes/node-metrics.sh'), 'utf8');
    for (const name of Object.values(PROBE_METRICS)) expect(reader).toMatch(new RegExp(`[ \n}]${name}[ )\\\\]`));
  });

  test('a page that stops half-way ends the check after the read timeout (not Ready), instead of hanging it', async () => {
    const stalled = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.write('kafka_server_kafkaserver_brokerstate 3.0\n');
    });
    await new Promise<void>(r => stalled.listen(0, '127.0.0.1', () => r()));
    try {
      const stalledPort = (stalled.address() as AddressInfo).port;
      const script = renderReadinessScript({ broker: true, controller: false, maxFetcherLag: 100, metricsPort: stalledPort });
      const r = await run(script, { CDK8S_METRICS_READ_SECONDS: '1' });
      expect(r).toEqual({ code: 1, out: expect.stringMatching(/lag|fetcher/i) });
    } finally {
      stalled.closeAllConnections();
      await new Promise<void>(r => stalled.close(() => r()));
    }
  });

  test('a closed port is not Ready, with a reason', async () => {
    const closed = renderReadinessScript({ broker: true, controller: false, maxFetcherLag: 0, metricsPort: 1 });
    expect(await run(closed, {})).toEqual({ code: 1, out: 'metrics endpoint :1 is not up yet\n' });
  });
});

describe('pre-stop gate', () => {
  const dns = { headlessService: 'events-kafka-nodes', clusterDomain: 'cluster.local' };
  // node id of events-brokers-a-1 with base 0 and stride 3 is 3
  const brokerGate = (maxWait = 4) => renderPreStopScript({
    ...dns, broker: true, controller: false, brokerBootstrap: 'localhost:9091', maxWaitSeconds: maxWait, pollSeconds: 0.2, logTo: '/dev/stdout',
  });

  test.concurrent('stops at once, after one look, when no partition is at min ISR', inBox(async ({ bin, fakeTool, calls, env }) => {
    fakeTool('kafka-topics', ['']);
    const r = await run(brokerGate(), env());
    expect(r).toEqual({ code: 0, out: 'cdk8s-kafka pre-stop: safe to stop node 3\n' });
    const args = fs.readFileSync(path.join(bin, 'kafka-topics.args'), 'utf8');
    expect(args.trim()).toMatch(/^--bootstrap-server localhost:9091 --command-config \S+admin.properties --describe --under-min-isr-partitions --at-min-isr-partitions$/);
    expect(calls('kafka-topics')).toBe(1);
  }));

  test.concurrent('runs the tool without the broker\'s KAFKA_OPTS (its agent would fail to bind) and with a small heap', inBox(async ({ bin, fakeTool, env }) => {
    fakeTool('kafka-topics', ['']);
    await run(brokerGate(), env());
    const toolEnv = fs.readFileSync(path.join(bin, 'kafka-topics.env'), 'utf8');
    expect(toolEnv).not.toMatch(/^KAFKA_OPTS=/m);
    expect(toolEnv).toMatch(/^KAFKA_HEAP_OPTS=-Xms32m -Xmx256m$/m);
  }));

  test.concurrent('waits while a partition this broker is in sync for is at min ISR and not fully replicated', inBox(async ({ fakeTool, env }) => {
    fakeTool('kafka-topics', [line('1,2,3', '2,3'), line('1,2,3', '2,3'), '', '']);
    const r = await run(brokerGate(10), env());
    expect(r.code).toBe(0);
    expect(r.out).toContain('waiting to stop node 3: 1 partition(s) with node 3 in sync are at or under min.insync.replicas: orders-0 (in sync 2,3 of 1,2,3)');
    expect(r.out).toContain('safe to stop node 3');
  }));

  test.concurrent('gives up after the maximum wait and lets the broker stop', inBox(async ({ fakeTool, env }) => {
    fakeTool('kafka-topics', [line('1,2,3', '3,1')]);
    const r = await run(brokerGate(1), env());
    expect(r.code).toBe(0);
    expect(r.out).toContain('gave up waiting after 1s; stopping node 3');
  }));

  test.concurrent.each([
    ['this broker is not in the ISR', line('1,2,3', '1,2')],
    ['the partition is fully replicated (replicas <= min ISR: can never roll safely, Strimzi skips it too)', line('3,4', '3,4')],
    ['an RF 1 partition', line('3', '3')],
    ['a leaderless partition', '\tTopic: t\tPartition: 1\tLeader: none\tReplicas: 3,4,5\tIsr: \tElr: \tLastKnownElr: \n'],
    ['node 33 is in sync, not node 3', line('1,33,5', '33,5')],
  ])('does not wait when %s', async (_why, output) => inBox(async ({ fakeTool, env }) => {
    fakeTool('kafka-topics', [output]);
    const r = await run(brokerGate(), env());
    expect(r.out).toContain('safe to stop node 3');
  })());

  test.concurrent('lets the broker stop when the tool cannot answer three times in a row', inBox(async ({ fakeTool, env }) => {
    fakeTool('kafka-topics', ['Error: timed out\n'], [1, 1, 1]);
    const r = await run(brokerGate(10), env());
    expect(r.code).toBe(0);
    expect(r.out).toContain('cannot check (kafka-topics failed: WARN some log4j noise on stderr); stopping node 3');
  }));

  test.concurrent('an answer breaks a row of failures: three failures must follow each other', inBox(async ({ fakeTool, calls, env }) => {
    fakeTool('kafka-topics', ['Error\n', 'Error\n', line('1,2,3', '2,3'), 'Error\n', 'Error\n', ''], [1, 1, 0, 1, 1, 0]);
    const r = await run(brokerGate(10), env());
    expect(r.out).not.toContain('cannot check');
    expect(r.out).toContain('safe to stop node 3');
    expect(calls('kafka-topics')).toBe(6);
  }));

  test.concurrent('gives the tools client timeouts inside the watchdog\'s: API 3/4 of it, requests 1/2', inBox(async ({ bin, fakeTool, env }) => {
    fakeTool('kafka-topics', ['']);
    await run(brokerGate(), env());
    const config = fs.readFileSync(fs.readFileSync(path.join(bin, 'kafka-topics.args'), 'utf8').split(' ')[3], 'utf8');
    expect(config).toBe('request.timeout.ms=10000\ndefault.api.timeout.ms=15000\n');
  }));

  test.concurrent('with TLS, connects by the pod\'s DNS name (the certificate names it) and adds the TLS client settings', inBox(async ({ bin, fakeTool, env }) => {
    fakeTool('kafka-topics', ['']);
    const client = path.join(bin, 'client.properties');
    fs.writeFileSync(client, 'security.protocol=SSL\n');
    const script = renderPreStopScript({
      ...dns, broker: true, controller: false, brokerBootstrap: '{pod}:9091', clientConfigFile: client, maxWaitSeconds: 4, pollSeconds: 0.2, logTo: '/dev/stdout',
    });
    expect((await run(script, env())).out).toContain('safe to stop node 3');
    const args = fs.readFileSync(path.join(bin, 'kafka-topics.args'), 'utf8').split(' ');
    expect(args[1]).toBe('events-brokers-a-1.events-kafka-nodes.prod.svc.cluster.local:9091');
    expect(fs.readFileSync(args[3], 'utf8')).toBe('request.timeout.ms=10000\ndefault.api.timeout.ms=15000\nsecurity.protocol=SSL\n');
  }));

  describe('controller', () => {
    const gate = (maxWait = 3) => renderPreStopScript({
      ...dns, broker: false, controller: true, controllerBootstrap: 'localhost:9093', maxWaitSeconds: maxWait, pollSeconds: 0.2, logTo: '/dev/stdout',
    });
    const quorum = (ages: number[]) => {
      const now = Date.now();
      const rows = ages.map((age, i) => `${9990 + i}\t\tAAAAAAAAAAAAAAAAAAAAAA\t100\t0\t${now - age}\t${now - age}\t${i === 0 ? 'Leader' : 'Follower'}`);
      return ['NodeId\tDirectoryId\tLogEndOffset\tLag\tLastFetchTimestamp\tLastCaughtUpTimestamp\tStatus', ...rows,
        `1\tBBBBBBBBBBBBBBBBBBBBBB\t100\t0\t${now - 99999}\t${now - 99999}\tObserver`, ''].join('\n');
    };
    const controllerEnv = (env: () => Record<string, string>) => ({ ...env(), HOSTNAME: 'events-controllers-0', NODE_ID_BASE: '9990', NODE_ID_STRIDE: '1' });

    test.concurrent('stops when every voter fetched and caught up in the last 3 s (observers do not count)', inBox(async ({ bin, fakeTool, env }) => {
      fakeTool('kafka-metadata-quorum', [quorum([0, 500, 2000])]);
      const r = await run(gate(), controllerEnv(env));
      expect(r.out).toContain('safe to stop node 9990');
      expect(fs.readFileSync(path.join(bin, 'kafka-metadata-quorum.args'), 'utf8').trim())
        .toMatch(/^--bootstrap-controller localhost:9093 --command-config \S+admin.properties describe --replication$/);
    }));

    test.concurrent('measures the voters against the leader\'s clock, not the pod\'s: a skewed pod clock changes nothing', inBox(async ({ fakeTool, env }) => {
      const skewed = quorum([0, 500, 2000]).replace(/\t(\d{13})\t(\d{13})\t/g, (_m, a, b) => `\t${Number(a) - 3600000}\t${Number(b) - 3600000}\t`);
      fakeTool('kafka-metadata-quorum', [skewed]);
      expect((await run(gate(), controllerEnv(env))).out).toContain('safe to stop node 9990');
    }));

    test.concurrent('five voters: one other voter behind still leaves a majority without this one (Strimzi\'s quorum rule)', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-metadata-quorum', [quorum([0, 500, 60000, 100, 200])]);
      expect((await run(gate(), controllerEnv(env))).out).toContain('safe to stop node 9990');
    }));

    test.concurrent.each([5000, 60000])('waits while another voter last fetched %d ms ago (down or restarting): no majority without this one', async age => inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-metadata-quorum', [quorum([0, 500, age])]);
      const r = await run(gate(1), controllerEnv(env));
      expect(r.out).toContain('waiting to stop node 9990: 1 of the other 2 KRaft voters caught up with the leader in the last 3s; without node 9990 the quorum needs 2');
      expect(r.out).toContain('gave up waiting');
    })());

    test.concurrent('finds the table after other output', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-metadata-quorum', [`[main] INFO something\n${quorum([0, 100, 200])}`]);
      expect((await run(gate(), controllerEnv(env))).out).toContain('safe to stop node 9990');
    }));

    test.concurrent('treats output without voters as a failure to check', inBox(async ({ fakeTool, env }) => {
      fakeTool('kafka-metadata-quorum', ['something else entirely\n']);
      const r = await run(gate(10), controllerEnv(env));
      expect(r.out).toContain('cannot check (kafka-metadata-quorum listed no voters)');
    }));
  });
});

describe('start script', () => {
  /**
   * Runs the start script against a fake image: configure renders the map it sees (and
   * records it), ensure does nothing, launch prints the environment it would start with.
   */
  async function startRun(script: ShellScript, env: Record<string, string>, timeoutMs?: number) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-start-'));
    const agentDir = path.join(dir, 'agents');
    const docker = path.join(dir, 'docker');
    fs.mkdirSync(agentDir);
    fs.mkdirSync(docker);
    fs.writeFileSync(path.join(agentDir, 'jmx_prometheus_javaagent-0.20.0.jar'), '');
    fs.writeFileSync(path.join(docker, 'configure'), `#!/bin/bash\necho "$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP" > ${dir}/configure-saw\n`
      + `printf 'node.id=%s\\nlistener.security.protocol.map=%s\\n' "$KAFKA_NODE_ID" "$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP" > ${dir}/kafka.properties\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(docker, 'ensure'), '#!/bin/bash\ntrue\n', { mode: 0o755 });
    fs.writeFileSync(path.join(docker, 'launch'), '#!/bin/bash\nenv\n', { mode: 0o755 });
    const testable = withText(script, text => text
      .replace(/\/etc\/confluent\/docker\//g, `${docker}/`)
      .replace(/\/etc\/kafka\/kafka\.properties/g, `${dir}/kafka.properties`)
      .replace(/\/usr\/share\/java\/cp-base-new/g, agentDir));
    const r = await run(testable, { KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT', ...env }, timeoutMs);
    const read = (f: string) => (fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8') : undefined);
    const files = { configureSaw: read('configure-saw')?.trim(), properties: read('kafka.properties'), dir };
    return { ...r, files, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }

  async function startEnv(script: ShellScript, env: Record<string, string>): Promise<Record<string, string>> {
    const r = await startRun(script, env);
    r.cleanup();
    expect(r.code).toBe(0);
    return Object.fromEntries(r.out.split('\n').filter(l => l.includes('=')).map(l => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }

  const script = renderStartScript({
    headlessService: 'events-kafka-nodes',
    clusterDomain: 'cluster.local',
    advertised: [
      { name: 'REPLICATION', port: 9091 },
      { name: 'CLIENT', port: 9092 },
      { name: 'EXTERNAL', hostPattern: 'broker-{id}.kafka.example.com', port: 9094 },
      { name: 'NODES', hostPattern: 'node-{id}.example.com', port: 9095, nodePortBase: 31000 },
    ],
  });

  test('derives node.id from the ordinal, base and stride, and advertises per-pod names', async () => {
    const env = await startEnv(script, { HOSTNAME: 'events-brokers-b-2', POD_NAMESPACE: 'prod', NODE_ID_BASE: '1', NODE_ID_STRIDE: '3' });
    expect(env.KAFKA_NODE_ID).toBe('7');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBe([
      'REPLICATION://events-brokers-b-2.events-kafka-nodes.prod.svc.cluster.local:9091',
      'CLIENT://events-brokers-b-2.events-kafka-nodes.prod.svc.cluster.local:9092',
      'EXTERNAL://broker-7.kafka.example.com:9094',
      'NODES://node-7.example.com:31007',
    ].join(','));
  });

  test('attaches the metrics agent the image ships, keeping the user\'s KAFKA_OPTS', async () => {
    const env = await startEnv(script, { HOSTNAME: 'x-0', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1', KAFKA_OPTS: '-Dfoo=bar' });
    expect(env.KAFKA_OPTS).toMatch(/^-javaagent:.*\/jmx_prometheus_javaagent-0\.20\.0\.jar=9404:\/etc\/cdk8s-kafka\/metrics\/jmx-exporter\.yaml -Dfoo=bar$/);
  });

  test('with logging settings, points the server\'s log4j at the library\'s file', async () => {
    const logged = renderStartScript({ headlessService: 'h', clusterDomain: 'cluster.local', advertised: [], log4jOpts: '-Dlog4j2.configurationFile=/x/log4j2.yaml' });
    const env = await startEnv(logged, { HOSTNAME: 'x-0', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1', KAFKA_ADVERTISED_LISTENERS: '' });
    expect(env.KAFKA_LOG4J_OPTS).toBe('-Dlog4j2.configurationFile=/x/log4j2.yaml');
    expect((await startEnv(script, { HOSTNAME: 'x-0', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1' })).KAFKA_LOG4J_OPTS).toBeUndefined();
  });

  test('controllers advertise nothing (the images refuse KAFKA_ADVERTISED_LISTENERS on them)', async () => {
    const controller = renderStartScript({ headlessService: 'h', clusterDomain: 'cluster.local', advertised: [] });
    // The image's Dockerfile defines it (empty): the wrapper unsets it.
    const env = await startEnv(controller, { HOSTNAME: 'events-controllers-2', POD_NAMESPACE: 'p', NODE_ID_BASE: '9990', NODE_ID_STRIDE: '1', KAFKA_ADVERTISED_LISTENERS: '' });
    expect(env.KAFKA_NODE_ID).toBe('9992');
    expect(env.KAFKA_ADVERTISED_LISTENERS).toBeUndefined();
  });

  test('the image\'s configure sees no SSL in the protocol map; the rendered file gets the real one, then ensure and launch run', async () => {
    const r = await startRun(script, {
      HOSTNAME: 'x-0',
      POD_NAMESPACE: 'p',
      NODE_ID_BASE: '0',
      NODE_ID_STRIDE: '1',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL',
    });
    r.cleanup();
    expect(r.code).toBe(0);
    expect(r.files.configureSaw).toBe('CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,CLIENT:SASL_PLAINTEXT');
    expect(r.files.properties).toBe('node.id=0\nlistener.security.protocol.map=CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL\n');
    expect(r.out).toContain('KAFKA_LISTENER_SECURITY_PROTOCOL_MAP=CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL');
  });

  describe('with TLS', () => {
    const tlsScript = (dir: string) => renderStartScript({
      headlessService: 'h',
      clusterDomain: 'cluster.local',
      advertised: [],
      tls: {
        certificateDir: `${dir}/tls`, keystoreFile: `${dir}/keystore.pem`, truststoreFile: `${dir}/node-ca.pem`, clientConfigFile: `${dir}/client.properties`, certificateName: 'events-kafka',
      },
    });
    const env = { HOSTNAME: 'c-0', POD_NAMESPACE: 'p', NODE_ID_BASE: '9990', NODE_ID_STRIDE: '1' };
    const writeCertificate = (dir: string) => {
      fs.mkdirSync(`${dir}/tls`);
      fs.writeFileSync(`${dir}/tls/tls.key`, '-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n');
      fs.writeFileSync(`${dir}/tls/tls.crt`, '-----BEGIN CERTIFICATE-----\nleaf\n-----END CERTIFICATE-----\n');
      fs.writeFileSync(`${dir}/tls/ca.crt`, '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
    };

    test('writes the PEM keystore (key first, owner-only) and the tools\' client settings (paths only)', async () => {
      const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-certs-'));
      writeCertificate(certs);
      const r = await startRun(tlsScript(certs), env);
      r.cleanup();
      const keystore = fs.readFileSync(`${certs}/keystore.pem`, 'utf8');
      const mode = fs.statSync(`${certs}/keystore.pem`).mode % 0o1000;
      const client = fs.readFileSync(`${certs}/client.properties`, 'utf8');
      fs.rmSync(certs, { recursive: true, force: true });
      expect(r.code).toBe(0);
      expect(keystore).toBe('-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nleaf\n-----END CERTIFICATE-----\n');
      expect(mode).toBe(0o600);
      expect(client).toBe(['security.protocol=SSL', 'ssl.keystore.type=PEM', `ssl.keystore.location=${certs}/keystore.pem`,
        'ssl.truststore.type=PEM', `ssl.truststore.location=${certs}/node-ca.pem`, ''].join('\n'));
    });

    test('trusts the issuing CA: the intermediate after the leaf in tls.crt, else ca.crt (a root issuer), never the root above an intermediate', async () => {
      const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-certs-'));
      writeCertificate(certs);
      await startRun(tlsScript(certs), env).then(r => r.cleanup());
      const fromRoot = fs.readFileSync(`${certs}/node-ca.pem`, 'utf8');
      fs.writeFileSync(`${certs}/tls/tls.crt`, [
        '-----BEGIN CERTIFICATE-----', 'leaf', '-----END CERTIFICATE-----',
        '-----BEGIN CERTIFICATE-----', 'intermediate', '-----END CERTIFICATE-----',
        '-----BEGIN CERTIFICATE-----', 'upper', '-----END CERTIFICATE-----', '',
      ].join('\n'));
      await startRun(tlsScript(certs), env).then(r => r.cleanup());
      const fromIntermediate = fs.readFileSync(`${certs}/node-ca.pem`, 'utf8');
      fs.rmSync(certs, { recursive: true, force: true });
      expect(fromRoot).toBe('-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
      expect(fromIntermediate).toBe('-----BEGIN CERTIFICATE-----\nintermediate\n-----END CERTIFICATE-----\n');
    });

    test('stops with the Certificate\'s name when cert-manager has not issued it yet', async () => {
      const r = await startRun(tlsScript('/nonexistent'), env);
      r.cleanup();
      expect(r.code).toBe(1);
      expect(r.out).toContain('tls.key is missing: cert-manager has not issued Certificate events-kafka (kubectl describe certificate events-kafka)');
    });

    const brokerScript = (dir: string) => renderStartScript({
      headlessService: 'h',
      clusterDomain: 'cluster.local',
      advertised: [],
      tls: {
        certificateDir: `${dir}/tls`, keystoreFile: `${dir}/keystore.pem`, truststoreFile: `${dir}/node-ca.pem`, clientConfigFile: `${dir}/client.properties`, certificateName: 'events-kafka',
      },
      listenerTls: { certificateDir: `${dir}/listener-tls`, keystoreFile: `${dir}/listeners.pem`, truststoreFile: `${dir}/listeners-ca.pem`, certificateName: 'events-kafka-listeners' },
    });

    test('on a broker, writes the client listeners\' keystore too; the tools keep the nodes\' certificate and CA', async () => {
      const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-certs-'));
      writeCertificate(certs);
      fs.mkdirSync(`${certs}/listener-tls`);
      fs.writeFileSync(`${certs}/listener-tls/tls.key`, 'listener key\n');
      fs.writeFileSync(`${certs}/listener-tls/tls.crt`, 'listener leaf\n');
      fs.writeFileSync(`${certs}/listener-tls/ca.crt`, 'clients ca\n');
      const r = await startRun(brokerScript(certs), env);
      r.cleanup();
      const listeners = fs.readFileSync(`${certs}/listeners.pem`, 'utf8');
      const mode = fs.statSync(`${certs}/listeners.pem`).mode % 0o1000;
      const client = fs.readFileSync(`${certs}/client.properties`, 'utf8');
      fs.rmSync(certs, { recursive: true, force: true });
      expect(r.code).toBe(0);
      expect([listeners, mode]).toEqual(['listener key\nlistener leaf\n', 0o600]);
      expect(client).toContain(`ssl.truststore.location=${certs}/node-ca.pem`);
    });

    test('on a broker, stops naming the listeners\' Certificate when it is not issued yet', async () => {
      const certs = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-certs-'));
      writeCertificate(certs);
      const r = await startRun(brokerScript(certs), env);
      r.cleanup();
      fs.rmSync(certs, { recursive: true, force: true });
      expect(r.code).toBe(1);
      expect(r.out).toContain('listener-tls/tls.key is missing: cert-manager has not issued Certificate events-kafka-listeners (kubectl describe certificate events-kafka-listeners)');
    });
  });

  describe('a broker with external hosts and the client listeners\' certificate', () => {
    // Real certificates: the names are read from the DER the way the pod reads them.
    const authority = makeAuthority('clients-ca');
    const external = (dir: string) => renderStartScript({
      headlessService: 'h',
      clusterDomain: 'cluster.local',
      advertised: [
        { name: 'CLIENT', port: 9092 },
        { name: 'EXTERNAL', hostPattern: 'broker-{id}.kafka.example.com', port: 9094 },
        { name: 'PARTNERS', hostPattern: `b{id}.${'p'.repeat(120)}.example.com`, port: 9095 },
      ],
      tls: {
        certificateDir: `${dir}/tls`, keystoreFile: `${dir}/keystore.pem`, truststoreFile: `${dir}/node-ca.pem`, clientConfigFile: `${dir}/client.properties`, certificateName: 'events-kafka',
      },
      listenerTls: { certificateDir: `${dir}/listener-tls`, keystoreFile: `${dir}/listeners.pem`, truststoreFile: `${dir}/listeners-ca.pem`, certificateName: 'events-kafka-listeners' },
    });
    const env = { HOSTNAME: 'b-3', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1', CDK8S_CERTIFICATE_NAMES_POLL_SECONDS: '0.1' };
    const long = `b3.${'p'.repeat(120)}.example.com`;
    const mounted = (names: readonly string[]) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-names-'));
      for (const d of ['tls', 'listener-tls']) {
        fs.mkdirSync(`${dir}/${d}`);
        fs.writeFileSync(`${dir}/${d}/tls.key`, 'key\n');
        fs.writeFileSync(`${dir}/${d}/ca.crt`, authority.pem);
      }
      fs.writeFileSync(`${dir}/tls/tls.crt`, issueServerCertificate(authority, ['*.h.p.svc']));
      fs.writeFileSync(`${dir}/listener-tls/tls.crt`, issueServerCertificate(authority, names));
      return dir;
    };

    test('the start script carries the poll interval only where it waits', () => {
      const dir = '/certs';
      const names = (s: ShellScript) => s.env.find(e => e.name === 'CDK8S_CERTIFICATE_NAMES_POLL_SECONDS')?.value;
      expect(names(external(dir))).toBe('10');
      expect(names(renderStartScript({ headlessService: 'h', clusterDomain: 'c', advertised: [{ name: 'EXTERNAL', hostPattern: 'b-{id}.example.com', port: 1 }] })))
        .toBeUndefined();
    });

    test('starts at once when the certificate names every external host of this broker (a name over 127 bytes included)', async () => {
      const dir = mounted(['*.h.p.svc', 'broker-0.kafka.example.com', 'broker-3.kafka.example.com', long, 'bootstrap.kafka.example.com']);
      const r = await startRun(external(dir), env);
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(0);
      expect(r.out).not.toContain('waiting for Certificate');
      expect(r.out).toContain('KAFKA_ADVERTISED_LISTENERS=CLIENT://b-3.h.p.svc.cluster.local:9092,EXTERNAL://broker-3.kafka.example.com:9094');
    });

    test('waits, naming what is missing, until the mounted certificate names the new broker; then starts', async () => {
      // The Secret before the re-issue: the other brokers' names, and one that only ends like this broker's.
      const dir = mounted(['broker-0.kafka.example.com', 'xbroker-3.kafka.example.com', long]);
      const renewed = issueServerCertificate(authority, ['broker-0.kafka.example.com', 'broker-3.kafka.example.com', long]);
      const running = startRun(external(dir), env);
      await new Promise(resolve => setTimeout(resolve, 1500));
      const before = fs.existsSync(`${dir}/listeners.pem`);
      fs.writeFileSync(`${dir}/listener-tls/tls.crt.new`, renewed);
      fs.renameSync(`${dir}/listener-tls/tls.crt.new`, `${dir}/listener-tls/tls.crt`);
      const r = await running;
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(before).toBe(false);
      expect(r.code).toBe(0);
      expect(r.out.match(/waiting for Certificate/g)).toHaveLength(1);
      expect(r.out).toContain('cdk8s-kafka: waiting for Certificate events-kafka-listeners to name broker-3.kafka.example.com, which this broker advertises to external clients');
    });

    test('an empty or unreadable certificate file is waited on too, never taken as naming everything', async () => {
      const dir = mounted([]);
      fs.writeFileSync(`${dir}/listener-tls/tls.crt`, '-----BEGIN CERTIFICATE-----\nnot base64 !\n-----END CERTIFICATE-----\n');
      const r = await startRun(external(dir), env, 1000);
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.code).not.toBe(0);
      expect(r.out).toContain(`to name broker-3.kafka.example.com ${long}`);
    });
  });

  describe('with SASL/PLAIN listeners', () => {
    const plainScript = (dir: string) => renderStartScript({
      headlessService: 'h', clusterDomain: 'cluster.local', advertised: [{ name: 'CLIENT', port: 9092 }], plainListeners: ['CLIENT', 'PARTNERS'], plainUsersDir: dir,
    });
    const env = { HOSTNAME: 'b-0', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1' };

    test('writes each PLAIN listener\'s server JAAS entry into the rendered properties; no process environment holds a password', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-plain-'));
      fs.writeFileSync(`${dir}/admin`, 'Adm1n');
      fs.writeFileSync(`${dir}/orders.service`, 'o-rd.e~rs');
      const r = await startRun(plainScript(dir), env);
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(0);
      const entry = 'org.apache.kafka.common.security.plain.PlainLoginModule required user_admin="Adm1n" user_orders.service="o-rd.e~rs";';
      expect(r.files.properties).toContain(`listener.name.client.plain.sasl.jaas.config=${entry}\n`);
      expect(r.files.properties).toContain(`listener.name.partners.plain.sasl.jaas.config=${entry}\n`);
      // launch prints its environment: no password there.
      expect(r.out).not.toContain('Adm1n');
    });

    test('refuses a password JAAS cannot carry', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-plain-'));
      fs.writeFileSync(`${dir}/admin`, 'pa"ss');
      const r = await startRun(plainScript(dir), env);
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(1);
      expect(r.out).toContain('the password of admin is empty or has characters other than letters, digits and ._~-');
    });
  });

  describe('on a KRaft voter that keeps its disk', () => {
    // The guard's variables point into the sandbox: data volume, metadata log, ConfigMap.
    const guarded = (dir: string) => ({
      CDK8S_QUORUM_DATA_DIR: `${dir}/data`,
      CDK8S_METADATA_LOG_DIR: `${dir}/data/logs`,
      CDK8S_QUORUM_STATE_DIR: `${dir}/state`,
      CDK8S_QUORUM_STATE_CONFIGMAP: 'events-kafka-quorum-state',
      CDK8S_OPERATIONS_DOC: 'docs/operations.md',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '9990@a:9093,9991@b:9093,9992@c:9093',
    });
    const controller = { HOSTNAME: 'events-controllers-1', POD_NAMESPACE: 'prod', NODE_ID_BASE: '9990', NODE_ID_STRIDE: '1' };
    const voter = renderStartScript({ headlessService: 'events-kafka-nodes', clusterDomain: 'cluster.local', advertised: [], quorumGuard: [] });
    const sandbox = (bootstrapped: boolean) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-kafka-voter-'));
      fs.mkdirSync(path.join(dir, 'data', 'logs'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'state'));
      if (bootstrapped) fs.writeFileSync(path.join(dir, 'state', 'bootstrapped'), 'cluster abc');
      return dir;
    };

    test('an empty metadata directory after the bootstrap: the image never formats it, the pod says why', async () => {
      const dir = sandbox(true);
      const r = await startRun(voter, { ...controller, ...guarded(dir) });
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(1);
      expect(r.out).toContain('KRaft voter node.id=9991 does not start: its metadata directory');
      expect(r.out).not.toContain('KAFKA_NODE_ID=');
    });

    test('the first bootstrap formats (ensure runs) and records the voter ids', async () => {
      const dir = sandbox(false);
      const r = await startRun(voter, { ...controller, ...guarded(dir) });
      const ids = fs.readFileSync(path.join(dir, 'data', 'cdk8s-kafka-voters'), 'utf8');
      r.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      expect(r.code).toBe(0);
      expect(r.out).toContain('KAFKA_NODE_ID=9991');
      expect(ids).toBe('9990,9991,9992\n');
    });
  });

  test('fails clearly when the pod name has no ordinal', async () => {
    const r = await run(script, { HOSTNAME: 'not-a-statefulset-pod', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('cannot read a StatefulSet ordinal from pod name not-a-statefulset-pod');
  });

  test('fails clearly when the image has no metrics agent', async () => {
    const r = await run(withText(script, text => text.replace(/\/usr\/share\/java\/cp-base-new/g, '/nonexistent')),
      { HOSTNAME: 'x-0', POD_NAMESPACE: 'p', NODE_ID_BASE: '0', NODE_ID_STRIDE: '1' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('the image has no JMX exporter agent');
  });
});

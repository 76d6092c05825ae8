// Synthesis benchmark (`npm run bench`, not part of `npm test`).
//
// Synthesizes a platform of N environments (each: 3 dedicated controllers, two broker
// pools of 3, Schema Registry, Connect with 3 connectors, ksqlDB) for N = 1, 10, 100,
// each N in a fresh process so its peak RSS is its own, and compares the time with the
// floor: serializing the same plain objects to YAML alone, in the same process.
// Prints a table and writes bench/results/latest.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { App, Chart, Yaml } = require('cdk8s');
const { Secret } = require('cdk8s-plus-27');
// The compiled library (npx projen compile): the benchmark measures the library, not
// a TypeScript compiler loaded next to it.
const { Connect, ConnectorPlugin, ConnectorSecret, ConfluentVersion, KafkaCluster, KsqlDb, SchemaRegistry } = require('../lib');

function environment(app, i) {
  const chart = new Chart(app, `env-${i}`, { namespace: `env-${i}` });
  const kafka = new KafkaCluster(chart, 'events', { version: ConfluentVersion.V8_0 });
  kafka.addNodePool('large', { nodeIdBase: 1000, replicas: 3 });
  const schemas = new SchemaRegistry(chart, 'schemas', { kafka });
  const connect = new Connect(chart, 'connect', {
    kafka, schemaRegistry: schemas, plugins: [ConnectorPlugin.confluentHub('confluentinc/kafka-connect-jdbc:10.7.6')],
  });
  const db = Secret.fromSecretName(chart, 'db', 'db');
  for (const table of ['orders', 'customers', 'payments']) {
    connect.addConnector(`${table}-sink`, {
      connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
      config: { 'topics': table, 'connection.url': 'jdbc:postgresql://db:5432/app' },
      secrets: { 'connection.password': ConnectorSecret.fromSecret(db, 'password') },
    });
  }
  new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: schemas });
}

function measure(environments) {
  const t0 = process.hrtime.bigint();
  const app = new App({ outdir: '/nonexistent' });
  for (let i = 0; i < environments; i++) environment(app, i);
  const t1 = process.hrtime.bigint();
  // What `cdk8s synth` does: resolve and validate the app once, render every chart.
  // (Calling chart.toJson() per chart instead re-resolves the whole app each time, which
  // is quadratic in the number of charts: measured at first, a cdk8s property.)
  const yaml = app.synthYaml();
  const t2 = process.hrtime.bigint();
  // The floor: the same plain objects, already rendered, serialized alone.
  const charts = app.charts.map(c => JSON.parse(JSON.stringify(c.toJson())) );
  const t3 = process.hrtime.bigint();
  const floorYaml = Yaml.stringify(...charts.flat());
  const t4 = process.hrtime.bigint();
  if (floorYaml !== yaml) throw new Error('floor YAML differs from synthesized YAML');
  const ms = (a, b) => Number(b - a) / 1e6;
  const objects = charts.reduce((n, c) => n + c.length, 0);
  const buildMs = ms(t0, t1);
  const synthMs = ms(t1, t2);
  const floorMs = ms(t3, t4);
  return {
    environments,
    objects,
    buildMs: round(buildMs),
    synthMs: round(synthMs),
    totalMs: round(buildMs + synthMs),
    floorMs: round(floorMs),
    ratioToFloor: round((buildMs + synthMs) / floorMs),
    objectsPerSecond: Math.round(objects / ((buildMs + synthMs) / 1000)),
    msPerEnvironment: round((buildMs + synthMs) / environments),
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  };
}

function round(n) {
  return Math.round(n * 100) / 100;
}

function main() {
  const child = process.argv[2];
  if (child !== undefined) {
    // Warm up the module graph and the JIT on one environment, then measure once: one
    // synthesis per process, so the peak RSS is that synthesis's own.
    measure(1);
    const result = measure(Number(child));
    process.stdout.write(JSON.stringify({ ...result, peakRssMb: round(process.resourceUsage().maxRSS / 1024) }));
    return;
  }
  const sizes = [1, 10, 100];
  // Three processes per size, keeping the run with the median total time: the machine is
  // shared, and one run can be unlucky.
  const results = sizes.map(n => {
    const runs = [0, 1, 2].map(() => {
      const run = spawnSync(process.execPath, [__filename, String(n)], {
        encoding: 'utf8', env: { ...process.env, CDK8S_KAFKA_SILENCE_WARNINGS: '1' }, maxBuffer: 16 * 1024 * 1024,
      });
      if (run.status !== 0) throw new Error(`benchmark for N=${n} failed:\n${run.stderr}`);
      return JSON.parse(run.stdout);
    }).sort((a, b) => a.totalMs - b.totalMs);
    return runs[1];
  });
  const rows = results.map(r => [
    r.environments, r.objects, r.buildMs, r.synthMs, r.totalMs, r.floorMs, r.ratioToFloor, r.objectsPerSecond, r.msPerEnvironment, r.peakRssMb,
  ]);
  const header = ['N', 'objects', 'build ms', 'synth ms', 'total ms', 'floor ms', 'x floor', 'objects/s', 'ms/env', 'peak RSS MB'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padStart(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  const first = results[0];
  const last = results[results.length - 1];
  const targets = {
    ratioToFloorAtMost2_5: last.ratioToFloor <= 2.5,
    linearWithin1_2: last.msPerEnvironment <= first.msPerEnvironment * 1.2,
    peakRssUnder300MbAt100: last.peakRssMb < 300,
  };
  console.log(`targets: ratio <= 2.5: ${targets.ratioToFloorAtMost2_5}; per-environment time at N=${last.environments} within 1.2x of N=${first.environments}: ${targets.linearWithin1_2}; peak RSS < 300 MB: ${targets.peakRssUnder300MbAt100}`);
  const out = path.join(__dirname, 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ node: process.version, results, targets }, null, 2) + '\n');
  console.log(`written to ${path.relative(process.cwd(), out)}`);
}

main();

import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { ClusterSample, clusterSample, RUNS, SEED } from './generators';
import { Connect, ConnectorSecret, KafkaCluster, KsqlDb, SchemaRegistry } from '../../src';
import { kafkaConfigProblems } from '../kafka/kafka-config-rules';
import { isCredentialsSource } from '../support/credential-settings';
import { podSpecOf } from '../support/objects';
import { restrictedProblems } from '../support/restricted';
import { secretRef } from '../support/secrets';
import { findProblems, synthObjects, synthYaml } from '../support/validate';

// Any valid props → synth succeeds, every object passes the harness, every pod is
// restricted, Kafka accepts every node's configuration (unique node ids included), no
// credential sits outside a Secret, and two syntheses are byte-identical.

function build(sample: ClusterSample, components: boolean) {
  const app = Testing.app();
  const chart = new Chart(app, 'env', { namespace: 'prod' });
  const kafka = new KafkaCluster(chart, 'events', sample.props);
  for (const p of sample.extraPools) kafka.addNodePool(p.name, p.options);
  if (components) {
    const egressPolicy = sample.props.egressPolicy ?? false;
    const sr = new SchemaRegistry(chart, 'schemas', { kafka, replicas: 1 + (sample.extraPools.length % 2), egressPolicy });
    const connect = new Connect(chart, 'connect', { kafka, schemaRegistry: sr, replicas: 1 + sample.extraPools.length });
    connect.addConnector('sink', {
      connectorClass: 'io.confluent.connect.jdbc.JdbcSinkConnector',
      config: { topics: 'orders' },
      secrets: { 'connection.password': ConnectorSecret.fromSecret(secretRef('db'), 'password') },
    });
    new KsqlDb(chart, 'ksql', { kafka, schemaRegistry: sr, egressPolicy });
  }
  return app;
}

const CREDENTIAL_NAME = /(PASSWORD|SECRET|TOKEN|CREDENTIAL)/i;

function credentialLeaks(objects: any[]): string[] {
  const leaks: string[] = [];
  for (const o of objects) {
    if (o.kind === 'ConfigMap') {
      for (const [k, v] of Object.entries(o.data ?? {})) {
        if (CREDENTIAL_NAME.test(k) && !isCredentialsSource(k, v)) leaks.push(`ConfigMap ${o.metadata.name} key ${k}`);
        if (typeof v === 'string' && /"[^"]*(password|secret)[^"]*":"(?!\$\{directory:)/i.test(v)) leaks.push(`ConfigMap ${o.metadata.name} key ${k} holds a literal credential`);
      }
    }
    const spec = podSpecOf(o);
    for (const c of [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])]) {
      for (const e of c.env ?? []) if (CREDENTIAL_NAME.test(e.name) && e.value !== undefined) leaks.push(`${o.metadata.name}/${c.name} env ${e.name} is a literal`);
    }
  }
  return leaks;
}

let samples = 0;
let objectsChecked = 0;

afterAll(() => {
  // Reported in the test output: how much the properties covered.
  process.stdout.write(`property tests: ${samples} random platforms, ${objectsChecked} objects checked (runs=${RUNS}, seed=${SEED})\n`);
});

test.each([false, true])('any valid props synthesize valid, restricted, deterministic manifests (components: %p)', components => {
  fc.assert(fc.property(clusterSample, sample => {
    // Components refuse a first listener with mutual TLS (they authenticate with SCRAM).
    fc.pre(!(components && sample.clientSecurity === 'mtls'));
    const objects = synthObjects(build(sample, components));
    samples++;
    objectsChecked += objects.length;
    expect(findProblems(objects, { external: { secrets: ['db'] } })).toEqual([]);
    expect(restrictedProblems(objects)).toEqual([]);
    expect(kafkaConfigProblems(objects)).toEqual([]);
    expect(credentialLeaks(objects)).toEqual([]);
    expect(synthYaml(build(sample, components))).toBe(synthYaml(build(sample, components)));
  }), { numRuns: RUNS, seed: SEED });
});

import { Chart, Testing } from 'cdk8s';
import { kafkaConfigProblems } from './kafka-config-rules';
import { KafkaCluster, KafkaClusterProps, Listener, ListenerAuthentication } from '../../src';
import { propertyEnvName } from '../../src/core/image-env';
import { find, findAll } from '../support/objects';
import { restrictedProblems } from '../support/restricted';
import { expectValidChart } from '../support/validate';

/** A synthesized cluster: its objects, checked by the harness and the restricted profile. */
export interface Synth {
  readonly chart: Chart;
  readonly cluster: KafkaCluster;
  readonly objects: any[];
}

/** Builds a cluster `events` in namespace `kafka`, lets the test add to it, synthesizes and validates everything. */
export function synthCluster(props: KafkaClusterProps = {}, extend: (cluster: KafkaCluster) => void = () => undefined): Synth {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const cluster = new KafkaCluster(chart, 'events', props);
  extend(cluster);
  const objects = expectValidChart(chart);
  expect(restrictedProblems(objects)).toEqual([]);
  expect(kafkaConfigProblems(objects)).toEqual([]);
  return { chart, cluster, objects };
}

/** The main container of a StatefulSet. */
export function kafkaContainer(sts: any): any {
  return sts.spec.template.spec.containers.find((c: any) => c.name === 'kafka');
}

/** The env var `name` of a container, from `env`, or undefined. */
export function envValue(container: any, name: string): string | undefined {
  return (container.env ?? []).find((e: any) => e.name === name)?.value;
}

/** The ConfigMap a StatefulSet's container reads its KAFKA_* variables from. */
export function configOf(objects: any[], sts: any): Record<string, string> {
  const name = kafkaContainer(sts).envFrom[0].configMapRef.name;
  return find(objects, 'ConfigMap', name).data;
}

/** The property `key` as the image will render it from the ConfigMap. */
export function property(objects: any[], sts: any, key: string): string | undefined {
  return configOf(objects, sts)[propertyEnvName('KAFKA_', key)];
}

export { find, findAll };

/** A plaintext, unauthenticated client listener: for tests of what does not depend on security. */
export const PLAINTEXT_LISTENERS = [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })];

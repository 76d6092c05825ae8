import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfluentVersion, IKafkaCluster, KafkaCluster, KafkaClusterProps } from '../../src';
import { RestCaller } from '../../src/access/rest-caller';
import { propertyEnvName } from '../../src/core/image-env';
import { KsqlDb } from '../../src/ksqldb/ksqldb';
import { KsqlDbProps } from '../../src/ksqldb/ksqldb-props';
import { ISchemaRegistry } from '../../src/schema-registry/schema-registry-ref';
import { find, findAll } from '../support/objects';
import { restrictedProblems } from '../support/restricted';
import { expectValidChart } from '../support/validate';

/** A stand-in Schema Registry (the real construct lives in src/schema-registry). */
export class FakeSchemaRegistry extends Construct implements ISchemaRegistry {
  /** Wired clients, as the real registry records them. */
  public readonly clients: Array<Record<string, string>> = [];
  public readonly imported = false;

  constructor(
    scope: Construct,
    id: string,
    public readonly kafka: IKafkaCluster,
    public readonly url: string,
    public readonly version: ConfluentVersion = kafka.version,
  ) {
    super(scope, id);
  }

  public allowClient(podLabels: { [key: string]: string }): void {
    this.clients.push(podLabels);
  }

  /** A caller of a registry without TLS or authentication. */
  public addCaller(name: string): RestCaller {
    return RestCaller._of(name, this.url, {});
  }
}

/** A synthesized ksqlDB next to its cluster. */
export interface KsqlSynth {
  readonly chart: Chart;
  readonly kafka: KafkaCluster;
  readonly ksql: KsqlDb;
  readonly objects: any[];
}

/** Options of `synthKsql`. */
export interface KsqlSynthOptions {
  /** Props of the Kafka cluster `events`. */
  readonly kafka?: KafkaClusterProps;
  /** Wire a fake Schema Registry at this URL. */
  readonly schemaRegistryUrl?: string;
}

/**
 * Builds cluster `events` and ksqlDB `ksql` in namespace `kafka`, synthesizes, and
 * checks every object with the harness and every pod against the restricted profile.
 */
export function synthKsql(props: Omit<KsqlDbProps, 'kafka'> = {}, options: KsqlSynthOptions = {}): KsqlSynth {
  const chart = new Chart(Testing.app(), 'test', { namespace: 'kafka' });
  const kafka = new KafkaCluster(chart, 'events', options.kafka ?? {});
  const schemaRegistry = options.schemaRegistryUrl === undefined ? undefined : new FakeSchemaRegistry(chart, 'sr', kafka, options.schemaRegistryUrl);
  const ksql = new KsqlDb(chart, 'ksql', { kafka, schemaRegistry, ...props });
  const objects = expectValid(chart);
  return { chart, kafka, ksql, objects };
}

/** Synthesizes and validates a chart; every pod must meet the restricted profile. */
export function expectValid(chart: Chart): any[] {
  const objects = expectValidChart(chart);
  expect(restrictedProblems(objects)).toEqual([]);
  return objects;
}

/** The ksqlDB container of a StatefulSet. */
export function ksqlContainer(sts: any): any {
  return sts.spec.template.spec.containers.find((c: any) => c.name === 'ksqldb');
}

/** The ConfigMap data a ksqlDB StatefulSet reads its environment from. */
export function configOf(objects: any[], sts: any): Record<string, string> {
  return find(objects, 'ConfigMap', ksqlContainer(sts).envFrom[0].configMapRef.name).data;
}

/** The server property `key` as the image renders it from the ConfigMap. */
export function property(objects: any[], sts: any, key: string): string | undefined {
  return configOf(objects, sts)[propertyEnvName('KSQL_', key)];
}

/** The `env` entry `name` of a container. */
export function envOf(container: any, name: string): any {
  return (container.env ?? []).find((e: any) => e.name === name);
}

export { find, findAll };

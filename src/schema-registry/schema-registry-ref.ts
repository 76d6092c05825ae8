import { IConstruct } from 'constructs';
import { ConfluentVersion } from '../core/version';
import { IKafkaCluster } from '../kafka/kafka-cluster-ref';

/**
 * What a component needs from a Schema Registry: its URL and release. `SchemaRegistry`
 * implements it; Connect and ksqlDB take the interface.
 */
export interface ISchemaRegistry extends IConstruct {
  /** Base URL clients use, `http://host:port`. */
  readonly url: string;
  /** Confluent Platform release of the Schema Registry. */
  readonly version: ConfluentVersion;
  /** The Kafka cluster the registry keeps its schemas in. */
  readonly kafka: IKafkaCluster;
  /** Labels of the registry's pods, for clients' egress rules (when known). */
  readonly podLabels?: { [key: string]: string };

  /**
   * Records that the pods with these labels are clients of the registry: its
   * NetworkPolicy admits them by name. Components call it when they are wired.
   *
   * @param podLabels labels every client pod carries (its selector)
   */
  allowClient(podLabels: { [key: string]: string }): void;
}

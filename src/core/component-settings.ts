import { ContainerResources, ImagePullPolicy } from 'cdk8s-plus-27';
import { ImageOptions } from './image';
import { ConfluentVersion } from './version';

/**
 * Settings every Confluent Platform component (Schema Registry, Connect, ksqlDB) has.
 */
export interface ComponentSettings {
  /**
   * Confluent Platform release of the component.
   *
   * @default - the Kafka cluster's release: components are tested and supported with
   * brokers of the same release
   */
  readonly version?: ConfluentVersion;

  /**
   * Registry or image override.
   *
   * @default - the catalog image on Docker Hub
   */
  readonly image?: ImageOptions;

  /**
   * When the kubelet pulls the image.
   *
   * @default ImagePullPolicy.IF_NOT_PRESENT — images are pinned by tag
   */
  readonly imagePullPolicy?: ImagePullPolicy;

  /**
   * Number of instances.
   *
   * @default - per component (2 for Schema Registry, 3 for Connect, 2 for ksqlDB): one can be
   * down for a restart or a node drain while the others serve
   */
  readonly replicas?: number;

  /**
   * CPU and memory of each instance; the JVM heap is sized from the memory request by the
   * component's heap rule.
   *
   * @default - per component
   */
  readonly resources?: ContainerResources;

  /**
   * Component properties, checked against the component's known configuration. Keys the
   * library sets (bootstrap servers, listeners, internal topics) are refused with the prop
   * to use instead.
   *
   * @default - none
   */
  readonly properties?: { [key: string]: string };

  /**
   * Properties for plugins that the component's configuration does not list (not checked
   * against the known keys).
   *
   * @default - none
   */
  readonly customProperties?: { [key: string]: string };

  /**
   * An existing Secret with this component's credentials for the Kafka cluster: keys
   * `password` and `sasl.jaas.config` (Strimzi's KafkaUser layout). Needed for an
   * imported cluster (`KafkaCluster.fromBootstrap`) that authenticates, whose users the
   * library cannot create; for a cluster defined here, it replaces the generated one.
   *
   * @default - a cluster defined here creates the component's credentials in the
   * Kubernetes cluster
   */
  readonly kafkaCredentials?: string;
}

// Public API of cdk8s-kafka. Only what users construct or pass in is exported here;
// the resolve functions behind the constructs stay internal (jsii would otherwise
// publish them to every target language). Interfaces are re-exported with
// `export type` so the file also compiles as isolated modules (ts-jest, ts-node).
export { ConfluentVersion } from './core/version';
export type { ImageOptions } from './core/image';

export { Storage } from './kafka/nodes/storage';
export type { PersistentDiskOptions, EphemeralStorageOptions } from './kafka/nodes/storage';
export { Listener } from './kafka/listener';
export type { ListenerOptions, ExternalListenerOptions } from './kafka/listener';
export { ExternalAccess } from './kafka/external-access';
export type { LoadBalancerAccessOptions, NodePortAccessOptions } from './kafka/external-access';
export { ClientPeer } from './access/client-peer';
export type { NamespacePeerOptions } from './access/client-peer';
export type { ComponentNetworkSettings } from './access/component-network';
export { RestAuthentication, RestAuthenticationMethod } from './access/rest-security';
export type { ComponentRestSettings } from './access/rest-security';
export { RestCaller } from './access/rest-caller';
export { ListenerAuthentication, AuthenticationMechanism } from './access/listener-authentication';
export { CertificateAuthority } from './kafka/security/certificate-authority';
export type { SelfSignedAuthorityOptions } from './kafka/security/certificate-authority';
export { Acl, AclOperation, AclPatternType, AclResourceType } from './access/acl';
export { KafkaUser } from './access/kafka-user';
export type { KafkaUserOptions, KafkaUserConnection } from './access/kafka-user';
export type { UserQuotas } from './access/user-quotas';
export { KafkaTopic, CleanupPolicy, TopicCompression } from './topics/kafka-topic';
export type { KafkaTopicOptions } from './topics/kafka-topic';
export { MetricsScrape } from './observability/monitoring';
export type { AlertThresholds, MonitoringSettings } from './observability/monitoring';
export type { ComponentMonitoringSettings } from './observability/component-monitoring';
export { LogFormat, LogLevel } from './observability/logging';
export type { ComponentLoggingSettings, LoggingSettings } from './observability/logging';
export { SpreadPolicy } from './kafka/nodes/node-pool-options';
export type { NodePoolOptions } from './kafka/nodes/node-pool-options';
export type { INodePool } from './kafka/nodes/node-pool';
export { KafkaCluster } from './kafka/kafka-cluster';
export { KRaftMode, KafkaEdition } from './kafka/kafka-cluster-props';
export type { KafkaClusterProps } from './kafka/kafka-cluster-props';
export type { PruneOptions } from './kafka/prune-options';
export type { IKafkaCluster, KafkaEndpointAttributes } from './kafka/kafka-cluster-ref';

export { Connect } from './connect/connect';
export { ConnectConverter } from './connect/connect-props';
export type { ConnectOptions, ConnectProps } from './connect/connect-props';
export type { IConnect } from './connect/connect-ref';
export type { ConnectorOptions, IConnector } from './connect/connector';
export { MirrorTopicNaming } from './connect/mirror';
export type { MirrorOptions, MirrorReplication, MirrorTransform } from './connect/mirror';
export { ConnectorPlugin } from './connect/connector-plugin';
export type { UrlPluginOptions } from './connect/connector-plugin';
export { ConnectorSecret } from './connect/connector-secret';
export type { ISchemaRegistry, SchemaRegistryAttributes } from './schema-registry/schema-registry-ref';
export type { ComponentSettings } from './core/component-settings';
export type { PodSettings } from './core/pod-settings';
export { SchemaRegistry } from './schema-registry/schema-registry';
export type { SchemaRegistryOptions, SchemaRegistryProps } from './schema-registry/schema-registry-props';
export { KsqlDb } from './ksqldb/ksqldb';
export type { KsqlDbOptions, KsqlDbProps } from './ksqldb/ksqldb-props';
export type { IKsqlDb } from './ksqldb/ksqldb-ref';
export { KsqlStateStore } from './ksqldb/state-store';
export type { EphemeralStateStoreOptions, PersistentStateStoreOptions } from './ksqldb/state-store';

export { ConfluentPlatform } from './platform/confluent-platform';
export type { ConfluentPlatformProps } from './platform/confluent-platform';
export { Profile } from './platform/profile';
export type { ComponentSizing, KsqlDbSizing, PoolSizing, ProfileOptions } from './platform/profile';
export type { PlatformMirrorOptions } from './platform/platform-mirror';

export { Plan } from './plan/plan';
export { ChangeClass } from './plan/rules';
export type { PlannedChange } from './plan/rules';

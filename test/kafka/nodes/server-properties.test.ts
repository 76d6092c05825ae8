import { Chart, Size, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  CertificateAuthority, ExternalAccess, KafkaClusterProps, KafkaEdition, KRaftMode, Listener, ListenerAuthentication, Storage,
} from '../../../src';
import { renderProtocolMap, renderQuorumVoters, renderServerProperties } from '../../../src/kafka/nodes/server-properties';
import { resolveCluster } from '../../../src/kafka/resolve-cluster';

function resolve(props: KafkaClusterProps = {}) {
  const scope = new Construct(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
  return resolveCluster(scope, props, { name: 'events', namespace: 'kafka' });
}

/** The properties of the brokers pool and of the controller pool. */
function render(props: KafkaClusterProps = {}) {
  const { cluster, controllers, brokers } = resolve(props);
  return {
    broker: brokers === undefined ? undefined : renderServerProperties(cluster, brokers),
    controller: renderServerProperties(cluster, controllers),
  };
}

const PLAINTEXT = () => [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })];
const pick = (props: Record<string, string>, prefix: string) => Object.fromEntries(Object.entries(props).filter(([k]) => k.startsWith(prefix)));

describe('by role', () => {
  const { broker, controller } = render();
  const combined = render({ mode: KRaftMode.COMBINED }).controller;

  test('brokers: broker role, the replication listener then the client listeners, topic defaults and safety settings', () => {
    expect(broker).toMatchObject({
      'process.roles': 'broker',
      'listeners': 'REPLICATION://:9091,CLIENT://:9092',
      'listener.security.protocol.map': 'CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL',
      'controller.listener.names': 'CONTROLLER',
      'inter.broker.listener.name': 'REPLICATION',
      'log.dirs': '/var/lib/kafka/data/logs',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'num.partitions': '3',
      'offsets.topic.replication.factor': '3',
      'transaction.state.log.replication.factor': '3',
      'transaction.state.log.min.isr': '2',
      'unclean.leader.election.enable': 'false',
      'auto.create.topics.enable': 'false',
    });
  });

  test('controllers: controller role, only the controller listener, the topic defaults but no broker settings', () => {
    expect(controller).toMatchObject({
      'process.roles': 'controller',
      'listeners': 'CONTROLLER://:9093',
      'listener.security.protocol.map': 'CONTROLLER:SSL',
      'controller.listener.names': 'CONTROLLER',
      'log.dirs': '/var/lib/kafka/data/logs',
      'default.replication.factor': '3',
      'min.insync.replicas': '2',
      'num.partitions': '3',
    });
    for (const key of [
      'inter.broker.listener.name', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor',
      'transaction.state.log.min.isr', 'unclean.leader.election.enable', 'auto.create.topics.enable',
    ]) {
      expect(controller).not.toHaveProperty([key]);
    }
    expect(Object.keys(controller).filter(k => k.startsWith('listener.name.client.'))).toEqual([]);
  });

  test('combined nodes: both roles, the controller listener first, broker settings and client listeners', () => {
    expect(combined).toMatchObject({
      'process.roles': 'broker,controller',
      'listeners': 'CONTROLLER://:9093,REPLICATION://:9091,CLIENT://:9092',
      'listener.security.protocol.map': 'CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL',
      'inter.broker.listener.name': 'REPLICATION',
      'unclean.leader.election.enable': 'false',
      'listener.name.client.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.controller.ssl.client.auth': 'required',
      'listener.name.replication.ssl.client.auth': 'required',
    });
  });

  test('no key binds a host (empty host: every interface)', () => {
    for (const props of [broker!, controller, combined]) {
      expect(props.listeners.split(',').every(l => /^[A-Z_]+:\/\/:\d+$/.test(l))).toBe(true);
    }
  });

  test('keys are sorted, so the ConfigMap is byte-stable', () => {
    for (const props of [broker!, controller, combined]) {
      expect(Object.keys(props)).toEqual([...Object.keys(props)].sort());
    }
  });

  test('the cluster\'s replication settings reach every role', () => {
    const custom = render({ replicationFactor: 5, minInSyncReplicas: 3, defaultPartitions: 12 });
    expect(custom.broker).toMatchObject({
      'default.replication.factor': '5',
      'min.insync.replicas': '3',
      'num.partitions': '12',
      'offsets.topic.replication.factor': '5',
      'transaction.state.log.replication.factor': '5',
      'transaction.state.log.min.isr': '3',
    });
    expect(custom.controller).toMatchObject({ 'default.replication.factor': '5', 'min.insync.replicas': '3', 'num.partitions': '12' });
  });

  test('one log directory per JBOD disk; one for ephemeral storage', () => {
    const disk = { size: Size.gibibytes(1) };
    const jbod = render({ brokers: { storage: Storage.jbod([disk, disk, disk]) } });
    expect(jbod.broker!['log.dirs']).toBe('/var/lib/kafka/data/logs,/var/lib/kafka/data-1/logs,/var/lib/kafka/data-2/logs');
    expect(render({ brokers: { storage: Storage.ephemeral() } }).broker!['log.dirs']).toBe('/var/lib/kafka/data/logs');
  });
});

describe('renderProtocolMap', () => {
  test('CONTROLLER first, then REPLICATION and every client listener with its own protocol', () => {
    const { cluster } = resolve({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        Listener.internal({ name: 'mtls', port: 9095, authentication: ListenerAuthentication.mutualTls() }),
        Listener.internal({ name: 'open', port: 9096, tls: false, authentication: ListenerAuthentication.none() }),
        Listener.external({ name: 'external', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }) }),
      ],
    });
    expect(renderProtocolMap(cluster, true)).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL,MTLS:SSL,OPEN:PLAINTEXT,EXTERNAL:SASL_SSL');
    expect(renderProtocolMap(cluster, false)).toBe('CONTROLLER:SSL');
  });

  test('the cluster\'s own listeners are PLAINTEXT without certificates', () => {
    const { cluster } = resolve({ listeners: PLAINTEXT() });
    expect(renderProtocolMap(cluster, true)).toBe('CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,CLIENT:PLAINTEXT');
  });

  test('the cluster\'s own listeners use TLS once a listener authenticates without TLS (SASL_PLAINTEXT)', () => {
    const { cluster } = resolve({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false })] });
    expect(renderProtocolMap(cluster, true)).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_PLAINTEXT');
  });
});

describe('security properties', () => {
  test('TLS: the nodes\' PEM keystore and their own CA as truststore, host names verified, CN principals (nothing else), on every role', () => {
    const { broker, controller } = render();
    for (const props of [broker!, controller]) {
      expect(props).toMatchObject({
        'ssl.keystore.type': 'PEM',
        'ssl.keystore.location': '/var/run/kafka-keystore/node.pem',
        'ssl.truststore.type': 'PEM',
        'ssl.truststore.location': '/var/run/kafka-keystore/node-ca.pem',
        'ssl.endpoint.identification.algorithm': 'https',
        'ssl.principal.mapping.rules': 'RULE:^CN=([^,]+)(,.*)?$/$1/',
      });
    }
  });

  test('client certificates are required on the REPLICATION and CONTROLLER listeners of the nodes that listen on them', () => {
    const { broker, controller } = render();
    expect(pick(broker!, 'listener.name.replication.')).toEqual({ 'listener.name.replication.ssl.client.auth': 'required' });
    expect(pick(broker!, 'listener.name.controller.')).toEqual({});
    expect(pick(controller, 'listener.name.controller.')).toEqual({ 'listener.name.controller.ssl.client.auth': 'required' });
    expect(pick(controller, 'listener.name.replication.')).toEqual({});
  });

  test('without certificates: no ssl.* keys and no client authentication', () => {
    const { broker, controller } = render({ listeners: PLAINTEXT() });
    for (const props of [broker!, controller]) {
      expect(Object.keys(props).filter(k => k.startsWith('ssl.') || k.includes('client.auth'))).toEqual([]);
    }
  });

  test('a named certificate authority gives certificates even to plaintext listeners', () => {
    const { broker } = render({ listeners: PLAINTEXT(), certificateAuthority: CertificateAuthority.issuer('company-ca') });
    expect(broker!['listener.security.protocol.map']).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:PLAINTEXT');
    expect(broker!['listener.name.replication.ssl.client.auth']).toBe('required');
  });

  test('per listener: SCRAM with a server JAAS entry that holds no credential, PLAIN without one, mTLS requires certificates, none adds nothing', () => {
    const { broker, controller } = render({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        Listener.internal({ name: 'legacy', port: 9095, authentication: ListenerAuthentication.scramSha256() }),
        Listener.internal({ name: 'plain', port: 9096, authentication: ListenerAuthentication.plain() }),
        Listener.internal({ name: 'mtls', port: 9097, authentication: ListenerAuthentication.mutualTls() }),
        Listener.internal({ name: 'open', port: 9098, authentication: ListenerAuthentication.none() }),
      ],
    });
    expect(pick(broker!, 'listener.name.')).toEqual({
      'listener.name.client.sasl.enabled.mechanisms': 'SCRAM-SHA-512',
      'listener.name.client.scram-sha-512.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.legacy.sasl.enabled.mechanisms': 'SCRAM-SHA-256',
      'listener.name.legacy.scram-sha-256.sasl.jaas.config': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
      'listener.name.plain.sasl.enabled.mechanisms': 'PLAIN',
      'listener.name.mtls.ssl.client.auth': 'required',
      'listener.name.replication.ssl.client.auth': 'required',
      // Every TLS client listener: the listeners' certificate, the clients' CA, and no super user by certificate.
      ...Object.fromEntries(['client', 'legacy', 'plain', 'mtls', 'open'].flatMap(l => [
        [`listener.name.${l}.ssl.keystore.location`, '/var/run/kafka-keystore/listeners.pem'],
        [`listener.name.${l}.ssl.truststore.location`, '/var/run/kafka-keystore/listeners-ca.pem'],
        [`listener.name.${l}.ssl.principal.mapping.rules`, 'RULE:^CN=(?!(?:admin|events-kafka)(?:,|$))([^,]+)(?:,.*)?$/$1/'],
      ])),
    });
    expect(Object.entries(broker!).filter(([k, v]) => /password|username/i.test(k) || /password|username/i.test(v))).toEqual([]);
    expect(pick(controller, 'listener.name.')).toEqual({ 'listener.name.controller.ssl.client.auth': 'required' });
  });

  test('authorization: StandardAuthorizer, deny by default, the nodes and admin as super users, on every role', () => {
    const { broker, controller } = render();
    for (const props of [broker!, controller]) {
      expect(props).toMatchObject({
        'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
        'super.users': 'User:events-kafka;User:admin',
        'allow.everyone.if.no.acl.found': 'false',
      });
    }
  });

  test('with mutual TLS only, the nodes are the only super user (no admin password)', () => {
    const { broker } = render({ listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })] });
    expect(broker!['super.users']).toBe('User:events-kafka');
  });

  test('no authorizer when no listener authenticates', () => {
    for (const listeners of [PLAINTEXT(), [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.none() })]]) {
      const { broker, controller } = render({ listeners });
      for (const props of [broker!, controller]) {
        expect(Object.keys(props).filter(k => ['authorizer.class.name', 'super.users', 'allow.everyone.if.no.acl.found'].includes(k))).toEqual([]);
      }
    }
  });
});

describe('user properties', () => {
  test('the cluster\'s over the defaults, the pool\'s over the cluster\'s', () => {
    const { cluster, brokers } = resolve({
      properties: { 'unclean.leader.election.enable': 'true', 'log.retention.hours': '24', 'compression.type': 'zstd' },
      brokers: { properties: { 'log.retention.hours': '48' }, customProperties: { 'acme.plugin': 'on' } },
    });
    expect(renderServerProperties(cluster, brokers!)).toMatchObject({
      'unclean.leader.election.enable': 'true',
      'log.retention.hours': '48',
      'compression.type': 'zstd',
      'acme.plugin': 'on',
    });
  });

  test('cluster properties reach the controllers too; a pool\'s stay in its pool', () => {
    const { cluster, controllers, brokers } = resolve({ properties: { 'log.retention.hours': '24' }, brokers: { properties: { 'compression.type': 'zstd' } } });
    const controller = renderServerProperties(cluster, controllers);
    expect(controller['log.retention.hours']).toBe('24');
    expect(controller).not.toHaveProperty(['compression.type']);
    expect(renderServerProperties(cluster, brokers!)['compression.type']).toBe('zstd');
  });
});

describe('Confluent Server', () => {
  test('its license and balancer topics follow the replication factor, on brokers only', () => {
    const { broker, controller } = render({ edition: KafkaEdition.CONFLUENT_SERVER, replicationFactor: 1, brokers: { replicas: 1 } });
    expect(pick(broker!, 'confluent.')).toEqual({ 'confluent.license.topic.replication.factor': '1', 'confluent.balancer.topic.replication.factor': '1' });
    expect(pick(controller, 'confluent.')).toEqual({});
  });

  test('the community edition has no confluent.* keys', () => {
    expect(pick(render().broker!, 'confluent.')).toEqual({});
  });
});

describe('renderQuorumVoters', () => {
  test('every controller by id and pod DNS name, the namespace left to Kubernetes', () => {
    expect(renderQuorumVoters(resolve().cluster)).toBe([
      '9990@events-controllers-0.events-kafka-nodes.$(POD_NAMESPACE).svc.cluster.local:9093',
      '9991@events-controllers-1.events-kafka-nodes.$(POD_NAMESPACE).svc.cluster.local:9093',
      '9992@events-controllers-2.events-kafka-nodes.$(POD_NAMESPACE).svc.cluster.local:9093',
    ].join(','));
  });

  test('combined nodes with zones, in the cluster domain given', () => {
    expect(renderQuorumVoters(resolve({ mode: KRaftMode.COMBINED, zones: ['a', 'b', 'c'], clusterDomain: 'corp.internal' }).cluster)).toBe([
      '0@events-brokers-a-0.events-kafka-nodes.$(POD_NAMESPACE).svc.corp.internal:9093',
      '1@events-brokers-b-0.events-kafka-nodes.$(POD_NAMESPACE).svc.corp.internal:9093',
      '2@events-brokers-c-0.events-kafka-nodes.$(POD_NAMESPACE).svc.corp.internal:9093',
    ].join(','));
  });
});

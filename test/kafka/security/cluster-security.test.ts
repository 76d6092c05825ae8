import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  Acl, AclOperation, CertificateAuthority, ConfluentVersion, ExternalAccess, KafkaCluster, KafkaClusterProps, KRaftMode, Listener,
  ListenerAuthentication,
} from '../../../src';
import { warningsOf } from '../../../src/core/warnings';
import { find, findAll, kafkaStepOf } from '../../support/objects';
import { secretRef } from '../../support/secrets';
import { configOf, envValue, kafkaContainer, synthCluster } from '../fixture';

// TLS, authentication and authorization of the cluster, read off the synthesized
// objects: what every node's configuration says per listener, the certificates and what
// they name, the helper Jobs, and the errors for combinations that cannot work.

const brokerConfig = (objects: any[]) => configOf(objects, find(objects, 'StatefulSet', 'events-brokers'));
const controllerConfig = (objects: any[]) => configOf(objects, find(objects, 'StatefulSet', 'events-controllers'));

function errorOf(props: KafkaClusterProps, namespace: string | undefined = 'kafka'): string {
  try {
    new KafkaCluster(new Chart(Testing.app(), 'c', { namespace }), 'events', props);
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

/** Whether a certificate DNS name (possibly `*.` wildcard of one label) covers a host. */
function covers(dnsName: string, host: string): boolean {
  if (!dnsName.startsWith('*.')) return dnsName === host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === dnsName.slice(2);
}

describe('by default: TLS everywhere, SCRAM-SHA-512 for clients, mutual TLS inside, ACLs', () => {
  const { objects } = synthCluster();
  const broker = brokerConfig(objects);
  const controller = controllerConfig(objects);

  test('protocol map: the client listener SASL_SSL, replication and controller SSL', () => {
    expect(broker.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL');
    expect(controller.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL');
  });

  test('SCRAM on the client listener with a server JAAS entry that holds no credential', () => {
    expect(broker.KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS).toBe('SCRAM-SHA-512');
    expect(broker.KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___512_SASL_JAAS_CONFIG).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    expect(Object.values(broker).join('\n')).not.toMatch(/password/i);
  });

  test('the cluster\'s own listeners require client certificates; clients of the client listener do not', () => {
    expect(broker.KAFKA_LISTENER_NAME_REPLICATION_SSL_CLIENT_AUTH).toBe('required');
    expect(controller.KAFKA_LISTENER_NAME_CONTROLLER_SSL_CLIENT_AUTH).toBe('required');
    expect(broker.KAFKA_LISTENER_NAME_CLIENT_SSL_CLIENT_AUTH).toBeUndefined();
  });

  test('the nodes\' PEM keystore (built at start) and their own CA as truststore, host names verified, CN principals, no DEFAULT', () => {
    for (const config of [broker, controller]) {
      expect(config).toMatchObject({
        KAFKA_SSL_KEYSTORE_TYPE: 'PEM',
        KAFKA_SSL_KEYSTORE_LOCATION: '/var/run/kafka-keystore/node.pem',
        KAFKA_SSL_TRUSTSTORE_TYPE: 'PEM',
        KAFKA_SSL_TRUSTSTORE_LOCATION: '/var/run/kafka-keystore/node-ca.pem',
        KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: 'https',
        KAFKA_SSL_PRINCIPAL_MAPPING_RULES: 'RULE:^CN=([^,]+)(,.*)?$/$1/',
      });
      expect(config.KAFKA_SSL_KEYSTORE_PASSWORD).toBeUndefined();
      expect(config.KAFKA_SSL_KEY_PASSWORD).toBeUndefined();
    }
  });

  test('the client listener serves the listeners\' certificate, trusts the clients\' CA and refuses the super users\' names', () => {
    expect(broker).toMatchObject({
      KAFKA_LISTENER_NAME_CLIENT_SSL_KEYSTORE_LOCATION: '/var/run/kafka-keystore/listeners.pem',
      KAFKA_LISTENER_NAME_CLIENT_SSL_TRUSTSTORE_LOCATION: '/var/run/kafka-keystore/listeners-ca.pem',
      KAFKA_LISTENER_NAME_CLIENT_SSL_PRINCIPAL_MAPPING_RULES: 'RULE:^CN=(?!(?:admin|events-kafka)(?:,|$))([^,]+)(?:,.*)?$/$1/',
    });
    // Controllers serve no client listener: they neither mount nor name it.
    expect(Object.keys(controller).filter(k => k.startsWith('KAFKA_LISTENER_NAME_CLIENT'))).toEqual([]);
    const controllers = find(objects, 'StatefulSet', 'events-controllers').spec.template.spec;
    expect(controllers.volumes.map((v: any) => v.name)).not.toContain('listener-tls');
    const brokers = find(objects, 'StatefulSet', 'events-brokers');
    expect(brokers.spec.template.spec.volumes).toContainEqual({ name: 'listener-tls', secret: { secretName: 'events-kafka-listeners-tls', defaultMode: 0o440 } });
    expect(kafkaContainer(brokers).volumeMounts).toContainEqual({ name: 'listener-tls', mountPath: '/mnt/kafka-listener-tls', readOnly: true });
    expect(envValue(kafkaContainer(brokers), 'CDK8S_LISTENER_KEYSTORE_FILE')).toBe('/var/run/kafka-keystore/listeners.pem');
  });

  test('StandardAuthorizer on every node, deny by default, super users: the nodes and admin only', () => {
    for (const config of [broker, controller]) {
      expect(config.KAFKA_AUTHORIZER_CLASS_NAME).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
      expect(config.KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND).toBe('false');
      expect(config.KAFKA_SUPER_USERS).toBe('User:events-kafka;User:admin');
    }
  });

  test('the node certificate and key are mounted read-only; the keystore lives in memory', () => {
    const spec = find(objects, 'StatefulSet', 'events-brokers').spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'events-kafka-tls', defaultMode: 0o440 } });
    expect(spec.volumes).toContainEqual({ name: 'keystore', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } });
    expect(kafkaContainer(find(objects, 'StatefulSet', 'events-brokers')).volumeMounts).toContainEqual({ name: 'tls', mountPath: '/mnt/kafka-tls', readOnly: true });
  });

  test('two namespaced self-signed CAs, the clients\' and the nodes\': self-signed Issuer -> CA Certificate (key kept on renewal) -> CA Issuer', () => {
    expect(findAll(objects, 'Issuer').map((i: any) => [i.metadata.name, i.spec])).toEqual([
      ['events-kafka-root', { selfSigned: {} }],
      ['events-kafka-ca', { ca: { secretName: 'events-kafka-ca' } }],
      ['events-kafka-nodes-root', { selfSigned: {} }],
      ['events-kafka-nodes-ca', { ca: { secretName: 'events-kafka-nodes-ca' } }],
    ]);
    for (const [name, root] of [['events-kafka-ca', 'events-kafka-root'], ['events-kafka-nodes-ca', 'events-kafka-nodes-root']]) {
      const ca = find(objects, 'Certificate', name).spec;
      expect(ca).toMatchObject({ isCA: true, secretName: name, commonName: name, duration: '87600h', renewBefore: '8760h', issuerRef: { name: root, kind: 'Issuer', group: 'cert-manager.io' } });
      expect(ca.privateKey.rotationPolicy).toBe('Never');
    }
  });

  test('the node certificate: PKCS#8 key (Kafka\'s PEM keystore reads no other), a new key each renewal, server and client use', () => {
    const cert = find(objects, 'Certificate', 'events-kafka').spec;
    expect(cert).toMatchObject({
      secretName: 'events-kafka-tls',
      commonName: 'events-kafka',
      issuerRef: { name: 'events-kafka-nodes-ca', kind: 'Issuer', group: 'cert-manager.io' },
      duration: '8760h',
      renewBefore: '720h',
      privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' },
      usages: ['server auth', 'client auth', 'digital signature', 'key encipherment'],
    });
  });

  test('the pre-stop tools connect by the pod\'s DNS name with the node\'s certificate', () => {
    // {pod}: the pod's DNS name (node-pre-stop.sh); the client settings are added to the tools'.
    const c = kafkaContainer(find(objects, 'StatefulSet', 'events-brokers'));
    expect(envValue(c, 'CDK8S_PRE_STOP_BROKER_BOOTSTRAP')).toBe('{pod}:9091');
    expect([envValue(c, 'CDK8S_HEADLESS_SERVICE'), envValue(c, 'CDK8S_CLUSTER_DOMAIN')]).toEqual(['events-kafka-nodes', 'cluster.local']);
    expect(envValue(c, 'CDK8S_CLIENT_CONFIG')).toBe('/etc/kafka/cdk8s-local-client.properties');
  });

  test('the admin gets a generated Secret and is registered by the access Job; no warning', () => {
    const credentials = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-credentials-'));
    expect(credentials.metadata.annotations['cdk8s-kafka/creates-secrets']).toBe('events-kafka-admin');
    const access = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-'));
    expect(envValue(kafkaStepOf(access), 'CDK8S_SCRAM_USERS')).toBe('admin /mnt/users/admin/password');
    expect(access.spec.template.spec.volumes).toContainEqual({ name: 'user-admin', secret: { secretName: 'events-kafka-admin', items: [{ key: 'password', path: 'password' }], defaultMode: 0o440 } });
  });
});

describe('the certificates name every address a client or node uses', () => {
  test('pod names (wildcard), the bootstrap Service and every external host, for every pool added later too', () => {
    const { objects, cluster } = synthCluster({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        Listener.external({ name: 'ext', port: 9094, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.kafka.example.com', bootstrapHost: 'bootstrap.kafka.example.com' }) }),
      ],
    }, c => c.addNodePool('big', { nodeIdBase: 1000, replicas: 2 }));
    const dnsNames: string[] = find(objects, 'Certificate', 'events-kafka-listeners').spec.dnsNames;
    const nodeNames: string[] = find(objects, 'Certificate', 'events-kafka').spec.dnsNames;
    const pods = findAll(objects, 'StatefulSet').map((s: any) => `${s.metadata.name}-0.events-kafka-nodes.kafka.svc.cluster.local`);
    expect(pods.filter(h => !nodeNames.some(n => covers(n, h)))).toEqual([]);
    // The nodes' identity names no address a client uses: it is not served to clients.
    expect(nodeNames.some(n => covers(n, 'bootstrap.kafka.example.com') || covers(n, 'events-kafka-bootstrap'))).toBe(false);
    const hosts = [
      ...findAll(objects, 'StatefulSet').map((s: any) => `${s.metadata.name}-0.events-kafka-nodes.kafka.svc.cluster.local`),
      cluster.bootstrapServers.split(':')[0],
      'events-kafka-bootstrap', 'events-kafka-bootstrap.kafka', 'events-kafka-bootstrap.kafka.svc',
      'bootstrap.kafka.example.com', 'b-0.kafka.example.com', 'b-2.kafka.example.com', 'b-1000.kafka.example.com', 'b-1001.kafka.example.com',
    ];
    expect(hosts.filter(h => !dnsNames.some(n => covers(n, h)))).toEqual([]);
    expect(dnsNames.some(n => covers(n, 'b-3.kafka.example.com'))).toBe(false);
  });
});

describe('listener choices', () => {
  test('mutual TLS: SSL with client certificates required', () => {
    const { objects } = synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })] });
    const config = brokerConfig(objects);
    expect(config.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SSL');
    expect(config.KAFKA_LISTENER_NAME_CLIENT_SSL_CLIENT_AUTH).toBe('required');
    expect(config.KAFKA_SUPER_USERS).toBe('User:events-kafka');
    // No SCRAM anywhere: no admin Secret, no credentials Job (only the roll, and the unregister Job every cluster has).
    expect(findAll(objects, 'Job').map((j: any) => j.metadata.name))
      .toEqual([expect.stringMatching(/^events-kafka-roll-/), expect.stringMatching(/^events-kafka-balance-/), expect.stringMatching(/^events-kafka-unregister-/)]);
  });

  test('SCRAM-SHA-256 over plaintext: SASL_PLAINTEXT, while the cluster\'s own listeners keep mutual TLS', () => {
    const { objects } = synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.scramSha256() })] });
    const config = brokerConfig(objects);
    expect(config.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_PLAINTEXT');
    expect(config.KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___256_SASL_JAAS_CONFIG).toBe('org.apache.kafka.common.security.scram.ScramLoginModule required;');
    const access = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-'));
    expect(envValue(kafkaStepOf(access), 'CDK8S_SCRAM_MECHANISMS')).toBe('SCRAM-SHA-256');
    expect(envValue(kafkaStepOf(access), 'CDK8S_SCRAM_ITERATIONS')).toBe('8192');
  });

  test('two listeners with both SCRAM mechanisms register each user for both', () => {
    const { objects } = synthCluster({
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        Listener.internal({ name: 'legacy', port: 9095, authentication: ListenerAuthentication.scramSha256() }),
      ],
    });
    const access = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-'));
    expect(envValue(kafkaStepOf(access), 'CDK8S_SCRAM_MECHANISMS')).toBe('SCRAM-SHA-256\nSCRAM-SHA-512');
  });

  test('TLS without authentication beside an authenticated listener: SSL, and a warning that it can do nothing', () => {
    const { objects, cluster } = synthCluster({
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.internal({ name: 'open', port: 9095, authentication: ListenerAuthentication.none() })],
    });
    expect(brokerConfig(objects).KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL,OPEN:SSL');
    expect(warningsOf(cluster).join('\n')).toContain('listener OPEN does not authenticate: its clients are User:ANONYMOUS, which is granted nothing');
  });

  test('fully plaintext (dev): no certificates, no authorizer, no Jobs but the roll and the maintenance Jobs (balance, unregister), and two warnings', () => {
    const { objects, cluster } = synthCluster({ mode: KRaftMode.COMBINED, brokers: { replicas: 3 }, listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] });
    const config = brokerConfig(objects);
    expect(config.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:PLAINTEXT,REPLICATION:PLAINTEXT,CLIENT:PLAINTEXT');
    expect(config.KAFKA_AUTHORIZER_CLASS_NAME).toBeUndefined();
    expect(Object.keys(config).filter(k => k.includes('SSL'))).toEqual([]);
    expect(objects.filter(o => ['Certificate', 'Issuer'].includes(o.kind))).toEqual([]);
    expect(objects.filter(o => ['Job', 'Role'].includes(o.kind)).map(o => o.metadata.name))
      .toEqual(['events-kafka-roll', expect.stringMatching(/^events-kafka-roll-/), expect.stringMatching(/^events-kafka-balance-/), expect.stringMatching(/^events-kafka-unregister-/)]);
    expect(warningsOf(cluster).join('\n')).toContain('anyone who reaches it can read, write and delete every topic');
    expect(warningsOf(cluster).join('\n')).toContain('the cluster has no TLS');
  });
});

describe('certificate authorities', () => {
  test('an existing Issuer for the clients: the listeners\' and users\' certificates reference it; the nodes keep their own root', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    new KafkaCluster(chart, 'events', { certificateAuthority: CertificateAuthority.issuer('company-ca') }).addUser('orders');
    const objects = chart.toJson();
    expect(findAll(objects, 'Issuer').map((i: any) => i.metadata.name)).toEqual(['events-kafka-nodes-root', 'events-kafka-nodes-ca']);
    for (const name of ['events-kafka-listeners', 'events-user-orders']) {
      expect(find(objects, 'Certificate', name).spec.issuerRef).toEqual({ name: 'company-ca', kind: 'Issuer', group: 'cert-manager.io' });
    }
    expect(find(objects, 'Certificate', 'events-kafka').spec.issuerRef).toEqual({ name: 'events-kafka-nodes-ca', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('an existing ClusterIssuer, validated with the harness told it exists', () => {
    const { objects } = synthClusterWith({ certificateAuthority: CertificateAuthority.clusterIssuer('corp-pki') }, { clusterIssuers: ['corp-pki'] });
    expect(find(objects, 'Certificate', 'events-kafka-listeners').spec.issuerRef).toEqual({ name: 'corp-pki', kind: 'ClusterIssuer', group: 'cert-manager.io' });
  });

  test('both authorities existing issuers: nothing bootstrapped', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    new KafkaCluster(chart, 'events', {
      certificateAuthority: CertificateAuthority.clusterIssuer('corp-pki'),
      nodeCertificateAuthority: CertificateAuthority.issuer('events-nodes'),
    });
    const objects = chart.toJson();
    expect(findAll(objects, 'Issuer')).toEqual([]);
    expect(find(objects, 'Certificate', 'events-kafka').spec.issuerRef).toEqual({ name: 'events-nodes', kind: 'Issuer', group: 'cert-manager.io' });
  });

  test('fails if the nodes\' authority is the clients\' one: a client certificate could then act as a node', () => {
    expect(errorOf({ certificateAuthority: CertificateAuthority.issuer('company-ca'), nodeCertificateAuthority: CertificateAuthority.issuer('company-ca') }))
      .toBe('c/events: nodeCertificateAuthority = "Issuer company-ca" is invalid: it is also the clients\' authority (certificateAuthority): every certificate it signs for a client could then act as a node, a super user. Leave nodeCertificateAuthority out (a root of the cluster\'s own), or name an issuer that signs for this cluster\'s nodes only.');
  });

  test('certificateValidity sets the nodes\', listeners\' and users\' certificates, renewed a third before the end (at most 30 days)', () => {
    const { objects } = synthCluster({ certificateValidity: Duration.days(30) }, c => c.addUser('orders'));
    for (const name of ['events-kafka', 'events-kafka-listeners', 'events-user-orders']) {
      expect(find(objects, 'Certificate', name).spec).toMatchObject({ duration: '720h', renewBefore: '240h' });
    }
  });
});

function synthClusterWith(props: KafkaClusterProps, external: { clusterIssuers?: string[] }): { objects: any[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { expectValidChart } = require('../../support/validate');
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  new KafkaCluster(chart, 'events', props);
  return { objects: expectValidChart(chart, { external }) };
}

describe('quotas', () => {
  const accessEnv = (objects: any[], name: string) =>
    envValue(kafkaStepOf(findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-'))), name);

  test('a user\'s quotas and the cluster\'s default user quota reach the access Job in kafka-configs form', () => {
    const { objects } = synthCluster({ defaultUserQuotas: { producerByteRate: Size.mebibytes(5), consumerByteRate: Size.mebibytes(10) } }, c => {
      c.addUser('orders', { quotas: { requestPercentage: 150, controllerMutationRate: 5, producerByteRate: Size.kibibytes(512) } });
      c.addUser('billing');
    });
    expect(accessEnv(objects, 'CDK8S_QUOTAS')).toBe([
      '* consumer_byte_rate=10485760,producer_byte_rate=5242880',
      // Kafka applies the default to super users too: the cluster's own are exempt.
      'events-kafka consumer_byte_rate=9223372036854775807,producer_byte_rate=9223372036854775807',
      'admin consumer_byte_rate=9223372036854775807,producer_byte_rate=9223372036854775807',
      'orders controller_mutation_rate=5,producer_byte_rate=524288,request_percentage=150',
    ].join('\n'));
  });

  test('a mutual-TLS cluster without users still runs the access Job for default quotas', () => {
    const { objects } = synthCluster({
      listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })],
      defaultUserQuotas: { requestPercentage: 100 },
    });
    expect(accessEnv(objects, 'CDK8S_QUOTAS')).toBe('* request_percentage=100\nevents-kafka request_percentage=1000000000');
  });

  test('fails if nothing authenticates (a quota needs a principal), or a rate is not above 0', () => {
    const open = { listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.none() })] };
    expect(errorOf({ ...open, defaultUserQuotas: { requestPercentage: 100 } }))
      .toContain('defaultUserQuotas = "request_percentage=100" is invalid: a quota applies to authenticated principals');
    expect(errorOf({ defaultUserQuotas: { requestPercentage: 0 } })).toContain('defaultUserQuotas.requestPercentage = 0 is invalid: a quota is a rate above 0');
  });
});

describe('users', () => {
  test('addUser: a certificate from the clients\' issuer, SCRAM credentials made once in the cluster, ACLs applied by the access Job', () => {
    let connection: any;
    const { objects } = synthCluster({}, c => {
      const user = c.addUser('orders', { acls: [Acl.topic('orders', [AclOperation.WRITE, AclOperation.DESCRIBE])] });
      user.addAcl(Acl.topic('orders', [AclOperation.WRITE, AclOperation.DESCRIBE]), Acl.group('orders', [AclOperation.READ]));
      connection = user.connection;
      expect(user.acls).toHaveLength(2);
    });
    expect(connection).toEqual({
      bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092',
      securityProtocol: 'SASL_SSL',
      authentication: 'SCRAM-SHA-512',
      saslMechanism: 'SCRAM-SHA-512',
      credentialsSecret: 'events-user-orders',
      certificateSecret: 'events-user-orders-tls',
    });
    expect(find(objects, 'Certificate', 'events-user-orders').spec).toMatchObject({ commonName: 'orders', secretName: 'events-user-orders-tls', usages: ['client auth', 'digital signature', 'key encipherment'] });
    const credentials = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-credentials-'));
    expect(credentials.metadata.annotations['cdk8s-kafka/creates-secrets']).toBe('events-kafka-admin,events-user-orders');
    const access = kafkaStepOf(findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-')));
    expect(envValue(access, 'CDK8S_SCRAM_USERS')!.split('\n')).toContain('orders /mnt/users/orders/password');
    // One ACL a line: the principal's user, then the kafka-acls arguments.
    const acls = envValue(access, 'CDK8S_ACLS')!.split('\n');
    expect(acls).toContain('orders --topic orders --resource-pattern-type literal --operation Describe --operation Write');
    expect(acls.some(a => a.startsWith('orders --group orders '))).toBe(true);
  });

  test('a new ACL is a new access Job (Jobs are immutable); the same program gives the same name', () => {
    const jobName = (ops: AclOperation[]) => findAll(synthCluster({}, c => c.addUser('orders', { acls: [Acl.topic('orders', ops)] })).objects, 'Job')
      .find((j: any) => j.metadata.name.startsWith('events-kafka-access-')).metadata.name;
    expect(jobName([AclOperation.READ])).toBe(jobName([AclOperation.READ]));
    expect(jobName([AclOperation.READ])).not.toBe(jobName([AclOperation.WRITE]));
  });

  test('existing Secrets (Vault, External Secrets): no credentials Job, no RBAC for it', () => {
    const { objects } = synthClusterExternal({ adminSecret: secretRef('kafka-admin-from-vault'), certificateRollout: false },
      c => c.addUser('orders', { credentialsSecret: secretRef('orders-from-vault') }), ['kafka-admin-from-vault', 'orders-from-vault']);
    // The roll's, and the access Job's own record (not the credentials Job's).
    expect(objects.filter(o => ['Role', 'RoleBinding', 'CronJob'].includes(o.kind)).map(o => o.metadata.name))
      .toEqual(['events-kafka-roll', 'events-kafka-roll', 'events-kafka-access', 'events-kafka-access']);
    expect(findAll(objects, 'Job').map((j: any) => j.metadata.name))
      .toEqual([expect.stringMatching(/^events-kafka-roll-/), expect.stringMatching(/^events-kafka-access-/), expect.stringMatching(/^events-kafka-balance-/), expect.stringMatching(/^events-kafka-unregister-/)]);
  });

  test('on a mutual-TLS listener a user authenticates with its certificate: no credentials', () => {
    let connection: any;
    synthCluster({ listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.mutualTls() })] }, c => {
      connection = c.addUser('orders').connection;
    });
    expect(connection).toEqual({
      bootstrapServers: 'events-kafka-bootstrap.kafka.svc.cluster.local:9092', securityProtocol: 'SSL', authentication: 'mutual-tls', certificateSecret: 'events-user-orders-tls',
    });
  });

  test.each([
    ['a duplicate', (c: KafkaCluster) => { c.addUser('orders'); c.addUser('orders'); }, 'c/events.addUser: name = "orders" is invalid: the cluster already has this user'],
    ['the admin', (c: KafkaCluster) => c.addUser('admin'), 'c/events.addUser: name = "admin" is invalid: the cluster uses this principal itself'],
    ['the nodes', (c: KafkaCluster) => c.addUser('events-kafka'), 'c/events.addUser: name = "events-kafka" is invalid: the cluster uses this principal itself'],
    ['a bad name', (c: KafkaCluster) => c.addUser('Orders_1'), 'c/events.addUser: name = "Orders_1" is invalid: it must be a lower-case DNS name'],
    ['a bad secret', (c: KafkaCluster) => c.addUser('orders', { credentialsSecret: secretRef('No Secret') }), 'c/events.addUser: options.credentialsSecret = "No Secret" is invalid: it is not a reference to a Secret with a valid name'],
    ['a Secret name as a string', (c: KafkaCluster) => c.addUser('orders', { credentialsSecret: 'orders' as never }), 'c/events.addUser: options.credentialsSecret = "orders" is invalid: it is not a reference to a Secret'],
  ])('refuses %s', (_, add, message) => {
    const c = new KafkaCluster(new Chart(Testing.app(), 'c', { namespace: 'kafka' }), 'events');
    expect(() => add(c)).toThrow(message);
  });
});

function synthClusterExternal(props: KafkaClusterProps, extend: (c: KafkaCluster) => void, secrets: string[]): { objects: any[] } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { expectValidChart } = require('../../support/validate');
  const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
  extend(new KafkaCluster(chart, 'events', props));
  return { objects: expectValidChart(chart, { external: { secrets } }) };
}

describe('errors', () => {
  test.each([
    ['mutual TLS without TLS', { listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.mutualTls() })] },
      'c/events: listeners[0].tls = false is invalid: mutual TLS authentication is a TLS handshake with client certificates: it needs TLS on the listener. Remove tls: false.'],
    ['an external listener without TLS', {
      listeners: [Listener.internal({ name: 'client', port: 9092 }), Listener.external({ name: 'ext', port: 9094, tls: false, access: ExternalAccess.loadBalancer({ hostPattern: 'b-{id}.example.com' }) })],
    }, 'c/events: listeners[1].tls = false is invalid: an external listener carries credentials and records over networks the cluster does not control'],
    ['a listener name ending in SSL', { listeners: [Listener.internal({ name: 'client_ssl', port: 9092 })] },
      'c/events: listeners[0].name = "client_ssl" is invalid: a listener name ending in SSL or containing SASL_ makes the image\'s start script demand its own keystore or JAAS files'],
    ['a listener name with SASL_', { listeners: [Listener.internal({ name: 'SASL_CLIENT', port: 9092 })] }, 'c/events: listeners[0].name = "SASL_CLIENT" is invalid'],
    ['a certificate validity under a week', { certificateValidity: Duration.days(3) }, 'c/events: certificateValidity = "3 days" is invalid: the nodes pick a renewed certificate up only when they restart'],
    ['a bad admin Secret name', { adminSecret: secretRef('Admin Secret') }, 'c/events: adminSecret = "Admin Secret" is invalid: it is not a reference to a Secret with a valid name'],
    ['a non-authority', { certificateAuthority: 'self-signed' as any }, 'c/events: certificateAuthority = "self-signed" is invalid: it must be a CertificateAuthority'],
  ])('%s', (_, props, message) => {
    expect(errorOf(props as KafkaClusterProps)).toContain(message);
  });

  test('a self-signed root valid under two years', () => {
    expect(() => CertificateAuthority.selfSigned({ validity: Duration.days(365) })).toThrow('CertificateAuthority.selfSigned: validity = "365 days" is invalid');
  });

  test('an issuer name that is not an object name', () => {
    expect(() => CertificateAuthority.issuer('Company CA')).toThrow('CertificateAuthority.issuer: name = "Company CA" is invalid: it must be a Kubernetes object name');
  });
});

describe('egress policies (an option)', () => {
  const { objects } = synthCluster({ egressPolicy: true }, c => c.addUser('orders'));
  const dns = { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };

  test('nodes reach each other\'s replication and controller ports and DNS, nothing else', () => {
    const np = find(objects, 'NetworkPolicy', 'events-kafka').spec;
    expect(np.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.egress).toEqual([
      { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events' } } }], ports: [{ protocol: 'TCP', port: 9091 }, { protocol: 'TCP', port: 9093 }] },
      dns,
    ]);
  });

  test('the access Job reaches the brokers\' replication port, the API server (its record) and DNS; the credentials Job the API server and DNS', () => {
    expect(find(objects, 'NetworkPolicy', 'events-kafka-access').spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka-access', 'app.kubernetes.io/instance': 'events', 'app.kubernetes.io/component': 'access' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [],
      egress: [
        { to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/broker': 'true' } } }], ports: [{ protocol: 'TCP', port: 9091 }] },
        { ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] },
        dns,
      ],
    });
    expect(find(objects, 'NetworkPolicy', 'events-kafka-credentials').spec.egress).toEqual([{ ports: [{ protocol: 'TCP', port: 443 }, { protocol: 'TCP', port: 6443 }] }, dns]);
  });

  test('is refused without the NetworkPolicy it lives in', () => {
    expect(errorOf({ egressPolicy: true, networkPolicy: false })).toContain('c/events: egressPolicy = true is invalid: egress rules live in the cluster\'s NetworkPolicy, and networkPolicy is false');
  });
});

describe('SASL/PLAIN (over TLS only)', () => {
  const plain = { listeners: [Listener.internal({ name: 'client', port: 9092, authentication: ListenerAuthentication.plain() })] };

  test('the listener enables PLAIN; its user list is built at start from the users\' Secrets, never in the ConfigMap', () => {
    const { objects } = synthCluster(plain, c => c.addUser('orders'));
    const config = brokerConfig(objects);
    expect(config.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP).toBe('CONTROLLER:SSL,REPLICATION:SSL,CLIENT:SASL_SSL');
    expect(config.KAFKA_LISTENER_NAME_CLIENT_SASL_ENABLED_MECHANISMS).toBe('PLAIN');
    expect(config.KAFKA_LISTENER_NAME_CLIENT_PLAIN_SASL_JAAS_CONFIG).toBeUndefined();
    const spec = find(objects, 'StatefulSet', 'events-brokers').spec.template.spec;
    expect(spec.volumes).toContainEqual({
      name: 'plain-users',
      projected: {
        defaultMode: 0o440,
        sources: [
          { secret: { name: 'events-kafka-admin', items: [{ key: 'password', path: 'admin' }] } },
          { secret: { name: 'events-user-orders', items: [{ key: 'password', path: 'orders' }] } },
        ],
      },
    });
    // The start script appends listener.name.<listener>.plain.sasl.jaas.config for each (node-start.sh).
    expect(envValue(spec.containers[0], 'CDK8S_PLAIN_LISTENERS')).toBe('CLIENT');
    expect(envValue(spec.containers[0], 'CDK8S_PLAIN_USERS_DIR')).toBe('/mnt/kafka-plain-users');
    expect(spec.containers[0].command[2]).not.toContain('export KAFKA_LISTENER_NAME_CLIENT_PLAIN');
    // Controllers serve no PLAIN listener: nothing mounted there.
    expect(find(objects, 'StatefulSet', 'events-controllers').spec.template.spec.volumes.map((v: any) => v.name)).not.toContain('plain-users');
  });

  test('generated Secrets carry a PLAIN JAAS line; no SCRAM registration, ACLs still applied', () => {
    const { objects } = synthCluster(plain, c => c.addUser('orders', { acls: [Acl.topic('orders', [AclOperation.READ])] }));
    const credentials = findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-credentials-')).spec.template.spec.containers[0];
    expect(envValue(credentials, 'CDK8S_LOGIN_MODULE')).toBe('org.apache.kafka.common.security.plain.PlainLoginModule');
    const access = kafkaStepOf(findAll(objects, 'Job').find((j: any) => j.metadata.name.startsWith('events-kafka-access-')));
    expect(envValue(access, 'CDK8S_SCRAM_USERS')).toBeUndefined();
    expect(envValue(access, 'CDK8S_ACLS')).toMatch(/^orders --topic orders /);
  });

  test('components connect with PLAIN over TLS', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { SchemaRegistry } = require('../../../src');
    const { objects } = synthCluster(plain, c => new SchemaRegistry(c.node.scope, 'schemas', { kafka: c }));
    const config = find(objects, 'ConfigMap', 'schemas-config').data;
    expect([config.SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL, config.SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM]).toEqual(['SASL_SSL', 'PLAIN']);
  });

  test('refused without TLS (the password itself crosses the wire)', () => {
    expect(errorOf({ listeners: [Listener.internal({ name: 'client', port: 9092, tls: false, authentication: ListenerAuthentication.plain() })] })).toContain(
      'c/events: listeners[0].tls = false is invalid: SASL/PLAIN sends the password itself: without TLS anyone on the path reads it. '
      + 'Remove tls: false, or use ListenerAuthentication.scramSha512(), which never sends the password.');
  });
});

describe('an imported cluster that encrypts and authenticates (a managed service)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Connect, SchemaRegistry } = require('../../../src');
  const managed = (chart: Chart) => KafkaCluster.fromBootstrap(chart, 'managed', {
    bootstrapServers: 'b-1.kafka.example.com:9096,b-2.kafka.example.com:9096',
    version: ConfluentVersion.V8_0,
    tls: true,
    authentication: ListenerAuthentication.scramSha512(),
  });

  test('components connect with the credentials Secret they are given, trusting the JVM\'s public CAs', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { expectValidChart } = require('../../support/validate');
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const kafka = managed(chart);
    new SchemaRegistry(chart, 'schemas', { kafka, kafkaCredentialsSecret: secretRef('schemas-kafka') });
    new Connect(chart, 'connect', { kafka, kafkaCredentialsSecret: secretRef('connect-kafka') });
    const objects = expectValidChart(chart, { external: { secrets: ['schemas-kafka', 'connect-kafka'] } });
    const sr = find(objects, 'ConfigMap', 'schemas-config').data;
    expect(sr).toMatchObject({
      SCHEMA_REGISTRY_KAFKASTORE_SECURITY_PROTOCOL: 'SASL_SSL',
      SCHEMA_REGISTRY_KAFKASTORE_SASL_MECHANISM: 'SCRAM-SHA-512',
      SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS: 'SASL_SSL://b-1.kafka.example.com:9096,SASL_SSL://b-2.kafka.example.com:9096',
    });
    expect(sr.SCHEMA_REGISTRY_KAFKASTORE_SSL_TRUSTSTORE_LOCATION).toBeUndefined();
    expect(find(objects, 'Deployment', 'schemas').spec.template.spec.containers[0].env).toContainEqual(
      { name: 'SCHEMA_REGISTRY_KAFKASTORE_SASL_JAAS_CONFIG', valueFrom: { secretKeyRef: { name: 'schemas-kafka', key: 'sasl.jaas.config' } } });
    // Nothing is created for an imported cluster: no Jobs, no Certificates.
    expect(objects.filter((o: any) => ['Job', 'Certificate', 'Role'].includes(o.kind)).map((o: any) => o.metadata.name)).toEqual([]);
  });

  test('a private CA is trusted from the Secret named', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const kafka = KafkaCluster.fromBootstrap(chart, 'corp', { bootstrapServers: 'kafka.corp:9093', version: ConfluentVersion.V8_0, tls: true, caSecret: secretRef('corp-kafka-ca') });
    expect(kafka.addUser('app').connection).toEqual({
      bootstrapServers: 'kafka.corp:9093', securityProtocol: 'SSL', authentication: 'none', certificateSecret: 'corp-kafka-ca',
    });
  });

  test('a component without its credentials fails, saying where they come from', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    expect(() => new SchemaRegistry(chart, 'schemas', { kafka: managed(chart) })).toThrow(
      'apps/managed.addUser: credentialsSecret = undefined is invalid: managed is imported and authenticates with SCRAM-SHA-512: its users are managed where it runs, '
      + 'so their credentials cannot be made here. Pass the Secret holding the user\'s password and sasl.jaas.config (for a component: its kafkaCredentialsSecret prop).');
  });

  test.each([
    ['PLAIN without TLS', { authentication: ListenerAuthentication.plain() }, 'tls = false is invalid: SASL/PLAIN sends the password itself'],
    ['mutual TLS', { tls: true, authentication: ListenerAuthentication.mutualTls() }, 'authentication = "mutual-tls" is invalid: components authenticate with SCRAM or PLAIN'],
    ['a CA without TLS', { caSecret: secretRef('ca') }, 'caSecret = "ca" is invalid'],
  ])('refuses %s', (_, attributes, message) => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    expect(() => KafkaCluster.fromBootstrap(chart, 'x', { bootstrapServers: 'k:9092', version: ConfluentVersion.V8_0, ...attributes })).toThrow(message);
  });
});

describe('egress ports', () => {
  test('DNS and API server ports can be set for the distribution (OpenShift DNS 5353, minikube 8443)', () => {
    const { objects } = synthCluster({ egressPolicy: true, egressDnsPorts: [5353], egressApiServerPorts: [8443] });
    expect(find(objects, 'NetworkPolicy', 'events-kafka').spec.egress[1]).toEqual({ ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }] });
    expect(find(objects, 'NetworkPolicy', 'events-kafka-credentials').spec.egress[0]).toEqual({ ports: [{ protocol: 'TCP', port: 8443 }] });
    expect(find(objects, 'NetworkPolicy', 'events-kafka-roll').spec.egress[0]).toEqual({ ports: [{ protocol: 'TCP', port: 8443 }] });
  });

  test('bad port lists fail', () => {
    expect(errorOf({ egressDnsPorts: [] })).toContain('c/events: egressDnsPorts = [] is invalid: it is empty');
    expect(errorOf({ egressApiServerPorts: [0] })).toContain('c/events: egressApiServerPorts[0] = 0 is invalid');
  });
});

describe('component egress policies (an option)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { KsqlDb, SchemaRegistry } = require('../../../src');
  const brokers = { 'app.kubernetes.io/name': 'kafka', 'app.kubernetes.io/instance': 'events', 'cdk8s-kafka/broker': 'true' };
  const dns = { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };

  test('Schema Registry and ksqlDB reach DNS, the brokers\' client port, their own instances and the wired registry: nothing else', () => {
    const { objects } = synthCluster({}, c => {
      const sr = new SchemaRegistry(c.node.scope, 'schemas', { kafka: c, egressPolicy: true });
      new KsqlDb(c.node.scope, 'ksql', { kafka: c, schemaRegistry: sr, egressPolicy: true });
    });
    const srSelector = { 'app.kubernetes.io/component': 'schema-registry', 'app.kubernetes.io/instance': 'schemas', 'app.kubernetes.io/name': 'schema-registry' };
    const ksqlSelector = { 'app.kubernetes.io/component': 'ksqldb', 'app.kubernetes.io/instance': 'ksql', 'app.kubernetes.io/name': 'ksqldb' };
    const sr = find(objects, 'NetworkPolicy', 'schemas').spec;
    expect(sr.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(sr.egress).toEqual([
      dns,
      { to: [{ podSelector: { matchLabels: brokers } }], ports: [{ protocol: 'TCP', port: 9092 }] },
      { to: [{ podSelector: { matchLabels: srSelector } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]);
    expect(find(objects, 'NetworkPolicy', 'ksql').spec.egress).toEqual([
      dns,
      { to: [{ podSelector: { matchLabels: brokers } }], ports: [{ protocol: 'TCP', port: 9092 }] },
      { to: [{ podSelector: { matchLabels: ksqlSelector } }], ports: [{ protocol: 'TCP', port: 8088 }] },
      { to: [{ podSelector: { matchLabels: srSelector } }], ports: [{ protocol: 'TCP', port: 8081 }] },
    ]);
  });

  test('an imported cluster is reached by its ports (only its address is known)', () => {
    const chart = new Chart(Testing.app(), 'apps', { namespace: 'apps' });
    const kafka = KafkaCluster.fromBootstrap(chart, 'managed', { bootstrapServers: 'b-1.example.com:9096,b-2.example.com:9096', version: ConfluentVersion.V8_0 });
    new SchemaRegistry(chart, 'schemas', { kafka, egressPolicy: true, egressDnsPorts: [5353] });
    const egress = find(chart.toJson(), 'NetworkPolicy', 'schemas').spec.egress;
    expect(egress.slice(0, 2)).toEqual([{ ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }] }, { ports: [{ protocol: 'TCP', port: 9096 }] }]);
  });

  test('bad egress settings fail', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    const kafka = new KafkaCluster(chart, 'events');
    expect(() => new SchemaRegistry(chart, 'schemas', { kafka, egressPolicy: true, networkPolicy: false })).toThrow(
      'c/schemas: egressPolicy = true is invalid: egress rules live in the NetworkPolicy, and networkPolicy is false');
    expect(() => new KsqlDb(chart, 'ksql', { kafka, egressDnsPorts: [0] })).toThrow('c/ksql: egressDnsPorts[0] = 0 is invalid');
  });
});

import { synthCluster } from './fixture';
import { kafkaConfigProblems } from './kafka-config-rules';
import { find } from '../support/objects';

// The Kafka start-up rules the tests apply to every StatefulSet catch what they claim to.

function mutated(change: (config: Record<string, string>) => void): string[] {
  const { objects } = synthCluster({});
  const copy = JSON.parse(JSON.stringify(objects));
  change(find(copy, 'ConfigMap', 'events-brokers-config').data);
  return kafkaConfigProblems(copy);
}

describe('security rules', () => {
  test('a rendered cluster passes', () => {
    expect(mutated(() => undefined)).toEqual([]);
  });

  test.each([
    ['an SSL listener without a keystore', (c: Record<string, string>) => { delete c.KAFKA_SSL_KEYSTORE_LOCATION; }, 'REPLICATION (SSL) has no ssl.keystore.location'],
    ['a PEM keystore with a key password', (c: Record<string, string>) => { c.KAFKA_SSL_KEY_PASSWORD = 'x'; }, 'ssl.key.password with an unencrypted PEM keystore'],
    ['a PEM keystore nothing writes', (c: Record<string, string>) => { c.KAFKA_SSL_KEYSTORE_LOCATION = '/elsewhere.pem'; }, 'nothing writes the PEM keystore /elsewhere.pem'],
    ['a SASL listener without its JAAS entry', (c: Record<string, string>) => { delete c.KAFKA_LISTENER_NAME_CLIENT_SCRAM___SHA___512_SASL_JAAS_CONFIG; }, 'CLIENT: no server JAAS entry for SCRAM-SHA-512'],
    ['SCRAM on the controller listener', (c: Record<string, string>) => {
      c.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP = c.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP.replace('CONTROLLER:SSL', 'CONTROLLER:SASL_SSL');
      c.KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS = 'SCRAM-SHA-512';
      c.KAFKA_LISTENER_NAME_CONTROLLER_SCRAM___SHA___512_SASL_JAAS_CONFIG = 'x';
    }, 'CONTROLLER: SCRAM on a controller listener'],
    ['an authorizer without super users', (c: Record<string, string>) => { delete c.KAFKA_SUPER_USERS; }, 'an authorizer without super users'],
  ])('finds %s', (_, change, problem) => {
    expect(mutated(change).join('\n')).toContain(problem);
  });
});

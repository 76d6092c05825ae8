import { k8s } from 'cdk8s-plus-27';
import { KafkaUser } from './kafka-user';
import { AuthenticationMechanism } from './listener-authentication';
import { ErrorScope, raise } from '../core/errors';

/** Where a component's pods find the cluster's CA (`ca.crt` of the user's certificate Secret only). */
export const CLIENT_TRUST_DIR = '/mnt/kafka-ca';

/** What a component's Kafka clients need to connect as its user. */
export interface ClientSecurity {
  /** `security.protocol`. */
  readonly protocol: string;
  /** Client properties without a prefix, no secret among them. */
  readonly properties: Readonly<Record<string, string>>;
  /** The JAAS line, from the user's credentials Secret (SASL only). */
  readonly jaasSecret?: k8s.SecretKeySelector;
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

/**
 * The client settings of a component's user: protocol and SASL mechanism as the
 * cluster's listener has them, trust in the cluster's CA from the user's certificate
 * Secret (only `ca.crt` is mounted: the component authenticates with SCRAM, its key
 * stays unused), and the JAAS line taken from the credentials Secret by reference.
 * Components do not present client certificates: a listener with mutual TLS is refused.
 */
export function resolveClientSecurity(scope: ErrorScope, prop: string, user: KafkaUser): ClientSecurity {
  const c = user.connection;
  if (c.authentication === AuthenticationMechanism.MUTUAL_TLS) {
    raise(scope, prop, c.bootstrapServers, 'components authenticate with SCRAM, and the cluster\'s first internal listener (the one components use) requires client certificates',
      'Make the first internal listener SCRAM (the default) and add a mutual-TLS listener after it for your own clients');
  }
  const properties: Record<string, string> = { 'security.protocol': c.securityProtocol };
  const volumes: k8s.Volume[] = [];
  const mounts: k8s.VolumeMount[] = [];
  if (c.saslMechanism !== undefined) properties['sasl.mechanism'] = c.saslMechanism;
  if (c.certificateSecret !== undefined) {
    Object.assign(properties, { 'ssl.truststore.type': 'PEM', 'ssl.truststore.location': `${CLIENT_TRUST_DIR}/ca.crt` });
    volumes.push({ name: 'kafka-ca', secret: { secretName: c.certificateSecret, items: [{ key: 'ca.crt', path: 'ca.crt' }], defaultMode: 0o444 } });
    mounts.push({ name: 'kafka-ca', mountPath: CLIENT_TRUST_DIR, readOnly: true });
  }
  return {
    protocol: c.securityProtocol,
    properties,
    jaasSecret: c.credentialsSecret === undefined ? undefined : { name: c.credentialsSecret, key: 'sasl.jaas.config' },
    volumes,
    mounts,
  };
}

/** The client properties under each prefix (`''`, `producer.`, `kafkastore.`). */
export function prefixedClientProperties(security: Pick<ClientSecurity, 'properties'>, prefixes: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const prefix of prefixes) {
    for (const [k, v] of Object.entries(security.properties)) out[`${prefix}${k}`] = v;
  }
  return out;
}

/** Environment variables taking the JAAS line from the credentials Secret, one per name. */
export function jaasEnv(security: ClientSecurity, envNames: readonly string[]): k8s.EnvVar[] {
  const ref = security.jaasSecret;
  if (ref === undefined) return [];
  return envNames.map(name => ({ name, valueFrom: { secretKeyRef: { name: ref.name, key: ref.key } } }));
}

/** Client keys a component's user settings own (refused in its property overrides). */
export const CLIENT_SECURITY_KEYS = ['security.protocol', 'sasl.mechanism', 'sasl.jaas.config', 'ssl.truststore.type', 'ssl.truststore.location'];

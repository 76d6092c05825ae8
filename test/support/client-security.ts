import { ClientSecurity } from '../../src/access/client-security';
import { ResolvedRest } from '../../src/access/rest-security';

/** A component's clients on a cluster without security: PLAINTEXT, nothing mounted. */
export const PLAINTEXT_CLIENT: ClientSecurity = { protocol: 'PLAINTEXT', properties: { 'security.protocol': 'PLAINTEXT' }, volumes: [], mounts: [] };

/** A component's clients as SCRAM user `user` of cluster `events` over TLS: the JAAS line from its Secret. */
export function scramClient(user: string): ClientSecurity {
  return {
    protocol: 'SASL_SSL',
    properties: { 'security.protocol': 'SASL_SSL', 'sasl.mechanism': 'SCRAM-SHA-512' },
    jaasSecret: { name: `events-user-${user}`, key: 'sasl.jaas.config' },
    volumes: [],
    mounts: [],
  };
}

/** A component's REST API as a cluster with TLS gives it: HTTPS and HTTP basic. */
export function secureRest(component: string): ResolvedRest {
  return {
    scheme: 'https',
    basic: true,
    tls: {
      certificate: `${component}-rest-tls`,
      secret: `${component}-rest-tls`,
      passwordSecret: `${component}-rest-keystore`,
      issuer: { issuer: { name: 'events-kafka-ca', kind: 'Issuer', group: 'cert-manager.io' }, durationHours: 2160, renewBeforeHours: 720 },
      rolloutSchedule: '23 * * * *',
    },
  };
}

/** A component's REST API without security. */
export const PLAIN_REST: ResolvedRest = { scheme: 'http', basic: false };

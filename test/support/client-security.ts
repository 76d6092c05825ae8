import { ClientSecurity } from '../../src/access/client-security';

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

import { ResolvedCluster } from './cluster-model';
import { USER_TAKEN } from './kafka-cluster-ref';
import { ListenerScope } from './listener';
import { userCertificateSecret } from './security/certificates';
import { ADMIN_USER } from './security/cluster-security';
import { checkUserName, KafkaUser, KafkaUserOptions } from '../access/kafka-user';
import { isSaslMechanism } from '../access/listener-authentication';
import { renderQuotaConfig } from '../access/user-quotas';
import { raise } from '../core/errors';
import { secretName } from '../core/secret-reference';

/** Name of a user's generated credentials Secret (and base of its certificate's names). */
export function userSecretName(m: Pick<ResolvedCluster, 'name'>, user: string): string {
  return `${m.name}-user-${user}`;
}

/**
 * A user of the cluster: checked (a unique principal, not the cluster's own), connecting
 * through the first internal listener with its protocol and mechanism, its SCRAM
 * credentials in the Secret the user names (`credentialsSecret`) or `<cluster>-user-<name>`, its certificate
 * in `<cluster>-user-<name>-tls` when the cluster has TLS. Pure: the caller creates the
 * user's objects.
 *
 * @param taken whether a user of that name already exists
 */
export function resolveUser(scope: string, m: ResolvedCluster, name: string, options: KafkaUserOptions, taken: boolean): KafkaUser {
  checkUserName(scope, name);
  if (taken || name === ADMIN_USER || name === m.security.tls?.nodePrincipal) {
    raise(scope, 'name', name, taken ? USER_TAKEN : 'the cluster uses this principal itself',
      taken ? 'Give every user its own name (components add their own user, named after their id)' : 'Give every user its own name');
  }
  const listener = m.listeners.find(l => l.scope === ListenerScope.INTERNAL);
  if (listener === undefined) {
    raise(scope, 'name', name, 'users connect through the first internal listener, and the cluster has none', 'Add an internal listener');
  }
  const givenSecret = secretName(scope, 'credentialsSecret', options.credentialsSecret);
  const sasl = isSaslMechanism(listener.authentication);
  const quotas = renderQuotaConfig(scope, 'quotas', options.quotas);
  if (quotas !== undefined && !m.security.authorizer) {
    raise(scope, 'quotas', quotas, 'a quota applies to an authenticated principal, and no listener of the cluster authenticates',
      'Authenticate a listener (ListenerAuthentication.scramSha512(), the default), or leave quotas out');
  }
  const user = KafkaUser._of(name, {
    bootstrapServers: m.bootstrapServers,
    securityProtocol: listener.protocol,
    authentication: listener.authentication,
    saslMechanism: sasl ? listener.authentication : undefined,
    credentialsSecret: !sasl ? undefined : givenSecret ?? userSecretName(m, name),
    certificateSecret: m.security.tls === undefined ? undefined : userCertificateSecret(m, name),
  }, givenSecret !== undefined, quotas, m.security.tls === undefined ? undefined : {
    issuer: m.security.tls.clientAuthority.issuer, durationHours: m.security.tls.durationHours, renewBeforeHours: m.security.tls.renewBeforeHours,
  });
  user.addAcl(...(options.acls ?? []));
  return user;
}

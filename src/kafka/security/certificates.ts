import { CertificateSpec, SERVER_AND_CLIENT_USAGES } from '../../core/cert-manager';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { hostForNode } from '../external-access';

// The leaf certificates of a cluster with TLS: one for all its nodes, one per user. Both
// come from the cluster's issuer, PKCS#8 keys (Kafka's PEM keystore reads no other) that
// rotate on every renewal.

const PRIVATE_KEY: CertificateSpec['privateKey'] = { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' };

/** Name of the nodes' Certificate. */
export function nodeCertificateName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka`;
}

/**
 * The nodes' certificate: one for every broker and controller, naming every address a
 * client or another node uses: pod names through a wildcard, the bootstrap Service in
 * every form, every external host of every broker pool.
 */
export function renderNodeCertificate(m: ResolvedCluster, pools: readonly ResolvedPool[], labels: Record<string, string>): CertificateSpec {
  const tls = m.security.tls!;
  const ns = m.namespace!;
  const svc = m.bootstrapService;
  return {
    secretName: tls.nodeSecret,
    issuerRef: tls.issuer,
    commonName: tls.nodePrincipal,
    dnsNames: [
      `*.${m.headlessService}.${ns}.svc.${m.clusterDomain}`,
      `*.${m.headlessService}.${ns}.svc`,
      svc, `${svc}.${ns}`, `${svc}.${ns}.svc`, `${svc}.${ns}.svc.${m.clusterDomain}`,
      ...externalHosts(m, pools),
    ],
    duration: `${tls.durationHours}h`,
    renewBefore: `${tls.renewBeforeHours}h`,
    usages: SERVER_AND_CLIENT_USAGES,
    privateKey: PRIVATE_KEY,
    secretTemplate: { labels },
  };
}

/** Host names external clients use: every broker's, and the bootstrap host. */
export function externalHosts(m: Pick<ResolvedCluster, 'listeners'>, pools: readonly ResolvedPool[]): string[] {
  const hosts: string[] = [];
  for (const l of m.listeners) {
    if (l.access === undefined) continue;
    if (l.access.bootstrapHost !== undefined) hosts.push(l.access.bootstrapHost);
    for (const pool of pools.filter(p => hasRole(p, NodeRole.BROKER))) {
      for (const id of pool.statefulSets.flatMap(s => s.nodeIds).sort((a, b) => a - b)) hosts.push(hostForNode(l.access.hostPattern, id));
    }
  }
  return [...new Set(hosts)];
}

/** Secret of a user's certificate. */
export function userCertificateSecret(m: Pick<ResolvedCluster, 'name'>, user: string): string {
  return `${m.name}-user-${user}-tls`;
}

/**
 * A user's certificate (`CN=<user>`): `ca.crt` for trust, `tls.crt` and `tls.key` for
 * mutual TLS, where the principal is the common name.
 */
export function renderUserCertificate(m: ResolvedCluster, user: string, labels: Record<string, string>): CertificateSpec {
  const tls = m.security.tls!;
  return {
    secretName: userCertificateSecret(m, user),
    issuerRef: tls.issuer,
    commonName: user,
    duration: `${tls.durationHours}h`,
    renewBefore: `${tls.renewBeforeHours}h`,
    usages: ['client auth', 'digital signature', 'key encipherment'],
    privateKey: PRIVATE_KEY,
    secretTemplate: { labels },
  };
}

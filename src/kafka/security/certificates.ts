import { k8s } from 'cdk8s-plus-27';
import { NodeTlsFiles, PemKeystoreFiles } from './access-scripts';
import {
  KEYSTORE_DIR, KEYSTORE_FILE, LISTENER_KEYSTORE_FILE, LISTENER_TLS_DIR, LISTENER_TRUSTSTORE_FILE, NODE_TLS_DIR, ResolvedTls, TRUSTSTORE_FILE,
} from './cluster-security';
import { CertificateSpec, SERVER_AND_CLIENT_USAGES } from '../../core/cert-manager';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool } from '../cluster-model';
import { hostForNode } from '../external-access';

// The leaf certificates of a cluster with TLS: the nodes' identity (from the nodes' own
// authority), the certificate the client listeners serve and one per user (both from the
// clients' authority). PKCS#8 keys (Kafka's PEM keystore reads no other) that rotate on
// every renewal.

const PRIVATE_KEY: CertificateSpec['privateKey'] = { algorithm: 'RSA', size: 2048, encoding: 'PKCS8', rotationPolicy: 'Always' };

/** Name of the nodes' Certificate. */
export function nodeCertificateName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka`;
}

/** Name of the client listeners' Certificate. */
export function listenerCertificateName(m: Pick<ResolvedCluster, 'name'>): string {
  return `${m.name}-kafka-listeners`;
}

/** A certificate as a pod mounts it, and the files `setup_keystore` reads and writes. */
export interface CertificateInPod {
  readonly files: PemKeystoreFiles;
  readonly volumes: k8s.Volume[];
  readonly mounts: k8s.VolumeMount[];
}

/** The nodes' certificate in a pod: it also names the tools' client settings. */
export interface NodeCertificateInPod extends CertificateInPod {
  readonly files: NodeTlsFiles;
}

/**
 * The nodes' certificate in a pod (a node, or a Job that acts as the cluster): its
 * Secret mounted read-only, and a memory-backed directory for the PEM keystore written
 * at start; `clientConfigFile` is where the tools' client settings go.
 */
export function nodeCertificateInPod(m: Pick<ResolvedCluster, 'name'>, tls: ResolvedTls, clientConfigFile: string): NodeCertificateInPod {
  return {
    files: {
      certificateDir: NODE_TLS_DIR,
      keystoreFile: KEYSTORE_FILE,
      truststoreFile: TRUSTSTORE_FILE,
      clientConfigFile,
      certificateName: nodeCertificateName(m),
    },
    volumes: [
      { name: 'tls', secret: { secretName: tls.nodeSecret, defaultMode: 0o440 } },
      { name: 'keystore', emptyDir: { medium: 'Memory', sizeLimit: k8s.Quantity.fromString('1Mi') } },
    ],
    mounts: [{ name: 'tls', mountPath: NODE_TLS_DIR, readOnly: true }, { name: 'keystore', mountPath: KEYSTORE_DIR }],
  };
}

/**
 * The client listeners' certificate in a broker: its Secret mounted read-only; the
 * start script writes its keystore next to the nodes' one (the same memory-backed
 * directory, so `nodeCertificateInPod` must be mounted too).
 */
export function listenerCertificateInPod(m: Pick<ResolvedCluster, 'name'>, tls: ResolvedTls): CertificateInPod | undefined {
  if (tls.listenerSecret === undefined) return undefined;
  return {
    files: {
      certificateDir: LISTENER_TLS_DIR,
      keystoreFile: LISTENER_KEYSTORE_FILE,
      truststoreFile: LISTENER_TRUSTSTORE_FILE,
      certificateName: listenerCertificateName(m),
    },
    volumes: [{ name: 'listener-tls', secret: { secretName: tls.listenerSecret, defaultMode: 0o440 } }],
    mounts: [{ name: 'listener-tls', mountPath: LISTENER_TLS_DIR, readOnly: true }],
  };
}

/**
 * The nodes' certificate: their identity on the replication and controller listeners,
 * one for every broker and controller, from the nodes' own authority. It names the pods
 * (through a wildcard on the headless Service), the only addresses those listeners are
 * reached by.
 */
export function renderNodeCertificate(m: ResolvedCluster, labels: Record<string, string>): CertificateSpec {
  const tls = m.security.tls!;
  const ns = m.namespace!;
  return {
    secretName: tls.nodeSecret,
    issuerRef: tls.nodeAuthority.issuer,
    commonName: tls.nodePrincipal,
    dnsNames: [`*.${m.headlessService}.${ns}.svc.${m.clusterDomain}`, `*.${m.headlessService}.${ns}.svc`],
    duration: `${tls.durationHours}h`,
    renewBefore: `${tls.renewBeforeHours}h`,
    usages: SERVER_AND_CLIENT_USAGES,
    privateKey: PRIVATE_KEY,
    secretTemplate: { labels },
  };
}

/**
 * The certificate the brokers serve on their client listeners, from the clients'
 * authority (so a user's `ca.crt` verifies it), naming every address a client uses:
 * pod names through a wildcard, the bootstrap Service in every form, every external host
 * of every broker pool. A server certificate only: it is nobody's identity.
 */
export function renderListenerCertificate(m: ResolvedCluster, pools: readonly ResolvedPool[], labels: Record<string, string>): CertificateSpec {
  const tls = m.security.tls!;
  const ns = m.namespace!;
  const svc = m.bootstrapService;
  return {
    secretName: tls.listenerSecret!,
    issuerRef: tls.clientAuthority.issuer,
    dnsNames: [
      `*.${m.headlessService}.${ns}.svc.${m.clusterDomain}`,
      `*.${m.headlessService}.${ns}.svc`,
      svc, `${svc}.${ns}`, `${svc}.${ns}.svc`, `${svc}.${ns}.svc.${m.clusterDomain}`,
      ...externalHosts(m, pools),
    ],
    duration: `${tls.durationHours}h`,
    renewBefore: `${tls.renewBeforeHours}h`,
    usages: ['server auth', 'digital signature', 'key encipherment'],
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
    issuerRef: tls.clientAuthority.issuer,
    commonName: user,
    duration: `${tls.durationHours}h`,
    renewBefore: `${tls.renewBeforeHours}h`,
    usages: ['client auth', 'digital signature', 'key encipherment'],
    privateKey: PRIVATE_KEY,
    secretTemplate: { labels },
  };
}

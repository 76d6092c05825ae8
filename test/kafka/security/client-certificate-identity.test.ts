import { Chart, Testing } from 'cdk8s';
import { CertificateAuthority, ExternalAccess, KafkaCluster, Listener, ListenerAuthentication } from '../../../src';
import { envPropertyName } from '../../../src/core/image-env';
import { synthExample } from '../../support/examples';
import { mapPrincipal, rfc2253Subject } from '../../support/kafka-principal';
import { find, findAll } from '../../support/objects';
import { expectValidChart } from '../../support/validate';
import { issueClientCertificate, makeAuthority, SubjectAttribute, TestAuthority, trusts } from '../../support/x509';

// Node identity no client can forge. For every listener of every node, read off the
// synthesized objects which CA it trusts (truststore file -> mounted Secret -> the
// Certificate that writes it -> its issuer), whether it asks for a client certificate,
// and its principal rules; then present real certificates, signed by the authority that
// signs clients' certificates (ours, or a company CA), whose subjects imitate a node or
// the admin, and evaluate the handshake (is the certificate from the trusted CA?) and the
// principal Kafka would build (SslPrincipalMapper over the RFC 2253 subject). None may
// come out a super user.

interface ListenerTrust {
  readonly node: string;
  readonly listener: string;
  /** Whether the listener authenticates clients by certificate (SSL with ssl.client.auth=required). */
  readonly certificateAuth: boolean;
  /** `Kind/name` of the issuer whose CA the truststore holds. */
  readonly trustedIssuer: string;
  readonly rules: string;
  readonly superUsers: readonly string[];
}

function nodeProperties(objects: any[], sts: any): Record<string, string> {
  const container = sts.spec.template.spec.containers.find((c: any) => c.name === 'kafka');
  const env: Record<string, string> = { ...find(objects, 'ConfigMap', container.envFrom[0].configMapRef.name).data };
  for (const e of container.env ?? []) if (e.value !== undefined) env[e.name] = e.value;
  const props: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('KAFKA_') && k !== 'KAFKA_HEAP_OPTS') props[envPropertyName('KAFKA_', k)] = v;
  return props;
}

/**
 * `Kind/name` of the issuer a truststore file holds: the start script writes it from a
 * mounted certificate Secret (keystore-setup.sh: the CA that issued that Secret's
 * certificate), so: truststore -> its certificate directory -> the mounted Secret -> the
 * Certificate that writes it -> its issuer.
 */
function issuerOfFile(objects: any[], sts: any, file: string): string {
  const container = sts.spec.template.spec.containers.find((c: any) => c.name === 'kafka');
  const env = (name: string) => container.env.find((e: any) => e.name === name)?.value;
  const dir = file === env('CDK8S_TRUSTSTORE_FILE') ? env('CDK8S_TLS_DIR') : file === env('CDK8S_LISTENER_TRUSTSTORE_FILE') ? env('CDK8S_LISTENER_TLS_DIR') : undefined;
  if (dir === undefined) throw new Error(`nothing writes the truststore ${file}`);
  const mount = container.volumeMounts.find((m: any) => m.mountPath === dir);
  const volume = sts.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
  const certificate = findAll(objects, 'Certificate').find((c: any) => c.spec.secretName === volume.secret.secretName);
  return `${certificate.spec.issuerRef.kind}/${certificate.spec.issuerRef.name}`;
}

function listenerTrust(objects: any[]): ListenerTrust[] {
  const out: ListenerTrust[] = [];
  for (const sts of findAll(objects, 'StatefulSet').filter((s: any) => s.spec.template.metadata.labels['app.kubernetes.io/name'] === 'kafka')) {
    const props = nodeProperties(objects, sts);
    const setting = (l: string, key: string) => props[`listener.name.${l.toLowerCase()}.${key}`] ?? props[key];
    for (const entry of props['listener.security.protocol.map'].split(',')) {
      const [listener, protocol] = entry.split(':');
      if (!protocol.endsWith('SSL')) continue;
      out.push({
        node: sts.metadata.name,
        listener,
        // SASL_SSL names its client by SASL whatever certificate it shows.
        certificateAuth: protocol === 'SSL' && setting(listener, 'ssl.client.auth') === 'required',
        trustedIssuer: issuerOfFile(objects, sts, setting(listener, 'ssl.truststore.location')),
        rules: setting(listener, 'ssl.principal.mapping.rules') ?? 'DEFAULT',
        superUsers: (props['super.users'] ?? '').split(';'),
      });
    }
  }
  return out;
}

/** A CA per issuer the manifests name, made on first use. */
class Pki {
  private readonly authorities = new Map<string, TestAuthority>();
  public of(issuer: string): TestAuthority {
    if (!this.authorities.has(issuer)) this.authorities.set(issuer, makeAuthority(issuer));
    return this.authorities.get(issuer)!;
  }
}

type Outcome = 'handshake refused' | 'no principal' | string;

/** What a listener makes of a client certificate: refused, or the principal Kafka names it. */
function present(pki: Pki, l: ListenerTrust, leaf: string): Outcome {
  if (!trusts(pki.of(l.trustedIssuer).pem, leaf)) return 'handshake refused';
  return mapPrincipal(l.rules, rfc2253Subject(leaf)) ?? 'no principal';
}

const cn = (value: string): SubjectAttribute => ({ type: 'CN', value });
const attr = (type: string, value: string): SubjectAttribute => ({ type, value });

/** Subjects a client could ask the clients' authority for, imitating the nodes or the admin. */
function forgeries(nodePrincipal: string): Array<readonly SubjectAttribute[]> {
  const names = [nodePrincipal, 'admin'];
  return [
    ...names.flatMap(n => [
      [cn(n)],
      [cn(n), attr('O', 'cdk8s-kafka')],
      [attr('O', 'cdk8s-kafka'), cn(n)],
      [attr('C', 'US'), attr('O', 'Acme'), attr('OU', 'kafka'), cn(n)],
      [cn(n), cn('someone-else')],
      [cn('someone-else'), cn(n)],
      [attr('OU', n)],
      [attr('O', n)],
      [attr('UID', n)],
      [attr('DC', n)],
      [cn(`${n},O=cdk8s-kafka`)],
      [cn(`${n}+O=x`)],
      [cn(` ${n}`)],
      [cn(`${n} `)],
      [cn(`User:${n}`)],
      [attr('emailAddress', `${n}@example.com`)],
    ]),
    [cn('CN=admin')],
    [cn('admin\\')],
    [],
  ];
}

function expectNoForgery(objects: any[], clientIssuer: string, nodePrincipal: string): Map<string, Outcome[]> {
  const pki = new Pki();
  const listeners = listenerTrust(objects).filter(l => l.certificateAuth);
  const outcomes = new Map<string, Outcome[]>();
  for (const subject of forgeries(nodePrincipal)) {
    const leaf = issueClientCertificate(pki.of(clientIssuer), subject);
    for (const l of listeners) {
      const outcome = present(pki, l, leaf);
      if (outcome !== 'handshake refused' && outcome !== 'no principal') {
        expect({ node: l.node, listener: l.listener, subject: rfc2253Subject(leaf), superUser: l.superUsers.includes(`User:${outcome}`) })
          .toEqual({ node: l.node, listener: l.listener, subject: rfc2253Subject(leaf), superUser: false });
      }
      const key = `${l.node}/${l.listener}`;
      outcomes.set(key, [...outcomes.get(key) ?? [], outcome]);
    }
  }
  // The nodes' own certificate is what makes a node: it still works on their listeners.
  const nodeCertificate = find(objects, 'Certificate', nodePrincipal).spec;
  const node = issueClientCertificate(pki.of(`${nodeCertificate.issuerRef.kind}/${nodeCertificate.issuerRef.name}`), [cn(nodeCertificate.commonName)]);
  for (const l of listeners.filter(x => x.listener === 'REPLICATION' || x.listener === 'CONTROLLER')) {
    expect([l.node, l.listener, present(pki, l, node)]).toEqual([l.node, l.listener, nodePrincipal]);
    expect(l.superUsers).toContain(`User:${nodePrincipal}`);
  }
  return outcomes;
}

describe('no client certificate maps to a super user', () => {
  test('the secure example: forged node and admin subjects from the clients\' CA are refused on every listener that reads certificates', () => {
    const objects = synthExample('secure');
    const clientIssuer = find(objects, 'Certificate', 'events-user-orders').spec.issuerRef;
    const outcomes = expectNoForgery(objects, `${clientIssuer.kind}/${clientIssuer.name}`, 'events-kafka');
    // The nodes' listeners refuse every one at the handshake: they trust the nodes' CA alone.
    for (const [key, list] of outcomes) {
      if (/\/(REPLICATION|CONTROLLER)$/.test(key)) expect([key, [...new Set(list)]]).toEqual([key, ['handshake refused']]);
    }
    // The mutual-TLS client listener accepts the certificates and names none of them a super user.
    expect([...new Set(outcomes.get('events-brokers/MTLS'))].sort()).toEqual(expect.arrayContaining(['no principal', 'someone-else']));
    expect(outcomes.get('events-brokers/MTLS')).not.toContain('handshake refused');
  });

  test('a company CA as the clients\' authority: anyone it signs for is still no node and no admin', () => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'kafka' });
    new KafkaCluster(chart, 'events', {
      certificateAuthority: CertificateAuthority.clusterIssuer('company-ca'),
      listeners: [
        Listener.internal({ name: 'client', port: 9092 }),
        Listener.internal({ name: 'mtls', port: 9095, authentication: ListenerAuthentication.mutualTls() }),
        Listener.external({
          name: 'partners',
          port: 9096,
          authentication: ListenerAuthentication.mutualTls(),
          access: ExternalAccess.loadBalancer({ hostPattern: 'b{id}.example.com' }),
        }),
      ],
    });
    const objects = expectValidChart(chart, { external: { clusterIssuers: ['company-ca'] } });
    const outcomes = expectNoForgery(objects, 'ClusterIssuer/company-ca', 'events-kafka');
    for (const listener of ['MTLS', 'PARTNERS']) expect(outcomes.get(`events-brokers/${listener}`)).toContain('no principal');
  });

  test('a user\'s own certificate is that user on a mutual-TLS listener, and nobody on the nodes\' listeners', () => {
    const objects = synthExample('secure');
    const pki = new Pki();
    const user = find(objects, 'Certificate', 'events-user-orders').spec;
    const leaf = issueClientCertificate(pki.of(`${user.issuerRef.kind}/${user.issuerRef.name}`), [cn(user.commonName)]);
    const brokers = listenerTrust(objects).filter(l => l.node === 'events-brokers' && l.certificateAuth);
    expect(brokers.map(l => [l.listener, present(pki, l, leaf)])).toEqual([
      ['REPLICATION', 'handshake refused'],
      ['MTLS', 'orders'],
    ]);
  });
});

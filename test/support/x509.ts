import { generateKeyPairSync, sign, X509Certificate } from 'crypto';
import * as forge from 'node-forge';

// Real X.509 certificates for the identity tests: certificate authorities and the leaves
// they sign, with any subject a requester could put in a certificate request. forge
// builds and signs them (node:crypto cannot sign a certificate); node:crypto verifies
// them, as a TLS peer's trust manager would (signature and issuer name).

/** An attribute of a subject, by its short name (CN, O, OU, C, L, ST, STREET, DC, UID) or an OID. */
export interface SubjectAttribute {
  readonly type: string;
  readonly value: string;
}

/** A certificate authority: its key and self-signed certificate. */
export interface TestAuthority {
  readonly name: string;
  readonly key: forge.pki.rsa.PrivateKey;
  readonly certificate: forge.pki.Certificate;
  /** The CA certificate as a truststore (`ca.crt`) holds it. */
  readonly pem: string;
}

const OIDS: Record<string, string> = {
  CN: '2.5.4.3',
  C: '2.5.4.6',
  L: '2.5.4.7',
  ST: '2.5.4.8',
  STREET: '2.5.4.9',
  O: '2.5.4.10',
  OU: '2.5.4.11',
  DC: '0.9.2342.19200300.100.1.25',
  UID: '0.9.2342.19200300.100.1.1',
  emailAddress: '1.2.840.113549.1.9.1',
};

function keyPair(): { privateKey: forge.pki.rsa.PrivateKey; publicKey: forge.pki.rsa.PublicKey } {
  // node:crypto makes the key (forge's pure-JS generation takes seconds).
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const privateKey = forge.pki.privateKeyFromPem(pair.privateKey);
  NATIVE_KEYS.set(privateKey, pair.privateKey);
  return { privateKey, publicKey: forge.pki.publicKeyFromPem(pair.publicKey) as forge.pki.rsa.PublicKey };
}

// The same keys in PEM, for node:crypto to sign with (forge's pure-JS RSA takes tens of
// milliseconds a signature).
const NATIVE_KEYS = new WeakMap<forge.pki.rsa.PrivateKey, string>();

/** Signs `cert` (SHA-256 with RSA) as forge's `cert.sign` would, with node:crypto. */
function signNatively(cert: forge.pki.Certificate, signer: forge.pki.rsa.PrivateKey): void {
  const pem = NATIVE_KEYS.get(signer);
  if (pem === undefined) {
    cert.sign(signer, forge.md.sha256.create());
    return;
  }
  const sha256WithRsa = forge.pki.oids.sha256WithRSAEncryption;
  cert.siginfo.algorithmOid = sha256WithRsa;
  cert.signatureOid = sha256WithRsa;
  // getTBSCertificate is forge's own (cert.sign calls it); its typings leave it out.
  const tbsOf = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate;
  const tbs = Buffer.from(forge.asn1.toDer(tbsOf(cert)).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, pem).toString('binary');
}

// One key for every leaf: what a leaf proves here is who signed it, not whose key it holds.
let leafKey: ReturnType<typeof keyPair> | undefined;
let serial = 1;

function forgeAttributes(subject: readonly SubjectAttribute[]): forge.pki.CertificateField[] {
  return subject.map(a => {
    const type = OIDS[a.type] ?? a.type;
    // IA5String for e-mail addresses, as certificate requests carry them; UTF8String otherwise.
    const valueTagClass = type === OIDS.emailAddress ? forge.asn1.Type.IA5STRING : forge.asn1.Type.UTF8;
    return { type, value: a.value, valueTagClass } as unknown as forge.pki.CertificateField;
  });
}

function build(
  subject: readonly SubjectAttribute[], issuer: forge.pki.Certificate | undefined, signer: forge.pki.rsa.PrivateKey,
  publicKey: forge.pki.rsa.PublicKey, extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  cert.serialNumber = (serial++).toString(16).padStart(2, '0');
  cert.validity.notBefore = new Date(Date.now() - 3600_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  cert.setSubject(forgeAttributes(subject));
  cert.setIssuer(issuer === undefined ? forgeAttributes(subject) : issuer.subject.attributes);
  cert.setExtensions(extensions);
  signNatively(cert, signer);
  return cert;
}

/** A self-signed certificate authority, as cert-manager's CA Issuer (or a company PKI) holds one. */
export function makeAuthority(name: string): TestAuthority {
  const { privateKey, publicKey } = keyPair();
  const certificate = build([{ type: 'CN', value: name }, { type: 'O', value: 'test' }], undefined, privateKey, publicKey, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  return { name, key: privateKey, certificate, pem: forge.pki.certificateToPem(certificate) };
}

/** A leaf certificate `authority` signs for `subject`, usable as a TLS client; PEM. */
export function issueClientCertificate(authority: TestAuthority, subject: readonly SubjectAttribute[]): string {
  leafKey ??= keyPair();
  const cert = build(subject, authority.certificate, authority.key, leafKey.publicKey, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', clientAuth: true, serverAuth: true },
  ]);
  return forge.pki.certificateToPem(cert);
}

/**
 * A server certificate `authority` signs naming `dnsNames` (subjectAltName), as
 * cert-manager writes a listener certificate's `tls.crt`: the leaf, then the issuer; PEM.
 */
export function issueServerCertificate(authority: TestAuthority, dnsNames: readonly string[]): string {
  leafKey ??= keyPair();
  const cert = build([{ type: 'CN', value: dnsNames[0] ?? 'server' }], authority.certificate, authority.key, leafKey.publicKey, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: dnsNames.map(value => ({ type: 2, value })) },
  ]);
  return forge.pki.certificateToPem(cert) + authority.pem;
}

/** Whether a peer that trusts `trusted` (a `ca.crt`) accepts `leaf`: issued by it and signed with its key. */
export function trusts(trusted: string, leaf: string): boolean {
  const ca = new X509Certificate(trusted);
  const cert = new X509Certificate(leaf);
  return cert.checkIssued(ca) && cert.verify(ca.publicKey);
}

/** The private key (PEM) of every leaf this module issues, for a test server that serves one. */
export function leafKeyPem(): string {
  leafKey ??= keyPair();
  return NATIVE_KEYS.get(leafKey.privateKey)!;
}

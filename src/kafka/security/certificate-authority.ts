import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { certificate, issuer, IssuerReference } from '../../core/cert-manager';
import { raise } from '../../core/errors';
import { checkArguments, Expect, madeByFactory } from '../../core/input-shape';
import { claimName, isObjectName } from '../../core/naming';
import { certificateDuration, objectName } from '../../core/prop-shapes';

/** What kind of `CertificateAuthority` this is (internal: the factories choose it). */
export enum CertificateAuthorityKind {
  /** A namespaced self-signed root, bootstrapped with cert-manager. */
  SELF_SIGNED = 'self-signed',
  /** An existing cert-manager Issuer in the namespace. */
  ISSUER = 'Issuer',
  /** An existing cert-manager ClusterIssuer. */
  CLUSTER_ISSUER = 'ClusterIssuer',
}

const SELF_SIGNED_OPTIONS = Expect.struct('SelfSignedAuthorityOptions', {
  validity: certificateDuration(Duration.hours(1), 'Duration.days(3650)'),
});

/** A CertificateAuthority prop (src/core/input-shape.ts). */
export const certificateAuthorityShape = Expect.made('CertificateAuthority', () => CertificateAuthority, "CertificateAuthority.issuer('company-ca')");

/** Options of `CertificateAuthority.selfSigned`. */
export interface SelfSignedAuthorityOptions {
  /**
   * How long the root certificate is valid. cert-manager renews it one year before it
   * ends, keeping its key (rotation policy Never), so certificates it signed stay
   * trusted across the renewal.
   *
   * @default Duration.days(3650) — ten years, as cert-manager's own examples do for a
   * root that only signs short-lived leaves
   */
  readonly validity?: Duration;
}

/**
 * Where the certificates of a cluster and its components come from: cert-manager
 * (`cert-manager.io/v1`), which must be installed in the Kubernetes cluster. Trust is
 * the `ca.crt` cert-manager writes into every certificate Secret: use an issuer that
 * fills it (CA, self-signed, Vault; ACME does not, and cannot sign in-cluster names).
 */
export class CertificateAuthority {
  /**
   * A root of this cluster's own, in its namespace: a self-signed Issuer signs a CA
   * certificate, and a CA Issuer signs every certificate of the cluster and its
   * components. Nothing outside the namespace trusts it, which is the point.
   *
   * @param options the root's validity
   */
  public static selfSigned(options: SelfSignedAuthorityOptions = {}): CertificateAuthority {
    checkArguments('CertificateAuthority.selfSigned', [['options', options, SELF_SIGNED_OPTIONS]]);
    const days = options.validity === undefined ? 3650 : options.validity.toDays({ integral: false });
    if (!(days >= 730)) {
      raise('CertificateAuthority.selfSigned', 'validity', `${days} days`, 'the root is renewed one year before it ends, so it must be valid for at least two years',
        'Use Duration.days(3650)');
    }
    return new CertificateAuthority(CertificateAuthorityKind.SELF_SIGNED, undefined, Math.round(days * 24));
  }

  /**
   * An Issuer that already exists in the cluster's namespace (for instance a CA Issuer
   * backed by the company's intermediate).
   *
   * @param name the Issuer's name
   */
  public static issuer(name: string): CertificateAuthority {
    checkArguments('CertificateAuthority.issuer', [['name', name, objectName]]);
    return new CertificateAuthority(CertificateAuthorityKind.ISSUER, checkIssuerName('CertificateAuthority.issuer', name), undefined);
  }

  /**
   * A ClusterIssuer that already exists.
   *
   * @param name the ClusterIssuer's name
   */
  public static clusterIssuer(name: string): CertificateAuthority {
    checkArguments('CertificateAuthority.clusterIssuer', [['name', name, objectName]]);
    return new CertificateAuthority(CertificateAuthorityKind.CLUSTER_ISSUER, checkIssuerName('CertificateAuthority.clusterIssuer', name), undefined);
  }

  private constructor(
    private readonly kind: CertificateAuthorityKind,
    private readonly issuerName: string | undefined,
    private readonly rootHours: number | undefined,
  ) {
    madeByFactory(this);
  }

  /**
   * The issuer the certificates of `baseName` name: an existing issuer, or the CA
   * Issuer of the self-signed bootstrap (`<baseName>-ca`).
   *
   * @internal
   */
  public _issuerReference(baseName: string): IssuerReference {
    if (this.kind === CertificateAuthorityKind.SELF_SIGNED) return { name: `${baseName}-ca`, kind: 'Issuer', group: 'cert-manager.io' };
    return { name: this.issuerName!, kind: this.kind === CertificateAuthorityKind.ISSUER ? 'Issuer' : 'ClusterIssuer', group: 'cert-manager.io' };
  }

  /**
   * Creates what the authority needs under `scope`: for a self-signed root, its
   * bootstrap (a self-signed Issuer, the CA Certificate, the CA Issuer that
   * `_issuerReference` names); nothing for an existing issuer. `idPrefix` keeps the
   * construct ids of two authorities of one cluster apart.
   *
   * @internal
   */
  public _bind(scope: Construct, idPrefix: string, baseName: string, labels: Record<string, string>): void {
    if (this.kind !== CertificateAuthorityKind.SELF_SIGNED) return;
    const rootIssuer = claimName(scope, 'Issuer', `${baseName}-root`);
    const caSecret = claimName(scope, 'Secret', `${baseName}-ca`);
    // The CA Issuer is the one _issuerReference names.
    const caIssuer = claimName(scope, 'Issuer', this._issuerReference(baseName).name);
    claimName(scope, 'Certificate', `${baseName}-ca`);
    issuer(scope, `${idPrefix}RootIssuer`, { name: rootIssuer, labels }, { selfSigned: {} });
    certificate(scope, `${idPrefix}CaCertificate`, { name: `${baseName}-ca`, labels }, {
      secretName: caSecret,
      issuerRef: { name: rootIssuer, kind: 'Issuer', group: 'cert-manager.io' },
      isCA: true,
      commonName: `${baseName}-ca`.slice(0, 64),
      // An issuer DN without an organization is flagged by cert-manager (BadConfig).
      subject: { organizations: ['cdk8s-kafka'] },
      duration: `${this.rootHours}h`,
      renewBefore: '8760h',
      // Renewal keeps the key: leaves signed before it stay valid against the new ca.crt.
      privateKey: { algorithm: 'RSA', size: 4096, encoding: 'PKCS8', rotationPolicy: 'Never' },
      secretTemplate: { labels },
    });
    issuer(scope, `${idPrefix}CaIssuer`, { name: caIssuer, labels }, { ca: { secretName: caSecret } });
  }
}

function checkIssuerName(scope: string, name: string): string {
  if (!isObjectName(name)) {
    raise(scope, 'name', name, 'it is not a Kubernetes object name', 'Use the issuer\'s metadata.name, e.g. "company-ca"');
  }
  return name;
}

import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

// The subset of cert-manager.io/v1 the library writes, typed so a misspelt field is a
// compile error here (and the test harness validates the objects against the CRD's
// fields strictly). cert-manager is a prerequisite of TLS: the CRDs must be installed.

const API_VERSION = 'cert-manager.io/v1';

/** `spec.issuerRef`: kind and group always written (cert-manager 1.19.0 defaulted them and re-issued on the diff). */
export interface IssuerReference {
  readonly name: string;
  readonly kind: 'Issuer' | 'ClusterIssuer';
  readonly group: 'cert-manager.io';
}

/** `spec` of a Certificate, as far as the library uses it. */
export interface CertificateSpec {
  readonly secretName: string;
  readonly issuerRef: IssuerReference;
  readonly commonName?: string;
  readonly dnsNames?: string[];
  readonly isCA?: boolean;
  readonly duration: string;
  readonly renewBefore: string;
  readonly subject?: { readonly organizations?: string[] };
  readonly usages?: string[];
  readonly privateKey: {
    readonly algorithm: 'RSA' | 'ECDSA';
    readonly size: number;
    readonly encoding: 'PKCS1' | 'PKCS8';
    readonly rotationPolicy: 'Always' | 'Never';
  };
  /** Keystores cert-manager writes beside the PEM files, encrypted with the password in a Secret. */
  readonly keystores?: { readonly pkcs12: { readonly create: boolean; readonly passwordSecretRef: { readonly name: string; readonly key: string } } };
  readonly secretTemplate?: { readonly labels?: Record<string, string> };
}

/** `spec` of an Issuer: self-signed, or a CA from a Secret. */
export interface IssuerSpec {
  readonly selfSigned?: Record<string, never>;
  readonly ca?: { readonly secretName: string };
}

/** Metadata of a cert-manager object. */
export interface CertManagerMetadata {
  readonly name: string;
  readonly labels: Record<string, string>;
}

/** A `cert-manager.io/v1` Certificate. */
export function certificate(scope: Construct, id: string, metadata: CertManagerMetadata, spec: CertificateSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: API_VERSION, kind: 'Certificate', metadata: { ...metadata }, spec });
}

/** A `cert-manager.io/v1` Issuer. */
export function issuer(scope: Construct, id: string, metadata: CertManagerMetadata, spec: IssuerSpec): ApiObject {
  return new ApiObject(scope, id, { apiVersion: API_VERSION, kind: 'Issuer', metadata: { ...metadata }, spec });
}

/** Key usages of a certificate that serves TLS and authenticates as a client (mTLS). */
export const SERVER_AND_CLIENT_USAGES = ['server auth', 'client auth', 'digital signature', 'key encipherment'];

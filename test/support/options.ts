/**
 * Options shared by every check. Lives apart from validate.ts so the checks
 * can import it without a cycle; validate.ts re-exports it.
 */
export interface ValidationOptions {
  /**
   * Objects the synthesized set may reference but does not contain, because
   * the caller creates them (e.g. a TLS Secret from cert-manager or an
   * operator-managed ServiceAccount). Names only; they are looked up in the
   * referencing object's namespace.
   */
  readonly external?: {
    readonly secrets?: string[];
    readonly configMaps?: string[];
    readonly serviceAccounts?: string[];
    readonly persistentVolumeClaims?: string[];
    /** Services named by a StatefulSet `spec.serviceName` that live outside the synth. */
    readonly services?: string[];
    /** cert-manager Issuers a Certificate's `spec.issuerRef` may name (looked up in the Certificate's namespace). */
    readonly issuers?: string[];
    /** cert-manager ClusterIssuers a Certificate's `spec.issuerRef` may name (cluster-wide, e.g. a platform team's CA). */
    readonly clusterIssuers?: string[];
  };
  /** Namespace of objects without `metadata.namespace`, as `kubectl apply` without `-n` would use. */
  readonly defaultNamespace?: string;
  /** Kubernetes schema versions to validate against, e.g. `['1.27.0', '1.32.0']` (the default). */
  readonly kubernetesVersions?: string[];
}

export const DEFAULT_NAMESPACE = 'default';

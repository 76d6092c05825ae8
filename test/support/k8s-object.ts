import { obj, str } from './loose';

/**
 * Identity of a synthesized object: group/version/kind, name and the
 * namespace it will actually land in.
 */
export interface ObjectId {
  readonly apiVersion: string;
  /** API group; `''` for the core group (`apiVersion: v1`). */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  /** Effective namespace (default applied); `undefined` for cluster-scoped kinds. */
  readonly namespace: string | undefined;
  /** Human label used in every message, e.g. `apps/v1 StatefulSet kafka/broker`. */
  readonly label: string;
}

export function parseApiVersion(apiVersion: string): { readonly group: string; readonly version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Built-in cluster-scoped kinds, keyed `group/Kind`. Keyed by group as well as
 * kind because CRDs may reuse a built-in kind name in their own group.
 * Source: `kubectl api-resources --namespaced=false` on 1.27-1.32 clusters,
 * plus cert-manager's ClusterIssuer which this library references.
 */
const CLUSTER_SCOPED = new Set([
  '/Namespace', '/Node', '/PersistentVolume', '/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole', 'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass', 'storage.k8s.io/CSIDriver', 'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment', 'storage.k8s.io/VolumeAttributesClass',
  'apiextensions.k8s.io/CustomResourceDefinition', 'apiregistration.k8s.io/APIService',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'admissionregistration.k8s.io/MutatingAdmissionPolicy',
  'admissionregistration.k8s.io/MutatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass', 'node.k8s.io/RuntimeClass', 'networking.k8s.io/IngressClass',
  'networking.k8s.io/IPAddress', 'networking.k8s.io/ServiceCIDR',
  'certificates.k8s.io/CertificateSigningRequest', 'certificates.k8s.io/ClusterTrustBundle',
  'flowcontrol.apiserver.k8s.io/FlowSchema', 'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration',
  'internal.apiserver.k8s.io/StorageVersion',
  'resource.k8s.io/DeviceClass', 'resource.k8s.io/ResourceSlice',
  'cert-manager.io/ClusterIssuer',
]);

/** Decides whether a group/kind is cluster-scoped, including CRDs defined in the same synth. */
export type ScopeResolver = (group: string, kind: string) => boolean;

export function scopeResolver(objects: readonly unknown[]): ScopeResolver {
  // A CRD shipped in the same synth tells us the scope of its own kind.
  const fromCrds = new Map<string, boolean>();
  for (const o of objects.map(obj)) {
    if (o.kind === 'CustomResourceDefinition') {
      const spec = obj(o.spec);
      const kind = str(obj(spec.names).kind);
      const group = str(spec.group);
      if (kind !== undefined && group !== undefined) {
        fromCrds.set(`${group}/${kind}`, spec.scope === 'Cluster');
      }
    }
  }
  return (group, kind) => fromCrds.get(`${group}/${kind}`) ?? CLUSTER_SCOPED.has(`${group}/${kind}`);
}

export function identify(o: unknown, defaultNamespace: string, isClusterScoped: ScopeResolver): ObjectId {
  const object = obj(o);
  const apiVersion = str(object.apiVersion) ?? '<no apiVersion>';
  const kind = str(object.kind) ?? '<no kind>';
  const metadata = obj(object.metadata);
  const name = str(metadata.name) ?? '<no name>';
  const { group, version } = parseApiVersion(apiVersion);
  const namespace = isClusterScoped(group, kind) ? undefined : str(metadata.namespace) ?? defaultNamespace;
  const label = `${apiVersion} ${kind} ${namespace === undefined ? name : `${namespace}/${name}`}`;
  return { apiVersion, group, version, kind, name, namespace, label };
}

/** An object paired with its identity, the unit every cross-object check works on. */
export interface Located {
  readonly id: ObjectId;
  readonly object: Record<string, unknown>;
}

export function locateAll(objects: readonly unknown[], defaultNamespace: string): Located[] {
  const resolver = scopeResolver(objects);
  return objects.map((o) => ({ id: identify(o, defaultNamespace, resolver), object: obj(o) }));
}

function indexKey(group: string, kind: string, namespace: string | undefined, name: string): string {
  return `${group}/${kind}/${namespace ?? ''}/${name}`;
}

/** Index for reference lookups by group, kind, namespace and name. */
export class ObjectIndex {
  private readonly byKey = new Map<string, Located>();

  constructor(located: readonly Located[]) {
    for (const l of located) {
      // First wins; duplicates are reported by their own check.
      const key = indexKey(l.id.group, l.id.kind, l.id.namespace, l.id.name);
      if (!this.byKey.has(key)) {
        this.byKey.set(key, l);
      }
    }
  }

  public get(group: string, kind: string, namespace: string | undefined, name: string): Located | undefined {
    return this.byKey.get(indexKey(group, kind, namespace, name));
  }
}

import { CERT_MANAGER_GROUP } from '../cert-manager';
import { childPath } from '../json-path';
import { Located } from '../k8s-object';
import { JsonObject, obj, objs, str } from '../loose';
import { containersOf } from '../pod-template';
import { Problem } from '../problem';
import { Check, CheckContext, podTemplates, problem } from './context';

/**
 * Names one object uses to point at another. The API server accepts dangling
 * references; the pod then hangs in ContainerCreating or
 * CreateContainerConfigError, so every reference must resolve to an object in
 * the synth (same namespace) or be declared external by the caller.
 *
 * A Secret also exists when something in the synth writes it at run time: a
 * cert-manager Certificate (`spec.secretName`) or a Job declaring it in
 * `cdk8s-kafka/creates-secrets` (see ../secret-writers.ts). A Certificate's
 * keys are known, so key references into it are checked too.
 */

type ExternalKey = keyof CheckContext['external'];

interface Target {
  readonly group: string;
  readonly kind: string;
  /** Option listing names that live outside the synth; none for kinds that must be in it. */
  readonly external?: ExternalKey;
  /** Where the referenced object keeps its keys, for key references. */
  readonly dataFields: readonly string[];
}

const CONFIG_MAP: Target = { group: '', kind: 'ConfigMap', external: 'configMaps', dataFields: ['data', 'binaryData'] };
const SECRET: Target = { group: '', kind: 'Secret', external: 'secrets', dataFields: ['data', 'stringData'] };
const SERVICE_ACCOUNT: Target = { group: '', kind: 'ServiceAccount', external: 'serviceAccounts', dataFields: [] };
const PVC: Target = { group: '', kind: 'PersistentVolumeClaim', external: 'persistentVolumeClaims', dataFields: [] };
const SERVICE: Target = { group: '', kind: 'Service', external: 'services', dataFields: [] };
const ROLE: Target = { group: 'rbac.authorization.k8s.io', kind: 'Role', dataFields: [] };
const ISSUER: Target = { group: CERT_MANAGER_GROUP, kind: 'Issuer', external: 'issuers', dataFields: [] };
const CLUSTER_ISSUER: Target = { group: CERT_MANAGER_GROUP, kind: 'ClusterIssuer', external: 'clusterIssuers', dataFields: [] };
/** What a CA Issuer reads from its `spec.ca.secretName`. */
const CA_KEYS = ['tls.crt', 'tls.key'];

interface Reference {
  readonly target: Target;
  readonly name: string | undefined;
  readonly path: string;
  /** `optional: true` references may dangle by design. */
  readonly optional: boolean;
  /** Keys the reference needs inside the target (configMapKeyRef.key, items[].key). */
  readonly keys: ReadonlyArray<{ readonly key: string; readonly path: string }>;
}

function ref(target: Target, name: unknown, path: string, source: JsonObject = {}, keys: Reference['keys'] = []): Reference {
  return { target, name: str(name), path, optional: source.optional === true, keys };
}

function itemKeys(source: JsonObject, path: string): Reference['keys'] {
  return objs(source.items).flatMap((item, i) => {
    const key = str(item.key);
    return key === undefined ? [] : [{ key, path: childPath(path, 'items', i, 'key') }];
  });
}

function volumeReferences(spec: JsonObject, specPath: string): Reference[] {
  return objs(spec.volumes).flatMap((volume, i) => {
    const path = childPath(specPath, 'volumes', i);
    const refs: Reference[] = [];
    if (volume.configMap !== undefined) {
      const cm = obj(volume.configMap);
      refs.push(ref(CONFIG_MAP, cm.name, childPath(path, 'configMap', 'name'), cm, itemKeys(cm, childPath(path, 'configMap'))));
    }
    if (volume.secret !== undefined) {
      const secret = obj(volume.secret);
      refs.push(ref(SECRET, secret.secretName, childPath(path, 'secret', 'secretName'), secret, itemKeys(secret, childPath(path, 'secret'))));
    }
    if (volume.persistentVolumeClaim !== undefined) {
      refs.push(ref(PVC, obj(volume.persistentVolumeClaim).claimName, childPath(path, 'persistentVolumeClaim', 'claimName')));
    }
    objs(obj(volume.projected).sources).forEach((source, j) => {
      const sourcePath = childPath(path, 'projected', 'sources', j);
      if (source.configMap !== undefined) {
        const cm = obj(source.configMap);
        refs.push(ref(CONFIG_MAP, cm.name, childPath(sourcePath, 'configMap', 'name'), cm, itemKeys(cm, childPath(sourcePath, 'configMap'))));
      }
      if (source.secret !== undefined) {
        const secret = obj(source.secret);
        refs.push(ref(SECRET, secret.name, childPath(sourcePath, 'secret', 'name'), secret, itemKeys(secret, childPath(sourcePath, 'secret'))));
      }
    });
    return refs;
  });
}

function containerReferences(spec: JsonObject, specPath: string): Reference[] {
  return containersOf(spec).flatMap((c) => {
    const cPath = childPath(specPath, c.list, c.index);
    const refs: Reference[] = [];
    objs(c.container.env).forEach((env, i) => {
      const from = obj(env.valueFrom);
      const path = childPath(cPath, 'env', i, 'valueFrom');
      for (const [field, target] of [['configMapKeyRef', CONFIG_MAP], ['secretKeyRef', SECRET]] as const) {
        if (from[field] !== undefined) {
          const keyRef = obj(from[field]);
          const key = str(keyRef.key);
          refs.push(ref(target, keyRef.name, childPath(path, field, 'name'), keyRef,
            key === undefined ? [] : [{ key, path: childPath(path, field, 'key') }]));
        }
      }
    });
    objs(c.container.envFrom).forEach((envFrom, i) => {
      for (const [field, target] of [['configMapRef', CONFIG_MAP], ['secretRef', SECRET]] as const) {
        if (envFrom[field] !== undefined) {
          const source = obj(envFrom[field]);
          refs.push(ref(target, source.name, childPath(cPath, 'envFrom', i, field, 'name'), source));
        }
      }
    });
    return refs;
  });
}

function podReferences(spec: JsonObject, specPath: string): Reference[] {
  const refs = [...volumeReferences(spec, specPath), ...containerReferences(spec, specPath)];
  objs(spec.imagePullSecrets).forEach((secret, i) => refs.push(ref(SECRET, secret.name, childPath(specPath, 'imagePullSecrets', i, 'name'))));
  // serviceAccount is the deprecated alias; the API server copies one into the other.
  const field = spec.serviceAccountName !== undefined ? 'serviceAccountName' : 'serviceAccount';
  const account = str(spec[field]);
  if (account !== undefined && account !== '' && account !== 'default') {
    refs.push(ref(SERVICE_ACCOUNT, account, childPath(specPath, field)));
  }
  return refs;
}

function keysOf(target: Located, fields: readonly string[]): Set<string> {
  return new Set(fields.flatMap((f) => Object.keys(obj(target.object[f]))));
}

function resolve(context: CheckContext, owner: Located, namespace: string | undefined, reference: Reference): Problem[] {
  if (reference.name === undefined || reference.optional) {
    return [];
  }
  const { target } = reference;
  const found = context.index.get(target.group, target.kind, namespace, reference.name);
  if (found !== undefined) {
    const keys = keysOf(found, target.dataFields);
    return reference.keys
      .filter(({ key }) => !keys.has(key))
      .map(({ key, path }) => problem(owner, path, `key "${key}" is not in ${target.kind} "${reference.name}" (has: ${[...keys].join(', ') || 'none'})`));
  }
  const writer = target === SECRET ? context.secretWriters.runTime(namespace, reference.name) : undefined;
  if (writer !== undefined) {
    const keys = writer.keys;
    return keys === undefined ? [] : reference.keys
      .filter(({ key }) => !keys.has(key))
      .map(({ key, path }) => problem(owner, path,
        `key "${key}" is not in Secret "${reference.name}" as ${writer.description} writes it (has: ${[...keys].join(', ')})`));
  }
  if (target.external !== undefined && context.external[target.external].includes(reference.name)) {
    return [];
  }
  const where = namespace === undefined ? '' : ` (namespace "${namespace}")`;
  const escape = target.external === undefined ? '' : ` and not declared in options.external.${target.external}`;
  return [problem(owner, reference.path, `${target.kind} "${reference.name}" is not in the synth${where}${escape}`)];
}

function objectReferences(owner: Located): Array<{ readonly namespace: string | undefined; readonly reference: Reference }> {
  const spec = obj(owner.object.spec);
  const ns = owner.id.namespace;
  switch (`${owner.id.group}/${owner.id.kind}`) {
    case 'apps/StatefulSet': {
      // The governing Service gives the pods their stable DNS names.
      const serviceName = str(spec.serviceName);
      return serviceName === undefined || serviceName === '' ? [] : [{ namespace: ns, reference: ref(SERVICE, serviceName, 'spec.serviceName') }];
    }
    case 'rbac.authorization.k8s.io/RoleBinding':
    case 'rbac.authorization.k8s.io/ClusterRoleBinding': {
      const refs: Array<{ namespace: string | undefined; reference: Reference }> = [];
      const roleRef = obj(owner.object.roleRef);
      // ClusterRoles are often built in (view, edit, system:*), so only namespaced Roles must be in the synth.
      if (roleRef.kind === 'Role') {
        refs.push({ namespace: ns, reference: ref(ROLE, roleRef.name, 'roleRef.name') });
      }
      objs(owner.object.subjects).forEach((subject, i) => {
        const name = str(subject.name);
        if (subject.kind === 'ServiceAccount' && name !== 'default') {
          // The RBAC authorizer defaults a RoleBinding subject's namespace to the binding's.
          refs.push({ namespace: str(subject.namespace) ?? ns, reference: ref(SERVICE_ACCOUNT, name, childPath('subjects', i, 'name')) });
        }
      });
      return refs;
    }
    case `${CERT_MANAGER_GROUP}/Certificate`:
      return certificateReferences(spec).map((reference) => ({
        // A ClusterIssuer is cluster-scoped; everything else is in the Certificate's namespace.
        namespace: reference.target === CLUSTER_ISSUER ? undefined : ns,
        reference,
      }));
    case `${CERT_MANAGER_GROUP}/Issuer`: {
      // A ClusterIssuer reads its CA Secret from cert-manager's cluster resource namespace, which the synth does not know.
      const ca = obj(spec.ca);
      return spec.ca === undefined ? [] : [{
        namespace: ns,
        reference: ref(SECRET, ca.secretName, 'spec.ca.secretName', {}, CA_KEYS.map((key) => ({ key, path: 'spec.ca.secretName' }))),
      }];
    }
    default:
      return [];
  }
}

function certificateReferences(spec: JsonObject): Reference[] {
  const refs: Reference[] = [];
  const issuerRef = obj(spec.issuerRef);
  const group = str(issuerRef.group) ?? '';
  // Issuers of other groups (external issuers such as AWS PCA) are not modelled; a wrong kind is reported by the schema rules.
  if (group === '' || group === CERT_MANAGER_GROUP) {
    const kind = str(issuerRef.kind) ?? '';
    if (kind === '' || kind === 'Issuer') {
      refs.push(ref(ISSUER, issuerRef.name, 'spec.issuerRef.name'));
    } else if (kind === 'ClusterIssuer') {
      refs.push(ref(CLUSTER_ISSUER, issuerRef.name, 'spec.issuerRef.name'));
    }
  }
  const keystores = obj(spec.keystores);
  for (const format of ['jks', 'pkcs12']) {
    const passwordRef = obj(obj(keystores[format]).passwordSecretRef);
    const path = childPath('spec.keystores', format, 'passwordSecretRef');
    const key = str(passwordRef.key);
    refs.push(ref(SECRET, passwordRef.name, childPath(path, 'name'), {}, key === undefined ? [] : [{ key, path: childPath(path, 'key') }]));
  }
  return refs;
}

export const checkReferences: Check = (context) => [
  ...podTemplates(context).flatMap(({ owner, template }) => podReferences(template.spec, template.specPath)
    .flatMap((reference) => resolve(context, owner, owner.id.namespace, reference))),
  ...context.objects.flatMap((owner) => objectReferences(owner)
    .flatMap(({ namespace, reference }) => resolve(context, owner, namespace, reference))),
];

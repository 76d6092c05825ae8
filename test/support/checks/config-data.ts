import { childPath } from '../json-path';
import { Located } from '../k8s-object';
import { obj, str } from '../loose';
import { configMapKeyErrors } from '../names';
import { Problem } from '../problem';
import { Check, problem } from './context';

/**
 * ConfigMap and Secret payload rules (ValidateConfigMap, ValidateSecret):
 * keys usable as file names, no key in both ConfigMap `data` and
 * `binaryData`, the 1 MiB size limit, and the keys each built-in Secret
 * `type` requires (the server merges `stringData` into `data` first).
 */

// core.MaxSecretSize; ConfigMaps share the limit (validation uses the same 1 MiB bound).
const MAX_PAYLOAD_BYTES = 1024 * 1024;

function payloadProblems(owner: Located, fields: readonly string[]): Problem[] {
  const problems: Problem[] = [];
  let size = 0;
  for (const field of fields) {
    for (const [key, value] of Object.entries(obj(owner.object[field]))) {
      problems.push(...configMapKeyErrors(key).map((e) => problem(owner, childPath(field, key), `invalid key "${key}": ${e}`)));
      size += typeof value === 'string' ? Buffer.byteLength(value) : 0;
    }
  }
  if (owner.id.kind === 'ConfigMap') {
    const binary = obj(owner.object.binaryData);
    for (const key of Object.keys(obj(owner.object.data)).filter((k) => k in binary)) {
      problems.push(problem(owner, childPath('binaryData', key), `key "${key}" is also in data`));
    }
  }
  if (size > MAX_PAYLOAD_BYTES) {
    problems.push(problem(owner, '', `${owner.id.kind} payload is ${size} bytes, more than the ${MAX_PAYLOAD_BYTES}-byte limit`));
  }
  return problems;
}

/** Secret `data` as the server sees it: base64-decoded, with `stringData` merged over it. */
function secretPayload(secret: Located): Map<string, string> {
  const payload = new Map<string, string>();
  for (const [key, value] of Object.entries(obj(secret.object.data))) {
    payload.set(key, typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : '');
  }
  for (const [key, value] of Object.entries(obj(secret.object.stringData))) {
    payload.set(key, typeof value === 'string' ? value : '');
  }
  return payload;
}

function isJson(text: string | undefined): boolean {
  try {
    JSON.parse(text ?? '');
    return true;
  } catch {
    return false;
  }
}

function secretTypeProblems(secret: Located): Problem[] {
  const payload = secretPayload(secret);
  const type = String(secret.object.type ?? 'Opaque');
  const missing = (...keys: string[]): Problem[] => keys
    .filter((key) => !payload.has(key))
    .map((key) => problem(secret, childPath('data', key), `required for a Secret of type ${type}`));
  const json = (key: string): Problem[] => (payload.has(key) && !isJson(payload.get(key))
    ? [problem(secret, childPath('data', key), `must be well-formed JSON for a Secret of type ${type}`)]
    : []);
  switch (type) {
    case 'kubernetes.io/tls':
      return missing('tls.crt', 'tls.key');
    case 'kubernetes.io/dockerconfigjson':
      return [...missing('.dockerconfigjson'), ...json('.dockerconfigjson')];
    case 'kubernetes.io/dockercfg':
      return [...missing('.dockercfg'), ...json('.dockercfg')];
    case 'kubernetes.io/basic-auth':
      return payload.has('username') || payload.has('password') ? [] : [problem(secret, 'data', `needs username or password for a Secret of type ${type}`)];
    case 'kubernetes.io/ssh-auth':
      return payload.get('ssh-privatekey') ? [] : [problem(secret, childPath('data', 'ssh-privatekey'), `required and non-empty for a Secret of type ${type}`)];
    case 'kubernetes.io/service-account-token':
      return str(obj(obj(secret.object.metadata).annotations)['kubernetes.io/service-account.name']) === undefined
        ? [problem(secret, 'metadata.annotations["kubernetes.io/service-account.name"]', `required for a Secret of type ${type}`)]
        : [];
    default:
      return [];
  }
}

export const checkConfigData: Check = (context) => context.objects.flatMap((owner) => {
  if (owner.id.group !== '') {
    return [];
  }
  if (owner.id.kind === 'ConfigMap') {
    return payloadProblems(owner, ['data', 'binaryData']);
  }
  return owner.id.kind === 'Secret' ? [...payloadProblems(owner, ['data', 'stringData']), ...secretTypeProblems(owner)] : [];
});

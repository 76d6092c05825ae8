import { certificateSecretKeys, CERT_MANAGER_GROUP } from './cert-manager';
import { childPath } from './json-path';
import { Located } from './k8s-object';
import { obj, str, strMap } from './loose';
import { dns1123SubdomainErrors } from './names';
import { Issue } from './problem';

/**
 * Who puts a Secret into the cluster. Besides a Secret object in the synth,
 * two writers create Secrets at run time, so references to them are not
 * dangling even though no Secret object is synthesized:
 *
 * - a cert-manager Certificate writes `spec.secretName` in its namespace;
 * - a batch/v1 Job that declares `cdk8s-kafka/creates-secrets: "a,b"` in its
 *   `metadata.annotations` creates those Secrets in its namespace (the library
 *   generates credentials in-cluster this way, never at synth).
 */

export const CREATES_SECRETS_ANNOTATION = 'cdk8s-kafka/creates-secrets';

export interface SecretWriter {
  /** The Secret's name (in the owner's namespace). */
  readonly secret: string;
  readonly owner: Located;
  /** Where the owner names the Secret. */
  readonly path: string;
  /** How the Secret comes to exist, for messages, e.g. `Certificate "kafka-tls"`. */
  readonly description: string;
  /** Keys the Secret will have; `undefined` when the writer does not declare them (a Job). */
  readonly keys: ReadonlySet<string> | undefined;
  /** `true` for a Secret object in the synth, `false` for a run-time writer. */
  readonly isObject: boolean;
}

/** The Secret names of a `cdk8s-kafka/creates-secrets` value, with what is wrong with the value. */
export function parseCreatesSecrets(value: string): { readonly names: string[]; readonly issues: Issue[] } {
  const path = childPath('metadata.annotations', CREATES_SECRETS_ANNOTATION);
  const names: string[] = [];
  const issues: Issue[] = [];
  value.split(',').map((entry) => entry.trim()).forEach((name, i) => {
    if (name === '') {
      issues.push({ path, message: `entry ${i} is empty: the value must be a comma-separated list of Secret names, got "${value}"` });
    } else if (names.includes(name)) {
      issues.push({ path, message: `Secret "${name}" is listed twice` });
    } else {
      issues.push(...dns1123SubdomainErrors(name).map((e) => ({ path, message: `invalid Secret name "${name}": ${e}` })));
      names.push(name);
    }
  });
  return { names, issues };
}

function writersOf(located: Located): SecretWriter[] {
  const { id, object } = located;
  if (id.group === '' && id.kind === 'Secret') {
    return [{ secret: id.name, owner: located, path: '', description: 'the Secret object in the synth', keys: undefined, isObject: true }];
  }
  if (id.group === CERT_MANAGER_GROUP && id.kind === 'Certificate') {
    const spec = obj(object.spec);
    const name = str(spec.secretName);
    return name === undefined || name === '' ? [] : [{
      secret: name,
      owner: located,
      path: 'spec.secretName',
      description: `Certificate "${id.name}"`,
      keys: new Set(certificateSecretKeys(spec)),
      isObject: false,
    }];
  }
  if (id.group === 'batch' && id.kind === 'Job') {
    const value = strMap(obj(object.metadata).annotations)[CREATES_SECRETS_ANNOTATION];
    return value === undefined ? [] : parseCreatesSecrets(value).names.map((name) => ({
      secret: name,
      owner: located,
      path: childPath('metadata.annotations', CREATES_SECRETS_ANNOTATION),
      description: `Job "${id.name}"`,
      keys: undefined,
      isObject: false,
    }));
  }
  return [];
}

/** Every writer of every Secret in the synth, by namespace and name. */
export class SecretWriters {
  private readonly byKey = new Map<string, SecretWriter[]>();

  constructor(located: readonly Located[]) {
    for (const l of located) {
      for (const writer of writersOf(l)) {
        const key = `${l.id.namespace ?? ''}/${writer.secret}`;
        this.byKey.set(key, [...(this.byKey.get(key) ?? []), writer]);
      }
    }
  }

  /** All writers of one Secret, in synth order. */
  public get(namespace: string | undefined, name: string): readonly SecretWriter[] {
    return this.byKey.get(`${namespace ?? ''}/${name}`) ?? [];
  }

  /** The first run-time writer (Certificate or Job) of one Secret, if any. */
  public runTime(namespace: string | undefined, name: string): SecretWriter | undefined {
    return this.get(namespace, name).find((writer) => !writer.isObject);
  }

  /** Every Secret with more than one writer. */
  public contested(): ReadonlyArray<readonly SecretWriter[]> {
    return [...this.byKey.values()].filter((writers) => writers.length > 1);
  }
}

import { ISecret } from 'cdk8s-plus-27';
import { ErrorScope, raise } from './errors';
import { isObjectName } from './naming';

/**
 * The name of a Secret the user points at (`adminSecret`, `caSecret`, a user's or
 * component's `credentialsSecret`): a cdk8s-plus `ISecret`, typically
 * `Secret.fromSecretName(scope, id, name)` for one another tool creates (Vault, External
 * Secrets, Sealed Secrets). Only its name enters the manifests.
 */
export function secretName(scope: ErrorScope, prop: string, secret: ISecret): string;
export function secretName(scope: ErrorScope, prop: string, secret: ISecret | undefined): string | undefined;
export function secretName(scope: ErrorScope, prop: string, secret: ISecret | undefined): string | undefined {
  if (secret === undefined) return undefined;
  const name = typeof secret === 'object' && secret !== null ? (secret as { name?: unknown }).name : undefined;
  if (!isObjectName(name)) {
    raise(scope, prop, typeof name === 'string' ? name : secret, 'it is not a reference to a Secret with a valid name',
      'Reference the Secret with Secret.fromSecretName(scope, id, "<its metadata.name>") from cdk8s-plus');
  }
  return name;
}

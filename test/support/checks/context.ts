import { Located, ObjectIndex } from '../k8s-object';
import { ValidationOptions } from '../options';
import { podTemplateOf, PodTemplate } from '../pod-template';
import { Issue, Problem } from '../problem';
import { SecretWriters } from '../secret-writers';

/** What every cross-object check sees: all objects, an index, and the caller's options. */
export interface CheckContext {
  readonly objects: readonly Located[];
  readonly index: ObjectIndex;
  /** Who writes each Secret: Secret objects, and Certificates and Jobs that create them at run time. */
  readonly secretWriters: SecretWriters;
  readonly external: Required<NonNullable<ValidationOptions['external']>>;
}

export type Check = (context: CheckContext) => Problem[];

export function problem(owner: Located, path: string, message: string): Problem {
  return { object: owner.id.label, path, message };
}

export function problemsFrom(owner: Located, issues: readonly Issue[]): Problem[] {
  return issues.map((issue) => problem(owner, issue.path, issue.message));
}

export interface OwnedPodTemplate {
  readonly owner: Located;
  readonly template: PodTemplate;
}

/** Pod templates of every pod-bearing object, optionally only those in one namespace. */
export function podTemplates(context: CheckContext, namespace?: string): OwnedPodTemplate[] {
  return context.objects.flatMap((owner) => {
    const template = podTemplateOf(owner.object);
    return template !== undefined && (namespace === undefined || owner.id.namespace === namespace) ? [{ owner, template }] : [];
  });
}

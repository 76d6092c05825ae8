import { App, Chart } from 'cdk8s';
import { ISecret, Secret } from 'cdk8s-plus-27';

/** A reference to an existing Secret by name, as users write `Secret.fromSecretName(...)`. */
export function secretRef(name: string): ISecret {
  return Secret.fromSecretName(new Chart(new App(), 'refs'), 'ref', name);
}

import { k8s } from 'cdk8s-plus-27';
import { sortedByKey } from '../core/stable-order';

/**
 * Pods wired to a service in code (`allowClient`): a component registers its pods'
 * labels with the cluster or registry it uses, whose NetworkPolicy then admits each by
 * its own rule. The same labels twice are one client.
 */
export class WiredClients {
  private readonly byKey = new Map<string, Record<string, string>>();

  /** Records client pods by the labels every one of them carries. */
  public add(podLabels: Readonly<Record<string, string>>): void {
    const labels = sortedByKey(podLabels);
    this.byKey.set(JSON.stringify(labels), labels);
  }

  /** The clients so far, in a stable order (by their labels). */
  public list(): ReadonlyArray<Readonly<Record<string, string>>> {
    return [...this.byKey.keys()].sort().map(key => this.byKey.get(key)!);
  }
}

/** One ingress rule per wired client, each admitting its pods to `ports`. */
export function wiredClientRules(
  clients: ReadonlyArray<Readonly<Record<string, string>>>, ports: k8s.NetworkPolicyPort[],
): k8s.NetworkPolicyIngressRule[] {
  return clients.map(labels => ({ from: [{ podSelector: { matchLabels: { ...labels } } }], ports }));
}

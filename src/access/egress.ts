import { k8s } from 'cdk8s-plus-27';

/** Where the egress rules let DNS and Kubernetes API traffic go. */
export interface EgressPorts {
  /** Ports DNS answers on, as the pods' traffic reaches it (after Service translation). */
  readonly dns: readonly number[];
  /** Ports the Kubernetes API server listens on (after Service translation). */
  readonly apiServer: readonly number[];
}

/**
 * DNS to any destination on its ports: cluster DNS runs as pods (CoreDNS), on each node
 * (NodeLocal DNSCache at a link-local address) or outside, depending on the
 * distribution, so no one selector reaches it everywhere. Most CNIs check the port after
 * the Service's translation: 53 for CoreDNS, 5353 on OpenShift.
 */
export function dnsEgressRule(ports: EgressPorts): k8s.NetworkPolicyEgressRule {
  return {
    ports: ports.dns.flatMap(port => [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(port) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) },
    ]),
  };
}

/**
 * The Kubernetes API server, for the Jobs that call it: its address is not known at
 * synth, so its ports are allowed to any destination. CNIs see the endpoint's port
 * after translation: 443 on managed clusters, 6443 on kubeadm, k3s and OpenShift, 8443
 * on minikube.
 */
export function apiServerEgressRule(ports: EgressPorts): k8s.NetworkPolicyEgressRule {
  return { ports: ports.apiServer.map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })) };
}

/** Default API server ports of egress rules: managed clusters, and kubeadm / k3s / OpenShift. */
export const DEFAULT_API_SERVER_PORTS: readonly number[] = [443, 6443];

/** Default DNS ports of egress rules (CoreDNS, kube-dns). */
export const DEFAULT_DNS_PORTS: readonly number[] = [53];

/**
 * The NetworkPolicy of pods that only call the Kubernetes API (the library's
 * API-calling Jobs): they serve nothing, and with egress rules (`ports` given) they reach
 * the API server and DNS only.
 */
export function apiCallerPolicySpec(podLabels: Readonly<Record<string, string>>, ports: EgressPorts | undefined): k8s.NetworkPolicySpec {
  const podSelector = { matchLabels: { ...podLabels } };
  return ports === undefined
    ? { podSelector, policyTypes: ['Ingress'], ingress: [] }
    : { podSelector, policyTypes: ['Ingress', 'Egress'], ingress: [], egress: [apiServerEgressRule(ports), dnsEgressRule(ports)] };
}

/**
 * A rule to a service by its pods when they are known (a cluster or registry of this
 * app), or to its ports on any destination when only its address is (an imported one).
 */
export function serviceEgressRule(ports: readonly number[], podLabels: Readonly<Record<string, string>> | undefined): k8s.NetworkPolicyEgressRule {
  return {
    to: podLabels === undefined ? undefined : [{ podSelector: { matchLabels: { ...podLabels } } }],
    ports: [...new Set(ports)].sort((a, b) => a - b).map(port => ({ protocol: 'TCP', port: k8s.IntOrString.fromNumber(port) })),
  };
}

/** The ports of a `host:port[,host:port]` list, or of a URL. */
export function portsOf(addresses: string): number[] {
  return addresses.split(',').map(a => Number(/:(\d+)(\/.*)?$/.exec(a.trim())?.[1])).filter(p => Number.isInteger(p) && p > 0);
}

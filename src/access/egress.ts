import { k8s } from 'cdk8s-plus-27';

/**
 * DNS to any destination on port 53: cluster DNS runs as pods (CoreDNS), on each node
 * (NodeLocal DNSCache at a link-local address) or outside, depending on the
 * distribution, so no one selector reaches it everywhere.
 */
export function dnsEgressRule(): k8s.NetworkPolicyEgressRule {
  return {
    ports: [
      { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
    ],
  };
}

/**
 * The Kubernetes API server, for the credentials Job: its address is not known at synth
 * (a Service IP that NetworkPolicy implementations translate differently), so the
 * HTTPS ports it listens on are allowed to any destination.
 */
export function apiServerEgressRule(): k8s.NetworkPolicyEgressRule {
  return {
    ports: [
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(443) },
      { protocol: 'TCP', port: k8s.IntOrString.fromNumber(6443) },
    ],
  };
}

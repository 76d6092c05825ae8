import { k8s } from 'cdk8s-plus-27';
import { ErrorScope, raise } from '../core/errors';

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

/** Default DNS ports of egress rules (CoreDNS, kube-dns). */
export const DEFAULT_DNS_PORTS: readonly number[] = [53];

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

/** Egress settings of a component that talks only to what it is wired to (Schema Registry, ksqlDB). */
export interface ComponentEgressSettings {
  /**
   * Also restrict what the pods connect to (egress): the Kafka brokers' client port, the
   * component's other instances, the Schema Registry it is wired to, DNS; nothing else.
   *
   * @default false — the ingress policy already limits who reaches the pods
   */
  readonly egressPolicy?: boolean;

  /**
   * Ports DNS answers on, for the egress rules (as the CNI sees them, after the DNS
   * Service's translation).
   *
   * @default [53] — CoreDNS and kube-dns; OpenShift's DNS pods listen on 5353
   */
  readonly egressDnsPorts?: number[];
}

/**
 * A component's egress rules when it asks for them (`egressPolicy`): DNS on its ports,
 * then `rules`; undefined otherwise. Refused without the NetworkPolicy they live in.
 */
export function componentEgress(
  scope: ErrorScope,
  props: ComponentEgressSettings,
  rules: k8s.NetworkPolicyEgressRule[],
  networkPolicy: boolean,
): k8s.NetworkPolicyEgressRule[] | undefined {
  const on = props.egressPolicy === undefined ? false : props.egressPolicy;
  if (typeof on !== 'boolean') raise(scope, 'egressPolicy', on, 'it is true or false', 'Remove it, or set true');
  const dns = props.egressDnsPorts === undefined ? [...DEFAULT_DNS_PORTS] : props.egressDnsPorts;
  if (!Array.isArray(dns) || dns.length === 0) raise(scope, 'egressDnsPorts', dns, 'it is a non-empty list of ports', 'Write it like [53]');
  dns.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) raise(scope, `egressDnsPorts[${i}]`, port, 'a port is a whole number from 1 to 65535', 'Use 53');
  });
  if (!on) return undefined;
  if (!networkPolicy) {
    raise(scope, 'egressPolicy', true, 'egress rules live in the NetworkPolicy, and networkPolicy is false', 'Remove egressPolicy, or keep networkPolicy');
  }
  return [dnsEgressRule({ dns, apiServer: [] }), ...rules];
}

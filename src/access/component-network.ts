import { k8s } from 'cdk8s-plus-27';
import { checkPeers, ClientPeer, clientPeers, peerRules } from './client-peer';
import { DEFAULT_API_SERVER_PORTS, DEFAULT_DNS_PORTS, dnsEgressRule } from './egress';
import { ErrorScope, raise } from '../core/errors';
import { Expect } from '../core/input-shape';
import { portShape } from '../core/prop-shapes';

/** Network settings every component has: who reaches it, and whether its egress is limited. */
export interface ComponentNetworkSettings {
  /**
   * Render a NetworkPolicy for the component's pods: its REST port admits the other
   * instances, the components wired to it in code (by name) and `peers`; every other
   * port is closed.
   *
   * @default true — the REST APIs of the components change what they store or run
   * (Connect runs connector code), so their reach should be deliberate even with
   * authentication, and without it the policy is the only guard
   */
  readonly networkPolicy?: boolean;

  /**
   * Who may call the component's REST API besides its own instances and the
   * components wired to it, e.g. `[ClientPeer.namespace('apps')]`.
   *
   * @default - nobody else
   */
  readonly peers?: ClientPeer[];

  /**
   * Who may scrape the metrics port (9404) when monitoring is on, e.g.
   * `[ClientPeer.namespace('monitoring')]` for a Prometheus there.
   *
   * @default - the Kafka cluster's `metricsPeers` when the cluster is defined in this app
   * (the same Prometheus scrapes the platform); otherwise nobody
   */
  readonly metricsPeers?: ClientPeer[];

  /**
   * Also restrict what the pods connect to (egress): the Kafka brokers' client port, the
   * component's other instances, the Schema Registry it is wired to, DNS; nothing else
   * (Connect also reaches its `egressPeers`, and HTTPS anywhere when it downloads
   * plugins).
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

  /**
   * Ports the Kubernetes API server listens on, for the egress rules of the component's
   * Jobs that call it (the REST credentials Job and certificate restart CronJob), after
   * the `kubernetes` Service's translation.
   *
   * @default [443, 6443] — managed clusters, and kubeadm / k3s / OpenShift; minikube uses 8443
   */
  readonly egressApiServerPorts?: number[];
}

/** The runtime form of ComponentNetworkSettings (src/core/input-shape.ts). */
export const COMPONENT_NETWORK_FIELDS = {
  networkPolicy: Expect.boolean(),
  peers: clientPeers,
  metricsPeers: clientPeers,
  egressPolicy: Expect.boolean(),
  egressDnsPorts: Expect.list(portShape, { minLength: 1, maxLength: 16, unique: true, example: '[53]' }),
  egressApiServerPorts: Expect.list(portShape, { minLength: 1, maxLength: 16, unique: true, example: '[443, 6443]' }),
};

/** A component's network settings after checks. */
export interface ResolvedComponentNetwork {
  readonly policy: boolean;
  readonly peers: readonly ClientPeer[];
  /** Who may scrape the metrics port. */
  readonly metricsPeers: readonly ClientPeer[];
  /** DNS ports of the egress rules; undefined without egress rules. */
  readonly egressDnsPorts?: readonly number[];
  /** API server ports of the Jobs' egress rules; undefined without egress rules. */
  readonly egressApiServerPorts?: readonly number[];
}

/** Checks a component's network settings: egress rules need the policy they live in. */
export function resolveComponentNetwork(
  scope: ErrorScope, settings: ComponentNetworkSettings, clusterMetricsPeers: readonly ClientPeer[] = [],
): ResolvedComponentNetwork {
  const policy = settings.networkPolicy === undefined ? true : settings.networkPolicy;
  if (typeof policy !== 'boolean') raise(scope, 'networkPolicy', policy, 'it is a switch', 'Use true or false');
  const egress = settings.egressPolicy === undefined ? false : settings.egressPolicy;
  if (typeof egress !== 'boolean') raise(scope, 'egressPolicy', egress, 'it is true or false', 'Remove it, or set true');
  const dns = settings.egressDnsPorts === undefined ? [...DEFAULT_DNS_PORTS] : settings.egressDnsPorts;
  if (!Array.isArray(dns) || dns.length === 0) raise(scope, 'egressDnsPorts', dns, 'it is a non-empty list of ports', 'Write it like [53]');
  dns.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) raise(scope, `egressDnsPorts[${i}]`, port, 'a port is a whole number from 1 to 65535', 'Use 53');
  });
  const api = settings.egressApiServerPorts === undefined ? [...DEFAULT_API_SERVER_PORTS] : settings.egressApiServerPorts;
  if (!Array.isArray(api) || api.length === 0) raise(scope, 'egressApiServerPorts', api, 'it is a non-empty list of ports', 'Write it like [443, 6443]');
  api.forEach((port, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) raise(scope, `egressApiServerPorts[${i}]`, port, 'a port is a whole number from 1 to 65535', 'Use 443');
  });
  if (egress && !policy) {
    raise(scope, 'egressPolicy', true, 'egress rules live in the NetworkPolicy, and networkPolicy is false', 'Remove egressPolicy, or keep networkPolicy');
  }
  return {
    policy,
    peers: checkPeers(scope, 'peers', settings.peers),
    metricsPeers: settings.metricsPeers === undefined ? [...clusterMetricsPeers] : checkPeers(scope, 'metricsPeers', settings.metricsPeers),
    egressDnsPorts: egress ? [...dns] : undefined,
    egressApiServerPorts: egress ? [...api] : undefined,
  };
}

/** What a component's NetworkPolicy admits and reaches, besides its settings. */
export interface ComponentPolicyRules {
  /** The component's pods. */
  readonly selector: Readonly<Record<string, string>>;
  /** The REST port `peers` are admitted to; undefined when nothing may call it. */
  readonly peerPorts?: k8s.NetworkPolicyPort[];
  /** Ingress rules before the peers' (its own instances, wired clients). */
  readonly ingress: k8s.NetworkPolicyIngressRule[];
  /** The metrics port `metricsPeers` are admitted to, when monitoring is on. */
  readonly metricsPort?: number;
  /** Egress rules after DNS (used only with egress rules on). */
  readonly egress: k8s.NetworkPolicyEgressRule[];
  readonly namespace?: string;
}

/** The spec of a component's NetworkPolicy: ingress always, egress when asked for. */
export function renderComponentNetworkPolicy(net: ResolvedComponentNetwork, rules: ComponentPolicyRules): k8s.NetworkPolicySpec {
  const egress = net.egressDnsPorts === undefined ? undefined : [dnsEgressRule({ dns: net.egressDnsPorts, apiServer: [] }), ...rules.egress];
  return {
    podSelector: { matchLabels: { ...rules.selector } },
    policyTypes: egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
    ingress: [
      ...rules.ingress,
      ...(rules.peerPorts === undefined ? [] : peerRules(net.peers, rules.peerPorts, rules.namespace)),
      ...(rules.metricsPort === undefined ? [] : peerRules(net.metricsPeers, [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(rules.metricsPort) }], rules.namespace)),
    ],
    egress,
  };
}

import { k8s } from 'cdk8s-plus-27';
import { Cidr, isStrictSubset, parseCidr } from './cidr';
import { ErrorScope, raise } from '../core/errors';
import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { dnsLabel, selectorLabels } from '../core/prop-shapes';
import { sortedByKey } from '../core/stable-order';

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const NAMESPACE_PEER_OPTIONS = Expect.struct('NamespacePeerOptions', {
  namespaceLabels: Expect.required(selectorLabels),
  podLabels: selectorLabels,
});

const CIDR_TEXT = Expect.text({ expected: 'an IP range in CIDR notation', example: '"10.20.0.0/16"', maxLength: 64 });

/** Kinds of `ClientPeer`. */
export enum ClientPeerKind {
  /** Pods of this app in the same namespace, checked at synth. */
  PODS = 'pods',
  /** Pods in the same namespace that another tool deploys. */
  PODS_ELSEWHERE = 'pods-elsewhere',
  /** Pods in other namespaces. */
  NAMESPACES = 'namespaces',
  /** An IP range. */
  IP_BLOCK = 'ip-block',
  /** Any source. */
  ANYWHERE = 'anywhere',
}

/** Options of `ClientPeer.namespaces`. */
export interface NamespacePeerOptions {
  /**
   * Labels of the namespaces, e.g. `{ 'kubernetes.io/metadata.name': 'monitoring' }`
   * (every namespace carries its name in that label).
   */
  readonly namespaceLabels: { [key: string]: string };
  /**
   * Labels of the pods in those namespaces.
   *
   * @default - every pod of those namespaces
   */
  readonly podLabels?: { [key: string]: string };
}

/**
 * Who may open connections to a port of ours, besides the components wired in code
 * (which are admitted by name). Rendered as a NetworkPolicy peer. Pods of this app are
 * checked at synth: a selector that matches none of them fails, since a typo would
 * otherwise lock the intended clients out without a sound.
 */
export class ClientPeer {
  /**
   * Pods of this cdk8s app, in the same namespace, carrying these labels. Synth fails
   * when no workload of the app matches.
   *
   * @param labels labels the pods carry (at least one)
   */
  public static pods(labels: { [key: string]: string }): ClientPeer {
    checkArguments('ClientPeer.pods', [['labels', labels, selectorLabels]]);
    return new ClientPeer(ClientPeerKind.PODS, { ...labels }, undefined, undefined, undefined);
  }

  /**
   * Pods in the same namespace that another tool deploys (Helm, another app): not
   * checked against this app's workloads.
   *
   * @param labels labels the pods carry (at least one)
   */
  public static podsElsewhere(labels: { [key: string]: string }): ClientPeer {
    checkArguments('ClientPeer.podsElsewhere', [['labels', labels, selectorLabels]]);
    return new ClientPeer(ClientPeerKind.PODS_ELSEWHERE, { ...labels }, undefined, undefined, undefined);
  }

  /**
   * Pods in other namespaces, chosen by namespace labels (and optionally pod labels).
   *
   * @param options the namespaces and pods
   */
  public static namespaces(options: NamespacePeerOptions): ClientPeer {
    const scope = 'ClientPeer.namespaces';
    checkArguments(scope, [['options', options, NAMESPACE_PEER_OPTIONS]]);
    const podLabels = options.podLabels === undefined ? undefined : { ...options.podLabels };
    return new ClientPeer(ClientPeerKind.NAMESPACES, podLabels, { ...options.namespaceLabels }, undefined, undefined);
  }

  /**
   * Every pod (or the pods with `podLabels`) of the namespace called `name`, by the
   * `kubernetes.io/metadata.name` label Kubernetes puts on every namespace.
   *
   * @param name the namespace's name
   * @param podLabels labels of the pods in it (default: every pod)
   */
  public static namespace(name: string, podLabels?: { [key: string]: string }): ClientPeer {
    checkArguments('ClientPeer.namespace', [['name', name, dnsLabel], ['podLabels', podLabels, Expect.optional(selectorLabels)]]);
    return ClientPeer.namespaces({ namespaceLabels: { [NAMESPACE_NAME_LABEL]: name }, podLabels });
  }

  /**
   * Sources in an IP range (CIDR), e.g. clients outside Kubernetes reaching an external
   * listener. Pod IPs are not stable: use pod or namespace peers for pods.
   *
   * @param cidr the range, e.g. `10.20.0.0/16`
   * @param except sub-ranges to leave out
   */
  public static ipBlock(cidr: string, except?: string[]): ClientPeer {
    checkArguments('ClientPeer.ipBlock', [['cidr', cidr, CIDR_TEXT], ['except', except, Expect.optional(Expect.list(CIDR_TEXT, { maxLength: 64 }))]]);
    checkCidr('ClientPeer.ipBlock', 'cidr', cidr);
    const range = parseCidr(cidr) as Cidr;
    (except ?? []).forEach((e, i) => checkCidr('ClientPeer.ipBlock', `except[${i}]`, e, range));
    return new ClientPeer(ClientPeerKind.IP_BLOCK, undefined, undefined, cidr, except === undefined ? undefined : [...except]);
  }

  /**
   * Any source, inside or outside the Kubernetes cluster: what an external listener
   * behind a load balancer needs (client addresses are not known in advance).
   */
  public static anywhere(): ClientPeer {
    return new ClientPeer(ClientPeerKind.ANYWHERE, undefined, undefined, undefined, undefined);
  }

  /**
   * What kind of peer this is.
   *
   * @internal
   */
  public readonly _kind: ClientPeerKind;
  /**
   * Pod labels (pods, pods elsewhere, optional for namespaces).
   *
   * @internal
   */
  public readonly _podLabels: { [key: string]: string } | undefined;
  private readonly namespaceLabels: { [key: string]: string } | undefined;
  private readonly cidr: string | undefined;
  private readonly except: string[] | undefined;

  private constructor(
    kind: ClientPeerKind,
    podLabels: { [key: string]: string } | undefined,
    namespaceLabels: { [key: string]: string } | undefined,
    cidr: string | undefined,
    except: string[] | undefined,
  ) {
    madeByFactory(this);
    this._kind = kind;
    this._podLabels = podLabels;
    this.namespaceLabels = namespaceLabels;
    this.cidr = cidr;
    this.except = except;
  }

  /**
   * The NetworkPolicy peer, or undefined for `anywhere` (a rule without `from`).
   * Pods deployed elsewhere are selected in the policy's namespace by its name when it
   * is known, which says in the manifest that they are not expected among its pods.
   *
   * @param namespace the namespace of the policy, if known
   * @internal
   */
  public _toPeer(namespace?: string): k8s.NetworkPolicyPeer | undefined {
    switch (this._kind) {
      case ClientPeerKind.PODS:
        return { podSelector: { matchLabels: sortedByKey(this._podLabels!) } };
      case ClientPeerKind.PODS_ELSEWHERE:
        return {
          namespaceSelector: namespace === undefined ? undefined : { matchLabels: { [NAMESPACE_NAME_LABEL]: namespace } },
          podSelector: { matchLabels: sortedByKey(this._podLabels!) },
        };
      case ClientPeerKind.NAMESPACES:
        return {
          namespaceSelector: { matchLabels: sortedByKey(this.namespaceLabels!) },
          podSelector: this._podLabels === undefined ? undefined : { matchLabels: sortedByKey(this._podLabels) },
        };
      case ClientPeerKind.IP_BLOCK:
        return { ipBlock: { cidr: this.cidr!, except: this.except } };
      default:
        return undefined;
    }
  }
}

function checkCidr(scope: ErrorScope, prop: string, cidr: string, within?: Cidr): void {
  const parsed = parseCidr(cidr);
  if (typeof parsed === 'string') raise(scope, prop, cidr, `it is not an IP range in CIDR notation: ${parsed}`, 'Write it like "10.20.0.0/16"');
  if (within !== undefined && !isStrictSubset(parsed, within)) {
    raise(scope, prop, cidr, 'an exception must be a smaller range inside cidr (the API server refuses the policy otherwise)', 'List only ranges inside cidr');
  }
}

/**
 * Ingress rules admitting `peers` to `ports`: one rule for the listed peers, or one
 * without `from` when any peer is `anywhere` (which admits every source).
 */
export function peerRules(
  peers: readonly ClientPeer[], ports: k8s.NetworkPolicyPort[], namespace: string | undefined,
): k8s.NetworkPolicyIngressRule[] {
  if (peers.length === 0 || ports.length === 0) return [];
  if (peers.some(p => p._kind === ClientPeerKind.ANYWHERE)) return [{ ports }];
  return [{ from: peers.map(p => p._toPeer(namespace)!), ports }];
}

/** A ClientPeer prop (src/core/input-shape.ts). */
export const clientPeer = Expect.made('ClientPeer', () => ClientPeer, "ClientPeer.namespace('apps')");

/** A list of ClientPeer. */
export const clientPeers = Expect.list(clientPeer, { maxLength: 64 });

/** Checks a list of peers given as a prop. */
export function checkPeers(scope: ErrorScope, prop: string, peers: unknown): ClientPeer[] {
  if (peers === undefined) return [];
  if (!Array.isArray(peers)) raise(scope, prop, peers, 'it must be a list of ClientPeer', 'Write it like [ClientPeer.namespace("apps")]');
  peers.forEach((p, i) => {
    if (!(p instanceof ClientPeer)) {
      raise(scope, `${prop}[${i}]`, p, 'it is not a ClientPeer', 'Create it with ClientPeer.pods(...), ClientPeer.namespace(...) or ClientPeer.anywhere()');
    }
  });
  return [...peers];
}

/**
 * Egress rules letting pods reach `peers` on any port: one rule for the listed peers,
 * or one without `to` when any peer is `anywhere`.
 */
export function peerEgressRules(peers: readonly ClientPeer[], namespace: string | undefined): k8s.NetworkPolicyEgressRule[] {
  if (peers.length === 0) return [];
  if (peers.some(p => p._kind === ClientPeerKind.ANYWHERE)) return [{}];
  return [{ to: peers.map(p => p._toPeer(namespace)!) }];
}

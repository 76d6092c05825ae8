import { checkArguments, Expect, madeByFactory } from '../core/input-shape';
import { isDnsDomain } from '../core/naming';
import { annotationsShape, dnsName, portShape } from '../core/prop-shapes';
import { sortedByKey } from '../core/stable-order';

// The longest node id (int32) is 10 digits: a pattern is checked with it in place.
const HOST_PATTERN = Expect.text({
  expected: 'a DNS name containing "{id}" (each broker advertises its own host)',
  example: '"broker-{id}.kafka.example.com"',
  maxLength: 253,
  test: pattern => pattern.includes('{id}') && isDnsDomain(pattern.replace(/\{id\}/g, '2147483647')),
});

const LOAD_BALANCER_OPTIONS = Expect.struct('LoadBalancerAccessOptions', {
  hostPattern: Expect.required(HOST_PATTERN),
  bootstrapHost: dnsName,
  externalDns: Expect.boolean(),
  annotations: annotationsShape,
});

const NODE_PORT_OPTIONS = Expect.struct('NodePortAccessOptions', {
  hostPattern: Expect.required(HOST_PATTERN),
  basePort: portShape,
  annotations: annotationsShape,
});

/**
 * How clients outside the Kubernetes cluster reach each broker. With no controller to
 * discover load-balancer addresses after the fact, every broker advertises a host name
 * the user decides up front (`hostPattern`), and DNS is pointed at it (by external-dns
 * from the Service annotation, or by hand).
 */
export class ExternalAccess {
  /**
   * One LoadBalancer Service per broker, plus one for bootstrapping.
   *
   * @param options host names the brokers advertise
   */
  public static loadBalancer(options: LoadBalancerAccessOptions): ExternalAccess {
    checkArguments('ExternalAccess.loadBalancer', [['options', options, LOAD_BALANCER_OPTIONS]]);
    return new ExternalAccess(ExternalAccessType.LOAD_BALANCER, options.hostPattern, options.bootstrapHost,
      options.externalDns ?? true, options.annotations ?? {}, undefined);
  }

  /**
   * One NodePort Service per broker: broker `id` is reached at `hostPattern`'s host on
   * node port `basePort + id`, for environments without load balancers (bare metal, a
   * shared TCP proxy in front of the nodes).
   *
   * @param options host names and port range
   */
  public static nodePort(options: NodePortAccessOptions): ExternalAccess {
    checkArguments('ExternalAccess.nodePort', [['options', options, NODE_PORT_OPTIONS]]);
    return new ExternalAccess(ExternalAccessType.NODE_PORT, options.hostPattern, undefined, false,
      options.annotations ?? {}, options.basePort ?? 31000);
  }

  private constructor(
    /**
     * Service type used for each broker.
     *
     * @internal
     */
    public readonly _type: ExternalAccessType,
    /** Advertised host of each broker; `{id}` is replaced by its node id. */
    public readonly hostPattern: string,
    /** Host name of the bootstrap load balancer, if any. */
    public readonly bootstrapHost: string | undefined,
    /** Whether external-dns annotations are written. */
    public readonly externalDns: boolean,
    private readonly annotations: { [key: string]: string },
    /** First node port (node ports only). */
    public readonly basePort: number | undefined,
  ) {
    madeByFactory(this);
  }

  /** @internal */
  public _annotations(): Record<string, string> {
    return { ...this.annotations };
  }
}

/** Service type behind an external listener (internal: the factories choose it). */
export enum ExternalAccessType {
  /** A `LoadBalancer` Service per broker. */
  LOAD_BALANCER = 'LoadBalancer',
  /** A `NodePort` Service per broker. */
  NODE_PORT = 'NodePort',
}

/** Options of `ExternalAccess.loadBalancer`. */
export interface LoadBalancerAccessOptions {
  /**
   * Host name each broker advertises; `{id}` becomes the broker's node id, e.g.
   * `broker-{id}.kafka.example.com`.
   */
  readonly hostPattern: string;
  /**
   * Host name of the bootstrap load balancer, e.g. `bootstrap.kafka.example.com`.
   *
   * @default - no host name: clients bootstrap from the load balancer's address
   */
  readonly bootstrapHost?: string;
  /**
   * Write `external-dns.alpha.kubernetes.io/hostname` on every Service so
   * external-dns creates the records for the advertised names.
   *
   * @default true — without DNS records the advertised names do not resolve
   */
  readonly externalDns?: boolean;
  /**
   * Extra annotations on every external Service (cloud load-balancer settings such as
   * `service.beta.kubernetes.io/aws-load-balancer-type: nlb`).
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** Options of `ExternalAccess.nodePort`. */
export interface NodePortAccessOptions {
  /**
   * Host name each broker advertises; `{id}` becomes the broker's node id. It must
   * resolve to a node (or a proxy forwarding to the node ports).
   */
  readonly hostPattern: string;
  /**
   * Node port of broker 0; broker `id` gets `basePort + id`. All must fall in the
   * cluster's node-port range.
   *
   * @default 31000 — inside Kubernetes' default node-port range 30000-32767
   */
  readonly basePort?: number;
  /**
   * Extra annotations on every external Service.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
}

/** The advertised host of broker `nodeId` under `pattern`. */
export function hostForNode(pattern: string, nodeId: number): string {
  return pattern.replace(/\{id\}/g, String(nodeId));
}

/** Annotations of an external Service: the user's, plus the external-dns host name. */
export function externalAnnotations(user: Record<string, string>, host: string | undefined): Record<string, string> | undefined {
  const all = { ...user, ...(host === undefined ? {} : { 'external-dns.alpha.kubernetes.io/hostname': host }) };
  return Object.keys(all).length > 0 ? sortedByKey(all) : undefined;
}

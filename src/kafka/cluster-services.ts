import { k8s } from 'cdk8s-plus-27';
import { ResolvedCluster, ResolvedPool } from './cluster-model';
import { ExternalAccessType, externalAnnotations, hostForNode } from './external-access';
import { ListenerScope, RESERVED_LISTENERS } from './listener';
import { brokerSelector, clusterLabels, clusterSelector, LABEL, poolLabels } from './pod-labels';

/** A Service of the cluster, with the construct id it is created under. */
export interface ClusterService {
  readonly id: string;
  /** What it is, for messages. */
  readonly purpose: string;
  readonly props: k8s.KubeServiceProps;
}

function servicePort(name: string, port: number, targetPort: number = port): k8s.ServicePort {
  return { name, port, targetPort: k8s.IntOrString.fromNumber(targetPort), protocol: 'TCP' };
}

/**
 * The cluster-wide Services: the headless Service that gives every node its DNS name
 * (published before pods are Ready: voters must find each other to form the quorum,
 * followers to catch up), the bootstrap Service over every broker's internal listeners,
 * and one LoadBalancer per external load-balancer listener for bootstrapping. Per-broker
 * external Services belong to the pools.
 */
export function renderClusterServices(m: ResolvedCluster): ClusterService[] {
  const internalPorts = m.listeners.filter(l => l.scope === ListenerScope.INTERNAL).map(l => servicePort(l.portName, l.port));
  const services: ClusterService[] = [{
    id: 'HeadlessService',
    purpose: 'the nodes\' headless Service',
    props: {
      metadata: { name: m.headlessService, labels: clusterLabels(m, 'kafka') },
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: clusterSelector(m),
        ports: [
          servicePort('controller', RESERVED_LISTENERS.CONTROLLER.port),
          servicePort('replication', RESERVED_LISTENERS.REPLICATION.port),
          ...internalPorts,
        ],
      },
    },
  }];
  if (internalPorts.length > 0) {
    services.push({
      id: 'BootstrapService',
      purpose: 'the bootstrap Service',
      props: {
        metadata: { name: m.bootstrapService, labels: clusterLabels(m, 'broker') },
        spec: { type: 'ClusterIP', selector: brokerSelector(m), ports: internalPorts },
      },
    });
  }
  for (const listener of m.listeners) {
    const access = listener.access;
    if (access?._type !== ExternalAccessType.LOAD_BALANCER) continue;
    services.push({
      id: `${listener.name}-bootstrap`,
      purpose: `the bootstrap Service of listener ${listener.name}`,
      props: {
        metadata: {
          name: externalBootstrapServiceName(m, listener.portName),
          labels: clusterLabels(m, 'broker'),
          annotations: externalAnnotations(access._annotations(), access.externalDns ? access.bootstrapHost : undefined),
        },
        spec: {
          type: 'LoadBalancer',
          selector: brokerSelector(m),
          ports: [servicePort(listener.portName, listener.advertisedPort ?? listener.port, listener.port)],
        },
      },
    });
  }
  return services;
}

/** Name of the bootstrap LoadBalancer Service of an external listener. */
export function externalBootstrapServiceName(m: Pick<ResolvedCluster, 'name'>, portName: string): string {
  return `${m.name}-${portName}-bootstrap`;
}

/**
 * One Service per broker of a pool and external listener, selecting its pod by name: a
 * LoadBalancer or a NodePort (`basePort + node id`), with the external-dns host name.
 * Load balancers send traffic only to the node that runs the broker (no second hop, and
 * clients' addresses reach it); a broker still catching up (not Ready) may lead
 * partitions, so it is published all the same.
 */
export function renderBrokerServices(m: ResolvedCluster, pool: ResolvedPool): ClusterService[] {
  const services: ClusterService[] = [];
  for (const listener of m.listeners) {
    const access = listener.access;
    if (access === undefined) continue;
    for (const sts of pool.statefulSets) {
      sts.nodeIds.forEach((nodeId, ordinal) => {
        const host = hostForNode(access.hostPattern, nodeId);
        const nodePort = access._type === ExternalAccessType.NODE_PORT ? access.basePort! + nodeId : undefined;
        services.push({
          id: `${listener.name}-${nodeId}`,
          purpose: `the Service of broker ${nodeId} on listener ${listener.name}`,
          props: {
            metadata: {
              name: `${m.name}-${listener.portName}-${nodeId}`,
              labels: poolLabels(m, pool),
              annotations: externalAnnotations(access._annotations(), access.externalDns ? host : undefined),
            },
            spec: {
              type: access._type,
              externalTrafficPolicy: access._type === ExternalAccessType.LOAD_BALANCER ? 'Local' : undefined,
              publishNotReadyAddresses: true,
              selector: { [LABEL.POD_NAME]: `${sts.name}-${ordinal}` },
              ports: [{
                name: listener.portName,
                port: nodePort ?? listener.advertisedPort ?? listener.port,
                targetPort: k8s.IntOrString.fromNumber(listener.port),
                nodePort,
                protocol: 'TCP',
              }],
            },
          },
        });
      });
    }
  }
  return services;
}

import { UNCLEAN_WARNING, uncleanElection } from './config-overrides';
import { lookSeconds, minimumGraceSeconds } from './pre-stop-timing';
import { StorageKind } from './storage';
import { ErrorScope, raise } from '../../core/errors';
import { hasRole, NodeRole, ResolvedCluster, ResolvedPool, roleFlags } from '../cluster-model';
import { ExternalAccessType } from '../external-access';

// Rules a resolved pool must meet among the cluster's other pools: rules that need more
// than the pool's own options, checked when the pool joins the cluster.

// Kubernetes' default --service-node-port-range.
const NODE_PORT_RANGE = { min: 30000, max: 32767 };

/**
 * Checks a pool against the cluster and the pools it already has: its node ids are its
 * own, its brokers' node ports fall in Kubernetes' range, and its grace period holds its
 * nodes' pre-stop gate.
 */
export function checkPoolInCluster(scope: ErrorScope, cluster: ResolvedCluster, pool: ResolvedPool, others: readonly ResolvedPool[]): void {
  const ids = pool.statefulSets.flatMap(s => s.nodeIds);
  for (const other of others) {
    const otherIds = other.statefulSets.flatMap(s => s.nodeIds);
    const overlap = ids.filter(id => otherIds.includes(id)).sort((a, b) => a - b);
    if (overlap.length > 0) {
      raise(scope, 'nodeIdBase', pool.nodeIdBase,
        `node ids ${overlap[0]}..${overlap[overlap.length - 1]} are already used by pool ${other.name}`,
        `Give this pool a range clear of the others, e.g. nodeIdBase: ${freeNodeIdBase(others, pool.replicas)}`);
    }
  }
  if (hasRole(pool, NodeRole.BROKER)) checkNodePorts(scope, cluster, pool, others);
  checkGraceForPreStop(scope, pool);
}

/** The first multiple of 1000 from which `replicas` ids are free of every pool's. */
function freeNodeIdBase(pools: readonly ResolvedPool[], replicas: number): number {
  const used = new Set(pools.flatMap(p => p.statefulSets.flatMap(s => s.nodeIds)));
  let base = 1000;
  while (Array.from({ length: Math.max(1, replicas) }, (_, i) => base + i).some(id => used.has(id))) base += 1000;
  return base;
}

function checkNodePorts(scope: ErrorScope, cluster: ResolvedCluster, pool: ResolvedPool, others: readonly ResolvedPool[]): void {
  const listeners = cluster.listeners.map((listener, i) => ({ listener, i, base: listener.access?.basePort }))
    .filter(({ listener }) => listener.access?._type === ExternalAccessType.NODE_PORT);
  const ids = pool.statefulSets.flatMap(s => s.nodeIds);
  // Every broker of every pool gets basePort + node id on each node-port listener: two
  // listeners whose ranges overlap would ask for one port twice.
  const taken = new Map<number, string>();
  const brokerIds = others.filter(p => hasRole(p, NodeRole.BROKER)).flatMap(p => p.statefulSets.flatMap(st => st.nodeIds));
  for (const { listener, base } of listeners) {
    for (const id of brokerIds) taken.set(base! + id, `listener ${listener.name} (broker ${id})`);
  }
  for (const { listener, i, base } of listeners) {
    for (const id of ids) {
      const owner = taken.get(base! + id);
      if (owner !== undefined) {
        raise(scope, `listeners[${i}].access.basePort`, base,
          `broker ${id} of pool ${pool.name} would get node port ${base! + id} on listener ${listener.name}, which ${owner} already has`,
          'Space the node-port listeners\' basePorts further apart than the node ids span');
      }
      taken.set(base! + id, `listener ${listener.name} (broker ${id})`);
    }
  }
  for (const { i, base } of listeners) {
    const outside = ids.filter(id => base! + id < NODE_PORT_RANGE.min || base! + id > NODE_PORT_RANGE.max);
    if (outside.length > 0) {
      raise(scope, `listeners[${i}].access.basePort`, base,
        `broker ${outside[0]} of pool ${pool.name} would get node port ${base! + outside[0]}, outside Kubernetes' node-port range ${NODE_PORT_RANGE.min}-${NODE_PORT_RANGE.max}`,
        'Lower basePort or the pool\'s nodeIdBase so basePort + node id stays in the range');
    }
  }
}

/**
 * The grace period must hold the gate's worst case (its max wait, then one look whose
 * tools all hang until killed) and the shutdown reserve, with a max wait of at least one
 * look: shorter, the gate could not even finish one hung look and start another.
 */
function checkGraceForPreStop(scope: ErrorScope, pool: ResolvedPool): void {
  const roles = roleFlags(pool);
  const needed = minimumGraceSeconds(roles);
  if (pool.terminationGraceSeconds < needed) {
    const look = lookSeconds(roles);
    raise(scope, 'terminationGracePeriod', `${pool.terminationGraceSeconds}s`,
      `the pre-stop gate of this pool needs ${needed - pool.terminationGraceSeconds}s more: a wait of one look (${look}s) and a last look that may run past it (${look}s), on top of the ${roles.broker ? 'broker' : 'controller'} shutdown reserve`,
      `Use at least Duration.seconds(${needed})`);
  }
}

/** Legal but risky choices of a pool, for the user to see at synth. */
export function poolWarnings(pool: ResolvedPool): string[] {
  const warnings: string[] = [];
  if (pool.storage.kind === StorageKind.EPHEMERAL) {
    warnings.push('ephemeral storage loses this pool\'s data whenever a pod is deleted or rescheduled, and all of it on a cluster-wide restart. Use Storage.persistent() outside dev.');
  }
  if (uncleanElection(pool.properties)) warnings.push(UNCLEAN_WARNING);
  const perZone = pool.statefulSets.filter(s => s.zone !== undefined);
  const counts = perZone.map(s => s.replicas);
  if (perZone.length > 1 && Math.min(...counts) !== Math.max(...counts)) {
    warnings.push(`${pool.replicas} brokers over ${perZone.length} zones are uneven (${perZone.map(s => `${s.zone}: ${s.replicas}`).join(', ')}): rack-aware placement puts each partition's replicas in different zones, so the brokers of the smaller zones carry more data and load than the others. Use a multiple of ${perZone.length} brokers.`);
  }
  return warnings;
}

// The time budget of the pre-stop gate (node-pre-stop.sh, node-scripts.ts
// renderPreStopScript): how long a node may wait before it stops, and the grace period
// that leaves room for it. Pool resolution sizes the wait from the grace period and
// checks the grace period holds it; the scripts and StatefulSets read it.
//
// The gate is bounded by mechanisms, not estimates: a watchdog kills every tool run at
// the tool timeout, no look starts after the max wait and no sleep runs past it. So the
// longest the gate can hold a pod is
//   max wait + tools per look x tool timeout
// (one look that started just before the deadline, every tool of it hung), and the grace
// period is sized so that the shutdown reserve is left after that worst case.
//
// What the gate does and does not guarantee is in node-pre-stop.sh: it keeps a node from
// stopping while its cluster is short a replica or a voter, but it is a check, not a
// lock; evictions (the roll Job, `kubectl drain`) are serialized by the
// PodDisruptionBudgets, not by this gate.

/** Longest one tool run may take: the gate's watchdog kills a tool still running then. */
export const TOOL_TIMEOUT_SECONDS = 20;

/** Longest a controller may go without fetching from the leader and still count as live. */
export const VOTER_FRESHNESS_MS = 3000;

/**
 * Time kept for Kafka's own shutdown after the pre-stop gate: a broker's controlled
 * shutdown moves its partition leaderships away first (seconds normally, longer with
 * many partitions); a controller just leaves the quorum. A combined node shuts down as
 * a broker.
 */
const SHUTDOWN_RESERVE_SECONDS = { broker: 120, controller: 30 };

/** What a node's gate checks: one tool per role at each look. */
export interface GateRoles {
  readonly broker: boolean;
  readonly controller: boolean;
}

/** Seconds kept for Kafka's own shutdown after the gate. */
export function shutdownReserveSeconds(roles: GateRoles): number {
  return roles.broker ? SHUTDOWN_RESERVE_SECONDS.broker : SHUTDOWN_RESERVE_SECONDS.controller;
}

/** Longest one look can take: its tools run one after the other, each up to the tool timeout. */
export function lookSeconds(roles: GateRoles, toolTimeoutSeconds: number = TOOL_TIMEOUT_SECONDS): number {
  return (Number(roles.broker) + Number(roles.controller)) * toolTimeoutSeconds;
}

/** Longest the gate can hold a pod: the max wait, then a last look that started just before it. */
export function gateWorstCaseSeconds(maxWaitSeconds: number, roles: GateRoles, toolTimeoutSeconds: number = TOOL_TIMEOUT_SECONDS): number {
  return maxWaitSeconds + lookSeconds(roles, toolTimeoutSeconds);
}

/**
 * The max wait of the gate (seconds during which it may start looks): the grace period
 * less the shutdown reserve and one look, so the worst case ends with the reserve left.
 */
export function preStopBudget(graceSeconds: number, roles: GateRoles): number {
  return Math.max(0, graceSeconds - shutdownReserveSeconds(roles) - lookSeconds(roles));
}

/**
 * The smallest grace period whose max wait holds one whole look: a first look that hangs
 * until its tools are killed still ends before the deadline, so a second one starts.
 */
export function minimumGraceSeconds(roles: GateRoles): number {
  return shutdownReserveSeconds(roles) + 2 * lookSeconds(roles);
}

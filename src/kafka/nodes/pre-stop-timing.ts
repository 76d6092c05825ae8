// The time budget of the pre-stop gate (node-scripts.ts renderPreStopScript): how long
// a node may wait before it stops, and the grace period that leaves room for it. Pool
// resolution checks grace periods against it; the scripts and StatefulSets read it.

/** Request timeouts of the admin tools, so one check cannot outlast the grace period. */
export const TOOL_TIMEOUT_SECONDS = 20;

/** Longest a controller may go without fetching from the leader and still count as live. */
export const VOTER_FRESHNESS_MS = 3000;

/**
 * Seconds between the pre-stop confirm looks of successive StatefulSets: long enough
 * for the first node's shutdown to show (its ISRs shrink within a few seconds of
 * SIGTERM; a stopped voter's fetches go stale after 3 s) before the next one looks again.
 */
export const CONFIRM_DELAY_STEP_SECONDS = 15;

/** The pre-stop confirm delay of the StatefulSet of rank `rank`. */
export function confirmDelaySeconds(rank: number): number {
  return CONFIRM_DELAY_STEP_SECONDS * (rank + 1);
}

/**
 * Time kept for Kafka's own shutdown after the pre-stop gate: a broker's controlled
 * shutdown moves its partition leaderships away first (seconds normally, longer with
 * many partitions); a controller just leaves the quorum.
 */
const SHUTDOWN_RESERVE_SECONDS = { broker: 120, controller: 30 };

/**
 * Seconds the pre-stop gate may keep starting checks: the grace period less the
 * shutdown reserve and the time one last check may take.
 */
export function preStopBudget(graceSeconds: number, broker: boolean): number {
  return Math.max(0, graceSeconds - SHUTDOWN_RESERVE_SECONDS[broker ? 'broker' : 'controller'] - TOOL_TIMEOUT_SECONDS);
}

/** The smallest grace period whose pre-stop budget holds one confirm delay and one check. */
export function minimumGraceSeconds(confirmDelay: number, broker: boolean): number {
  return SHUTDOWN_RESERVE_SECONDS[broker ? 'broker' : 'controller'] + 2 * TOOL_TIMEOUT_SECONDS + confirmDelay;
}

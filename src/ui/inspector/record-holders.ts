/**
 * Which replicas hold a record: those whose log reaches past its offset, each as its own broker
 * reports it. A record at or above the high watermark is on the leader (and maybe some followers)
 * but not yet on every ISR member: acknowledged with acks=1, perhaps, but not yet visible.
 */
export interface ReplicaLog {
  brokerId: number;
  /** Undefined when the broker is not running or has not reported. */
  logEndOffset: number | undefined;
}

export function recordHolders(
  offset: number,
  replicas: readonly ReplicaLog[],
): { holding: number[]; missing: number[]; unknown: number[] } {
  const holding: number[] = [];
  const missing: number[] = [];
  const unknown: number[] = [];
  for (const { brokerId, logEndOffset } of replicas) {
    if (logEndOffset === undefined || logEndOffset < 0) unknown.push(brokerId);
    else if (logEndOffset > offset) holding.push(brokerId);
    else missing.push(brokerId);
  }
  return { holding, missing, unknown };
}

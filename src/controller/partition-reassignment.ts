/**
 * The replica arithmetic of a partition reassignment (KIP-455), after Kafka's
 * PartitionReassignmentReplicas and PartitionReassignmentRevert: while a reassignment runs, the
 * partition's replicas are the target followed by the replicas being removed, so that the new
 * replicas can catch up and join the ISR before the old ones are dropped.
 */
import type { PartitionRegistration } from '../protocol/metadata-image';

export interface ReassignmentReplicas {
  removing: number[];
  adding: number[];
  /** The target replicas, then the ones being removed. */
  replicas: number[];
}

/** The same ids in the same order (Kafka compares replica lists with List.equals). */
export const sameReplicas = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((id, i) => id === b[i]);

/** Ascending, as Kafka's TreeSet difference gives them. */
const difference = (a: readonly number[], b: readonly number[]) => [...new Set(a)].filter((id) => !b.includes(id)).sort((x, y) => x - y);

/** PartitionReassignmentReplicas(currentAssignment, targetAssignment). */
export function reassignmentReplicas(current: readonly number[], target: readonly number[]): ReassignmentReplicas {
  const removing = difference(current, target);
  return { removing, adding: difference(target, current), replicas: [...target, ...removing] };
}

/**
 * PartitionReassignmentReplicas.maybeCompleteReassignment: once the ISR (without the replicas being
 * removed) holds every target replica, the partition moves to the target in one change. Undefined
 * while some target replica is still catching up.
 */
export function maybeCompleteReassignment(
  reassignment: ReassignmentReplicas,
  targetIsr: readonly number[],
): { replicas: number[]; isr: number[] } | undefined {
  const { removing, adding, replicas } = reassignment;
  if (removing.length === 0 && adding.length === 0) return undefined;
  const isr = targetIsr.filter((id) => !removing.includes(id));
  const newReplicas = replicas.filter((id) => !removing.includes(id));
  if (isr.length === 0 || newReplicas.length === 0) return undefined;
  if (!newReplicas.every((id) => isr.includes(id))) return undefined;
  return { replicas: newReplicas, isr };
}

export interface ReassignmentRevert {
  replicas: number[];
  isr: number[];
  /** Every ISR member was being added: going back needs an unclean election. */
  unclean: boolean;
}

/**
 * PartitionReassignmentRevert: cancelling takes out the replicas the reassignment was adding and
 * keeps the ones it was removing. When only added replicas are in the ISR, the first original
 * replica becomes the ISR, which the caller may accept only if unclean election is allowed.
 */
export function reassignmentRevert(partition: PartitionRegistration): ReassignmentRevert {
  const replicas = partition.replicas.filter((id) => !partition.addingReplicas.includes(id));
  const isr = partition.isr.filter((id) => !partition.addingReplicas.includes(id));
  if (isr.length > 0) return { replicas, isr, unclean: false };
  return { replicas, isr: [replicas[0]], unclean: true };
}

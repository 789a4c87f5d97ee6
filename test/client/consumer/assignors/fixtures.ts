import type { MemberSubscription } from '../../../../src/client/consumer/assignors/assignor';
import type { TopicPartition } from '../../../../src/protocol/topic-partition';

/** 't-0' style names for compact expectations. */
export function tp(name: string): TopicPartition {
  const dash = name.lastIndexOf('-');
  return { topic: name.slice(0, dash), partition: Number(name.slice(dash + 1)) };
}

export function names(partitions: readonly TopicPartition[]): string[] {
  return partitions.map((p) => `${p.topic}-${p.partition}`);
}

export function member(
  memberId: string,
  topics: string[],
  options: { owned?: string[]; generationId?: number; groupInstanceId?: string; userData?: Uint8Array } = {},
): MemberSubscription {
  return {
    memberId,
    groupInstanceId: options.groupInstanceId ?? null,
    subscription: {
      topics,
      userData: options.userData ?? null,
      ownedPartitions: (options.owned ?? []).map(tp),
      generationId: options.generationId ?? -1,
      rackId: null,
    },
  };
}

/** The result as { memberId: ['t-0', ...] }. */
export function byName(result: ReadonlyMap<string, readonly TopicPartition[]>): Record<string, string[]> {
  return Object.fromEntries([...result].map(([id, partitions]) => [id, names(partitions)]));
}

export function topics(entries: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(entries));
}

import type { AssignmentMemberSpec, SubscribedTopicMetadata, TopicIdPartitions } from '../../../src/group/assignors/server-assignor';

// Fixed topic ids, so Kafka's HashSet and Uuid order of topics is the same in every run.
export const T0 = 'o1j2WkzHQ4Kz3rW8p1b6Xw';
export const T1 = 'Yd0b7-sbSPW8HkYl3nN2aQ';
export const T2 = 'kQ9hZ0s2Rj6b2m8Pz3Wc1g';
const NAMES: Record<string, string> = { [T0]: 't0', [T1]: 't1', [T2]: 't2' };

export function topicsOf(counts: Record<string, number>): Map<string, SubscribedTopicMetadata> {
  return new Map(
    Object.entries(counts).map(([topicId, numPartitions]) => [topicId, { topicId, topicName: NAMES[topicId] ?? topicId, numPartitions }]),
  );
}

export function spec(
  memberId: string,
  subscribedTopicIds: string[],
  assigned: Record<string, number[]> = {},
  instanceId: string | null = null,
): AssignmentMemberSpec {
  return { memberId, instanceId, rackId: null, subscribedTopicIds, assignedPartitions: new Map(Object.entries(assigned)) };
}

/** { member: { t0: [...] } } with topic names, for readable expectations. */
export function readable(result: ReadonlyMap<string, TopicIdPartitions>): Record<string, Record<string, number[]>> {
  return Object.fromEntries([...result].map(([m, a]) => [m, Object.fromEntries([...a].map(([t, p]) => [NAMES[t] ?? t, p]))]));
}

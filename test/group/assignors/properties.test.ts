import { describe, expect, it } from 'vitest';
import { SERVER_ASSIGNORS } from '../../../src/group/assignors';
import type { AssignmentMemberSpec, SubscribedTopicMetadata, TopicIdPartitions } from '../../../src/group/assignors/server-assignor';
import { type Random, SeededRandom } from '../../../src/core/random';
import { randomUuid } from '../../../src/core/uuid';

const SEED = Number(process.env.ASSIGNOR_SEED ?? 20240607);

interface Group {
  topics: Map<string, SubscribedTopicMetadata>;
  subscriptions: Map<string, string[]>;
}

function randomGroup(random: Random, equal: boolean): Group {
  const topics = new Map<string, SubscribedTopicMetadata>();
  const topicCount = 1 + random.nextInt(4);
  for (let t = 0; t < topicCount; t++) {
    const topicId = randomUuid(random);
    topics.set(topicId, { topicId, topicName: `topic-${t}`, numPartitions: 1 + random.nextInt(10) });
  }
  const ids = [...topics.keys()];
  const subscriptions = new Map<string, string[]>();
  const memberCount = 1 + random.nextInt(7);
  for (let m = 0; m < memberCount; m++) {
    const subscribed = equal ? ids : ids.filter(() => random.next() < 0.6);
    subscriptions.set(randomUuid(random), subscribed.length > 0 ? subscribed : [ids[0]]);
  }
  return { topics, subscriptions };
}

function members(group: Group, current: ReadonlyMap<string, TopicIdPartitions>): AssignmentMemberSpec[] {
  return [...group.subscriptions].map(([memberId, subscribedTopicIds]) => ({
    memberId,
    instanceId: null,
    rackId: null,
    subscribedTopicIds,
    assignedPartitions: current.get(memberId) ?? new Map(),
  }));
}

function expectValid(group: Group, result: ReadonlyMap<string, TopicIdPartitions>): void {
  const owners = new Map<string, string>();
  for (const [memberId, assignment] of result) {
    for (const [topicId, partitions] of assignment) {
      expect(group.subscriptions.get(memberId)).toContain(topicId);
      for (const p of partitions) {
        expect(owners.has(`${topicId}:${p}`), `${topicId}:${p} assigned twice`).toBe(false);
        owners.set(`${topicId}:${p}`, memberId);
      }
    }
  }
  const subscribed = new Set([...group.subscriptions.values()].flat());
  for (const topicId of subscribed) {
    for (let p = 0; p < group.topics.get(topicId)!.numPartitions; p++)
      expect(owners.has(`${topicId}:${p}`), `${topicId}:${p} unassigned`).toBe(true);
  }
}

const size = (a: TopicIdPartitions | undefined) => [...(a ?? new Map()).values()].reduce((n, l) => n + l.length, 0);

/** A few epochs of membership churn, each starting from the previous target assignment. */
function* epochs(random: Random, equal: boolean) {
  const group = randomGroup(random, equal);
  let current = new Map<string, TopicIdPartitions>();
  const allTopics = [...group.topics.keys()];
  for (let epoch = 0; epoch < 6; epoch++) {
    if (random.next() < 0.4 && group.subscriptions.size > 1)
      group.subscriptions.delete([...group.subscriptions.keys()][random.nextInt(group.subscriptions.size)]);
    if (random.next() < 0.5)
      group.subscriptions.set(randomUuid(random), equal ? allTopics : allTopics.filter((_, i) => i % 2 === epoch % 2));
    const previous = current;
    yield {
      group,
      previous,
      run: (assign: (m: AssignmentMemberSpec[]) => Map<string, TopicIdPartitions>) => (current = assign(members(group, previous))),
    };
  }
}

describe('group > assignors > properties', () => {
  console.log(`server assignor property tests: seed=${SEED} (rerun with ASSIGNOR_SEED=${SEED})`);

  it.each(SERVER_ASSIGNORS.map((a) => [a.name, a] as const))(
    '%s assigns every partition to exactly one subscribed member',
    (_, assignor) => {
      const random = new SeededRandom(SEED);
      for (let round = 0; round < 40; round++) {
        for (const epoch of epochs(random, random.next() < 0.5)) {
          expectValid(
            epoch.group,
            epoch.run((m) => assignor.assign(m, epoch.group.topics)),
          );
        }
      }
    },
  );

  it('uniform balances equal subscriptions to within one partition and keeps what it can', () => {
    const random = new SeededRandom(SEED + 1);
    const uniform = SERVER_ASSIGNORS[0];
    for (let round = 0; round < 40; round++) {
      for (const epoch of epochs(random, true)) {
        const result = epoch.run((m) => uniform.assign(m, epoch.group.topics));
        const sizes = [...result.values()].map(size);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        const total = [...epoch.group.topics.values()].reduce((n, t) => n + t.numPartitions, 0);
        const minQuota = Math.floor(total / result.size);
        for (const [memberId, assignment] of result) {
          const before = epoch.previous.get(memberId);
          const kept = [...assignment].reduce((n, [t, ps]) => n + ps.filter((p) => before?.get(t)?.includes(p)).length, 0);
          expect(kept).toBeGreaterThanOrEqual(Math.min(minQuota, size(before)));
        }
      }
    }
  });

  it("range gives each topic's subscribers sizes within one partition of each other", () => {
    const random = new SeededRandom(SEED + 2);
    const range = SERVER_ASSIGNORS[1];
    for (let round = 0; round < 40; round++) {
      for (const epoch of epochs(random, random.next() < 0.5)) {
        const result = epoch.run((m) => range.assign(m, epoch.group.topics));
        for (const topicId of epoch.group.topics.keys()) {
          const counts = [...epoch.group.subscriptions]
            .filter(([, t]) => t.includes(topicId))
            .map(([id]) => result.get(id)?.get(topicId)?.length ?? 0);
          if (counts.length > 0) expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { createAssignor } from '../../../../src/client/consumer/assignors';
import type { MemberSubscription } from '../../../../src/client/consumer/assignors/assignor';
import type { TopicPartition } from '../../../../src/protocol/topic-partition';
import { encodeStickyUserData } from '../../../../src/client/consumer/assignors/sticky';
import { type Random, SeededRandom } from '../../../../src/core/random';
import { member, names } from './fixtures';

const SEED = Number(process.env.ASSIGNOR_SEED ?? 20240607);
const ROUNDS = 60;

interface Scenario {
  partitionsPerTopic: Map<string, number>;
  subscriptions: Map<string, string[]>;
}

function randomScenario(random: Random, equalSubscriptions: boolean): Scenario {
  const topicCount = 1 + random.nextInt(4);
  const partitionsPerTopic = new Map<string, number>();
  for (let t = 0; t < topicCount; t++) partitionsPerTopic.set(`topic-${t}`, 1 + random.nextInt(8));
  const allTopics = [...partitionsPerTopic.keys()];
  const subscriptions = new Map<string, string[]>();
  const memberCount = 1 + random.nextInt(6);
  for (let m = 0; m < memberCount; m++) {
    const topics = equalSubscriptions ? allTopics : allTopics.filter(() => random.next() < 0.6);
    subscriptions.set(`consumer-${random.nextInt(1000)}-${m}`, topics.length > 0 ? topics : [allTopics[0]]);
  }
  return { partitionsPerTopic, subscriptions };
}

/** Every partition of a subscribed topic goes to exactly one member subscribed to it. */
function expectValid(scenario: Scenario, result: Map<string, TopicPartition[]>, complete = true): void {
  const owners = new Map<string, string>();
  for (const [memberId, partitions] of result) {
    for (const tp of partitions) {
      const key = `${tp.topic}-${tp.partition}`;
      expect(owners.has(key), `${key} assigned twice`).toBe(false);
      owners.set(key, memberId);
      expect(scenario.subscriptions.get(memberId)).toContain(tp.topic);
    }
  }
  if (!complete) return;
  const subscribed = new Set([...scenario.subscriptions.values()].flat());
  for (const [topic, count] of scenario.partitionsPerTopic) {
    if (!subscribed.has(topic)) continue;
    for (let p = 0; p < count; p++) expect(owners.has(`${topic}-${p}`), `${topic}-${p} unassigned`).toBe(true);
  }
}

function sizes(result: Map<string, TopicPartition[]>): number[] {
  return [...result.values()].map((l) => l.length);
}

describe('client > assignors > properties', () => {
  console.log(`classic assignor property tests: seed=${SEED} (rerun with ASSIGNOR_SEED=${SEED})`);

  it.each(['range', 'roundrobin', 'sticky', 'cooperative-sticky'])(
    '%s assigns every partition to exactly one subscribed member',
    (name) => {
      const random = new SeededRandom(SEED);
      for (let round = 0; round < ROUNDS; round++) {
        const scenario = randomScenario(random, random.next() < 0.5);
        const members = [...scenario.subscriptions].map(([id, topics]) => member(id, topics));
        expectValid(scenario, createAssignor(name).assign(scenario.partitionsPerTopic, members));
      }
    },
  );

  it.each(['roundrobin', 'sticky', 'cooperative-sticky'])('%s balances equal subscriptions to within one partition', (name) => {
    const random = new SeededRandom(SEED + 1);
    for (let round = 0; round < ROUNDS; round++) {
      const scenario = randomScenario(random, true);
      const members = [...scenario.subscriptions].map(([id, topics]) => member(id, topics));
      const s = sizes(createAssignor(name).assign(scenario.partitionsPerTopic, members));
      expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1);
    }
  });

  /** Runs a group through membership changes; `rejoin` builds each member's subscription from what it owns. */
  function churn(
    name: string,
    random: Random,
    rejoin: (id: string, topics: string[], owned: TopicPartition[], generation: number) => MemberSubscription,
  ) {
    const scenario = randomScenario(random, true);
    const topics = [...scenario.partitionsPerTopic.keys()];
    let owned = new Map<string, TopicPartition[]>([...scenario.subscriptions.keys()].map((id) => [id, []]));
    let generation = 1;
    const steps: { before: Map<string, TopicPartition[]>; after: Map<string, TopicPartition[]> }[] = [];
    for (let step = 0; step < 8; step++) {
      if (random.next() < 0.4 && owned.size > 1) owned.delete([...owned.keys()][random.nextInt(owned.size)]);
      if (random.next() < 0.5) owned.set(`joiner-${step}-${random.nextInt(100)}`, []);
      const members = [...owned].map(([id, partitions]) => rejoin(id, topics, partitions, generation));
      const after = createAssignor(name).assign(scenario.partitionsPerTopic, members);
      steps.push({ before: owned, after });
      // The next step changes membership on a copy, so each step's record stays as it was.
      owned = new Map(after);
      generation++;
    }
    return { scenario, steps };
  }

  it('sticky: a member that stays keeps what it owned, up to its quota', () => {
    const random = new SeededRandom(SEED + 2);
    for (let round = 0; round < ROUNDS / 4; round++) {
      const { scenario, steps } = churn('sticky', random, (id, topics, owned, generation) =>
        member(id, topics, { userData: encodeStickyUserData(owned, generation), generationId: generation }),
      );
      const total = [...scenario.partitionsPerTopic.values()].reduce((a, b) => a + b, 0);
      for (const { before, after } of steps) {
        const minQuota = Math.floor(total / after.size);
        for (const [id, partitions] of after) {
          const kept = partitions.filter((tp) => (before.get(id) ?? []).some((o) => o.topic === tp.topic && o.partition === tp.partition));
          expect(kept.length, `${id} kept ${names(kept)} of ${names(before.get(id) ?? [])}`).toBeGreaterThanOrEqual(
            Math.min(minQuota, before.get(id)?.length ?? 0),
          );
        }
      }
    }
  });

  it('cooperative-sticky: never hands a partition straight from one owner to another', () => {
    const random = new SeededRandom(SEED + 3);
    for (let round = 0; round < ROUNDS / 4; round++) {
      const scenario = randomScenario(random, random.next() < 0.5);
      const topicsOf = (id: string) => scenario.subscriptions.get(id) ?? [...scenario.partitionsPerTopic.keys()];
      let owned = new Map<string, TopicPartition[]>([...scenario.subscriptions.keys()].map((id) => [id, []]));
      for (let generation = 1; generation <= 8; generation++) {
        if (random.next() < 0.3 && owned.size > 1) owned.delete([...owned.keys()][random.nextInt(owned.size)]);
        if (random.next() < 0.4) owned.set(`joiner-${generation}`, []);
        const members = [...owned].map(([id, partitions]) =>
          member(id, topicsOf(id), { owned: partitions.map((p) => `${p.topic}-${p.partition}`), generationId: generation }),
        );
        const after = createAssignor('cooperative-sticky').assign(scenario.partitionsPerTopic, members);
        const previousOwner = new Map([...owned].flatMap(([id, ps]) => ps.map((p) => [`${p.topic}-${p.partition}`, id] as const)));
        for (const [id, partitions] of after) {
          for (const p of partitions) {
            const from = previousOwner.get(`${p.topic}-${p.partition}`);
            expect(from === undefined || from === id, `${p.topic}-${p.partition} moved ${from} -> ${id}`).toBe(true);
          }
        }
        expectValid({ ...scenario, subscriptions: new Map([...owned.keys()].map((id) => [id, topicsOf(id)])) }, after, false);
        // Members revoke what they lost and keep the rest, as the consumer does.
        owned = after;
      }
    }
  });
});

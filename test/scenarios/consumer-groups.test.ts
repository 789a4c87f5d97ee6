import { describe, expect, it } from 'vitest';
import { createCluster, type InProcessCluster } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import type { Consumer } from '../../src/client/consumer/consumer';
import type { ConsumerConfig } from '../../src/client/consumer/consumer-config';
import type { InstrumentationEvent } from '../../src/client/consumer/consumer-events';
import { until } from '../support/until';
import { createTopic, text } from './support';

const SEED = 848;
const PARTITIONS = 6;

interface Member {
  name: string;
  /** The consumer's network address, for cluster.isolate(). */
  address: string;
  consumer: Consumer;
  /** topic-partition:offset of every record handed to eachMessage. */
  consumed: string[];
  joins: { atMs: number; assignment: number[] }[];
  /** Between a REBALANCING event (a rejoin started) and the GROUP_JOIN that ends it. */
  rebalancing: boolean;
  owned(): number[];
}

/** Consumers of one Kafka client are numbered consumer-1, consumer-2 ... on its connection address. */
function member(
  cluster: InProcessCluster,
  kafka: Kafka,
  clientNumber: number,
  index: number,
  config: Partial<ConsumerConfig> = {},
): Member {
  const consumer = kafka.consumer({ groupId: 'orders-group', ...config });
  const m: Member = {
    name: `consumer-${index}`,
    address: `client-${clientNumber}-consumer-${index}`,
    consumer,
    consumed: [],
    joins: [],
    rebalancing: false,
    owned: () =>
      consumer
        .assignment()
        .flatMap((t) => t.partitions)
        .sort((a, b) => a - b),
  };
  consumer.on(consumer.events.GROUP_JOIN, (event: InstrumentationEvent<{ memberAssignment: Record<string, number[]> }>) => {
    m.joins.push({ atMs: cluster.now(), assignment: event.payload.memberAssignment.orders ?? [] });
    m.rebalancing = false;
  });
  consumer.on(consumer.events.REBALANCING, () => (m.rebalancing = true));
  return m;
}

async function start(m: Member, fromBeginning = true): Promise<void> {
  await m.consumer.connect();
  await m.consumer.subscribe({ topic: 'orders', fromBeginning });
  await m.consumer.run({
    eachMessage: async ({ partition, message }) => {
      m.consumed.push(`${partition}:${message.offset}`);
    },
  });
}

/**
 * Checks after every simulation event that no partition is owned by two members at once (members
 * in `zombies` are cut off and still believe they own theirs, so they are left out).
 */
function watchExclusiveOwnership(cluster: InProcessCluster, members: () => Member[], zombies: Set<Member> = new Set()) {
  const overlaps: string[] = [];
  const stop = cluster.clock.afterEachEvent(() => {
    const owners = new Map<number, string>();
    for (const m of members()) {
      if (zombies.has(m)) continue;
      for (const p of m.owned()) {
        const other = owners.get(p);
        if (other !== undefined && overlaps.length < 5)
          overlaps.push(`partition ${p} owned by ${other} and ${m.name} at ${cluster.elapsedMs()} ms`);
        owners.set(p, m.name);
      }
    }
  });
  return { overlaps, stop };
}

async function produce(kafka: Kafka, count: number, prefix: string): Promise<Set<string>> {
  const producer = kafka.producer();
  const offsets = new Set<string>();
  for (let i = 0; i < count; i += 20) {
    const messages = Array.from({ length: Math.min(20, count - i) }, (_, j) => ({
      key: `${prefix}-${i + j}`,
      value: `${prefix}-${i + j}`,
    }));
    await producer.send({ topic: 'orders', messages });
  }
  // Read back where every record landed, to compare with what the group consumed.
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const read = await kafka.readPartition({ topic: 'orders', partition, fromOffset: 0 });
    for (const record of read.records) if (text(record.value).startsWith(`${prefix}-`)) offsets.add(`${partition}:${record.offset}`);
  }
  await producer.disconnect();
  return offsets;
}

/**
 * Waits until the group has settled with every one of `members` owning exactly `count` partitions
 * and none of them in a rebalance: a cooperative member that has just revoked partitions already
 * owns its final count while its second round is still to come.
 */
function untilEachOwns(cluster: InProcessCluster, members: Member[], count: number, maxMs: number): Promise<number> {
  return until(
    cluster,
    `each of ${members.map((m) => m.name).join(', ')} owns ${count} partitions, with no rebalance in flight`,
    () => members.every((m) => m.owned().length === count && !m.rebalancing),
    maxMs,
  );
}

const allPartitions = Array.from({ length: PARTITIONS }, (_, p) => p);

describe('scenario > consumer groups (classic protocol)', () => {
  it('three members share six partitions, each owned by exactly one member at every moment, and consume every record', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const members = [1, 2, 3].map((i) => member(cluster, kafka, 1, i));
    const ownership = watchExclusiveOwnership(cluster, () => members);
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 2, 30_000);
    expect(members.map((m) => m.owned().length)).toEqual([2, 2, 2]);
    expect(members.flatMap((m) => m.owned()).sort()).toEqual(allPartitions);

    const produced = await produce(kafka, 300, 'a');
    const consumed = () => new Set(members.flatMap((m) => m.consumed));
    await until(cluster, 'the group has consumed every record produced', () => consumed().size >= produced.size, 30_000);
    expect([...consumed()].sort()).toEqual([...produced].sort());
    // No rebalance happened after the group settled, so nothing was delivered twice.
    expect(members.flatMap((m) => m.consumed)).toHaveLength(produced.size);
    expect(ownership.overlaps).toEqual([]);
    const description = await members[0].consumer.describeGroup();
    expect(description).toMatchObject({ groupId: 'orders-group', state: 'Stable', protocolType: 'consumer', protocol: 'range' });
    expect(description.members).toHaveLength(3);
    ownership.stop();
    await cluster.close();
  });

  it('a member that stops heartbeating is removed after session.timeout.ms and its partitions move to the others', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 1 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const members = [1, 2, 3].map((i) => member(cluster, kafka, 1, i));
    const zombies = new Set<Member>();
    const ownership = watchExclusiveOwnership(cluster, () => members, zombies);
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 2, 30_000);
    const [alive1, alive2, lost] = members;
    const lostPartitions = lost.owned();

    cluster.isolate(lost.address);
    zombies.add(lost);
    const isolatedAtMs = cluster.now();
    // The coordinator still counts it a member well inside session.timeout.ms (45 s).
    await cluster.advance(40_000);
    expect([...alive1.owned(), ...alive2.owned()].filter((p) => lostPartitions.includes(p))).toEqual([]);
    await until(
      cluster,
      'the two live members own every partition',
      () => alive1.owned().length + alive2.owned().length === PARTITIONS,
      30_000,
    );
    expect([...alive1.owned(), ...alive2.owned()].sort()).toEqual(allPartitions);
    const movedAtMs = Math.max(alive1.joins.at(-1)!.atMs, alive2.joins.at(-1)!.atMs);
    expect(movedAtMs - isolatedAtMs).toBeGreaterThanOrEqual(42_000);
    expect(movedAtMs - isolatedAtMs).toBeLessThan(45_000 + 10_000);

    // What is produced to the lost member's partitions now reaches the survivors.
    const produced = await produce(kafka, 60, 'after');
    await until(
      cluster,
      'the two live members have consumed every record produced after the move',
      () => produced.size <= new Set([...alive1.consumed, ...alive2.consumed].filter((r) => produced.has(r))).size,
      30_000,
    );
    expect(new Set([...alive1.consumed, ...alive2.consumed].filter((r) => produced.has(r))).size).toBe(produced.size);
    expect(ownership.overlaps).toEqual([]);
    ownership.stop();
    await cluster.close();
  });

  it('eager (the default [range, cooperative-sticky] runs range): every member revokes all it owns before the group rejoins', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 6 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const members = [1, 2].map((i) => member(cluster, kafka, 1, i));
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 3, 30_000);
    const lowestOwned = [3, 3];
    const stopWatch = cluster.clock.afterEachEvent(() => {
      members.slice(0, 2).forEach((m, i) => {
        lowestOwned[i] = Math.min(lowestOwned[i], m.owned().length);
      });
    });
    const newcomer = member(cluster, kafka, 1, 3);
    members.push(newcomer);
    await start(newcomer);
    await untilEachOwns(cluster, members, 2, 30_000);
    expect(lowestOwned).toEqual([0, 0]);
    expect(members.flatMap((m) => m.owned()).sort()).toEqual(allPartitions);
    stopWatch();
    await cluster.close();
  });

  it('a static member that restarts within session.timeout.ms gets its partitions back, and sends no LeaveGroup', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 7 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const members = [1, 2].map((i) => member(cluster, kafka, 1, i, { groupInstanceId: `instance-${i}` }));
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 3, 30_000);
    const owned = members[1].owned();
    await members[1].consumer.disconnect();
    expect(cluster.journal().filter((message) => message.api === 'LeaveGroup' && message.from === members[1].address)).toEqual([]);
    await cluster.advance(10_000);
    // The coordinator still holds the member's partitions for it: nobody else took them.
    expect(members[0].owned()).toHaveLength(3);
    const restarted = member(cluster, kafka, 1, 3, { groupInstanceId: 'instance-2' });
    await start(restarted);
    await until(cluster, 'the restarted static member owns its 3 partitions again', () => restarted.owned().length === 3, 30_000);
    expect(restarted.owned()).toEqual(owned);
    await cluster.close();
  });

  it('cooperative-sticky: a joining member takes partitions over two rounds, and the others never give up what they keep', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 2 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const config = { partitionAssigners: ['cooperative-sticky'] };
    const members = [1, 2].map((i) => member(cluster, kafka, 1, i, config));
    const ownership = watchExclusiveOwnership(cluster, () => members);
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 3, 30_000);
    const before = members.map((m) => m.owned());
    const joinsBefore = members.map((m) => m.joins.length);
    // Each old member must keep two of its three partitions through the whole rebalance.
    const lowestOwned = [3, 3];
    const stopWatch = cluster.clock.afterEachEvent(() => {
      members.slice(0, 2).forEach((m, i) => {
        lowestOwned[i] = Math.min(lowestOwned[i], m.owned().filter((p) => before[i].includes(p)).length);
      });
    });

    const newcomer = member(cluster, kafka, 1, 3, config);
    members.push(newcomer);
    await start(newcomer);
    await untilEachOwns(cluster, members, 2, 30_000);

    expect(members.map((m) => m.owned().length)).toEqual([2, 2, 2]);
    expect(members.flatMap((m) => m.owned()).sort()).toEqual(allPartitions);
    expect(lowestOwned).toEqual([2, 2]);
    // Round one revokes what moves, round two hands it to the newcomer: each old member joined twice.
    expect(members.slice(0, 2).map((m, i) => m.joins.length - joinsBefore[i])).toEqual([2, 2]);
    // Each kept the same two partitions in both rounds.
    for (const [i, m] of members.slice(0, 2).entries()) {
      const [roundOne, roundTwo] = m.joins.slice(joinsBefore[i]);
      expect(roundOne.assignment).toHaveLength(2);
      expect(roundTwo.assignment).toEqual(roundOne.assignment);
    }
    expect(newcomer.joins[0].assignment).toEqual([]);
    // The newcomer got exactly one partition from each old member (the sticky balance).
    expect(newcomer.owned().filter((p) => before[0].includes(p))).toHaveLength(1);
    expect(newcomer.owned().filter((p) => before[1].includes(p))).toHaveLength(1);
    expect(ownership.overlaps).toEqual([]);
    stopWatch();
    ownership.stop();
    await cluster.close();
  });
});

describe('scenario > consumer groups (KIP-848 consumer protocol)', () => {
  it("the coordinator assigns six partitions over three members without overlap, a leaving member's partitions move, a joining one takes only its share", async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 3 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const config = { groupProtocol: 'consumer' as const };
    const members = [1, 2, 3].map((i) => member(cluster, kafka, 1, i, config));
    const ownership = watchExclusiveOwnership(cluster, () => members);
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 2, 60_000);
    expect(members.flatMap((m) => m.owned()).sort()).toEqual(allPartitions);

    const produced = await produce(kafka, 120, 'k');
    await until(
      cluster,
      'the group has consumed every record produced',
      () => new Set(members.flatMap((m) => m.consumed)).size >= produced.size,
      30_000,
    );
    expect([...new Set(members.flatMap((m) => m.consumed))].sort()).toEqual([...produced].sort());

    // A member leaves (epoch -1): its partitions go to the other two.
    const leaving = members.pop()!;
    await leaving.consumer.disconnect();
    await untilEachOwns(cluster, members, 3, 30_000);
    expect(members.flatMap((m) => m.owned()).sort()).toEqual(allPartitions);

    // A member joins: it takes two, and each old member keeps two of its three.
    const before = members.map((m) => m.owned());
    const newcomer = member(cluster, kafka, 1, 4, config);
    members.push(newcomer);
    await start(newcomer);
    await untilEachOwns(cluster, members, 2, 60_000);
    expect(members.flatMap((m) => m.owned()).sort()).toEqual(allPartitions);
    members.slice(0, 2).forEach((m, i) => expect(m.owned().filter((p) => before[i].includes(p))).toHaveLength(2));
    expect(ownership.overlaps).toEqual([]);
    ownership.stop();
    await cluster.close();
  });
  it('a member cut off from the coordinator is fenced after the session timeout and its partitions move', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 8 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const members = [1, 2, 3].map((i) => member(cluster, kafka, 1, i, { groupProtocol: 'consumer' }));
    const zombies = new Set<Member>();
    const ownership = watchExclusiveOwnership(cluster, () => members, zombies);
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 2, 60_000);
    const [alive1, alive2, lost] = members;
    cluster.isolate(lost.address);
    zombies.add(lost);
    // group.consumer.session.timeout.ms is 45 s: before it, nothing moves.
    await cluster.advance(40_000);
    expect(alive1.owned().length + alive2.owned().length).toBe(4);
    await until(
      cluster,
      'the two live members own every partition',
      () => alive1.owned().length + alive2.owned().length === PARTITIONS,
      30_000,
    );
    expect([...alive1.owned(), ...alive2.owned()].sort()).toEqual(allPartitions);
    expect(ownership.overlaps).toEqual([]);
    ownership.stop();
    await cluster.close();
  });
});

describe('scenario > consumer offsets', () => {
  it("committed offsets survive the coordinator broker's crash and a restarted consumer resumes from them", async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 4 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const first = member(cluster, kafka, 1, 1);
    await start(first);
    const early = await produce(kafka, 60, 'early');
    await until(cluster, 'the first consumer has consumed the early records', () => first.consumed.length >= early.size, 30_000);
    await first.consumer.disconnect();

    const offsetsTopic = cluster.describe().topics.find((t) => t.name === '__consumer_offsets')!;
    const coordinator = offsetsTopic.partitions.find(
      (p) => p.leader > 0 && coordinatorPartition('orders-group', offsetsTopic.partitions.length) === p.partition,
    )!.leader;
    await cluster.broker(coordinator).kill();
    await until(cluster, "the group's __consumer_offsets partition has a new leader", () => {
      const leader = cluster.describePartition(
        '__consumer_offsets',
        coordinatorPartition('orders-group', offsetsTopic.partitions.length),
      ).leader;
      return leader !== coordinator && leader !== -1;
    });

    const late = await produce(kafka, 30, 'late');
    // The default auto.offset.reset=latest would skip `late` if the commits had been lost.
    const second = member(cluster, kafka, 1, 2);
    await start(second, false);
    await until(cluster, 'the second consumer has consumed the late records', () => second.consumed.length >= late.size, 30_000);
    expect([...second.consumed].sort()).toEqual([...late].sort());
    await cluster.close();
  });

  it('keeps consuming every record through the crash of a partition leader (NOT_LEADER_OR_FOLLOWER, metadata refresh)', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 9 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS, configs: { 'min.insync.replicas': '2' } });
    const members = [1, 2].map((i) => member(cluster, kafka, 1, i));
    for (const m of members) await start(m);
    await untilEachOwns(cluster, members, 3, 30_000);
    const before = await produce(kafka, 60, 'before');
    await until(
      cluster,
      "the group has consumed the 'before' records",
      () => members.flatMap((m) => m.consumed).length >= before.size,
      30_000,
    );
    const offsetsTopic = cluster.describe().topics.find((t) => t.name === '__consumer_offsets')!;
    const coordinator = offsetsTopic.partitions[coordinatorPartition('orders-group', offsetsTopic.partitions.length)].leader;
    // A broker that leads some of 'orders' but is not the group's coordinator.
    const victim = cluster
      .describe()
      .topics.find((t) => t.name === 'orders')!
      .partitions.map((p) => p.leader)
      .find((leader) => leader !== coordinator)!;
    await cluster.broker(victim).kill();
    await until(cluster, `every partition of orders that broker ${victim} led has a new leader`, () =>
      cluster
        .describe()
        .topics.find((t) => t.name === 'orders')!
        .partitions.every((p) => p.leader !== victim && p.leader !== -1),
    );
    const after = await produce(kafka, 60, 'after');
    const consumed = () => new Set(members.flatMap((m) => m.consumed));
    await until(cluster, "the group has consumed the 'after' records", () => [...after].every((r) => consumed().has(r)), 30_000);
    expect([...after].filter((r) => !consumed().has(r))).toEqual([]);
    expect([...before].filter((r) => !consumed().has(r))).toEqual([]);
    await cluster.close();
  });

  it('auto.offset.reset: earliest reads from the log start, latest only what comes after, none crashes with NoOffsetForPartitionException', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED + 5 });
    await createTopic(kafka, 'orders', { partitions: PARTITIONS });
    const before = await produce(kafka, 30, 'before');
    const earliest = member(cluster, kafka, 1, 1, { groupId: 'g-earliest', autoOffsetReset: 'earliest' });
    const latest = member(cluster, kafka, 1, 2, { groupId: 'g-latest' });
    const none = member(cluster, kafka, 1, 3, { groupId: 'g-none', autoOffsetReset: 'none' });
    const crashes: Error[] = [];
    none.consumer.on(none.consumer.events.CRASH, (event: InstrumentationEvent<{ error: Error }>) => void crashes.push(event.payload.error));
    for (const m of [earliest, latest, none]) await start(m, false);
    await cluster.advance(5_000);
    const after = await produce(kafka, 30, 'after');
    await until(
      cluster,
      'earliest has consumed both batches and latest the second',
      () => earliest.consumed.length >= before.size + after.size && latest.consumed.length >= after.size,
      30_000,
    );
    expect([...earliest.consumed].sort()).toEqual([...before, ...after].sort());
    expect([...latest.consumed].sort()).toEqual([...after].sort());
    expect(none.consumed).toEqual([]);
    expect(crashes.map((e) => e.name)).toEqual(['NoOffsetForPartitionException']);
    expect(crashes[0].message).toMatch(/^Undefined offset with no reset policy for partitions: \[orders-\d/);
    await cluster.close();
  });
});

/** GroupCoordinatorService.partitionFor: abs(groupId.hashCode()) % offsets.topic.num.partitions. */
function coordinatorPartition(groupId: string, numPartitions: number): number {
  let hash = 0;
  for (let i = 0; i < groupId.length; i++) hash = (Math.imul(hash, 31) + groupId.charCodeAt(i)) | 0;
  return (hash === -2147483648 ? 0 : Math.abs(hash)) % numPartitions;
}

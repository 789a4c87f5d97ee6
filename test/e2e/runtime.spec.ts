/**
 * The page's runtime, driven through window.sim only (the UI has its own tests): workloads in the
 * client worker, the group coordinator on the main thread, failover, reload, isolation and cuts,
 * controlled shutdown, the timeline and the metrics, in Debian's Chromium against the built site.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch } from './page-watch';

async function boot(page: Page): Promise<void> {
  await page.waitForFunction(() => window.sim !== undefined);
}

/** A new cluster with the demo preset (or Kafka's defaults), three brokers and `orders` (3 partitions, RF 3, min ISR 2). */
async function freshCluster(page: Page, preset: 'demo' | 'kafkaDefaults' = 'demo'): Promise<void> {
  await page.goto('/');
  await boot(page);
  await page.evaluate(async (preset) => {
    const sim = window.sim!;
    await sim.cluster.reset({ config: { ...sim.presets[preset].broker } });
    for (let i = 0; i < 3; i++) await sim.cluster.addBroker();
    await sim.kafka.admin().createTopics({
      topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });
  }, preset);
}

function sessionTimeoutMs(page: Page): Promise<number> {
  return page.evaluate(() => Number(window.sim!.cluster.config['broker.session.timeout.ms'] ?? 9000));
}

function describePartition(page: Page, partition: number) {
  return page.evaluate((partition) => window.sim!.cluster.describePartition('orders', partition), partition);
}

/**
 * Starts producing one record to `partition` with acks=all in the page; the producer retries until
 * the leader acknowledges it. `acknowledged` then gives the wall time from the start to the ack.
 */
async function startProduce(page: Page, partition: number): Promise<void> {
  await page.evaluate((partition) => {
    const started = Date.now();
    const producer = window.sim!.kafka.producer({ idempotent: true });
    const sent = producer
      .send({ topic: 'orders', acks: -1, messages: [{ value: 'probe', partition }] })
      .then(() => producer.disconnect())
      .then(() => Date.now() - started);
    (window as unknown as { probe: Promise<number> }).probe = sent;
  }, partition);
}

function acknowledged(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { probe: Promise<number> }).probe);
}

async function produceUntilAcked(page: Page, partition: number): Promise<number> {
  await startProduce(page, partition);
  return acknowledged(page);
}

/**
 * Kills the leader of orders-0 and at once starts producing to orders-0; expects a new leader
 * within broker.session.timeout.ms + 2 s, then notes the figures: when the controller elected it
 * and when the produce was first acknowledged, both counted from the kill.
 */
async function killLeaderAndProduce(page: Page, preset: string) {
  const sessionMs = await sessionTimeoutMs(page);
  const before = await describePartition(page, 0);
  const killedAt = await page.evaluate(async (id) => {
    const killedAt = Date.now();
    await window.sim!.cluster.killBroker(id);
    return killedAt;
  }, before.leader);
  await startProduce(page, 0);
  await expect.poll(() => describePartition(page, 0).then((p) => p.leader), { timeout: sessionMs + 2000 }).not.toBe(before.leader);
  const produceMs = await acknowledged(page);
  const after = await describePartition(page, 0);
  const elected = await page.evaluate(
    (epoch) =>
      window
        .sim!.timeline.events()
        .find(
          (e) =>
            e.kind === 'leader-changed' &&
            e.subjects.topic === 'orders' &&
            e.subjects.partitions?.[0] === 0 &&
            e.text.includes(`epoch ${epoch}`),
        )!.timeMs,
    after.leaderEpoch,
  );
  test.info().annotations.push({
    type: `failover (${preset})`,
    description: `broker.session.timeout.ms ${sessionMs}: new leader of orders-0 ${elected - killedAt} ms after the kill, first acknowledged produce ${produceMs} ms after it`,
  });
  return { before, after };
}

/** Waits until the group has read every offset below each partition's high watermark. */
async function groupCaughtUp(page: Page, groupId: string): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(async (groupId) => {
          const sim = window.sim!;
          await sim.cluster.refresh();
          const ends = sim.cluster
            .describe()
            .topics.find((t) => t.name === 'orders')!
            .partitions.map((p) => p.highWatermark);
          const group = sim.workloads.list().find((s) => s.kind === 'consumer-group' && s.spec.groupId === groupId);
          if (group === undefined || group.kind !== 'consumer-group') return 'no group';
          const read = [0, 1, 2].map((p) => group.received.find((r) => r.partition === p)?.distinct ?? 0);
          return read.join() === ends.join() ? 'caught up' : `read ${read.join()} of ${ends.join()}`;
        }, groupId),
      { timeout: 30_000 },
    )
    .toBe('caught up');
}

test("a producer and a group in the client worker ride out the kill of a leader's worker, which rejoins the ISR on restart", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await freshCluster(page);
  await page.evaluate(async () => {
    const { workloads } = window.sim!;
    await workloads.startProducer({ topic: 'orders', recordsPerSecond: 30, keys: 'user-10', acks: -1, idempotence: true, valueBytes: 64 });
    await workloads.startConsumerGroup({ groupId: 'billing', topics: ['orders'], members: 2, protocol: 'classic', fromBeginning: true });
  });
  await expect
    .poll(() => page.evaluate(() => window.sim!.workloads.list().map((s) => (s.kind === 'producer' ? s.acked : s.recordsReceived))), {
      timeout: 30_000,
    })
    .toEqual([expect.any(Number), expect.any(Number)]);
  await expect
    .poll(
      () => page.evaluate(() => window.sim!.workloads.list().every((s) => (s.kind === 'producer' ? s.acked : s.recordsReceived) > 20)),
      { timeout: 30_000 },
    )
    .toBe(true);

  const { before, after } = await killLeaderAndProduce(page, 'demo preset');
  expect(after.isr).not.toContain(before.leader);
  expect(after.leaderEpoch).toBeGreaterThan(before.leaderEpoch);

  await page.evaluate((id) => window.sim!.cluster.restartBroker(id), before.leader);
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          window
            .sim!.cluster.describe()
            .topics.find((t) => t.name === 'orders')!
            .partitions.map((p) => p.isr.length),
        ),
      { timeout: 30_000 },
    )
    .toEqual([3, 3, 3]);

  const producerStats = await page.evaluate(async () => {
    const { workloads } = window.sim!;
    const producer = workloads.list().find((s) => s.kind === 'producer')!;
    await workloads.stop(producer.id);
    return producer;
  });
  expect(producerStats.kind === 'producer' && producerStats.acked).toBeGreaterThan(0);
  await groupCaughtUp(page, 'billing');

  const timeline = await page.evaluate(() => window.sim!.timeline.events().map((e) => e.text));
  expect(timeline).toEqual(
    expect.arrayContaining([
      'topic orders created (3 partitions, RF 3, min.insync.replicas=2)',
      `broker ${before.leader} fenced`,
      `broker ${before.leader} unfenced`,
      `orders-0 leader ${before.leader} → ${after.leader}, epoch ${after.leaderEpoch}`,
    ]),
  );
  expect(timeline.some((text) => /^group billing rebalanced, generation \d+$/.test(text))).toBe(true);
  // One sample a second: a run this fast may have taken only a few so far.
  await expect.poll(() => page.evaluate(() => window.sim!.metrics.history().length), { timeout: 10_000 }).toBeGreaterThan(5);
  const metrics = await page.evaluate(() => window.sim!.metrics.history());
  expect(metrics.some((m) => m.MessagesInPerSec > 0)).toBe(true);
  expect(metrics.at(-1)).toMatchObject({ ActiveControllerCount: 1, OfflinePartitionsCount: 0 });
  expect(Object.keys(metrics.at(-1)!.groups)).toEqual(['billing']);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('a reload brings back the brokers, topics, leaders and committed offsets, and a new group reads every record from the beginning', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await freshCluster(page);
  await page.evaluate(async () => {
    const { workloads } = window.sim!;
    await workloads.startProducer({ topic: 'orders', recordsPerSecond: 40, keys: 'user-7' });
    await workloads.startConsumerGroup({ groupId: 'billing', topics: ['orders'], members: 1, fromBeginning: true });
  });
  await expect
    .poll(
      () =>
        page.evaluate(() => window.sim!.workloads.list().find((s) => s.kind === 'producer')!).then((s) => s.kind === 'producer' && s.acked),
      { timeout: 30_000 },
    )
    .toBeGreaterThan(60);
  await page.evaluate(async () => {
    const { workloads } = window.sim!;
    await workloads.stop(workloads.list().find((s) => s.kind === 'producer')!.id);
  });
  await groupCaughtUp(page, 'billing');
  // Stopping the group commits its positions and leaves the group.
  await page.evaluate(async () => {
    const { workloads } = window.sim!;
    await workloads.stop(workloads.list().find((s) => s.kind === 'consumer-group')!.id);
  });
  const before = await page.evaluate(async () => ({
    describe: window.sim!.cluster.describe(),
    groups: await window.sim!.cluster.describeGroups(),
  }));
  const committedBefore = before.groups.find((g) => g.groupId === 'billing')!.offsets.map((o) => [o.partition, o.committed]);
  const ends = before.describe.topics.find((t) => t.name === 'orders')!.partitions.map((p) => p.highWatermark);
  expect(committedBefore).toEqual(ends.map((hw, partition) => [partition, hw]));

  await page.reload();
  await boot(page);
  await expect
    .poll(() => page.evaluate(() => window.sim!.cluster.describe().brokers.map((b) => b.state)), { timeout: 30_000 })
    .toEqual(['running', 'running', 'running']);
  const after = await page.evaluate(() => window.sim!.cluster.describe());
  expect(after.brokers).toEqual(before.describe.brokers);
  const shape = (d: typeof after) =>
    d.topics.map((t) => ({ name: t.name, topicId: t.topicId, replicas: t.partitions.map((p) => p.replicas) }));
  expect(shape(after)).toEqual(shape(before.describe));
  // A reload restarts every broker at once, as a crash of the whole cluster: each partition is led
  // again by one of its replicas once they re-registered, not necessarily the same one.
  await expect
    .poll(
      () =>
        page.evaluate(() =>
          window
            .sim!.cluster.describe()
            .topics.flatMap((t) => t.partitions.filter((p) => !p.replicas.includes(p.leader)).map((p) => `${t.name}-${p.partition}`)),
        ),
      { timeout: 30_000 },
    )
    .toEqual([]);
  await expect
    .poll(
      () =>
        page.evaluate(
          async () =>
            (await window.sim!.cluster.describeGroups())
              .find((g) => g.groupId === 'billing')
              ?.offsets.map((o) => [o.partition, o.committed]) ?? [],
        ),
      { timeout: 30_000 },
    )
    .toEqual(committedBefore);

  await page.evaluate(() =>
    window.sim!.workloads.startConsumerGroup({
      groupId: 'audit',
      topics: ['orders'],
      members: 2,
      protocol: 'consumer',
      fromBeginning: true,
    }),
  );
  await groupCaughtUp(page, 'audit');

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('isolating a leader fences it and moves leadership; a cut link shrinks the ISR; heal brings both back; a controlled shutdown moves leadership first', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await freshCluster(page);
  const sessionMs = await sessionTimeoutMs(page);
  const isrs = () =>
    page.evaluate(() =>
      window
        .sim!.cluster.describe()
        .topics.find((t) => t.name === 'orders')!
        .partitions.map((p) => p.isr.length),
    );

  const isolated = (await describePartition(page, 1)).leader;
  await page.evaluate((id) => window.sim!.cluster.broker(id).isolate(), isolated);
  await expect
    .poll(() => page.evaluate((id) => window.sim!.cluster.broker(id).state, isolated), { timeout: sessionMs + 2000 })
    .toBe('fenced');
  await expect.poll(() => describePartition(page, 1).then((p) => p.leader), { timeout: 5000 }).not.toBe(isolated);
  await page.evaluate(() => window.sim!.cluster.heal());
  await expect.poll(() => page.evaluate((id) => window.sim!.cluster.broker(id).state, isolated), { timeout: 20_000 }).toBe('running');
  await expect.poll(isrs, { timeout: 30_000 }).toEqual([3, 3, 3]);

  const { leader, replicas } = await describePartition(page, 2);
  const follower = replicas.find((id) => id !== leader)!;
  await page.evaluate(([a, b]) => window.sim!.cluster.partition(a, b), [leader, follower]);
  await produceUntilAcked(page, 2);
  await expect.poll(() => describePartition(page, 2).then((p) => p.isr.includes(follower)), { timeout: 20_000 }).toBe(false);
  await page.evaluate(() => window.sim!.cluster.heal());
  await expect.poll(isrs, { timeout: 30_000 }).toEqual([3, 3, 3]);

  const leading = await page.evaluate(() => window.sim!.cluster.describePartition('orders', 0).leader);
  await page.evaluate((id) => window.sim!.cluster.shutdownBroker(id), leading);
  const moved = await describePartition(page, 0);
  expect(moved.leader).not.toBe(leading);
  expect(moved.leader).not.toBe(-1);
  expect(await page.evaluate((id) => window.sim!.cluster.broker(id).state, leading)).toBe('shutdown');
  await produceUntilAcked(page, 0);
  const timeline = await page.evaluate(() => window.sim!.timeline.events().map((e) => e.text));
  expect(timeline).toContain(`broker ${leading} began a controlled shutdown`);
  expect(timeline.some((text) => text.startsWith('ISR of orders-2 shrank'))).toBe(true);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("with Kafka's default timings, produce to a killed leader's partition resumes after broker.session.timeout.ms", async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await freshCluster(page, 'kafkaDefaults');
  expect(await sessionTimeoutMs(page)).toBe(9000);
  await produceUntilAcked(page, 0);
  const { before, after } = await killLeaderAndProduce(page, "Kafka's defaults");
  expect(after.leader).not.toBe(before.leader);

  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

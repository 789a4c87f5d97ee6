/**
 * The timeline's words, from a Node cluster's metadata log: the same translation the page runs
 * over the browser controller's log.
 */
import { describe, expect, it } from 'vitest';
import { MetadataEventTranslator } from '../../src/controller/metadata-events';
import { createCluster } from '../../src/index';
import { Timeline, type TimelineEvent } from '../../src/cluster/timeline';

const CONFIG = { 'broker.session.timeout.ms': 3000, 'broker.heartbeat.interval.ms': 500, 'replica.lag.time.max.ms': 3000 };

function texts(events: TimelineEvent[]): string[] {
  return events.map((event) => event.text);
}

describe('runtime > timeline', () => {
  it('says in words how brokers register, a topic is created, a leader dies and comes back', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: 21, config: CONFIG });
    await kafka.admin().createTopics({ topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 3 }] });
    const translator = new MetadataEventTranslator();
    const setup = translator.translate(cluster.controller.metadataLog);
    expect(texts(setup)).toEqual(
      expect.arrayContaining([
        'broker 1 registered',
        'broker 2 registered',
        'broker 3 registered',
        'broker 1 unfenced',
        'topic orders created (3 partitions, RF 3)',
      ]),
    );
    const created = setup.find((event) => event.kind === 'topic-created')!;
    expect(created.subjects).toEqual({ topic: 'orders', partitions: [0, 1, 2] });

    const { leader, leaderEpoch, isr } = cluster.describePartition('orders', 0);
    const seen = cluster.controller.metadataLog.length;
    await cluster.killBroker(leader);
    await cluster.advance(5000);
    const after = cluster.describePartition('orders', 0);
    const failover = translator.translate(cluster.controller.metadataLog.slice(seen));
    const shrunk = isr.filter((id) => id !== leader);
    expect(texts(failover)).toEqual(
      expect.arrayContaining([
        `broker ${leader} fenced`,
        `orders-0 leader ${leader} → ${after.leader}, epoch ${leaderEpoch + 1}`,
        `ISR of orders-0 shrank to [${shrunk.join(',')}]`,
      ]),
    );
    const election = failover.find((event) => event.kind === 'leader-changed' && event.subjects.partitions?.[0] === 0)!;
    expect(election.subjects).toEqual({ topic: 'orders', partitions: [0], brokers: [leader, after.leader] });
    expect(election.offset).toBeGreaterThanOrEqual(seen);

    const beforeRestart = cluster.controller.metadataLog.length;
    await cluster.restartBroker(leader);
    await cluster.advance(5000);
    const restart = translator.translate(cluster.controller.metadataLog.slice(beforeRestart));
    expect(texts(restart)).toEqual(expect.arrayContaining([`broker ${leader} registered`, `broker ${leader} unfenced`]));
    expect(restart.some((event) => event.kind === 'isr-expanded' && event.text.startsWith('ISR of orders-0 expanded to'))).toBe(true);
    await cluster.close();
  });

  it('says a topic was created with its configs, and a partition went offline when its last ISR member dies', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: 22, config: CONFIG });
    await kafka.admin().createTopics({
      topics: [{ topic: 'solo', numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '1000' }] }],
    });
    await cluster.killBroker(1);
    await cluster.advance(5000);
    const events = new MetadataEventTranslator().translate(cluster.controller.metadataLog);
    expect(events.find((event) => event.kind === 'topic-created')?.text).toBe('topic solo created (1 partition, RF 1, retention.ms=1000)');
    expect(events.find((event) => event.kind === 'partition-offline')).toMatchObject({
      text: 'solo-0 offline',
      subjects: { topic: 'solo', partitions: [0] },
    });
    await cluster.close();
  });

  it('tells listeners each new event, adds events from outside the log after the last record, and starts over on reset', async () => {
    const { cluster, kafka } = await createCluster({ brokers: 1, seed: 23, config: CONFIG });
    const timeline = new Timeline();
    const heard: string[] = [];
    timeline.onEvent((event) => heard.push(event.text));
    timeline.appendMetadata(cluster.controller.metadataLog);
    await kafka.admin().createTopics({ topics: [{ topic: 'late', numPartitions: 2, replicationFactor: 1 }] });
    timeline.appendMetadata(cluster.controller.metadataLog);
    timeline.append(cluster.now(), 'group-rebalanced', 'group g rebalanced, generation 1', { group: 'g' });
    expect(heard).toEqual([
      'broker 1 registered',
      'broker 1 unfenced',
      'topic late created (2 partitions, RF 1)',
      'group g rebalanced, generation 1',
    ]);
    expect(timeline.events().at(-1)!.offset).toBe(cluster.controller.metadataLog.at(-1)!.offset);
    let resets = 0;
    timeline.onReset(() => resets++);
    timeline.reset();
    expect(timeline.events()).toEqual([]);
    expect(resets).toBe(1);
    timeline.appendMetadata(cluster.controller.metadataLog);
    expect(timeline.events().length).toBe(3);
    await cluster.close();
  });
});

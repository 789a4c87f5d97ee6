import { describe, expect, it } from 'vitest';
import {
  cardTags,
  describeBroker,
  describeCut,
  describeReplica,
  leavesIsrWords,
  slowDiskWords,
  slowWords,
  waitingWords,
} from '../../src/ui/layout/replica-words';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology } from '../../src/ui/layout/topology-layout';
import { afterFailover, describeCluster } from './fixtures';

describe('ui > replica words', () => {
  it('says in words what the chip shows: partition, broker, role, epoch and sync', () => {
    const cluster = afterFailover(describeCluster(3, [{ name: 'orders', partitions: 1, replicationFactor: 3 }]), 1);
    const words = layoutTopology({ cluster, hues: assignTopicHues(['orders']) }).chips.map((chip) => describeReplica(chip));
    expect(words).toEqual([
      'orders-0 replica on broker 1, follower, epoch 1, out of sync, offline',
      'orders-0 replica on broker 2, leader, epoch 1, in sync',
      'orders-0 replica on broker 3, follower, epoch 1, in sync',
    ]);
  });
});

describe('ui > network words', () => {
  it("names a slow broker's extra delay in milliseconds, or in seconds from one second on", () => {
    expect([500, 1000, 1500, 2000, 1250].map((ms) => slowWords(ms))).toEqual([
      'slow +500 ms',
      'slow +1 s',
      'slow +1.5 s',
      'slow +2 s',
      'slow +1250 ms',
    ]);
    const cluster = describeCluster(1, []);
    const [broker] = layoutTopology({ cluster, hues: assignTopicHues([]), slow: new Map([[1, 2000]]) }).brokers;
    expect(describeBroker(broker)).toBe('Broker 1, running, slow +2 s on every message, 0 replicas, leader of 0');
  });

  it('names a slow disk apart from a slow network, in words on the card, in its tags and for a screen reader', () => {
    expect([500, 2000].map((ms) => slowDiskWords(ms))).toEqual(['slow disk +500 ms', 'slow disk +2 s']);
    const cluster = describeCluster(1, []);
    const [broker] = layoutTopology({ cluster, hues: assignTopicHues([]), slowDisk: new Map([[1, 2000]]) }).brokers;
    expect(describeBroker(broker)).toBe('Broker 1, running, slow disk +2 s on every write, 0 replicas, leader of 0');
    expect(cardTags(broker).map((tag) => [tag.kind, tag.text])).toEqual([['slow-disk', 'slow disk +2 s']]);
  });

  it("puts a slow network's tag and a slow disk's side by side, without overlap, inside the card", () => {
    const cluster = describeCluster(1, []);
    const [broker] = layoutTopology({
      cluster,
      hues: assignTopicHues([]),
      slow: new Map([[1, 500]]),
      slowDisk: new Map([[1, 2000]]),
    }).brokers;
    const [network, disk] = cardTags(broker);
    expect([network.text, disk.text]).toEqual(['slow +500 ms', 'slow disk +2 s']);
    expect(network.x + network.width).toBeLessThan(disk.x);
    expect(disk.textX).toBeGreaterThan(disk.x);
    expect(disk.x + disk.width).toBeLessThan(broker.width);
    expect(cardTags({ ...broker, slowMs: 0, slowDiskMs: 0 })).toEqual([]);
  });

  it('says which way a one-way cut drops messages', () => {
    expect(describeCut({ from: 'broker-2', to: 'broker-1', oneWay: true })).toBe('broker-2 → broker-1, cut one way');
    expect(describeCut({ from: 'broker-1', to: 'controller', oneWay: false })).toBe('broker-1 ✂ controller, cut both ways');
  });
});

describe('ui > waiting words', () => {
  it('says what a broker waits for with the time left and the config that sets it, short on the card and whole for a screen reader', () => {
    expect(waitingWords({ state: 'killed', sessionEndsInMs: 6_240 })).toBe('fenced in 6.2 s (broker.session.timeout.ms)');
    expect(waitingWords({ state: 'killed', sessionEndsInMs: 6_240 }, true)).toBe('fenced in 6.2 s');
    expect(waitingWords({ state: 'starting', waitingFor: 'old-session-to-expire', sessionEndsInMs: 2_000 })).toBe(
      'old session ends in 2.0 s (broker.session.timeout.ms)',
    );
    expect(waitingWords({ state: 'starting', waitingFor: 'registration' }, true)).toBe('registering');
    expect(waitingWords({ state: 'running' })).toBeNull();
    expect(waitingWords({ state: 'killed' })).toBeNull();
  });

  it("puts a killed broker's countdown in its aria-label", () => {
    const cluster = describeCluster(2, []);
    cluster.brokers[1] = { ...cluster.brokers[1], state: 'killed', sessionEndsInMs: 1_500 };
    const broker = layoutTopology({ cluster, hues: assignTopicHues([]) }).brokers[1];
    expect(describeBroker(broker)).toBe('Broker 2, killed, fenced in 1.5 s (broker.session.timeout.ms), 0 replicas, leader of 0');
  });
});

describe('ui > eligible leader replicas', () => {
  it('marks a replica in the ELR on its chip and says so in words (KIP-966)', () => {
    const base = describeCluster(3, [{ name: 'orders', partitions: 1, replicationFactor: 3 }]);
    const [topic] = base.topics;
    const cluster = {
      ...base,
      topics: [{ ...topic, partitions: [{ ...topic.partitions[0], leader: 1, isr: [1], elr: [2] }] }],
    };
    const chips = layoutTopology({ cluster, hues: assignTopicHues(['orders']) }).chips;
    expect(chips.map((chip) => chip.elr)).toEqual([false, true, false]);
    expect(chips.map((chip) => describeReplica(chip))).toEqual([
      'orders-0 replica on broker 1, leader, epoch 0, in sync',
      'orders-0 replica on broker 2, follower, epoch 0, out of sync, eligible leader (ELR)',
      'orders-0 replica on broker 3, follower, epoch 0, out of sync',
    ]);
  });
});

describe('ui > a follower leaving the ISR', () => {
  it('says how long until replica.lag.time.max.ms takes a lagging follower out of the ISR, on the chip and in its words', () => {
    expect(leavesIsrWords(2_340)).toBe('leaves the ISR in 2.3 s unless it catches up (replica.lag.time.max.ms)');
    expect(leavesIsrWords(2_340, true)).toBe('out of ISR in 2.3 s');
    const cluster = describeCluster(3, [{ name: 'orders', partitions: 1, replicationFactor: 3 }]);
    const chip = layoutTopology({
      cluster,
      hues: assignTopicHues(['orders']),
      replicaOffsets: (_topic, _partition, brokerId) =>
        brokerId === 2 ? { logEndOffset: 8, highWatermark: 8, leavesIsrInMs: 900 } : undefined,
    }).chips.find((c) => c.brokerId === 2)!;
    expect(chip.leavesIsrInMs).toBe(900);
    expect(describeReplica(chip)).toContain('leaves the ISR in 0.9 s');
  });
});

import { describe, expect, it } from 'vitest';
import { describeReplica } from '../../src/ui/layout/replica-words';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology } from '../../src/ui/layout/topology-layout';
import { afterFailover, describeCluster } from './fixtures';

describe('ui > replica words', () => {
  it('says in words what the chip shows: partition, broker, role, epoch and sync', () => {
    const cluster = afterFailover(describeCluster(3, [{ name: 'orders', partitions: 1, replicationFactor: 3 }]), 1);
    const words = layoutTopology({ cluster, hues: assignTopicHues(['orders']) }).chips.map(describeReplica);
    expect(words).toEqual([
      'orders-0 replica on broker 1, follower, epoch 1, out of sync, offline',
      'orders-0 replica on broker 2, leader, epoch 1, in sync',
      'orders-0 replica on broker 3, follower, epoch 1, in sync',
    ]);
  });
});

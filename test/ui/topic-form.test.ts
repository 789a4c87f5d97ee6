import { describe, expect, it } from 'vitest';
import { createTopicRequest, fieldOfError, TOPIC_DEFAULTS } from '../../src/ui/controls/topic-form';

describe('ui > topic form', () => {
  it("sends only the topic configs that differ from Kafka's defaults", () => {
    const request = createTopicRequest({
      ...TOPIC_DEFAULTS,
      name: ' orders ',
      numPartitions: 3,
      replicationFactor: 3,
      'min.insync.replicas': 2,
    });
    expect(request).toEqual({
      topic: 'orders',
      numPartitions: 3,
      replicationFactor: 3,
      configEntries: [{ name: 'min.insync.replicas', value: '2' }],
    });
    const compacted = createTopicRequest({
      ...TOPIC_DEFAULTS,
      name: 'users',
      'cleanup.policy': 'compact',
      'unclean.leader.election.enable': true,
    });
    expect(compacted.configEntries).toEqual([
      { name: 'cleanup.policy', value: 'compact' },
      { name: 'unclean.leader.election.enable', value: 'true' },
    ]);
  });

  it('puts an admin error beside the field it is about', () => {
    expect(fieldOfError('TOPIC_ALREADY_EXISTS', "Topic 'orders' already exists.")).toBe('name');
    expect(fieldOfError('INVALID_REPLICATION_FACTOR', 'only 1 broker(s) are registered.')).toBe('replicationFactor');
    expect(fieldOfError('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.')).toBe('numPartitions');
    expect(fieldOfError('INVALID_CONFIG', 'Invalid value -5 for configuration retention.ms')).toBe('retention.ms');
    expect(fieldOfError('REQUEST_TIMED_OUT', 'The request timed out.')).toBe('form');
  });
});

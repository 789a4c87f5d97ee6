import { describe, expect, it } from 'vitest';
import { errorCode, KafkaError } from '../../../src/protocol/errors';
import type { CreateTopicsRequest } from '../../../src/protocol/apis/topics';
import { clientFixture } from '../support/client-fixture';
import { settle } from '../support/fake-brokers';

function createTopicsAnswer(results: Record<string, { error?: Parameters<typeof errorCode>[0]; message?: string }>) {
  return (request: CreateTopicsRequest) => ({
    topics: request.topics.map((topic) => {
      const result = results[topic.name] ?? {};
      return {
        name: topic.name,
        topicId: `id-${topic.name}`,
        errorCode: result.error ? errorCode(result.error) : 0,
        errorMessage: result.message ?? null,
        numPartitions: topic.numPartitions,
        replicationFactor: topic.replicationFactor,
      };
    }),
  });
}

describe('client > admin', () => {
  it('creates a topic, waits for its leaders and returns true', async () => {
    const { clock, brokers, kafka } = clientFixture();
    let leadersAtMs = 0;
    brokers.respond('CreateTopics', (request) => {
      leadersAtMs = clock.now() + 300; // the brokers learn the new topic a little later
      clock.schedule(300, () => brokers.topic('orders', [1, 2, 3]));
      return createTopicsAnswer({})(request);
    });
    const admin = kafka.admin();
    const created = await settle(
      clock,
      admin.createTopics({
        topics: [
          { topic: 'orders', numPartitions: 3, replicationFactor: 3, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
        ],
      }),
    );
    expect(created).toBe(true);
    expect(clock.now()).toBeGreaterThanOrEqual(leadersAtMs);
    expect(brokers.requestsOf('CreateTopics')[0].body).toMatchObject({
      topics: [
        {
          name: 'orders',
          numPartitions: 3,
          replicationFactor: 3,
          assignments: [],
          configs: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    });
  });

  it('returns false when the topic already exists, as kafkajs does', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.respond(
      'CreateTopics',
      createTopicsAnswer({ orders: { error: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists." } }),
    );
    expect(await settle(clock, kafka.admin().createTopics({ topics: [{ topic: 'orders' }] }))).toBe(false);
  });

  it("throws the controller's error, with its message, for any other failure", async () => {
    const { clock, brokers, kafka } = clientFixture();
    const message =
      'Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.';
    brokers.respond('CreateTopics', createTopicsAnswer({ orders: { error: 'INVALID_REPLICATION_FACTOR', message } }));
    const error = await settle(clock, kafka.admin().createTopics({ topics: [{ topic: 'orders', replicationFactor: 4 }] })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaError);
    expect(error).toMatchObject({ type: 'INVALID_REPLICATION_FACTOR', code: 38, retriable: false, message });
  });

  it('reports every failed topic when several fail', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.respond(
      'CreateTopics',
      createTopicsAnswer({
        a: { error: 'TOPIC_ALREADY_EXISTS', message: "Topic 'a' already exists." },
        'b!': {
          error: 'INVALID_TOPIC_EXCEPTION',
          message: "Topic name 'b!' is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'",
        },
      }),
    );
    const error = await settle(clock, kafka.admin().createTopics({ topics: [{ topic: 'a' }, { topic: 'b!' }] })).catch((e: unknown) => e);
    expect((error as { errors: KafkaError[] }).errors.map((e) => e.type)).toEqual(['TOPIC_ALREADY_EXISTS', 'INVALID_TOPIC_EXCEPTION']);
  });

  it('retries NOT_CONTROLLER and creates only the topics still pending', async () => {
    const { clock, brokers, kafka } = clientFixture();
    let calls = 0;
    brokers.respond('CreateTopics', (request) => {
      calls++;
      brokers.topic('a', [1]).topic('b', [2]);
      return createTopicsAnswer(calls === 1 ? { b: { error: 'NOT_CONTROLLER' } } : {})(request);
    });
    expect(await settle(clock, kafka.admin().createTopics({ topics: [{ topic: 'a' }, { topic: 'b' }] }))).toBe(true);
    expect(brokers.requestsOf('CreateTopics').map((r) => (r.body as CreateTopicsRequest).topics.map((t) => t.name))).toEqual([
      ['a', 'b'],
      ['b'],
    ]);
  });

  it('moves on to another broker when one is unreachable', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [2]);
    brokers.down.add(1);
    brokers.down.add(3);
    expect(await settle(clock, kafka.admin().listTopics())).toEqual(['t']);
  });

  it("describes topics in kafkajs's shape and names a missing one", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [2, 3]);
    const admin = kafka.admin();
    const { topics } = await settle(clock, admin.fetchTopicMetadata({ topics: ['t'] }));
    expect(topics[0].name).toBe('t');
    expect(topics[0].partitions[1]).toEqual({
      partitionErrorCode: 0,
      partitionId: 1,
      leader: 3,
      leaderEpoch: 0,
      replicas: [1, 2, 3],
      isr: [1, 2, 3],
      offlineReplicas: [],
    });
    const error = await settle(clock, admin.fetchTopicMetadata({ topics: ['nope'] })).catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'UNKNOWN_TOPIC_OR_PARTITION', message: 'Topic nope not found.' });
  });

  it("fetches each partition's high watermark and log start offset from its leader", async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.topic('t', [1, 2]);
    brokers.respond('ListOffsets', (request, brokerId) => ({
      topics: request.topics.map((topic) => ({
        name: topic.name,
        partitions: topic.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode: 0,
          timestamp: -1,
          leaderEpoch: 0,
          offset: p.timestamp === -1 ? 100 * brokerId + p.partitionIndex : 5,
        })),
      })),
    }));
    expect(await settle(clock, kafka.admin().fetchTopicOffsets('t'))).toEqual([
      { partition: 0, offset: '100', high: '100', low: '5' },
      { partition: 1, offset: '201', high: '201', low: '5' },
    ]);
  });

  it('describes the cluster', async () => {
    const { clock, kafka } = clientFixture();
    expect(await settle(clock, kafka.admin().describeCluster())).toEqual({
      brokers: [1, 2, 3].map((nodeId) => ({ nodeId, host: `broker-${nodeId}`, port: 9092 })),
      controller: 1,
      clusterId: 'fake-cluster',
    });
  });

  it('returns per-partition election outcomes, ELECTION_NOT_NEEDED included', async () => {
    const { clock, brokers, kafka } = clientFixture();
    brokers.respond('ElectLeaders', () => ({
      errorCode: 0,
      replicaElectionResults: [
        {
          topic: 't',
          partitionResult: [
            { partitionId: 0, errorCode: 0, errorMessage: null },
            {
              partitionId: 1,
              errorCode: errorCode('ELECTION_NOT_NEEDED'),
              errorMessage: 'Leader election not needed for topic partition.',
            },
          ],
        },
      ],
    }));
    const results = await settle(clock, kafka.admin().electLeaders({ topicPartitions: [{ topic: 't', partitions: [0, 1] }] }));
    expect(results.map((r) => [r.partition, r.error?.type ?? null])).toEqual([
      [0, null],
      [1, 'ELECTION_NOT_NEEDED'],
    ]);
    expect(brokers.requestsOf('ElectLeaders')[0].body).toMatchObject({ electionType: 0 });
  });
});

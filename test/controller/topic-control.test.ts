import { describe, expect, it } from 'vitest';
import { errorCode } from '../../src/protocol/errors';
import { harness } from './harness';

const invalidTopic = errorCode('INVALID_TOPIC_EXCEPTION');

describe('controller > create topics', () => {
  it('creates partitions led by their first replica with the active replicas as ISR and epochs 0', async () => {
    const h = harness();
    await h.start([1, 2, 3]);
    const result = await h.createTopic('orders', 3, 3);
    expect(result).toMatchObject({ errorCode: 0, errorMessage: null, numPartitions: 3, replicationFactor: 3 });
    for (let p = 0; p < 3; p++) {
      const partition = h.controller.image.partition('orders', p)!;
      expect(partition.isr).toEqual(partition.replicas);
      expect(partition).toMatchObject({ leader: partition.replicas[0], leaderEpoch: 0, partitionEpoch: 0, topicId: result.topicId });
    }
  });

  it('leaves fenced replicas out of the initial ISR', async () => {
    const h = harness();
    await h.start([1, 2]);
    await h.register(3);
    await h.createTopic('t', 3, 3);
    for (let p = 0; p < 3; p++) expect(h.controller.image.partition('t', p)!.isr).not.toContain(3);
  });

  it('uses num.partitions and default.replication.factor for -1', async () => {
    const h = harness({ config: { 'num.partitions': 4, 'default.replication.factor': 2 } });
    await h.start([1, 2, 3]);
    expect(await h.createTopic('t', -1, -1)).toMatchObject({ numPartitions: 4, replicationFactor: 2 });
  });

  it("refuses a replication factor above the registered brokers with Kafka's message", async () => {
    const h = harness();
    await h.start([1, 2, 3]);
    expect(await h.createTopic('t', 1, 4)).toMatchObject({
      errorCode: errorCode('INVALID_REPLICATION_FACTOR'),
      errorMessage:
        'Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.',
    });
    expect(h.controller.image.topicsByName.has('t')).toBe(false);
  });

  it('refuses to create a topic when every broker is fenced', async () => {
    const h = harness();
    await h.register(1);
    expect((await h.createTopic('t', 1, 1)).errorMessage).toBe(
      'Unable to replicate the partition 1 time(s): All brokers are currently fenced.',
    );
  });

  it("refuses replication factor 0 and partitions 0 with Kafka's messages", async () => {
    const h = harness();
    await h.start([1]);
    expect(await h.createTopic('t', 1, 0)).toMatchObject({
      errorCode: errorCode('INVALID_REPLICATION_FACTOR'),
      errorMessage: 'Replication factor must be larger than 0, or -1 to use the default value.',
    });
    expect(await h.createTopic('t', 0, 1)).toMatchObject({
      errorCode: errorCode('INVALID_PARTITIONS'),
      errorMessage: 'Number of partitions was set to an invalid non-positive value.',
    });
    expect((await h.createTopic('t', -5, 1)).errorCode).toBe(errorCode('INVALID_PARTITIONS'));
  });

  it("refuses illegal names with Topic.validate's messages", async () => {
    const h = harness();
    await h.start([1]);
    const long = 'x'.repeat(250);
    const cases: [string, string][] = [
      ['', 'Topic name is invalid: the empty string is not allowed'],
      ['.', "Topic name is invalid: '.' is not allowed"],
      ['..', "Topic name is invalid: '..' is not allowed"],
      [long, `Topic name is invalid: the length of '${long}' is longer than the max allowed length 249`],
      ['my topic', "Topic name is invalid: 'my topic' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"],
    ];
    for (const [name, message] of cases) {
      expect(await h.createTopic(name, 1, 1)).toMatchObject({ errorCode: invalidTopic, errorMessage: message });
    }
    expect((await h.createTopic('x'.repeat(249), 1, 1)).errorCode).toBe(0);
  });

  it('refuses a name that differs from an existing one only by . and _', async () => {
    const h = harness();
    await h.start([1]);
    await h.createTopic('a_b', 1, 1);
    expect(await h.createTopic('a.b', 1, 1)).toMatchObject({
      errorCode: invalidTopic,
      errorMessage: "Topic 'a.b' collides with existing topic: a_b",
    });
  });

  it('refuses an existing topic with TOPIC_ALREADY_EXISTS', async () => {
    const h = harness();
    await h.start([1]);
    await h.createTopic('a.b', 1, 1);
    expect(await h.createTopic('a.b', 1, 1)).toMatchObject({
      errorCode: errorCode('TOPIC_ALREADY_EXISTS'),
      errorMessage: "Topic 'a.b' already exists.",
    });
  });

  it('refuses to create __cluster_metadata', async () => {
    const h = harness();
    await h.start([1]);
    expect(await h.createTopic('__cluster_metadata', 1, 1)).toMatchObject({
      errorCode: errorCode('INVALID_REQUEST'),
      errorMessage: 'Creation of internal topic __cluster_metadata is prohibited.',
    });
  });

  it('answers a name given twice in one request with INVALID_REQUEST', async () => {
    const h = harness();
    await h.start([1]);
    const topic = { name: 't', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] };
    const response = await h.controller.handle('CreateTopics', { topics: [topic, topic], timeoutMs: 1000, validateOnly: false }, 'c');
    expect(response.topics).toEqual([
      expect.objectContaining({ name: 't', errorCode: errorCode('INVALID_REQUEST'), errorMessage: 'Duplicate topic name.' }),
    ]);
  });

  it('writes nothing for validateOnly', async () => {
    const h = harness();
    await h.start([1]);
    const before = h.controller.metadataLog.length;
    const response = await h.controller.handle(
      'CreateTopics',
      {
        topics: [{ name: 't', numPartitions: 2, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 1000,
        validateOnly: true,
      },
      'c',
    );
    expect(response.topics[0]).toMatchObject({ errorCode: 0, numPartitions: 2 });
    expect(h.controller.metadataLog.length).toBe(before);
  });

  it('writes a TopicRecord, the configs and one PartitionRecord per partition', async () => {
    const h = harness();
    await h.start([1]);
    const before = h.controller.metadataLog.length;
    await h.createTopic('t', 2, 1, { configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    expect(h.controller.metadataLog.slice(before).map((e) => e.record.type)).toEqual(['Topic', 'Config', 'Partition', 'Partition']);
    expect(h.controller.image.topicConfig('t')).toEqual({ 'cleanup.policy': 'compact' });
  });

  it('refuses invalid topic configs with INVALID_CONFIG', async () => {
    const h = harness();
    await h.start([1]);
    expect(await h.createTopic('t', 1, 1, { configs: [{ name: 'no.such.config', value: '1' }] })).toMatchObject({
      errorCode: errorCode('INVALID_CONFIG'),
      errorMessage: 'Unknown topic config name: no.such.config',
    });
    expect((await h.createTopic('t', 1, 1, { configs: [{ name: 'min.insync.replicas', value: '0' }] })).errorCode).toBe(
      errorCode('INVALID_CONFIG'),
    );
  });
});

describe('controller > manual replica assignment', () => {
  const manual = (assignments: number[][]) => ({
    assignments: assignments.map((brokerIds, partitionIndex) => ({ partitionIndex, brokerIds })),
  });

  it('uses the given replicas in order, the first active one leading', async () => {
    const h = harness();
    await h.start([1, 2, 3]);
    await h.createTopic(
      't',
      -1,
      -1,
      manual([
        [3, 1],
        [2, 3],
      ]),
    );
    expect(h.controller.image.partition('t', 0)).toMatchObject({ replicas: [3, 1], leader: 3, isr: [3, 1] });
    expect(h.controller.image.partition('t', 1)).toMatchObject({ replicas: [2, 3], leader: 2 });
  });

  it('refuses assignments that Kafka refuses, with its messages', async () => {
    const h = harness();
    await h.start([1, 2]);
    const cases: [Parameters<typeof h.createTopic>, string][] = [
      [['t', 2, -1, manual([[1]])], 'A manual partition assignment was specified, but numPartitions was not set to -1.'],
      [['t', -1, 1, manual([[1]])], 'A manual partition assignment was specified, but replication factor was not set to -1.'],
      [['t', -1, -1, manual([[1, 9]])], 'The manual partition assignment includes broker 9, but no such broker is registered.'],
      [['t', -1, -1, manual([[1, 1]])], 'The manual partition assignment includes the broker 1 more than once.'],
      [
        ['t', -1, -1, manual([[1, 2], [1]])],
        'The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).',
      ],
      [
        ['t', -1, -1, { assignments: [{ partitionIndex: 1, brokerIds: [1] }] }],
        'partitions should be a consecutive 0-based integer sequence',
      ],
    ];
    for (const [args, message] of cases) expect((await h.createTopic(...args)).errorMessage).toBe(message);
  });
});

describe('controller > create partitions', () => {
  const createPartitions = (h: ReturnType<typeof harness>, name: string, count: number, assignments: number[][] | null = null) =>
    h.controller
      .handle('CreatePartitions', { topics: [{ name, count, assignments }], timeoutMs: 1000, validateOnly: false }, 'c')
      .then((r) => r.results[0]);

  it("adds partitions with the topic's replication factor", async () => {
    const h = harness();
    await h.start([1, 2, 3]);
    await h.createTopic('t', 2, 2);
    expect(await createPartitions(h, 't', 5)).toMatchObject({ errorCode: 0, errorMessage: null });
    expect(h.controller.image.topicsByName.get('t')!.partitions.size).toBe(5);
    expect(h.controller.image.partition('t', 4)!.replicas).toHaveLength(2);
  });

  it("refuses the same or a smaller count with Kafka's messages", async () => {
    const h = harness();
    await h.start([1]);
    await h.createTopic('t', 3, 1);
    expect(await createPartitions(h, 't', 3)).toMatchObject({
      errorCode: errorCode('INVALID_PARTITIONS'),
      errorMessage: 'Topic already has 3 partition(s).',
    });
    expect((await createPartitions(h, 't', 2)).errorMessage).toBe('The topic t currently has 3 partition(s); 2 would not be an increase.');
  });

  it('checks the count of manual assignments', async () => {
    const h = harness();
    await h.start([1]);
    await h.createTopic('t', 1, 1);
    expect(await createPartitions(h, 't', 4, [[1]])).toMatchObject({
      errorCode: errorCode('INVALID_REPLICA_ASSIGNMENT'),
      errorMessage: 'Attempted to add 3 additional partition(s), but only 1 assignment(s) were specified.',
    });
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a missing topic', async () => {
    const h = harness();
    await h.start([1]);
    expect((await createPartitions(h, 'missing', 2)).errorCode).toBe(errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
  });
});

describe('controller > delete topics', () => {
  it('removes the topic and its configs', async () => {
    const h = harness();
    await h.start([1]);
    const { topicId } = await h.createTopic('t', 1, 1, { configs: [{ name: 'retention.ms', value: '1000' }] });
    const response = await h.controller.handle('DeleteTopics', { topicNames: ['t'], timeoutMs: 1000 }, 'c');
    expect(response.responses).toEqual([{ name: 't', topicId, errorCode: 0, errorMessage: null }]);
    expect(h.controller.image.topicsByName.has('t')).toBe(false);
    expect(h.controller.image.topicConfig('t')).toEqual({});
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION for a missing topic and TOPIC_DELETION_DISABLED when deletion is off', async () => {
    const h = harness();
    await h.start([1]);
    const missing = await h.controller.handle('DeleteTopics', { topicNames: ['nope'], timeoutMs: 1000 }, 'c');
    expect(missing.responses[0].errorCode).toBe(errorCode('UNKNOWN_TOPIC_OR_PARTITION'));
    const off = harness({ config: { 'delete.topic.enable': false } });
    await off.start([1]);
    await off.createTopic('t', 1, 1);
    const refused = await off.controller.handle('DeleteTopics', { topicNames: ['t'], timeoutMs: 1000 }, 'c');
    expect(refused.responses[0].errorCode).toBe(errorCode('TOPIC_DELETION_DISABLED'));
  });
});

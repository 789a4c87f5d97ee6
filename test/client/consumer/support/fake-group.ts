/**
 * A scripted single-coordinator group and partition logs on top of FakeBrokers, enough to drive
 * one consumer through Kafka's group and fetch APIs without a real coordinator: JoinGroup answers
 * MEMBER_ID_REQUIRED then makes the member leader of a new generation, SyncGroup hands back what
 * the leader assigned, offsets are kept in a map, Fetch serves stored batches below the HW as a
 * long poll, and KIP-848 heartbeats answer with a scripted assignment. Tests script errors with
 * `failNext(api, error)` and read what was sent with `brokers.requestsOf(api)`.
 */
import { EARLIEST_TIMESTAMP } from '../../../../src/protocol/apis/list-offsets';
import type { ConsumerGroupHeartbeatRequest, TopicPartitions } from '../../../../src/protocol/apis/groups';
import { decodeSubscription, encodeAssignment } from '../../../../src/protocol/consumer-protocol';
import type { TopicPartition } from '../../../../src/protocol/topic-partition';
import { errorCode, type ErrorName } from '../../../../src/protocol/errors';
import { encodeRecordBatch } from '../../../../src/protocol/record-batch';
import type { ApiKey } from '../../../../src/protocol/rpc';
import { FakeBrokers } from '../../support/fake-brokers';

const utf8 = new TextEncoder();

interface StoredBatch {
  baseOffset: number;
  count: number;
  bytes: Uint8Array;
}

interface PartitionLog {
  batches: StoredBatch[];
  logStartOffset: number;
  highWatermark: number;
}

export class FakeGroup {
  coordinatorId = 1;
  generationId = 0;
  readonly committed = new Map<string, number>();
  /** The assignment the classic leader sent in its last SyncGroup, by member. */
  readonly syncedAssignments = new Map<string, Uint8Array>();
  /** KIP-848: what the next heartbeats answer as the member's assignment (null: unchanged). */
  consumerAssignment: TopicPartitions[] | null = null;
  memberEpoch = 0;
  private readonly logs = new Map<string, PartitionLog>();
  private readonly failures = new Map<ApiKey, ErrorName[]>();

  constructor(readonly brokers: FakeBrokers) {
    brokers
      .respond('FindCoordinator', (body) => ({
        throttleTimeMs: 0,
        coordinators: body.coordinatorKeys.map((key) => ({
          key,
          nodeId: this.coordinatorId,
          host: `broker-${this.coordinatorId}`,
          port: 9092,
          errorCode: this.code('FindCoordinator'),
          errorMessage: null,
        })),
      }))
      .respond('JoinGroup', (body) => {
        const failed = this.code('JoinGroup');
        const base = { throttleTimeMs: 0, protocolType: 'consumer', skipAssignment: false, members: [] };
        if (failed !== 0) return { ...base, errorCode: failed, generationId: -1, protocolName: null, leader: '', memberId: body.memberId };
        if (body.memberId === '')
          return {
            ...base,
            errorCode: errorCode('MEMBER_ID_REQUIRED'),
            generationId: -1,
            protocolName: null,
            leader: '',
            memberId: 'member-1',
          };
        this.generationId++;
        const protocol = body.protocols[0];
        return {
          ...base,
          errorCode: 0,
          generationId: this.generationId,
          protocolName: protocol.name,
          leader: body.memberId,
          memberId: body.memberId,
          members: [{ memberId: body.memberId, groupInstanceId: body.groupInstanceId, metadata: protocol.metadata }],
        };
      })
      .respond('SyncGroup', (body) => {
        for (const { memberId, assignment } of body.assignments) this.syncedAssignments.set(memberId, assignment);
        return {
          throttleTimeMs: 0,
          errorCode: this.code('SyncGroup'),
          protocolType: 'consumer',
          protocolName: body.protocolName,
          assignment: this.syncedAssignments.get(body.memberId) ?? encodeAssignment({ partitions: [], userData: null }),
        };
      })
      .respond('Heartbeat', () => ({ throttleTimeMs: 0, errorCode: this.code('Heartbeat') }))
      .respond('LeaveGroup', (body) => ({
        throttleTimeMs: 0,
        errorCode: 0,
        members: body.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, errorCode: 0 })),
      }))
      .respond('OffsetCommit', (body) => {
        const failed = this.code('OffsetCommit');
        return {
          throttleTimeMs: 0,
          topics: body.topics.map((t) => ({
            name: t.name,
            partitions: t.partitions.map((p) => {
              if (failed === 0) this.committed.set(`${t.name}:${p.partitionIndex}`, p.committedOffset);
              return { partitionIndex: p.partitionIndex, errorCode: failed };
            }),
          })),
        };
      })
      .respond('OffsetFetch', (body) => ({
        throttleTimeMs: 0,
        groups: body.groups.map((g) => ({
          groupId: g.groupId,
          errorCode: this.code('OffsetFetch'),
          topics: (g.topics ?? []).map((t) => ({
            name: t.name,
            partitions: t.partitionIndexes.map((partitionIndex) => ({
              partitionIndex,
              committedOffset: this.committed.get(`${t.name}:${partitionIndex}`) ?? -1,
              committedLeaderEpoch: -1,
              metadata: null,
              errorCode: 0,
            })),
          })),
        })),
      }))
      .respond('ListOffsets', (body) => ({
        topics: body.topics.map((t) => ({
          name: t.name,
          partitions: t.partitions.map((p) => {
            const log = this.log(t.name, p.partitionIndex);
            return {
              partitionIndex: p.partitionIndex,
              errorCode: 0,
              timestamp: -1,
              offset: p.timestamp === EARLIEST_TIMESTAMP ? log.logStartOffset : log.highWatermark,
              leaderEpoch: 0,
            };
          }),
        })),
      }))
      .respond('Fetch', (body, brokerId) => {
        const answer = () => ({
          errorCode: 0,
          throttleTimeMs: 0,
          responses: body.topics.map((t) => ({
            topic: t.topic,
            partitions: t.partitions.map((p) => {
              const log = this.log(t.topic, p.partition);
              const leader = this.brokers.topics.get(t.topic)?.[p.partition];
              const error: ErrorName | null =
                leader !== brokerId
                  ? 'NOT_LEADER_OR_FOLLOWER'
                  : p.fetchOffset < log.logStartOffset || p.fetchOffset > log.highWatermark
                    ? 'OFFSET_OUT_OF_RANGE'
                    : null;
              return {
                partitionIndex: p.partition,
                errorCode: error === null ? 0 : errorCode(error),
                highWatermark: log.highWatermark,
                lastStableOffset: log.highWatermark,
                logStartOffset: log.logStartOffset,
                divergingEpoch: null,
                currentLeader: null,
                records:
                  error !== null
                    ? []
                    : log.batches
                        .filter((b) => b.baseOffset + b.count > p.fetchOffset && b.baseOffset < log.highWatermark)
                        .map((b) => b.bytes),
              };
            }),
          })),
        });
        const first = answer();
        const empty = first.responses.every((t) => t.partitions.every((p) => p.records.length === 0 && p.errorCode === 0));
        // A long poll: an empty answer waits maxWaitMs, as the broker's fetch purgatory does.
        if (!empty || body.maxWaitMs === 0) return first;
        return new Promise((resolve) => this.brokers.clock.schedule(body.maxWaitMs, () => resolve(answer())));
      })
      .respond('ConsumerGroupHeartbeat', (body: ConsumerGroupHeartbeatRequest) => {
        const failed = this.code('ConsumerGroupHeartbeat');
        if (failed !== 0)
          return {
            throttleTimeMs: 0,
            errorCode: failed,
            errorMessage: null,
            memberId: body.memberId,
            memberEpoch: body.memberEpoch,
            heartbeatIntervalMs: 5000,
            assignment: null,
          };
        if (body.memberEpoch < 0)
          return {
            throttleTimeMs: 0,
            errorCode: 0,
            errorMessage: null,
            memberId: body.memberId,
            memberEpoch: body.memberEpoch,
            heartbeatIntervalMs: 0,
            assignment: null,
          };
        if (body.memberEpoch === 0) this.memberEpoch++;
        const assignment = this.consumerAssignment;
        this.consumerAssignment = null;
        if (assignment !== null && body.memberEpoch !== 0) this.memberEpoch++;
        return {
          throttleTimeMs: 0,
          errorCode: 0,
          errorMessage: null,
          memberId: body.memberId === '' ? 'member-848' : body.memberId,
          memberEpoch: this.memberEpoch,
          heartbeatIntervalMs: 5000,
          assignment: assignment === null ? (body.memberEpoch === 0 ? { topicPartitions: [] } : null) : { topicPartitions: assignment },
        };
      })
      .respond('DescribeGroups', (body) => ({
        throttleTimeMs: 0,
        groups: body.groups.map((groupId) => ({
          errorCode: 0,
          groupId,
          groupState: 'Stable',
          protocolType: 'consumer',
          protocolData: 'range',
          members: [...this.syncedAssignments].map(([memberId, assignment]) => ({
            memberId,
            groupInstanceId: null,
            clientId: 'test',
            clientHost: '/127.0.0.1',
            memberMetadata: new Uint8Array(),
            memberAssignment: assignment,
          })),
        })),
      }));
  }

  /** Scripts the next answers of `api` to carry these errors, one per request. */
  failNext(api: ApiKey, ...errors: ErrorName[]): this {
    this.failures.set(api, [...(this.failures.get(api) ?? []), ...errors]);
    return this;
  }

  /** Appends committed records (below the HW) to a partition; values are strings. */
  append(
    topic: string,
    partition: number,
    values: string[],
    { key = null as string | null, headers = [] as { key: string; value: string }[] } = {},
  ): void {
    const log = this.log(topic, partition);
    const bytes = encodeRecordBatch({
      baseOffset: log.highWatermark,
      records: values.map((value) => ({
        key: key === null ? null : utf8.encode(key),
        value: utf8.encode(value),
        timestamp: 1700000000000,
        headers: headers.map((h) => ({ key: h.key, value: utf8.encode(h.value) })),
      })),
    });
    log.batches.push({ baseOffset: log.highWatermark, count: values.length, bytes });
    log.highWatermark += values.length;
  }

  /** Deletes records below `offset` (retention), moving the log start offset. */
  truncateBefore(topic: string, partition: number, offset: number): void {
    const log = this.log(topic, partition);
    log.logStartOffset = offset;
    log.batches = log.batches.filter((b) => b.baseOffset + b.count > offset);
  }

  /** The topics the member subscribed to in its last JoinGroup, and the partitions it said it owned. */
  lastSubscription(): { topics: string[]; ownedPartitions: TopicPartition[] } {
    const join = this.brokers.requestsOf('JoinGroup').at(-1)!.body as { protocols: { metadata: Uint8Array }[] };
    return decodeSubscription(join.protocols[0].metadata);
  }

  private log(topic: string, partition: number): PartitionLog {
    const key = `${topic}:${partition}`;
    let log = this.logs.get(key);
    if (log === undefined) {
      log = { batches: [], logStartOffset: 0, highWatermark: 0 };
      this.logs.set(key, log);
    }
    return log;
  }

  private code(api: ApiKey): number {
    const queue = this.failures.get(api);
    const next = queue?.shift();
    return next === undefined ? 0 : errorCode(next);
  }
}

/**
 * The group coordinator (Kafka's GroupCoordinatorService): one node beside the controller, reached
 * at GROUP_COORDINATOR_ADDRESS, sharded by __consumer_offsets partition. It follows the partitions'
 * leadership in the controller's metadata image: a shard is loaded from its partition's leader and
 * answers only requests forwarded by that leader (NOT_COORDINATOR for any other broker), as a shard
 * in Kafka lives on the leader itself.
 */
import type { Clock } from '../core/clock';
import type { Random } from '../core/random';
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import type { BrokerConfig } from '../protocol/configs';
import { consumerGroupDescribeError, describedGroupError, errorResponse, offsetFetchGroupError } from '../protocol/error-responses';
import { KafkaError } from '../protocol/errors';
import { handlerOf, type HandlerTable } from '../protocol/handler-table';
import type { MetadataImage } from '../protocol/metadata-image';
import {
  brokerIdOf,
  type ApiKey,
  type NodeAddress,
  type RequestHandler,
  type RequestOf,
  type ResponseOf,
  type Transport,
} from '../protocol/rpc';
import { SERVER_ASSIGNORS } from './assignors';
import type { ServerAssignor } from './assignors/server-assignor';
import type { GroupCoordinatorShard, GroupGeneration } from './coordinator-shard';
import { groupConfig, type GroupConfig } from './group-config';
import type { GroupWait } from './group-waits';
import { clientContextOf, type GroupApi } from './group-apis';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../protocol/internal-topics';
import { ShardRuntime, type ShardStatus } from './shard-runtime';

/** What the coordinator reads of the controller: its image and the news that it changed. */
export interface MetadataSource {
  readonly image: MetadataImage;
  onAppend(listener: (entries: MetadataLogEntry[]) => void): () => void;
}

export interface GroupCoordinatorOptions {
  clock: Clock;
  random: Random;
  config: BrokerConfig;
  /** The coordinator's own connection, for producing to and fetching from __consumer_offsets. */
  transport: Transport;
  metadata: MetadataSource;
  /** group.consumer.assignors; Kafka's uniform and range by default. */
  assignors?: readonly ServerAssignor[];
}

export interface ShardDescription {
  partition: number;
  state: ShardStatus;
  leaderId: number;
}

export class GroupCoordinator {
  readonly config: GroupConfig;
  private readonly runtimes = new Map<number, ShardRuntime>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(private readonly options: GroupCoordinatorOptions) {
    this.config = groupConfig(options.config);
    this.unsubscribe = options.metadata.onAppend(() => this.followLeadership());
    this.followLeadership();
  }

  readonly handle: RequestHandler = <K extends ApiKey>(api: K, body: RequestOf<K>, from: NodeAddress): Promise<ResponseOf<K>> => {
    if (this.closed) return Promise.reject(new KafkaError('COORDINATOR_NOT_AVAILABLE'));
    return this.answer(api, body, from);
  };

  /**
   * GroupCoordinatorService's handlers, one per group API. Each is async so that a shard lookup that
   * fails (COORDINATOR_NOT_AVAILABLE, NOT_COORDINATOR) rejects, and `answer` turns it into the
   * API's own error response.
   */
  private readonly handlers: HandlerTable<GroupApi> = {
    JoinGroup: async (request, from) => this.shardFor(request.groupId, from).classic.join(request, clientContextOf(request, from)),
    SyncGroup: async (request, from) => this.shardFor(request.groupId, from).classic.sync(request),
    Heartbeat: async (request, from) => this.shardFor(request.groupId, from).classic.heartbeat(request),
    LeaveGroup: async (request, from) => this.shardFor(request.groupId, from).classic.leave(request),
    OffsetCommit: async (request, from) => this.shardFor(request.groupId, from).offsets.commit(request),
    OffsetDelete: async (request, from) => this.shardFor(request.groupId, from).offsets.delete(request),
    ConsumerGroupHeartbeat: async (request, from) =>
      this.shardFor(request.groupId, from).consumer.heartbeat(request, clientContextOf(request, from)),
    OffsetFetch: async (request, from) => ({
      throttleTimeMs: 0,
      groups: await this.perGroup(
        request.groups,
        (group) => group.groupId,
        from,
        (shard, group) => shard.offsetFetch(group),
        offsetFetchGroupError,
      ),
    }),
    DescribeGroups: async (request, from) => ({
      throttleTimeMs: 0,
      groups: await this.perGroup(
        request.groups,
        (groupId) => groupId,
        from,
        (shard, groupId) => shard.describeGroup(groupId),
        describedGroupError,
      ),
    }),
    ConsumerGroupDescribe: async (request, from) => ({
      throttleTimeMs: 0,
      groups: await this.perGroup(
        request.groupIds,
        (groupId) => groupId,
        from,
        (shard, groupId) => shard.consumerGroupDescribe(groupId),
        consumerGroupDescribeError,
      ),
    }),
    DeleteGroups: async (request, from) => this.deleteGroups(request, from),
    ListGroups: async (request, from) => this.listGroups(request, from),
  };

  /** Each shard's status, for the UI and tests. */
  shards(): ShardDescription[] {
    return [...this.runtimes]
      .sort(([a], [b]) => a - b)
      .map(([partition, runtime]) => ({ partition, state: runtime.state, leaderId: runtime.leaderId }));
  }

  /** The generation of every group in a loaded shard (GroupCoordinatorShard.generations). */
  generations(): GroupGeneration[] {
    return [...this.runtimes.values()]
      .filter((runtime) => runtime.state === 'active')
      .flatMap((runtime) => runtime.activeShard().generations());
  }

  /** What the coordinator waits for in every group of a loaded shard: sessions, join phases, revocations. */
  waits(): GroupWait[] {
    return [...this.runtimes.values()].filter((runtime) => runtime.state === 'active').flatMap((runtime) => runtime.activeShard().waits());
  }

  /** The partition a group belongs to, with the live partition count when the topic exists. */
  partitionFor(groupId: string): number {
    const topic = this.options.metadata.image.topicsByName.get(GROUP_METADATA_TOPIC_NAME);
    return groupPartition(groupId, topic?.partitions.size ?? this.config.offsetsTopicNumPartitions);
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
    for (const runtime of this.runtimes.values()) runtime.close();
  }

  private followLeadership(): void {
    const topic = this.options.metadata.image.topicsByName.get(GROUP_METADATA_TOPIC_NAME);
    for (const [partition, runtime] of this.runtimes) {
      if (topic?.partitions.has(partition) !== true) {
        runtime.close();
        this.runtimes.delete(partition);
      }
    }
    for (const registration of topic?.partitions.values() ?? []) {
      let runtime = this.runtimes.get(registration.partition);
      if (runtime === undefined) {
        const { clock, random, transport, assignors = SERVER_ASSIGNORS, metadata } = this.options;
        runtime = new ShardRuntime({
          partition: registration.partition,
          clock,
          random,
          transport,
          config: this.config,
          image: metadata.image,
          assignors,
        });
        this.runtimes.set(registration.partition, runtime);
      }
      runtime.onLeadership(registration.leader, registration.leaderEpoch);
    }
  }

  /** The shard of a group, if the sender (when a broker) is that shard's leader and the shard is loaded. */
  private shardFor(groupId: string, from: NodeAddress): GroupCoordinatorShard {
    const runtime = this.runtimes.get(this.partitionFor(groupId));
    if (runtime === undefined) throw new KafkaError('COORDINATOR_NOT_AVAILABLE');
    const broker = brokerIdOf(from);
    if (broker !== null && broker !== runtime.leaderId) throw new KafkaError('NOT_COORDINATOR');
    return runtime.activeShard();
  }

  /**
   * An API the coordinator does not serve rejects with UNSUPPORTED_VERSION; a request that fails as a
   * whole is answered with its API's error response (AbstractRequest.getErrorResponse), as
   * GroupCoordinatorService answers a failed shard operation.
   */
  private async answer<A extends ApiKey>(api: A, request: RequestOf<A>, from: NodeAddress): Promise<ResponseOf<A>> {
    const handler = handlerOf(this.handlers, api, 'The group coordinator');
    try {
      return await handler(request, from);
    } catch (error) {
      if (!(error instanceof KafkaError)) throw error;
      return errorResponse(api, request, error);
    }
  }

  /**
   * Each group of a request that names several, served by its own shard; a group whose shard cannot
   * serve it gets its own error, the others are answered (GroupCoordinatorService's per-group futures).
   */
  private perGroup<G, T>(
    groups: readonly G[],
    groupIdOf: (group: G) => string,
    from: NodeAddress,
    serve: (shard: GroupCoordinatorShard, group: G) => T | Promise<T>,
    failed: (groupId: string, error: KafkaError) => T,
  ): Promise<T[]> {
    return Promise.all(
      groups.map(async (group) => {
        const groupId = groupIdOf(group);
        try {
          return await serve(this.shardFor(groupId, from), group);
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
          return failed(groupId, error);
        }
      }),
    );
  }

  /** The groups go to their shards in one DeleteGroups each; results come back in request order. */
  private async deleteGroups(request: RequestOf<'DeleteGroups'>, from: NodeAddress): Promise<ResponseOf<'DeleteGroups'>> {
    const byShard = new Map<GroupCoordinatorShard, string[]>();
    const results = new Map<string, number>();
    for (const groupId of request.groupsNames) {
      try {
        const shard = this.shardFor(groupId, from);
        byShard.set(shard, [...(byShard.get(shard) ?? []), groupId]);
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        results.set(groupId, error.code);
      }
    }
    await Promise.all(
      [...byShard].map(async ([shard, groupIds]) => {
        try {
          for (const result of await shard.deleteGroups(groupIds)) results.set(result.groupId, result.errorCode);
        } catch (error) {
          if (!(error instanceof KafkaError)) throw error;
          for (const groupId of groupIds) results.set(groupId, error.code);
        }
      }),
    );
    return { throttleTimeMs: 0, results: request.groupsNames.map((groupId) => ({ groupId, errorCode: results.get(groupId)! })) };
  }

  /** The groups of the shards the sending broker leads (every shard for a direct caller), as each broker answers ListGroups. */
  private listGroups(request: RequestOf<'ListGroups'>, from: NodeAddress): ResponseOf<'ListGroups'> {
    const broker = brokerIdOf(from);
    const runtimes = [...this.runtimes.values()].filter((runtime) => broker === null || runtime.leaderId === broker);
    const groups = [];
    for (const runtime of runtimes) {
      if (runtime.state === 'loading') throw new KafkaError('COORDINATOR_LOAD_IN_PROGRESS');
      if (runtime.state === 'active') groups.push(...runtime.activeShard().listGroups(request));
    }
    return { throttleTimeMs: 0, errorCode: 0, groups };
  }
}

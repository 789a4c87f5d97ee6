/**
 * kafkajs's Admin over the engine's admin APIs. Requests go to any broker, which forwards the
 * controller's ones (KRaft). Calls retry retriable errors with backoff until default.api.timeout.ms,
 * as Kafka's AdminClient does, and fail with the controller's own message otherwise.
 */
import type { Clock } from '../../core/clock';
import type { Random } from '../../core/random';
import { AlterConfigOp, ConfigResourceType as ResourceType, type ConfigSource as ProtocolConfigSource } from '../../protocol/apis/configs';
import { ElectionType } from '../../protocol/apis/elect-leaders';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../protocol/apis/list-offsets';
import type { MetadataTopic } from '../../protocol/apis/metadata';
import { errorCode, KafkaError } from '../../protocol/errors';
import type { ApiKey, RequestOf, ResponseOf } from '../../protocol/rpc';
import { isStaleMetadata, type Cluster } from '../cluster/cluster';
import { retryBackoff, type ExponentialBackoff } from '../cluster/exponential-backoff';
import { sleep, withRetries } from '../cluster/retry';
import { toPartitionMetadata } from '../partitioners/default-partitioner';
import { KafkaAlterPartitionReassignmentsError, KafkaDeleteTopicRecordsError, isAdminRetriable, throwIfFailed } from './admin-errors';
import {
  GroupAdmin,
  type GroupDescriptionResult,
  type GroupTopicOffsets,
  type ListedGroupDescription,
  type SeekEntry,
} from './group-admin';
import {
  ConfigResourceTypes,
  ConfigSource,
  type AlterConfigsResponse,
  type ClusterDescription,
  type CreateTopicsOptions,
  type DescribeConfigResponse,
  type ElectLeadersOptions,
  type ElectLeadersResult,
  type ITopicMetadata,
  type ITopicPartitionConfig,
  type IResourceConfig,
  type ListPartitionReassignmentsResponse,
  type PartitionOffsets,
  type PartitionReassignment,
  type ResourceConfigQuery,
} from './admin-types';
import { topicPartitionKey } from '../../protocol/topic-partition';

export interface AdminConfig {
  /** default.api.timeout.ms: how long one admin call keeps retrying. */
  defaultApiTimeoutMs?: number;
  /** request.timeout.ms: how long one request waits for its answer before it is retried (Kafka's 30 s). */
  requestTimeoutMs?: number;
  retryBackoffMs?: number;
  retryBackoffMaxMs?: number;
}

export interface AdminDependencies {
  cluster: Cluster;
  clock: Clock;
  random: Random;
}

/** kafkajs's default timeout for topic operations. */
const DEFAULT_TOPIC_TIMEOUT_MS = 5000;
/** kafkajs polls for the new topics' leaders this often. */
const LEADER_POLL_MS = 100;

const CONFIG_SOURCES: Record<ProtocolConfigSource, number> = {
  DYNAMIC_TOPIC_CONFIG: ConfigSource.TOPIC_CONFIG,
  DYNAMIC_BROKER_CONFIG: ConfigSource.DYNAMIC_BROKER_CONFIG,
  DYNAMIC_DEFAULT_BROKER_CONFIG: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG,
  STATIC_BROKER_CONFIG: ConfigSource.STATIC_BROKER_CONFIG,
  DEFAULT_CONFIG: ConfigSource.DEFAULT_CONFIG,
};

const ALTER_OPERATIONS = {
  SET: AlterConfigOp.SET,
  DELETE: AlterConfigOp.DELETE,
  APPEND: AlterConfigOp.APPEND,
  SUBTRACT: AlterConfigOp.SUBTRACT,
};

function invalid(message: string): KafkaError {
  return new KafkaError('INVALID_REQUEST', message);
}

/** kafkajs's checks of a `topics` array naming each topic once. */
function validateTopicList(topics: { topic: unknown }[]): void {
  if (!Array.isArray(topics)) throw invalid(`Invalid topics array ${topics}`);
  if (topics.some(({ topic }) => typeof topic !== 'string'))
    throw invalid('Invalid topics array, the topic names have to be a valid string');
  if (new Set(topics.map(({ topic }) => topic)).size < topics.length) {
    throw invalid('Invalid topics array, it cannot have multiple entries for the same topic');
  }
}

export class Admin {
  private readonly cluster: Cluster;
  private readonly clock: Clock;
  private readonly backoff: ExponentialBackoff;
  private readonly defaultApiTimeoutMs: number;
  private readonly groups: GroupAdmin;

  constructor(config: AdminConfig = {}, { cluster, clock, random }: AdminDependencies) {
    this.cluster = cluster;
    this.clock = clock;
    this.backoff = retryBackoff(random, config.retryBackoffMs, config.retryBackoffMaxMs);
    this.defaultApiTimeoutMs = config.defaultApiTimeoutMs ?? 60000;
    this.groups = new GroupAdmin({
      cluster,
      clock,
      backoff: this.backoff,
      retrying: (attempt) => this.retrying(attempt),
      fetchTopicOffsets: (topic) => this.fetchTopicOffsets(topic),
    });
  }

  listGroups(): Promise<{ groups: ListedGroupDescription[] }> {
    return this.groups.listGroups();
  }

  describeGroups(groupIds: string[]): Promise<{ groups: GroupDescriptionResult[] }> {
    return this.groups.describeGroups(groupIds);
  }

  fetchOffsets(options: { groupId: string; topics?: string[]; resolveOffsets?: boolean }): Promise<GroupTopicOffsets[]> {
    return this.groups.fetchOffsets(options);
  }

  setOffsets(options: { groupId: string; topic: string; partitions: SeekEntry[] }): Promise<void> {
    return this.groups.setOffsets(options);
  }

  resetOffsets(options: { groupId: string; topic: string; earliest?: boolean }): Promise<void> {
    return this.groups.resetOffsets(options);
  }

  deleteGroups(groupIds: string[]): Promise<{ groupId: string; errorCode: number }[]> {
    return this.groups.deleteGroups(groupIds);
  }

  async connect(): Promise<void> {
    await this.retrying(() => this.cluster.refreshMetadata());
  }

  async disconnect(): Promise<void> {}

  async listTopics(): Promise<string[]> {
    const { topics } = await this.retrying(() => this.cluster.fetchMetadata(null));
    return topics.map((topic) => topic.name);
  }

  /**
   * Creates topics; true once they exist and have leaders, false when every failure was
   * TOPIC_ALREADY_EXISTS (kafkajs's contract). Any other failure throws with the controller's message.
   */
  async createTopics({
    topics,
    validateOnly = false,
    timeout = DEFAULT_TOPIC_TIMEOUT_MS,
    waitForLeaders = true,
  }: CreateTopicsOptions): Promise<boolean> {
    validateTopicList(topics);
    const failures: KafkaError[] = [];
    let pending = topics;
    await this.retrying(async () => {
      const response = await this.cluster.requestAnyBroker('CreateTopics', {
        topics: pending.map((topic) => ({
          name: topic.topic,
          numPartitions: topic.numPartitions ?? -1,
          replicationFactor: topic.replicationFactor ?? -1,
          assignments: (topic.replicaAssignment ?? []).map(({ partition, replicas }) => ({
            partitionIndex: partition,
            brokerIds: replicas,
          })),
          configs: topic.configEntries ?? [],
        })),
        timeoutMs: timeout,
        validateOnly,
      });
      const sorted = this.sortFailures(pending, response.topics, failures, (t) => t.topic);
      pending = sorted.remaining;
      if (sorted.retryError !== null) throw sorted.retryError;
    });
    if (failures.length > 0) {
      if (failures.every((error) => error.type === 'TOPIC_ALREADY_EXISTS')) return false;
      throwIfFailed(failures);
    }
    if (waitForLeaders && !validateOnly)
      await this.waitForLeaders(
        topics.map(({ topic }) => topic),
        timeout,
      );
    return true;
  }

  async deleteTopics({ topics, timeout = DEFAULT_TOPIC_TIMEOUT_MS }: { topics: string[]; timeout?: number }): Promise<void> {
    if (!Array.isArray(topics)) throw invalid(`Invalid topics array ${topics}`);
    if (topics.some((topic) => typeof topic !== 'string')) throw invalid('Invalid topics array, the names must be a valid string');
    const failures: KafkaError[] = [];
    let pending = topics;
    await this.retrying(async () => {
      const response = await this.cluster.requestAnyBroker('DeleteTopics', { topicNames: pending, timeoutMs: timeout });
      const sorted = this.sortFailures(pending, response.responses, failures, (name) => name);
      pending = sorted.remaining;
      if (sorted.retryError !== null) throw sorted.retryError;
    });
    for (const topic of topics) this.cluster.targetTopics.delete(topic);
    throwIfFailed(failures);
  }

  async createPartitions({
    topicPartitions,
    validateOnly = false,
    timeout = DEFAULT_TOPIC_TIMEOUT_MS,
  }: {
    topicPartitions: ITopicPartitionConfig[];
    validateOnly?: boolean;
    timeout?: number;
  }): Promise<void> {
    if (!Array.isArray(topicPartitions)) throw invalid(`Invalid topic partitions array ${topicPartitions}`);
    if (topicPartitions.length === 0) throw invalid('Empty topic partitions array');
    const failures: KafkaError[] = [];
    let pending = topicPartitions;
    await this.retrying(async () => {
      const response = await this.cluster.requestAnyBroker('CreatePartitions', {
        topics: pending.map(({ topic, count, assignments }) => ({ name: topic, count, assignments: assignments ?? null })),
        timeoutMs: timeout,
        validateOnly,
      });
      const sorted = this.sortFailures(pending, response.results, failures, (t) => t.topic);
      pending = sorted.remaining;
      if (sorted.retryError !== null) throw sorted.retryError;
    });
    throwIfFailed(failures);
  }

  /** Partition metadata of `topics`, or of every topic when none are named. */
  async fetchTopicMetadata({ topics = [] }: { topics?: string[] } = {}): Promise<{ topics: ITopicMetadata[] }> {
    const metadata = await this.topicMetadata(topics.length === 0 ? null : topics);
    return { topics: metadata.map((topic) => ({ name: topic.name, partitions: topic.partitions.map(toPartitionMetadata) })) };
  }

  /** Each partition's high watermark (`offset` and `high`) and log start offset (`low`). */
  async fetchTopicOffsets(topic: string): Promise<PartitionOffsets[]> {
    if (!topic || typeof topic !== 'string') throw invalid(`Invalid topic ${topic}`);
    return this.retrying(async () => {
      const [metadata] = await this.topicMetadata([topic]);
      const byLeader = new Map<number, number[]>();
      for (const partition of metadata.partitions) {
        if (partition.leaderId < 0) throw new KafkaError('LEADER_NOT_AVAILABLE');
        byLeader.set(partition.leaderId, [...(byLeader.get(partition.leaderId) ?? []), partition.partitionIndex]);
      }
      const offsets = new Map<number, PartitionOffsets>();
      await Promise.all(
        [...byLeader].map(async ([leader, partitions]) => {
          const [high, low] = await Promise.all(
            [LATEST_TIMESTAMP, EARLIEST_TIMESTAMP].map(async (timestamp) => {
              const response = await this.cluster.request(leader, 'ListOffsets', {
                replicaId: -1,
                isolationLevel: 0,
                topics: [
                  { name: topic, partitions: partitions.map((partitionIndex) => ({ partitionIndex, currentLeaderEpoch: -1, timestamp })) },
                ],
              });
              const results = new Map(response.topics.flatMap((t) => t.partitions).map((p) => [p.partitionIndex, p]));
              return partitions.map((partition) => {
                const result = results.get(partition);
                if (result === undefined)
                  throw new KafkaError('UNKNOWN_SERVER_ERROR', `No ListOffsets result for ${topicPartitionKey(topic, partition)}.`);
                if (result.errorCode !== 0) throw KafkaError.fromCode(result.errorCode);
                return result.offset;
              });
            }),
          );
          partitions.forEach((partition, i) => {
            offsets.set(partition, { partition, offset: String(high[i]), high: String(high[i]), low: String(low[i]) });
          });
        }),
      );
      return [...offsets.values()].sort((a, b) => a.partition - b.partition);
    });
  }

  /**
   * Deletes the records of each partition below `offset` ('-1': below the high watermark) with
   * DeleteRecords sent to each leader, as kafkajs's admin.deleteTopicRecords and Kafka's
   * AdminClient.deleteRecords: the call returns once each partition's low watermark reached the
   * offset. Partitions that failed for good throw together (KafkaDeleteTopicRecordsError); the
   * others are retried after a metadata refresh while the error is retriable (a moved leader).
   */
  async deleteTopicRecords({ topic, partitions }: { topic: string; partitions: SeekEntry[] }): Promise<void> {
    if (!topic || typeof topic !== 'string') throw invalid(`Invalid topic "${topic}"`);
    if (!Array.isArray(partitions) || partitions.length === 0) throw invalid('Invalid partitions');
    const failures: { partition: number; offset: string; error: KafkaError }[] = [];
    let pending = partitions;
    await this.retrying(async () => {
      const [metadata] = await this.topicMetadata([topic]);
      const leaders = new Map(metadata.partitions.map((p) => [p.partitionIndex, p.leaderId]));
      const byLeader = new Map<number, SeekEntry[]>();
      const retry: SeekEntry[] = [];
      let retryError: KafkaError | null = null;
      for (const entry of pending) {
        const leader = leaders.get(entry.partition);
        if (leader === undefined) {
          failures.push({ ...entry, error: new KafkaError('UNKNOWN_TOPIC_OR_PARTITION') });
        } else if (leader < 0) {
          retry.push(entry);
          retryError ??= new KafkaError('LEADER_NOT_AVAILABLE');
        } else {
          byLeader.set(leader, [...(byLeader.get(leader) ?? []), entry]);
        }
      }
      await Promise.all(
        [...byLeader].map(async ([leader, entries]) => {
          const response = await this.cluster.request(leader, 'DeleteRecords', {
            topics: [
              { name: topic, partitions: entries.map(({ partition, offset }) => ({ partitionIndex: partition, offset: Number(offset) })) },
            ],
            timeoutMs: this.cluster.requestTimeoutMs,
          });
          const results = new Map(response.topics.flatMap((t) => t.partitions).map((p) => [p.partitionIndex, p]));
          for (const entry of entries) {
            const code = results.get(entry.partition)?.errorCode ?? errorCode('UNKNOWN_SERVER_ERROR');
            if (code === 0) continue;
            const error = KafkaError.fromCode(code);
            if (isAdminRetriable(error)) {
              retry.push(entry);
              retryError ??= error;
            } else {
              failures.push({ ...entry, error });
            }
          }
        }),
      );
      pending = retry;
      if (retryError !== null) throw retryError;
    }).catch((error: unknown) => {
      // Out of time: what was still being retried fails with its last error.
      if (!(error instanceof KafkaError)) throw error;
      for (const entry of pending) failures.push({ ...entry, error });
    });
    if (failures.length > 0) throw new KafkaDeleteTopicRecordsError(topic, failures);
  }

  async describeConfigs({
    resources,
    includeSynonyms = false,
  }: {
    resources: ResourceConfigQuery[];
    includeSynonyms?: boolean;
  }): Promise<DescribeConfigResponse> {
    if (!Array.isArray(resources) || resources.length === 0) throw invalid('Resources array cannot be empty');
    const responses = await Promise.all(
      resources.map((resource) =>
        this.retrying(() =>
          this.sendToResourceOwner(resource, 'DescribeConfigs', {
            resources: [
              { resourceType: resource.type as ResourceType, resourceName: resource.name, configurationKeys: resource.configNames ?? null },
            ],
          }),
        ),
      ),
    );
    const results = responses.flatMap((response) => response.results);
    const failed = results.find((result) => result.errorCode !== 0);
    if (failed !== undefined) throw KafkaError.fromCode(failed.errorCode, failed.errorMessage);
    return {
      resources: results.map((result) => ({
        errorCode: result.errorCode,
        errorMessage: result.errorMessage,
        resourceType: result.resourceType as number as DescribeConfigResponse['resources'][number]['resourceType'],
        resourceName: result.resourceName,
        configEntries: result.configs.map((config) => ({
          configName: config.name,
          configValue: config.value,
          isDefault: config.configSource === 'DEFAULT_CONFIG',
          configSource: CONFIG_SOURCES[config.configSource],
          isSensitive: config.isSensitive,
          readOnly: config.readOnly,
          configSynonyms: includeSynonyms
            ? [{ configName: config.name, configValue: config.value, configSource: CONFIG_SOURCES[config.configSource] }]
            : [],
        })),
      })),
      throttleTime: 0,
    };
  }

  /**
   * Changes configs with IncrementalAlterConfigs. kafkajs sends the legacy AlterConfigs, which
   * resets every config it does not name; Kafka deprecated that (KIP-339), so here each entry is a
   * SET (or the operation it names) and other configs stay as they are.
   */
  async alterConfigs({
    resources,
    validateOnly = false,
  }: {
    resources: IResourceConfig[];
    validateOnly?: boolean;
  }): Promise<AlterConfigsResponse> {
    if (!Array.isArray(resources) || resources.length === 0) throw invalid('Resources array cannot be empty');
    const responses = await Promise.all(
      resources.map((resource) =>
        this.retrying(() =>
          this.sendToResourceOwner(resource, 'IncrementalAlterConfigs', {
            resources: [
              {
                resourceType: resource.type as ResourceType,
                resourceName: resource.name,
                configs: resource.configEntries.map(({ name, value, operation = 'SET' }) => ({
                  name,
                  value,
                  configOperation: ALTER_OPERATIONS[operation],
                })),
              },
            ],
            validateOnly,
          }),
        ),
      ),
    );
    const results = responses.flatMap((response) => response.responses);
    const failed = results.find((result) => result.errorCode !== 0);
    if (failed !== undefined) throw KafkaError.fromCode(failed.errorCode, failed.errorMessage);
    return {
      resources: results.map((result) => ({
        ...result,
        resourceType: result.resourceType as number as AlterConfigsResponse['resources'][number]['resourceType'],
      })),
      throttleTime: 0,
    };
  }

  /**
   * Kafka's Admin.electLeaders (not in kafkajs): a preferred or unclean leader election, as
   * kafka-leader-election.sh runs it. Per-partition outcomes are returned, not thrown, because
   * ELECTION_NOT_NEEDED for a partition already led by its preferred replica is the usual answer.
   */
  async electLeaders({ topicPartitions, electionType = 'PREFERRED', timeout = 60000 }: ElectLeadersOptions = {}): Promise<
    ElectLeadersResult[]
  > {
    const response = await this.retrying(async () => {
      const answer = await this.cluster.requestAnyBroker('ElectLeaders', {
        electionType: electionType === 'PREFERRED' ? ElectionType.PREFERRED : ElectionType.UNCLEAN,
        topicPartitions: topicPartitions ?? null,
        timeoutMs: timeout,
      });
      if (answer.errorCode !== 0) throw KafkaError.fromCode(answer.errorCode);
      return answer;
    });
    return response.replicaElectionResults.flatMap(({ topic, partitionResult }) =>
      partitionResult.map((result) => ({
        topic,
        partition: result.partitionId,
        error: result.errorCode === 0 ? null : KafkaError.fromCode(result.errorCode, result.errorMessage),
      })),
    );
  }

  /**
   * Starts moving partitions to new replicas (KIP-455), as kafka-reassign-partitions.sh --execute
   * does; `replicas: null` cancels a partition's reassignment. Resolves once the controller accepted
   * every partition: the move goes on until the new replicas join the ISR (listPartitionReassignments).
   */
  async alterPartitionReassignments({
    topics,
    timeout = DEFAULT_TOPIC_TIMEOUT_MS,
  }: {
    topics: PartitionReassignment[];
    timeout?: number;
  }): Promise<void> {
    validateTopicList(topics);
    for (const { topic, partitionAssignment } of topics) {
      if (!Array.isArray(partitionAssignment)) throw invalid(`Invalid partitions array: ${partitionAssignment} for topic: ${topic}`);
      for (const { partition, replicas } of partitionAssignment) {
        if (typeof partition !== 'number' || partition < 0) throw invalid(`Invalid partitions index: ${partition} for topic: ${topic}`);
        if (replicas === null) continue;
        if (!Array.isArray(replicas))
          throw invalid(`Invalid replica assignment: ${replicas} for topic: ${topic} on partition: ${partition}`);
        if (replicas.some((replica) => typeof replica !== 'number' || replica < 0)) {
          throw invalid(
            `Invalid replica assignment: ${replicas} for topic: ${topic} on partition: ${partition}. Replicas must be a non negative number`,
          );
        }
      }
    }
    const response = await this.retrying(async () => {
      const answer = await this.cluster.requestAnyBroker('AlterPartitionReassignments', {
        timeoutMs: timeout,
        topics: topics.map(({ topic, partitionAssignment }) => ({
          name: topic,
          partitions: partitionAssignment.map(({ partition, replicas }) => ({ partitionIndex: partition, replicas })),
        })),
      });
      if (answer.errorCode !== 0) throw KafkaError.fromCode(answer.errorCode, answer.errorMessage);
      return answer;
    });
    throwIfFailed(
      response.responses.flatMap(({ name, partitions }) =>
        partitions
          .filter((result) => result.errorCode !== 0)
          .map(
            (result) =>
              new KafkaAlterPartitionReassignmentsError(
                KafkaError.fromCode(result.errorCode, result.errorMessage),
                name,
                result.partitionIndex,
              ),
          ),
      ),
    );
  }

  /** The reassignments in progress, of the named partitions or of every partition when none are named. */
  async listPartitionReassignments({
    topics = null,
    timeout = DEFAULT_TOPIC_TIMEOUT_MS,
  }: {
    topics?: { topic: string; partitions: number[] }[] | null;
    timeout?: number;
  } = {}): Promise<ListPartitionReassignmentsResponse> {
    if (topics !== null) {
      validateTopicList(topics);
      for (const { topic, partitions } of topics) {
        if (!Array.isArray(partitions)) throw invalid(`Invalid partition array: ${partitions} for topic: ${topic}`);
        if (partitions.some((partition) => typeof partition !== 'number' || partition < 0)) {
          throw invalid(
            `Invalid partition array: ${partitions} for topic: ${topic}. The partition indices have to be a valid number greater than 0.`,
          );
        }
      }
    }
    const response = await this.retrying(async () => {
      const answer = await this.cluster.requestAnyBroker('ListPartitionReassignments', {
        timeoutMs: timeout,
        topics: topics === null ? null : topics.map(({ topic, partitions }) => ({ name: topic, partitionIndexes: partitions })),
      });
      if (answer.errorCode !== 0) throw KafkaError.fromCode(answer.errorCode, answer.errorMessage);
      return answer;
    });
    return {
      topics: response.topics.map(({ name, partitions }) => ({
        name,
        partitions: partitions.map(({ partitionIndex, replicas, addingReplicas, removingReplicas }) => ({
          partition: partitionIndex,
          replicas,
          addingReplicas,
          removingReplicas,
        })),
      })),
    };
  }

  async describeCluster(): Promise<ClusterDescription> {
    const response = await this.retrying(() => this.cluster.fetchMetadata([]));
    return {
      brokers: response.brokers.map(({ nodeId, host, port }) => ({ nodeId, host, port })),
      controller: response.controllerId < 0 ? null : response.controllerId,
      clusterId: response.clusterId,
    };
  }

  private retrying<T>(attempt: () => Promise<T>): Promise<T> {
    return withRetries(
      {
        clock: this.clock,
        backoff: this.backoff,
        deadlineMs: this.clock.now() + this.defaultApiTimeoutMs,
        retriable: isAdminRetriable,
        beforeRetry: async (error) => {
          if (isStaleMetadata(error)) await this.cluster.refreshMetadata().catch(() => undefined);
        },
      },
      attempt,
    );
  }

  /**
   * Sorts per-topic results: final failures go to `failures`; the items whose failure is worth
   * retrying come back as `remaining`, with the first such error to throw so the call is retried.
   */
  private sortFailures<T>(
    pending: T[],
    results: { name: string; errorCode: number; errorMessage: string | null }[],
    failures: KafkaError[],
    nameOf: (item: T) => string,
  ): { remaining: T[]; retryError: KafkaError | null } {
    const retry = new Map<string, KafkaError>();
    for (const result of results) {
      if (result.errorCode === 0) continue;
      const error = KafkaError.fromCode(result.errorCode, result.errorMessage);
      if (isAdminRetriable(error)) retry.set(result.name, error);
      else failures.push(error);
    }
    return { remaining: pending.filter((item) => retry.has(nameOf(item))), retryError: retry.values().next().value ?? null };
  }

  private async topicMetadata(topics: string[] | null): Promise<MetadataTopic[]> {
    return this.retrying(async () => {
      const response = await this.cluster.fetchMetadata(topics);
      const failed = response.topics.find((topic) => topic.errorCode !== 0);
      if (failed !== undefined) {
        // KafkaAdminClient.describeTopics names the missing topic.
        throw KafkaError.fromCode(
          failed.errorCode,
          failed.errorCode === errorCode('UNKNOWN_TOPIC_OR_PARTITION') ? `Topic ${failed.name} not found.` : null,
        );
      }
      return response.topics;
    });
  }

  /** Broker configs live on their broker; topic configs can be asked of any broker. */
  private sendToResourceOwner<K extends ApiKey>(
    resource: { type: number; name: string },
    api: K,
    body: RequestOf<K>,
  ): Promise<ResponseOf<K>> {
    if (resource.type === ConfigResourceTypes.BROKER && resource.name !== '') return this.cluster.request(Number(resource.name), api, body);
    return this.cluster.requestAnyBroker(api, body);
  }

  /** kafkajs's waitForLeaders: poll metadata until every new partition has a leader, for at most `timeoutMs`. */
  private async waitForLeaders(topics: string[], timeoutMs: number): Promise<void> {
    const deadlineMs = this.clock.now() + timeoutMs;
    for (;;) {
      const response = await this.cluster.fetchMetadata(topics).catch(() => null);
      const ready =
        response !== null &&
        topics.every((name) => {
          const topic = response.topics.find((t) => t.name === name);
          return topic !== undefined && topic.errorCode === 0 && topic.partitions.every((p) => p.leaderId >= 0);
        });
      if (ready) return;
      if (this.clock.now() + LEADER_POLL_MS > deadlineMs)
        throw new KafkaError('REQUEST_TIMED_OUT', 'Timed out while waiting for topic leaders');
      await sleep(this.clock, LEADER_POLL_MS);
    }
  }
}

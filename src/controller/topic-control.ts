/**
 * Topic lifecycle (the topic half of Kafka's ReplicationControlManager, with ControllerApis' request
 * checks): CreateTopics, DeleteTopics and CreatePartitions, with Kafka's validation order and messages.
 */
import type { Random } from '../core/random';
import { ZERO_UUID, randomUuid } from '../core/uuid';
import type {
  CreatableTopic,
  CreatableTopicResult,
  CreatePartitionsRequest,
  CreatePartitionsResponse,
  CreateTopicsRequest,
  CreateTopicsResponse,
  DeleteTopicsRequest,
  DeleteTopicsResponse,
} from '../protocol/apis/topics';
import { ERRORS, KafkaError, errorCode, fail, type ErrorName } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import { LeaderRecoveryState, type MetadataRecord, type PartitionRecord } from '../protocol/metadata-records';
import type { ClusterControlManager } from './cluster-control';
import type { ConfigurationControlManager } from './configuration-control';
import type { ControllerResult } from './controller-result';
import { placeReplicas } from './striped-replica-placer';
import { CLUSTER_METADATA_TOPIC, hasCollisionChars, invalidTopicNameMessage, unifyCollisionChars } from './topic-names';

type CreatePartitionsTopic = CreatePartitionsRequest['topics'][number];

/** Request names that appear more than once are all answered INVALID_REQUEST (ControllerApis). */
function duplicates(names: string[]): Set<string> {
  return new Set(names.filter((name, i) => names.indexOf(name) !== i));
}

const DUPLICATE_TOPIC = 'Duplicate topic name.';

export class TopicControlManager {
  constructor(
    private readonly image: MetadataImage,
    private readonly cluster: ClusterControlManager,
    private readonly configs: ConfigurationControlManager,
    private readonly random: Random,
  ) {}

  createTopics(request: CreateTopicsRequest): ControllerResult<CreateTopicsResponse> {
    const records: MetadataRecord[] = [];
    const duplicated = duplicates(request.topics.map((topic) => topic.name));
    const answered = new Set<string>();
    const topics: CreatableTopicResult[] = [];
    for (const topic of request.topics) {
      if (answered.has(topic.name)) continue;
      answered.add(topic.name);
      const failed = (type: ErrorName, message: string | null): CreatableTopicResult => ({
        name: topic.name,
        topicId: ZERO_UUID,
        errorCode: errorCode(type),
        errorMessage: message,
        numPartitions: -1,
        replicationFactor: -1,
      });
      if (duplicated.has(topic.name)) {
        topics.push(failed('INVALID_REQUEST', DUPLICATE_TOPIC));
        continue;
      }
      try {
        const topicRecords: MetadataRecord[] = [];
        topics.push(this.createTopic(topic, topicRecords));
        if (!request.validateOnly) records.push(...topicRecords);
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        topics.push(failed(error.type, error.message));
      }
    }
    return { records, response: { topics } };
  }

  private createTopic(topic: CreatableTopic, records: MetadataRecord[]): CreatableTopicResult {
    const { name } = topic;
    // The metadata log is not a regular topic (ControllerApis.createTopics).
    if (name === CLUSTER_METADATA_TOPIC) fail('INVALID_REQUEST', `Creation of internal topic ${CLUSTER_METADATA_TOPIC} is prohibited.`);
    this.validateNewTopicName(name);
    if (this.image.topicsByName.has(name)) fail('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`);
    const configRecords = this.configs.topicCreationRecords(name, topic.configs);
    const assignments = topic.assignments.length > 0 ? this.manualAssignments(topic) : this.placedAssignments(topic);
    const topicId = randomUuid(this.random);
    records.push({ type: 'Topic', name, topicId }, ...configRecords);
    assignments.forEach((replicas, partitionId) => records.push(this.newPartition(topicId, partitionId, replicas)));
    return {
      name,
      topicId,
      errorCode: 0,
      errorMessage: null,
      numPartitions: assignments.length,
      replicationFactor: assignments[0].length,
    };
  }

  /** ReplicationControlManager.validateNewTopicNames: legal name, and no '.'/'_' twin of an existing topic. */
  private validateNewTopicName(name: string): void {
    const invalid = invalidTopicNameMessage(name);
    if (invalid !== undefined) fail('INVALID_TOPIC_EXCEPTION', invalid);
    if (!hasCollisionChars(name) || this.image.topicsByName.has(name)) return;
    const unified = unifyCollisionChars(name);
    for (const existing of this.image.topicsByName.keys()) {
      if (unifyCollisionChars(existing) === unified) {
        fail('INVALID_TOPIC_EXCEPTION', `Topic '${name}' collides with existing topic: ${existing}`);
      }
    }
  }

  private manualAssignments(topic: CreatableTopic): number[][] {
    if (topic.replicationFactor !== -1) {
      fail('INVALID_REQUEST', 'A manual partition assignment was specified, but replication factor was not set to -1.');
    }
    if (topic.numPartitions !== -1) {
      fail('INVALID_REQUEST', 'A manual partition assignment was specified, but numPartitions was not set to -1.');
    }
    const byPartition = new Map<number, number[]>();
    let replicationFactor: number | undefined;
    for (const { partitionIndex, brokerIds } of topic.assignments) {
      if (byPartition.has(partitionIndex)) {
        fail('INVALID_REPLICA_ASSIGNMENT', `Found multiple manual partition assignments for partition ${partitionIndex}`);
      }
      this.cluster.validateManualPartitionAssignment(brokerIds, replicationFactor);
      replicationFactor = brokerIds.length;
      if (!brokerIds.some((id) => this.cluster.isActive(id))) {
        fail(
          'INVALID_REPLICATION_FACTOR',
          `All brokers specified in the manual partition assignment for partition ${partitionIndex} are fenced or in controlled shutdown.`,
        );
      }
      byPartition.set(partitionIndex, brokerIds);
    }
    const assignments: number[][] = [];
    for (let i = 0; i < byPartition.size; i++) {
      const replicas = byPartition.get(i);
      if (replicas === undefined) fail('INVALID_REPLICA_ASSIGNMENT', 'partitions should be a consecutive 0-based integer sequence');
      assignments.push(replicas);
    }
    return assignments;
  }

  private placedAssignments(topic: CreatableTopic): number[][] {
    if (topic.replicationFactor < -1 || topic.replicationFactor === 0) {
      fail('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0, or -1 to use the default value.');
    }
    if (topic.numPartitions < -1 || topic.numPartitions === 0) {
      fail('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.');
    }
    const broker = this.configs.brokerConfig();
    const numPartitions = topic.numPartitions === -1 ? broker.int('num.partitions') : topic.numPartitions;
    const replicationFactor = topic.replicationFactor === -1 ? broker.int('default.replication.factor') : topic.replicationFactor;
    const prefix = `Unable to replicate the partition ${replicationFactor} time(s): `;
    let assignments: number[][];
    try {
      assignments = placeReplicas(this.cluster.usableBrokers(), numPartitions, replicationFactor, this.random);
    } catch (error) {
      if (error instanceof KafkaError) fail(error.type, prefix + error.message);
      throw error;
    }
    // Placement may use fenced brokers as followers, but a partition needs one active replica to lead.
    if (assignments.some((replicas) => !replicas.some((id) => this.cluster.isActive(id)))) {
      fail('INVALID_REPLICATION_FACTOR', `${prefix}All brokers are currently fenced or in controlled shutdown.`);
    }
    return assignments;
  }

  /** A new partition: ISR = its active replicas in replica order, led by the first (epochs 0). */
  private newPartition(topicId: string, partitionId: number, replicas: number[]): PartitionRecord {
    const isr = replicas.filter((id) => this.cluster.isActive(id));
    return {
      type: 'Partition',
      topicId,
      partitionId,
      replicas,
      isr,
      removingReplicas: [],
      addingReplicas: [],
      leader: isr[0],
      leaderRecoveryState: LeaderRecoveryState.RECOVERED,
      leaderEpoch: 0,
      partitionEpoch: 0,
      // PartitionRegistration.toRecord writes the ELR fields only when ELR is on.
      ...(this.image.isElrFeatureEnabled() ? { elr: [], lastKnownElr: [] } : {}),
    };
  }

  deleteTopics(request: DeleteTopicsRequest): ControllerResult<DeleteTopicsResponse> {
    const records: MetadataRecord[] = [];
    const duplicated = duplicates(request.topicNames);
    const deletionEnabled = this.configs.brokerConfig().bool('delete.topic.enable');
    const responses = [...new Set(request.topicNames)].map((name) => {
      const topic = this.image.topicsByName.get(name);
      const answer = (type: ErrorName, message: string | null = null) => ({
        name,
        topicId: topic?.topicId ?? ZERO_UUID,
        errorCode: errorCode(type),
        errorMessage: message,
      });
      if (duplicated.has(name)) return answer('INVALID_REQUEST', DUPLICATE_TOPIC);
      if (!deletionEnabled) return answer('TOPIC_DELETION_DISABLED', ERRORS.TOPIC_DELETION_DISABLED.message);
      if (topic === undefined) return answer('UNKNOWN_TOPIC_OR_PARTITION', ERRORS.UNKNOWN_TOPIC_OR_PARTITION.message);
      records.push({ type: 'RemoveTopic', topicId: topic.topicId });
      return answer('NONE');
    });
    return { records, response: { responses } };
  }

  createPartitions(request: CreatePartitionsRequest): ControllerResult<CreatePartitionsResponse> {
    const records: MetadataRecord[] = [];
    const duplicated = duplicates(request.topics.map((topic) => topic.name));
    const answered = new Set<string>();
    const results: CreatePartitionsResponse['results'] = [];
    for (const topic of request.topics) {
      if (answered.has(topic.name)) continue;
      answered.add(topic.name);
      if (duplicated.has(topic.name)) {
        results.push({ name: topic.name, errorCode: errorCode('INVALID_REQUEST'), errorMessage: DUPLICATE_TOPIC });
        continue;
      }
      try {
        const topicRecords = this.createPartitionsOf(topic);
        if (!request.validateOnly) records.push(...topicRecords);
        results.push({ name: topic.name, errorCode: 0, errorMessage: null });
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        results.push({ name: topic.name, errorCode: error.code, errorMessage: error.message });
      }
    }
    return { records, response: { results } };
  }

  private createPartitionsOf(request: CreatePartitionsTopic): PartitionRecord[] {
    const topic = this.image.topicsByName.get(request.name);
    if (topic === undefined) fail('UNKNOWN_TOPIC_OR_PARTITION', ERRORS.UNKNOWN_TOPIC_OR_PARTITION.message);
    const current = topic.partitions.size;
    if (request.count === current) fail('INVALID_PARTITIONS', `Topic already has ${current} partition(s).`);
    if (request.count < current) {
      fail(
        'INVALID_PARTITIONS',
        `The topic ${request.name} currently has ${current} partition(s); ${request.count} would not be an increase.`,
      );
    }
    const additional = request.count - current;
    if (request.assignments !== null && request.assignments.length !== additional) {
      fail(
        'INVALID_REPLICA_ASSIGNMENT',
        `Attempted to add ${additional} additional partition(s), but only ${request.assignments.length} assignment(s) were specified.`,
      );
    }
    const replicationFactor = topic.partitions.get(0)!.replicas.length;
    let assignments: number[][];
    if (request.assignments !== null) {
      assignments = request.assignments;
      assignments.forEach((brokerIds, i) => {
        this.cluster.validateManualPartitionAssignment(brokerIds, replicationFactor);
        if (!brokerIds.some((id) => this.cluster.isActive(id))) {
          fail(
            'INVALID_REPLICA_ASSIGNMENT',
            `All brokers specified in the manual partition assignment for partition ${current + i} are fenced or in controlled shutdown.`,
          );
        }
      });
    } else {
      assignments = placeReplicas(this.cluster.usableBrokers(), additional, replicationFactor, this.random);
      if (assignments.some((replicas) => !replicas.some((id) => this.cluster.isActive(id)))) {
        fail(
          'INVALID_REPLICATION_FACTOR',
          `Unable to replicate the partition ${replicationFactor} time(s): All brokers are currently fenced or in controlled shutdown.`,
        );
      }
    }
    return assignments.map((replicas, i) => this.newPartition(topic.topicId, current + i, replicas));
  }
}

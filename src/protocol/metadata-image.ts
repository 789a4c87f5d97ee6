/**
 * The cluster metadata as it stands after replaying the metadata log up to some offset: Kafka's
 * MetadataImage, built the way MetadataDelta builds it. The controller and every broker hold one
 * and change it only through `apply`, so two replays of the same log give the same image.
 */
import type { Uuid } from '../core/uuid';
import type { Listener, MetadataLogEntry } from './apis/kraft';
import {
  ConfigResource,
  type LeaderRecoveryState,
  type BrokerRegistrationChangeRecord,
  type ClearElrRecord,
  type ConfigRecord,
  type FeatureLevelRecord,
  type PartitionChangeRecord,
  type PartitionRecord,
  type RegisterBrokerRecord,
} from './metadata-records';
import { topicPartitionKey } from './topic-partition';

export interface BrokerRegistration {
  brokerId: number;
  brokerEpoch: number;
  incarnationId: string;
  rack: string | null;
  listeners: Listener[];
  fenced: boolean;
  inControlledShutdown: boolean;
}

/** Immutable: every change to a partition makes a new object, so `before` stays valid in a change. */
export interface PartitionRegistration {
  topicId: Uuid;
  topicName: string;
  partition: number;
  replicas: number[];
  isr: number[];
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  leaderRecoveryState: LeaderRecoveryState;
  elr: number[];
  lastKnownElr: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

export interface TopicImage {
  name: string;
  topicId: Uuid;
  partitions: Map<number, PartitionRegistration>;
}

/** What one applied record changed, so brokers and the UI can react without diffing images. */
export type MetadataChange =
  | { kind: 'broker'; brokerId: number; before: BrokerRegistration | undefined; after: BrokerRegistration | undefined }
  | { kind: 'topic-created'; topic: TopicImage }
  | { kind: 'topic-removed'; topic: TopicImage }
  | { kind: 'partition'; before: PartitionRegistration | undefined; after: PartitionRegistration }
  | { kind: 'config'; resourceType: ConfigResource; resourceName: string; name: string; value: string | null }
  | { kind: 'producer-ids'; brokerId: number; nextProducerId: number }
  | { kind: 'feature'; name: string; featureLevel: number }
  /** A ClearElrRecord: every partition whose ELR or lastKnownElr it emptied (each with a new partition epoch). */
  | { kind: 'elr-cleared'; partitions: { before: PartitionRegistration; after: PartitionRegistration }[] }
  | { kind: 'noop' };

/** `leader` value meaning no leader (Kafka's LeaderConstants.NO_LEADER). */
export const NO_LEADER = -1;

/** EligibleLeaderReplicasVersion.FEATURE_NAME: level 1 turns eligible leader replicas (KIP-966) on. */
export const ELIGIBLE_LEADER_REPLICAS_VERSION = 'eligible.leader.replicas.version';

/** The key of a config resource in `MetadataImage.configs`; BROKER with name '' is the cluster default. */
export function resourceKey(resourceType: ConfigResource, resourceName: string): string {
  return `${resourceType === ConfigResource.TOPIC ? 'topic' : 'broker'}:${resourceName}`;
}

/** Unfenced and not shutting down: the only brokers that may lead or join an ISR (BrokerControlState). */
export function isActiveBroker(broker: BrokerRegistration | undefined): boolean {
  return broker !== undefined && !broker.fenced && !broker.inControlledShutdown;
}

/** A reassignment is in progress (KIP-455): replicas are being added or removed. */
export function isReassigning(partition: Pick<PartitionRegistration, 'addingReplicas' | 'removingReplicas'>): boolean {
  return partition.addingReplicas.length > 0 || partition.removingReplicas.length > 0;
}

/**
 * A partition after a PartitionChangeRecord (PartitionRegistration.merge): every change bumps
 * partitionEpoch; a record that carries a leader bumps leaderEpoch (PartitionChangeBuilder sets it
 * when the leader changes or a reassignment removes replicas, then naming the same leader).
 */
export function mergePartitionChange(before: PartitionRegistration, record: PartitionChangeRecord): PartitionRegistration {
  return {
    ...before,
    replicas: record.replicas ?? before.replicas,
    isr: record.isr ?? before.isr,
    leader: record.leader ?? before.leader,
    leaderEpoch: record.leader !== undefined ? before.leaderEpoch + 1 : before.leaderEpoch,
    partitionEpoch: before.partitionEpoch + 1,
    leaderRecoveryState: record.leaderRecoveryState ?? before.leaderRecoveryState,
    elr: record.elr ?? before.elr,
    lastKnownElr: record.lastKnownElr ?? before.lastKnownElr,
    addingReplicas: record.addingReplicas ?? before.addingReplicas,
    removingReplicas: record.removingReplicas ?? before.removingReplicas,
  };
}

export class MetadataImage {
  readonly brokers = new Map<number, BrokerRegistration>();
  readonly topicsById = new Map<Uuid, TopicImage>();
  readonly topicsByName = new Map<string, TopicImage>();
  /** resourceKey(type, name) -> config name -> value */
  readonly configs = new Map<string, Map<string, string>>();
  /** Offset of the last applied record, -1 when empty. */
  highestOffset = -1;
  /** The first producer id not yet handed to any broker (ProducerIdsImage). */
  nextProducerId = 0;
  /** Finalized feature levels by name (FeaturesImage); a feature at level 0 is absent. */
  readonly features = new Map<string, number>();

  /** The only mutation. Entries must come in offset order. */
  apply(entry: MetadataLogEntry): MetadataChange {
    if (entry.offset <= this.highestOffset) {
      throw new Error(`Metadata record at offset ${entry.offset} is not after the last applied offset ${this.highestOffset}`);
    }
    const change = this.replay(entry);
    this.highestOffset = entry.offset;
    return change;
  }

  /** The topic's config overrides only; defaults come from the broker config (see logConfig). */
  topicConfig(topicName: string): Record<string, string> {
    return Object.fromEntries(this.configs.get(resourceKey(ConfigResource.TOPIC, topicName)) ?? []);
  }

  partition(topic: string, partition: number): PartitionRegistration | undefined {
    return this.topicsByName.get(topic)?.partitions.get(partition);
  }

  /** FeatureControlManager.isElrFeatureEnabled: eligible.leader.replicas.version is at least 1. */
  isElrFeatureEnabled(): boolean {
    return (this.features.get(ELIGIBLE_LEADER_REPLICAS_VERSION) ?? 0) >= 1;
  }

  private replay(entry: MetadataLogEntry): MetadataChange {
    const record = entry.record;
    switch (record.type) {
      case 'RegisterBroker':
        return this.replayRegisterBroker(record);
      case 'UnregisterBroker': {
        const before = this.brokers.get(record.brokerId);
        if (before === undefined || before.brokerEpoch !== record.brokerEpoch) return { kind: 'noop' };
        this.brokers.delete(record.brokerId);
        return { kind: 'broker', brokerId: record.brokerId, before, after: undefined };
      }
      case 'BrokerRegistrationChange':
        return this.replayBrokerChange(record);
      case 'Topic': {
        const topic: TopicImage = { name: record.name, topicId: record.topicId, partitions: new Map() };
        this.topicsById.set(topic.topicId, topic);
        this.topicsByName.set(topic.name, topic);
        return { kind: 'topic-created', topic };
      }
      case 'Partition':
        return this.replayPartition(record);
      case 'PartitionChange':
        return this.replayPartitionChange(record);
      case 'Config':
        return this.replayConfig(record);
      case 'RemoveTopic': {
        const topic = this.requireTopic(record.topicId);
        this.topicsById.delete(topic.topicId);
        this.topicsByName.delete(topic.name);
        // A deleted topic's configs go with it (ReplicationControlManager.replay(RemoveTopicRecord)).
        this.configs.delete(resourceKey(ConfigResource.TOPIC, topic.name));
        return { kind: 'topic-removed', topic };
      }
      case 'ProducerIds':
        this.nextProducerId = record.nextProducerId;
        return { kind: 'producer-ids', brokerId: record.brokerId, nextProducerId: record.nextProducerId };
      case 'NoOp':
        return { kind: 'noop' };
      case 'FeatureLevel':
        return this.replayFeatureLevel(record);
      case 'ClearElr':
        return this.replayClearElr(record);
    }
  }

  /** FeatureControlManager.replay(FeatureLevelRecord): level 0 removes the feature. */
  private replayFeatureLevel(record: FeatureLevelRecord): MetadataChange {
    if (record.featureLevel === 0) this.features.delete(record.name);
    else this.features.set(record.name, record.featureLevel);
    return { kind: 'feature', name: record.name, featureLevel: record.featureLevel };
  }

  /**
   * ReplicationControlManager.replay(ClearElrRecord): every partition of the topic (or of every
   * topic) with an ELR or a lastKnownElr merges a change emptying both, which bumps its partition epoch.
   */
  private replayClearElr(record: ClearElrRecord): MetadataChange {
    let topics: TopicImage[];
    if (record.topicName === '') {
      topics = [...this.topicsById.values()];
    } else {
      const topic = this.topicsByName.get(record.topicName);
      if (topic === undefined) throw new Error(`Unable to find a topic named ${record.topicName} in order to clear its ELRs.`);
      topics = [topic];
    }
    const partitions: { before: PartitionRegistration; after: PartitionRegistration }[] = [];
    for (const topic of topics) {
      for (const before of topic.partitions.values()) {
        if (before.elr.length === 0 && before.lastKnownElr.length === 0) continue;
        const after = mergePartitionChange(before, {
          type: 'PartitionChange',
          topicId: topic.topicId,
          partitionId: before.partition,
          elr: [],
          lastKnownElr: [],
        });
        topic.partitions.set(before.partition, after);
        partitions.push({ before, after });
      }
    }
    return { kind: 'elr-cleared', partitions };
  }

  private replayRegisterBroker(record: RegisterBrokerRecord): MetadataChange {
    const before = this.brokers.get(record.brokerId);
    const after: BrokerRegistration = {
      brokerId: record.brokerId,
      brokerEpoch: record.brokerEpoch,
      incarnationId: record.incarnationId,
      rack: record.rack,
      listeners: record.listeners,
      fenced: record.fenced,
      inControlledShutdown: record.inControlledShutdown,
    };
    this.brokers.set(record.brokerId, after);
    return { kind: 'broker', brokerId: record.brokerId, before, after };
  }

  private replayBrokerChange(record: BrokerRegistrationChangeRecord): MetadataChange {
    const before = this.brokers.get(record.brokerId);
    // A change for an older registration is stale; ClusterControlManager.replay rejects it the same way.
    if (before === undefined || before.brokerEpoch !== record.brokerEpoch) return { kind: 'noop' };
    const after: BrokerRegistration = {
      ...before,
      fenced: record.fenced ?? before.fenced,
      inControlledShutdown: record.inControlledShutdown ?? before.inControlledShutdown,
    };
    this.brokers.set(record.brokerId, after);
    return { kind: 'broker', brokerId: record.brokerId, before, after };
  }

  private replayPartition(record: PartitionRecord): MetadataChange {
    const topic = this.requireTopic(record.topicId);
    const before = topic.partitions.get(record.partitionId);
    const after: PartitionRegistration = {
      topicId: record.topicId,
      topicName: topic.name,
      partition: record.partitionId,
      replicas: record.replicas,
      isr: record.isr,
      leader: record.leader,
      leaderEpoch: record.leaderEpoch,
      partitionEpoch: record.partitionEpoch,
      leaderRecoveryState: record.leaderRecoveryState,
      elr: record.elr ?? [],
      lastKnownElr: record.lastKnownElr ?? [],
      addingReplicas: record.addingReplicas,
      removingReplicas: record.removingReplicas,
    };
    topic.partitions.set(record.partitionId, after);
    return { kind: 'partition', before, after };
  }

  private replayPartitionChange(record: PartitionChangeRecord): MetadataChange {
    const topic = this.requireTopic(record.topicId);
    const before = topic.partitions.get(record.partitionId);
    if (before === undefined) {
      throw new Error(`PartitionChange for unknown partition ${topicPartitionKey(topic.name, record.partitionId)}`);
    }
    const after = mergePartitionChange(before, record);
    topic.partitions.set(record.partitionId, after);
    return { kind: 'partition', before, after };
  }

  private replayConfig(record: ConfigRecord): MetadataChange {
    const key = resourceKey(record.resourceType, record.resourceName);
    let values = this.configs.get(key);
    if (record.value === null) {
      values?.delete(record.name);
      if (values?.size === 0) this.configs.delete(key);
    } else {
      if (values === undefined) this.configs.set(key, (values = new Map()));
      values.set(record.name, record.value);
    }
    return {
      kind: 'config',
      resourceType: record.resourceType,
      resourceName: record.resourceName,
      name: record.name,
      value: record.value,
    };
  }

  private requireTopic(topicId: Uuid): TopicImage {
    const topic = this.topicsById.get(topicId);
    if (topic === undefined) throw new Error(`Metadata record for unknown topic id ${topicId}`);
    return topic;
  }
}

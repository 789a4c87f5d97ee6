/**
 * Broker registrations (Kafka's ClusterControlManager): who is registered, with which epoch, and
 * which brokers may hold replicas. The broker epoch is the offset of the broker's RegisterBrokerRecord.
 */
import type { BrokerRegistrationRequest } from '../protocol/apis/kraft';
import { fail } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import { isActiveBroker } from '../protocol/metadata-image';
import type { RegisterBrokerRecord } from '../protocol/metadata-records';
import type { BrokerHeartbeatManager } from './broker-heartbeat-manager';
import type { UsableBroker } from './striped-replica-placer';

export class ClusterControlManager {
  constructor(
    private readonly image: MetadataImage,
    private readonly heartbeats: BrokerHeartbeatManager,
    private readonly clusterId: string,
  ) {}

  /**
   * The record of a new registration, which starts fenced. A different incarnation is refused while
   * the registered one still holds a live session, so two processes never share a broker id.
   */
  registerBroker(request: BrokerRegistrationRequest, recordOffset: number, nowMs: number): RegisterBrokerRecord {
    if (request.clusterId !== this.clusterId) {
      // Kafka answers INCONSISTENT_CLUSTER_ID (104), which our error table does not carry.
      fail('INVALID_REQUEST', `Expected cluster ID ${this.clusterId}, but got cluster ID ${request.clusterId}`);
    }
    const existing = this.image.brokers.get(request.brokerId);
    if (existing !== undefined && existing.incarnationId !== request.incarnationId && this.heartbeats.hasValidSession(existing, nowMs)) {
      fail('DUPLICATE_BROKER_REGISTRATION', 'Another broker is registered with that broker id.');
    }
    return {
      type: 'RegisterBroker',
      brokerId: request.brokerId,
      incarnationId: request.incarnationId,
      brokerEpoch: recordOffset,
      listeners: request.listeners,
      rack: request.rack,
      fenced: true,
      inControlledShutdown: false,
    };
  }

  checkBrokerEpoch(brokerId: number, brokerEpoch: number): void {
    const registration = this.image.brokers.get(brokerId);
    if (registration === undefined) fail('STALE_BROKER_EPOCH', `No broker registration found for broker ${brokerId}`);
    if (registration.brokerEpoch !== brokerEpoch) {
      fail('STALE_BROKER_EPOCH', `Expected broker epoch ${registration.brokerEpoch}, but got broker epoch ${brokerEpoch}`);
    }
  }

  isActive(brokerId: number): boolean {
    return isActiveBroker(this.image.brokers.get(brokerId));
  }

  /** Every registered broker not shutting down, fenced ones included (ClusterControlManager.usableBrokers). */
  usableBrokers(): UsableBroker[] {
    return [...this.image.brokers.values()]
      .filter((broker) => !broker.inControlledShutdown && !this.heartbeats.isShuttingDown(broker.brokerId))
      .map((broker) => ({ id: broker.brokerId, rack: broker.rack, fenced: broker.fenced }));
  }

  /** ReplicationControlManager.validateManualPartitionAssignment: CreateTopics, CreatePartitions and reassignments. */
  validateManualPartitionAssignment(brokerIds: number[], replicationFactor: number | undefined): void {
    if (brokerIds.length === 0) fail('INVALID_REPLICA_ASSIGNMENT', 'The manual partition assignment includes an empty replica list.');
    const sorted = [...brokerIds].sort((a, b) => a - b);
    sorted.forEach((id, i) => {
      if (!this.image.brokers.has(id)) {
        fail('INVALID_REPLICA_ASSIGNMENT', `The manual partition assignment includes broker ${id}, but no such broker is registered.`);
      }
      if (i > 0 && sorted[i - 1] === id) {
        fail('INVALID_REPLICA_ASSIGNMENT', `The manual partition assignment includes the broker ${id} more than once.`);
      }
    });
    if (replicationFactor !== undefined && brokerIds.length !== replicationFactor) {
      fail(
        'INVALID_REPLICA_ASSIGNMENT',
        `The manual partition assignment includes a partition with ${brokerIds.length} replica(s), but this is not consistent with previous partitions, which have ${replicationFactor} replica(s).`,
      );
    }
  }
}

import type { Listener, MetadataRecord } from '../metadata-records';

export type { Listener };

/**
 * The broker-to-controller APIs of KRaft: BrokerRegistration (62), BrokerHeartbeat (63),
 * AlterPartition (56), and the broker's fetch of the `__cluster_metadata` log.
 */
export interface BrokerRegistrationRequest {
  brokerId: number;
  clusterId: string;
  /** A fresh UUID per process start: lets the controller tell a restart from a duplicate. */
  incarnationId: string;
  listeners: Listener[];
  rack: string | null;
  /** The epoch of the previous registration if the broker shut down cleanly, else -1 (KIP-966). */
  previousBrokerEpoch: number;
}

export interface BrokerRegistrationResponse {
  errorCode: number;
  errorMessage: string | null;
  brokerEpoch: number;
}

export interface BrokerHeartbeatRequest {
  brokerId: number;
  brokerEpoch: number;
  /** The offset of the last metadata record the broker has applied. */
  currentMetadataOffset: number;
  wantFence: boolean;
  wantShutDown: boolean;
}

export interface BrokerHeartbeatResponse {
  errorCode: number;
  isCaughtUp: boolean;
  isFenced: boolean;
  shouldShutDown: boolean;
}

export interface AlterPartitionRequest {
  brokerId: number;
  brokerEpoch: number;
  topics: {
    topicName: string;
    partitions: {
      partitionIndex: number;
      leaderEpoch: number;
      newIsrWithEpochs: { brokerId: number; brokerEpoch: number }[];
      leaderRecoveryState: number;
      partitionEpoch: number;
    }[];
  }[];
}

export interface AlterPartitionResponse {
  errorCode: number;
  topics: {
    topicName: string;
    partitions: {
      partitionIndex: number;
      errorCode: number;
      leaderId: number;
      leaderEpoch: number;
      isr: number[];
      leaderRecoveryState: number;
      partitionEpoch: number;
    }[];
  }[];
}

/** One committed record of the metadata log. */
export interface MetadataLogEntry {
  offset: number;
  timestampMs: number;
  record: MetadataRecord;
}

/**
 * A broker's long-poll fetch of `__cluster_metadata` from the active controller: the records at
 * and after `fetchOffset`, or an empty answer after `maxWaitMs` if there are none.
 */
export interface MetadataFetchRequest {
  brokerId: number;
  fetchOffset: number;
  maxWaitMs: number;
}

export interface MetadataFetchResponse {
  errorCode: number;
  highWatermark: number;
  records: MetadataLogEntry[];
}

import { SeededRandom } from '../../src/core/random';
import { Controller } from '../../src/controller/controller';
import type { CreatableTopic, CreateTopicsResponse } from '../../src/protocol/apis/topics';
import type { AlterPartitionRequest, BrokerHeartbeatRequest, BrokerHeartbeatResponse } from '../../src/protocol/apis/kraft';
import { BrokerConfig } from '../../src/protocol/configs';
import type { MetadataLogEntry } from '../../src/protocol/apis/kraft';
import { ManualClock } from './manual-clock';

export const CLUSTER_ID = 'test-cluster-id-AAAAAA';

export interface Harness {
  clock: ManualClock;
  controller: Controller;
  /**
   * Registers a broker (fenced) and returns its broker epoch. `previousBrokerEpoch` is what a broker
   * that shut down cleanly sends (KIP-966); -1 by default, as after a crash.
   */
  register(brokerId: number, options?: { rack?: string | null; incarnationId?: string; previousBrokerEpoch?: number }): Promise<number>;
  /** A heartbeat with the broker's current epoch, caught up to the log unless told otherwise. */
  heartbeat(brokerId: number, request?: Partial<BrokerHeartbeatRequest>): Promise<BrokerHeartbeatResponse>;
  /** Registers and unfences the brokers. */
  start(brokerIds: number[], racks?: (string | null)[]): Promise<void>;
  createTopic(
    name: string,
    numPartitions: number,
    replicationFactor: number,
    extra?: Partial<CreatableTopic>,
  ): Promise<CreateTopicsResponse['topics'][number]>;
  epoch(brokerId: number): number;
}

export function harness(
  options: {
    config?: Record<string, string | number | boolean>;
    seed?: number;
    clock?: ManualClock;
    metadataLog?: MetadataLogEntry[];
    /** Feature levels a new metadata log starts with (kafka-storage format --feature). */
    features?: Record<string, number>;
  } = {},
): Harness {
  const clock = options.clock ?? new ManualClock();
  const controller = new Controller({
    clock,
    random: new SeededRandom(options.seed ?? 1),
    config: BrokerConfig.from(options.config ?? {}),
    clusterId: CLUSTER_ID,
    metadataLog: options.metadataLog,
    ...(options.features === undefined ? {} : { features: options.features }),
  });
  const epoch = (brokerId: number) => controller.image.brokers.get(brokerId)?.brokerEpoch ?? -1;
  const h: Harness = {
    clock,
    controller,
    epoch,
    async register(brokerId, { rack = null, incarnationId = `incarnation-${brokerId}`, previousBrokerEpoch = -1 } = {}) {
      const response = await controller.handle(
        'BrokerRegistration',
        {
          brokerId,
          clusterId: CLUSTER_ID,
          incarnationId,
          listeners: [{ name: 'PLAINTEXT', host: `broker-${brokerId}`, port: 9092 }],
          rack,
          previousBrokerEpoch,
        },
        `broker-${brokerId}`,
      );
      if (response.errorCode !== 0) throw new Error(`registration failed: ${response.errorMessage}`);
      return response.brokerEpoch;
    },
    heartbeat(brokerId, request = {}) {
      return controller.handle(
        'BrokerHeartbeat',
        {
          brokerId,
          brokerEpoch: epoch(brokerId),
          currentMetadataOffset: controller.image.highestOffset,
          wantFence: false,
          wantShutDown: false,
          ...request,
        },
        `broker-${brokerId}`,
      );
    },
    async start(brokerIds, racks) {
      for (const [i, id] of brokerIds.entries()) await h.register(id, { rack: racks?.[i] ?? null });
      for (const id of brokerIds) await h.heartbeat(id);
    },
    async createTopic(name, numPartitions, replicationFactor, extra = {}) {
      const response = await controller.handle(
        'CreateTopics',
        {
          topics: [{ name, numPartitions, replicationFactor, assignments: [], configs: [], ...extra }],
          timeoutMs: 30000,
          validateOnly: false,
        },
        'client-1',
      );
      return response.topics[0];
    },
  };
  return h;
}

/** Keeps the given brokers' sessions alive while time passes, one heartbeat per broker.heartbeat.interval.ms. */
export async function advanceWithHeartbeats(h: Harness, ms: number, brokerIds: number[], stepMs = 2000): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += stepMs) {
    for (const id of brokerIds) await h.heartbeat(id);
    await h.clock.advance(Math.min(stepMs, ms - elapsed));
  }
}

/** An AlterPartition from the current leader of t-0 (or `brokerId`) with its current epochs, overridable. */
export function alterIsr(
  h: Harness,
  isr: number[],
  overrides: Partial<AlterPartitionRequest['topics'][0]['partitions'][0]> = {},
  brokerId?: number,
) {
  const p = h.controller.image.partition('t', 0)!;
  const from = brokerId ?? p.leader;
  return h.controller.handle(
    'AlterPartition',
    {
      brokerId: from,
      brokerEpoch: h.epoch(from),
      topics: [
        {
          topicName: 't',
          partitions: [
            {
              partitionIndex: 0,
              leaderEpoch: p.leaderEpoch,
              partitionEpoch: p.partitionEpoch,
              leaderRecoveryState: 0,
              newIsrWithEpochs: isr.map((id) => ({ brokerId: id, brokerEpoch: h.epoch(id) })),
              ...overrides,
            },
          ],
        },
      ],
    },
    `broker-${from}`,
  );
}

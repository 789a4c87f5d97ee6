/**
 * Raw group requests on an in-process cluster, the way a client sends them: FindCoordinator to any
 * broker, then the group API to the coordinator broker, which forwards it to the group coordinator.
 */
import { createCluster, type CreateClusterOptions } from '../../src/index';
import type { InProcessCluster } from '../../src/sim/in-process-cluster';
import { ByteWriter } from '../../src/protocol/schema-types';
import { GROUP_METADATA_TOPIC_NAME, groupPartition } from '../../src/protocol/internal-topics';
import { errorName } from '../../src/protocol/errors';
import { brokerAddress, type ApiKey, type RequestOf, type ResponseOf } from '../../src/protocol/rpc';
import { until } from '../support/until';

export interface GroupHarness {
  cluster: InProcessCluster;
  /** Sends to a broker and runs the simulation until the answer comes. */
  send<K extends ApiKey>(brokerId: number, api: K, body: RequestOf<K>, timeoutMs?: number): Promise<ResponseOf<K>>;
  /** Starts a request without running the simulation: for requests that wait on each other. */
  start<K extends ApiKey>(brokerId: number, api: K, body: RequestOf<K>, timeoutMs?: number): Promise<ResponseOf<K>>;
  /** The coordinator broker of a group, asking again while it is not available. */
  coordinator(groupId: string): Promise<number>;
}

export async function groupHarness(options: CreateClusterOptions = {}): Promise<GroupHarness> {
  const { cluster } = await createCluster({
    brokers: 3,
    ...options,
    config: { 'offsets.topic.num.partitions': 5, ...options.config },
  });
  const transport = cluster.network.transport('client-1-consumer-1');
  const start = <K extends ApiKey>(brokerId: number, api: K, body: RequestOf<K>, timeoutMs = 600_000) =>
    transport.request(brokerAddress(brokerId), api, body, timeoutMs);
  const send = <K extends ApiKey>(brokerId: number, api: K, body: RequestOf<K>, timeoutMs?: number) =>
    cluster.run(start(brokerId, api, body, timeoutMs), api);
  const coordinator = async (groupId: string) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const brokerId = cluster.brokerIds().find((id) => cluster.broker(id).state === 'running')!;
      const response = await send(brokerId, 'FindCoordinator', { keyType: 0, coordinatorKeys: [groupId] });
      const found = response.coordinators[0];
      if (found.errorCode === 0) {
        // The coordinator must also have loaded its shard. A broker whose metadata is behind may still
        // name a dead one, which refuses the connection: ask again.
        const probe = await send(found.nodeId, 'OffsetFetch', {
          groups: [{ groupId, memberId: null, memberEpoch: -1, topics: [] }],
          requireStable: false,
        }).catch(() => null);
        if (probe?.groups[0].errorCode === 0) return found.nodeId;
      }
      await cluster.advance(200);
    }
    throw new Error(`No coordinator for ${groupId}`);
  };
  return { cluster, send, start, coordinator };
}

/** ConsumerProtocolSubscription v0: the topics, and no user data. */
export function subscription(topics: string[]): Uint8Array {
  const writer = new ByteWriter().int16(0).int32(topics.length);
  for (const topic of topics) writer.string(topic);
  return writer.int32(-1).toBytes();
}

export function joinRequest(groupId: string, memberId: string, overrides: Partial<RequestOf<'JoinGroup'>> = {}): RequestOf<'JoinGroup'> {
  return {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 30_000,
    memberId,
    groupInstanceId: null,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: subscription(['orders']) }],
    reason: null,
    ...overrides,
  };
}

export const errorOf = (code: number) => errorName(code);

/** Another group id on the same shard as `groupId` (with the harness's 5 partitions). */
export function siblingGroup(groupId: string, prefix: string): string {
  return Array.from({ length: 200 }, (_, i) => `${prefix}-${i}`).find((id) => groupPartition(id, 5) === groupPartition(groupId, 5))!;
}

/**
 * Waits until the __consumer_offsets partition of `groupId`, led by the killed broker `dead`, has
 * a new leader: the controller fenced `dead` after broker.session.timeout.ms and elected another.
 */
export function untilCoordinatorPartitionMoves(cluster: InProcessCluster, groupId: string, dead: number): Promise<number> {
  const partitions = cluster.describe().topics.find((t) => t.name === GROUP_METADATA_TOPIC_NAME)!.partitions.length;
  const partition = groupPartition(groupId, partitions);
  return until(cluster, `${GROUP_METADATA_TOPIC_NAME}-${partition}, the partition of group ${groupId}, has a new leader`, () => {
    const leader = cluster.leaderOf(GROUP_METADATA_TOPIC_NAME, partition);
    return leader !== dead && leader !== -1;
  });
}

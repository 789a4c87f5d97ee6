/**
 * The one `describe()`: the controller's image gives brokers' registrations, topics, replicas (with
 * any reassignment in progress), ISR, ELR and leaders; the runtime supplies what only it knows, each
 * broker's process state and the leader's offsets (read synchronously in process, polled from the
 * worker in the browser).
 */
import type { MetadataImage } from '../protocol/metadata-image';
import type {
  BrokerDescription,
  BrokerState,
  ClusterDescription,
  PartitionDescription,
  ReplicaOffsets,
  TopicDescription,
} from './cluster-description';

export type LeaderOffsets = Pick<PartitionDescription, 'highWatermark' | 'logEndOffset' | 'logStartOffset'>;

export const UNKNOWN_OFFSETS: LeaderOffsets = { highWatermark: -1, logEndOffset: -1, logStartOffset: -1 };

/** What the operator last did to a broker's process; the image says whether a running one is fenced. */
export type BrokerLifecycle = 'running' | 'shutdown' | 'killed';

export interface DescribedBroker {
  id: number;
  rack: string | null;
  lifecycle: BrokerLifecycle;
  /** Whether the controller has unfenced the running process since it started (BrokerServer.startup's initialUnfenceFuture). */
  unfenced: boolean;
}

export interface DescribeInput {
  controllerId: number;
  image: MetadataImage;
  /** Every broker the cluster has, in id order. */
  brokers: readonly DescribedBroker[];
  /** The leader's offsets of a partition, UNKNOWN_OFFSETS when its process cannot say. */
  leaderOffsets(leader: number, topic: string, partition: number): LeaderOffsets;
  /** When a broker's session runs out (Controller.sessionDeadlineMs), and the time now. */
  sessionDeadlineMs(brokerId: number): number | undefined;
  nowMs: number;
  /** broker.session.timeout.ms and broker.heartbeat.interval.ms: a heartbeat not heard for longer than an interval and a half is overdue. */
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

export function describeCluster(input: DescribeInput): ClusterDescription {
  const { controllerId, image, brokers, leaderOffsets } = input;
  return {
    controller: controllerId,
    brokers: brokers.map((b) => describeBroker(b, input)),
    topics: describeTopics(image, leaderOffsets),
  };
}

function describeBroker(broker: DescribedBroker, input: DescribeInput): BrokerDescription {
  const { image, nowMs } = input;
  const state = brokerState(image, broker);
  const deadlineMs = overdueSessionDeadlineMs(broker.id, input);
  const registration = image.brokers.get(broker.id);
  return {
    id: broker.id,
    rack: broker.rack,
    state,
    ...(state === 'starting'
      ? { waitingFor: registration !== undefined && !registration.fenced ? ('old-session-to-expire' as const) : ('registration' as const) }
      : {}),
    ...(deadlineMs === undefined ? {} : { sessionEndsInMs: Math.max(0, Math.round(deadlineMs - nowMs)) }),
  };
}

/**
 * The session deadline of a broker whose heartbeat is overdue: silent for longer than an interval
 * and a half, so the controller will fence it at that deadline unless one arrives (a killed broker,
 * one cut off from the controller, an old incarnation whose process was restarted). A broker that
 * heartbeats as it should has none: its deadline moves on with every heartbeat.
 */
function overdueSessionDeadlineMs(brokerId: number, input: DescribeInput): number | undefined {
  const deadlineMs = input.sessionDeadlineMs(brokerId);
  if (deadlineMs === undefined) return undefined;
  const silentMs = input.nowMs - (deadlineMs - input.sessionTimeoutMs);
  return silentMs > 1.5 * input.heartbeatIntervalMs ? deadlineMs : undefined;
}

/**
 * A running process is 'starting' until the controller has unfenced it since it started; then the
 * controller's image says whether it is fenced (say, cut off from the controller) or running.
 */
export function brokerState(image: MetadataImage, broker: Pick<DescribedBroker, 'id' | 'lifecycle' | 'unfenced'>): BrokerState {
  if (broker.lifecycle !== 'running') return broker.lifecycle;
  if (!broker.unfenced) return 'starting';
  const registration = image.brokers.get(broker.id);
  return registration === undefined || registration.fenced ? 'fenced' : 'running';
}

function describeTopics(image: MetadataImage, leaderOffsets: DescribeInput['leaderOffsets']): TopicDescription[] {
  return [...image.topicsByName.values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((topic) => ({
      name: topic.name,
      topicId: topic.topicId,
      configs: image.topicConfig(topic.name),
      partitions: [...topic.partitions.values()]
        .sort((a, b) => a.partition - b.partition)
        .map((p) => ({
          partition: p.partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: [...p.replicas],
          isr: [...p.isr],
          addingReplicas: [...p.addingReplicas],
          removingReplicas: [...p.removingReplicas],
          elr: [...p.elr],
          lastKnownElr: [...p.lastKnownElr],
          ...leaderOffsets(p.leader, topic.name, p.partition),
        })),
    }));
}

/** What replicaOffsets() needs of a broker's view of its replica. */
export interface ReplicaStateView {
  logEndOffset: number;
  highWatermark: number;
  followers: { brokerId: number; logEndOffset: number; lastCaughtUpTimeMs: number }[];
}

/**
 * One replica's offsets from its own broker, and, for a follower the leader keeps in the ISR
 * though it is behind and has not caught up for a third of replica.lag.time.max.ms, the time until
 * the leader's ISR check takes it out (Replica.isCaughtUp: at the leader's log end, or caught up
 * within the lag time; a follower at the log end stays whether it fetches or not).
 */
export function replicaOffsetsOf(
  brokerId: number,
  own: ReplicaStateView | undefined,
  leader: ReplicaStateView | undefined,
  /** Whether the controller has the replica in the ISR now (a polled leader may say so a little longer). */
  inIsr: boolean,
  nowMs: number,
  replicaLagTimeMaxMs: number,
): ReplicaOffsets | undefined {
  if (own === undefined) return undefined;
  const offsets: ReplicaOffsets = { logEndOffset: own.logEndOffset, highWatermark: own.highWatermark };
  const follower = inIsr ? leader?.followers.find((f) => f.brokerId === brokerId) : undefined;
  if (leader === undefined || follower === undefined || follower.logEndOffset >= leader.logEndOffset) return offsets;
  const behindMs = nowMs - follower.lastCaughtUpTimeMs;
  if (behindMs < replicaLagTimeMaxMs / 3) return offsets;
  return { ...offsets, leavesIsrInMs: Math.max(0, Math.round(replicaLagTimeMaxMs - behindMs)) };
}

/** One partition of a description; throws, naming it, if the topic or partition does not exist. */
export function partitionOf(description: ClusterDescription, topic: string, partition: number): PartitionDescription {
  const found = description.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition);
  if (found === undefined) throw new Error(`No partition ${topic}-${partition} in this cluster.`);
  return found;
}

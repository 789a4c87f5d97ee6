/**
 * A consumer group of `members` consumers reading `topics` with auto-commit, as an application
 * would run it: each member joins with the chosen protocol and assignor and counts what it
 * receives. Members start together and join in the background, so a group waiting out
 * group.initial.rebalance.delay.ms does not hold up the caller.
 */
import type { Clock } from '../core/clock';
import type { Kafka } from '../client/kafka';
import type { Consumer } from '../client/consumer/consumer';
import type { ConsumerConfig } from '../client/consumer/consumer-config';
import { CONSUMER_EVENTS } from '../client/consumer/consumer-events';
import { invalidSpec, toWorkloadError } from './workload-error';
import { OffsetRanges } from './offset-ranges';
import type {
  ConsumerGroupWorkloadSnapshot,
  ConsumerGroupWorkloadSpec,
  ConsumerMemberSnapshot,
  ReceivedPartition,
  WorkloadError,
  WorkloadState,
} from './workload-types';

export const MAX_MEMBERS = 32;

export interface ReceivedRecord {
  member: number;
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
}

export interface ConsumerGroupWorkloadDeps {
  kafka: Kafka;
  clock: Clock;
  onChange: () => void;
}

interface Member {
  clientId: string;
  consumer: Consumer;
  recordsReceived: number;
  /** Killed as by kill -9: it never answers again, and stopping the group leaves it be. */
  crashed: boolean;
}

const text = new TextDecoder();

export class ConsumerGroupWorkload {
  private readonly spec: ConsumerGroupWorkloadSpec;
  private readonly members: Member[];
  private readonly received = new Map<string, { topic: string; partition: number; offsets: OffsetRanges; highestOffset: number }>();
  private readonly recordListeners = new Set<(record: ReceivedRecord) => void>();
  private state: WorkloadState = 'stopped';
  private recordsReceived = 0;
  private lastError: WorkloadError | null = null;

  constructor(
    readonly id: string,
    spec: ConsumerGroupWorkloadSpec,
    private readonly deps: ConsumerGroupWorkloadDeps,
  ) {
    this.spec = validate(spec);
    const config = consumerConfig(this.spec);
    this.members = Array.from({ length: this.spec.members ?? 1 }, (_, i) => ({
      clientId: `${id}-member-${i + 1}`,
      consumer: deps.kafka.consumer(config),
      recordsReceived: 0,
      crashed: false,
    }));
  }

  /** Connects and subscribes every member (bad topics fail here), then lets them join in the background. */
  async start(): Promise<void> {
    try {
      for (const member of this.members) {
        await member.consumer.connect();
        await member.consumer.subscribe({ topics: this.spec.topics, fromBeginning: this.spec.fromBeginning ?? false });
        member.consumer.on<{ error: unknown }>(CONSUMER_EVENTS.CRASH, (event) => this.failed(event.payload.error));
        member.consumer.on(CONSUMER_EVENTS.GROUP_JOIN, () => this.deps.onChange());
      }
    } catch (error) {
      // The workload is dropped when it cannot start: the members already connected must not linger.
      await Promise.all(this.members.map((member) => member.consumer.disconnect().catch(() => undefined)));
      throw error;
    }
    this.state = 'running';
    this.members.forEach((member, index) => {
      member.consumer
        .run({ eachMessage: async ({ topic, partition, message }) => this.receive(index, topic, partition, message) })
        .catch((error: unknown) => this.failed(error));
    });
  }

  /** Every member still alive commits what it read and leaves the group. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    const alive = this.members.filter((member) => !member.crashed);
    await Promise.all(alive.map((member) => member.consumer.disconnect().catch((error: unknown) => this.failed(error))));
  }

  /** Kills member `number` (1-based) through `crash`, which silences its process's network address. */
  crashMember(number: number, crash: (address: string) => void): void {
    const member = this.members[number - 1];
    if (member === undefined) throw invalidSpec(`The group has members 1 to ${this.members.length}; there is no member ${number}.`);
    if (member.crashed) throw invalidSpec(`Member ${number} (${member.clientId}) has already crashed.`);
    member.crashed = true;
    crash(member.consumer.address());
  }

  /** Called for each record a member receives, for tests that check nothing was missed. */
  onRecord(listener: (record: ReceivedRecord) => void): () => void {
    this.recordListeners.add(listener);
    return () => this.recordListeners.delete(listener);
  }

  snapshot(): ConsumerGroupWorkloadSnapshot {
    return {
      kind: 'consumer-group',
      id: this.id,
      spec: this.spec,
      state: this.state,
      members: this.members.map((member) => memberSnapshot(member)),
      recordsReceived: this.recordsReceived,
      received: [...this.received.values()]
        .map(({ topic, partition, offsets, highestOffset }): ReceivedPartition => ({
          topic,
          partition,
          distinct: offsets.size,
          highestOffset,
        }))
        .sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1)),
      lastError: this.lastError,
    };
  }

  private receive(
    member: number,
    topic: string,
    partition: number,
    message: { offset: string; key: Uint8Array | null; value: Uint8Array | null },
  ): void {
    const offset = Number(message.offset);
    const key = `${topic}:${partition}`;
    const progress = this.received.get(key) ?? { topic, partition, offsets: new OffsetRanges(), highestOffset: -1 };
    progress.offsets.add(offset);
    progress.highestOffset = Math.max(progress.highestOffset, offset);
    this.received.set(key, progress);
    this.recordsReceived++;
    this.members[member].recordsReceived++;
    if (this.recordListeners.size > 0) {
      const record: ReceivedRecord = {
        member,
        topic,
        partition,
        offset,
        key: message.key === null ? null : text.decode(message.key),
        value: message.value === null ? null : text.decode(message.value),
      };
      for (const listener of [...this.recordListeners]) listener(record);
    }
    this.deps.onChange();
  }

  private failed(error: unknown): void {
    this.lastError = toWorkloadError(error);
    this.deps.onChange();
  }
}

function memberSnapshot({ clientId, consumer, recordsReceived, crashed }: Member): ConsumerMemberSnapshot {
  const lagMax = consumer.metrics()['records-lag-max'];
  const count = (value: string | null) => (value === null ? null : Number(value));
  return {
    clientId,
    memberId: consumer.memberId(),
    assignment: consumer.assignment().flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition }))),
    partitions: consumer.positions().map((p) => ({
      topic: p.topic,
      partition: p.partition,
      position: count(p.position),
      committed: count(p.committed),
      highWatermark: count(p.highWatermark),
      lag: count(p.lag),
    })),
    recordsReceived,
    recordsLagMax: Number.isNaN(lagMax) ? null : lagMax,
    crashed,
  };
}

function consumerConfig(spec: ConsumerGroupWorkloadSpec): ConsumerConfig {
  const config: ConsumerConfig = {
    groupId: spec.groupId,
    groupProtocol: spec.protocol ?? 'classic',
    autoOffsetReset: spec.fromBeginning === true ? 'earliest' : 'latest',
  };
  if (config.groupProtocol === 'classic') {
    if (spec.assignor !== undefined) config.partitionAssigners = [spec.assignor];
    // KIP-848 members get their timeouts from the broker (group.consumer.*); only classic members send them.
    if (spec.sessionTimeoutMs !== undefined) config.sessionTimeout = spec.sessionTimeoutMs;
    if (spec.heartbeatIntervalMs !== undefined) config.heartbeatInterval = spec.heartbeatIntervalMs;
  } else if (spec.assignor !== undefined) {
    config.groupRemoteAssignor = spec.assignor;
  }
  return config;
}

function validate(spec: ConsumerGroupWorkloadSpec): ConsumerGroupWorkloadSpec {
  if (typeof spec?.groupId !== 'string' || spec.groupId === '') throw invalidSpec('groupId must be a non-empty string.');
  if (!Array.isArray(spec.topics) || spec.topics.length === 0 || spec.topics.some((topic) => typeof topic !== 'string' || topic === '')) {
    throw invalidSpec('topics must list at least one topic name.');
  }
  const members = spec.members ?? 1;
  if (!Number.isInteger(members) || members < 1 || members > MAX_MEMBERS)
    throw invalidSpec(`members must be a whole number from 1 to ${MAX_MEMBERS}; got ${String(members)}.`);
  const protocol = spec.protocol ?? 'classic';
  if (protocol !== 'classic' && protocol !== 'consumer')
    throw invalidSpec(`protocol must be 'classic' or 'consumer'; got ${String(protocol)}.`);
  return { ...spec, topics: [...spec.topics], members, protocol };
}

/**
 * What a chaos run puts through the cluster: pairs of acks=all producers, one idempotent and one not,
 * writing unique values; a consumer group with auto-commit whose members can crash and be replaced;
 * and an observer that reads the group's committed offsets from its coordinator (OffsetFetch, as
 * kafka-consumer-groups.sh --describe does) every second, so a committed offset that goes down is
 * seen when it happens.
 *
 * Every observation is written to the run's event log, which the checkers and the minimal
 * histories read. The same workload runs on either runtime (src/chaos/chaos-run.ts): a ChaosDriver
 * is what differs.
 */
import { scheduleRepeating, type Clock, type Timer } from '../core/clock';
import type { Random } from '../core/random';
import type { AdminConfig } from '../client/admin/admin';
import type { Kafka } from '../client/kafka';
import type { Consumer } from '../client/consumer/consumer';
import type { ConsumerConfig } from '../client/consumer/consumer-config';
import type { InstrumentationEvent } from '../client/consumer/consumer-events';
import type { ProducerConfig } from '../client/producer/producer-config';
import type { EpochBump, Producer } from '../client/producer/producer';
import type { AckedRecord } from './checkers/acked-records';
import type { CommittedOffsetObservation, OffsetReset } from './checkers/committed-offsets';
import { topicPartitionKey } from '../protocol/topic-partition';
import type { ChaosEvent } from './chaos-history';

const SEND_INTERVAL_MS = 100;
const OFFSETS_POLL_INTERVAL_MS = 2_000;
const FETCH_MIN_BYTES = 100_000;
const FETCH_MAX_WAIT_MS = 2_000;

/** Where the workload runs: its clock and the crash of a client process. */
export interface ChaosDriver {
  clock: Clock;
  /** Time since the run started, for the observations. */
  elapsedMs(): number;
  /** Waits for `promise` (on virtual time, by running the simulation until it settles). */
  run<T>(promise: Promise<T>, what: string): Promise<T>;
  /** Kills a client process of the consumers' Kafka client by its address there ('consumer-2'): no LeaveGroup, no last commit. */
  crashClient(clientAddress: string): void;
}

export interface ChaosRecord extends AckedRecord {
  /** Duplicates are an anomaly only for the idempotent producer (and even then allowed after an epoch bump). */
  idempotent: boolean;
}

export class ChaosProducers {
  readonly acked: ChaosRecord[] = [];
  private readonly pending: Promise<void>[] = [];
  private sent = 0;
  private timer: Timer | null = null;
  private readonly idempotentProducers: Producer[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly partitions: number,
    private readonly log: (event: Omit<ChaosEvent, 'atMs'>) => void,
    /** Configs every producer takes, e.g. a delivery.timeout.ms that fits a wall-clock run. */
    private readonly config: ProducerConfig = {},
    /** How many pairs of producers (one idempotent, one not) take turns sending. */
    private readonly pairs = 1,
  ) {}

  get sentCount(): number {
    return this.sent;
  }

  start(clock: Clock, random: Random): void {
    const idempotent = Array.from({ length: this.pairs }, () => this.kafka.producer({ ...this.config, idempotent: true }));
    this.idempotentProducers.push(...idempotent);
    const plain = Array.from({ length: this.pairs }, () => this.kafka.producer({ ...this.config, idempotent: false }));
    this.timer = scheduleRepeating(clock, SEND_INTERVAL_MS, () => {
      const isIdempotent = this.sent % 2 === 0;
      const pair = Math.floor(this.sent / 2) % this.pairs;
      const value = `${isIdempotent ? 'i' : 'p'}${this.sent++}`;
      const partition = random.nextInt(this.partitions);
      const producer = (isIdempotent ? idempotent : plain)[pair];
      this.pending.push(
        producer.send({ topic: this.topic, acks: -1, messages: [{ value, partition }] }).then(
          ([meta]) => {
            const offset = Number(meta.baseOffset);
            this.acked.push({ topic: this.topic, partition, offset, value, idempotent: isIdempotent });
            this.log({
              kind: 'ack',
              description: `ack ${JSON.stringify(value)} at ${topicPartitionKey(this.topic, partition)}@${offset} (${isIdempotent ? 'idempotent' : 'plain'} producer, acks=all)`,
              partitions: [topicPartitionKey(this.topic, partition)],
              value,
            });
          },
          () => {
            /* not acknowledged: nothing is promised about it */
          },
        ),
      );
    });
  }

  stop(): void {
    this.timer?.cancel();
  }

  /** Acknowledged records so far. */
  get ackedCount(): number {
    return this.acked.length;
  }

  /** The idempotent producers' epoch bumps, with their causes, for the duplicates checker. */
  epochBumps(): EpochBump[] {
    return this.idempotentProducers.flatMap((producer) => producer.epochBumps());
  }

  /** Every send settled: acknowledged, or failed after delivery.timeout.ms. */
  settled(): Promise<unknown> {
    return Promise.all(this.pending);
  }
}

interface Member {
  name: string;
  consumer: Consumer;
  /** The consumer's address in its Kafka client: a crash kills it there. */
  address: string;
  joined: Promise<unknown>;
  /** Set once the first join settled: only then may it crash, so no join is left waiting forever. */
  ready: boolean;
  alive: boolean;
}

export class ChaosConsumers {
  readonly group: string;
  private readonly members: Member[] = [];
  /** Rewinds the members made on finding their records truncated (KIP-320): deliberate offset moves. */
  readonly truncationResets: OffsetReset[] = [];
  /** Crashed members not replaced yet. */
  private unreplaced = 0;

  constructor(
    private readonly driver: ChaosDriver,
    /** The members' own client: its consumers are numbered from 1, so member N is at 'consumer-N'. */
    private readonly kafka: Kafka,
    private readonly topic: string,
    private readonly log: (event: Omit<ChaosEvent, 'atMs'>) => void,
    /** The group's name, its size, and configs beyond the fetch batching, e.g. a session.timeout.ms. */
    private readonly options: { group?: string; members?: number; config?: Partial<ConsumerConfig> } = {},
  ) {
    this.group = options.group ?? 'chaos-group';
  }

  startAll(): void {
    for (let i = 0; i < (this.options.members ?? 2); i++) this.start();
  }

  /** Members that joined and have not crashed. */
  live(): string[] {
    return this.members.filter((m) => m.alive && m.ready).map((m) => m.name);
  }

  crashed(): number {
    return this.unreplaced;
  }

  /** The name the next member started will have. */
  nextName(): string {
    return `consumer-${this.members.length + 1}`;
  }

  /** Starts a crashed member's replacement; returns its name. */
  restart(): string {
    this.unreplaced = Math.max(0, this.unreplaced - 1);
    return this.start();
  }

  /** Kills a member's process: no LeaveGroup, no last commit; the coordinator times it out. */
  crash(name: string): string {
    const member = this.members.find((m) => m.name === name)!;
    member.alive = false;
    this.unreplaced++;
    this.driver.crashClient(member.address);
    return name;
  }

  private start(): string {
    // fetch.min.bytes and fetch.max.wait.ms batch a second of records per fetch: the group's commits
    // are what is checked here, and fewer fetches keep the sweep's event count down.
    const consumer = this.kafka.consumer({
      ...this.options.config,
      groupId: this.group,
      minBytes: FETCH_MIN_BYTES,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
    });
    // Consumers of one Kafka client are numbered on its connection address, from 1.
    const name = this.nextName();
    const member: Member = {
      name,
      consumer,
      address: name,
      joined: Promise.resolve(),
      ready: false,
      alive: true,
    };
    this.logMember(member);
    member.joined = (async () => {
      await consumer.connect();
      await consumer.subscribe({ topic: this.topic, fromBeginning: true });
      await consumer.run({ eachMessage: async () => undefined });
    })()
      .catch(() => {
        /* a member that never joined commits nothing */
      })
      .finally(() => {
        member.ready = true;
      });
    this.members.push(member);
    return member.name;
  }

  /** The member's joins, acknowledged commits and detected truncations, as a Jepsen history lists each client's operations. */
  private logMember(member: Member): void {
    const { consumer, name } = member;
    // KIP-320: a member that finds the records it read truncated away rewinds on purpose, and its
    // next commit may go down; the checker excuses that only after a truncation of that partition.
    consumer.on(
      consumer.events.TRUNCATION_DETECTED,
      (event: InstrumentationEvent<{ topic: string; partition: number; message: string }>) => {
        const { topic, partition, message } = event.payload;
        this.truncationResets.push({ atMs: this.driver.elapsedMs(), group: this.group, topic, partition });
        this.log({
          kind: 'consumer',
          description: `${name}: ${message}`,
          group: this.group,
          partitions: [topicPartitionKey(topic, partition)],
        });
      },
    );
    consumer.on(consumer.events.GROUP_JOIN, (event: InstrumentationEvent<{ memberAssignment: Record<string, number[]> }>) => {
      const owned = event.payload.memberAssignment[this.topic] ?? [];
      this.log({
        kind: 'consumer',
        description: `${name} joined group ${this.group}, assigned ${this.topic} [${owned.join(', ')}]`,
        group: this.group,
        partitions: owned.map((p) => topicPartitionKey(this.topic, p)),
      });
    });
    consumer.on(
      consumer.events.COMMIT_OFFSETS,
      (
        event: InstrumentationEvent<{
          groupGenerationId: number;
          topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
        }>,
      ) => {
        for (const { topic, partitions } of event.payload.topics) {
          for (const { partition, offset } of partitions) {
            const key = topicPartitionKey(topic, partition);
            this.log({
              kind: 'commit',
              description: `${name} (generation ${event.payload.groupGenerationId}) committed ${key}@${offset}: acknowledged`,
              group: this.group,
              partitions: [key],
            });
          }
        }
      },
    );
  }

  joined(): Promise<unknown> {
    return Promise.all(this.members.map((m) => m.joined));
  }

  /** Members that have not crashed leave the group (LeaveGroup), as a consumer closed on purpose does. */
  async disconnectLive(): Promise<void> {
    await Promise.all(this.members.filter((m) => m.alive).map((m) => m.consumer.disconnect().catch(() => undefined)));
  }
}

/** Reads the group's committed offsets every second and logs each change. */
export class CommittedOffsetsObserver {
  readonly observations: CommittedOffsetObservation[] = [];
  private readonly last = new Map<string, number>();
  private inFlight: Promise<void> | null = null;
  private timer: Timer | null = null;

  constructor(
    private readonly driver: ChaosDriver,
    private readonly kafka: Kafka,
    private readonly group: string,
    private readonly topic: string,
    private readonly log: (event: Omit<ChaosEvent, 'atMs'>) => void,
    /** The admin client's configs, e.g. a request.timeout.ms that fits a wall-clock run. */
    private readonly adminConfig: AdminConfig = {},
  ) {}

  start(): void {
    const admin = this.kafka.admin(this.adminConfig);
    this.timer = scheduleRepeating(this.driver.clock, OFFSETS_POLL_INTERVAL_MS, () => {
      this.inFlight ??= this.poll(admin).finally(() => {
        this.inFlight = null;
      });
    });
  }

  /** Stops polling and makes one last read once the in-flight one is done. */
  async stop(): Promise<void> {
    this.timer?.cancel();
    await this.driver.run(this.inFlight ?? Promise.resolve(), 'the last committed-offsets poll');
    await this.driver.run(this.poll(this.kafka.admin(this.adminConfig)), 'the final committed-offsets read');
  }

  private async poll(admin: ReturnType<Kafka['admin']>): Promise<void> {
    let offsets;
    try {
      // Without topics: naming them would also cost a Metadata and a ListOffsets per poll.
      offsets = (await admin.fetchOffsets({ groupId: this.group })).filter((t) => t.topic === this.topic);
    } catch {
      return; // the coordinator is unreachable for now: nothing observed
    }
    const atMs = this.driver.elapsedMs();
    for (const { topic, partitions } of offsets) {
      for (const { partition, offset: text } of partitions) {
        const offset = Number(text);
        const key = topicPartitionKey(topic, partition);
        if (offset < 0 || this.last.get(key) === offset) continue;
        this.last.set(key, offset);
        this.observations.push({ atMs, group: this.group, topic, partition, offset });
        this.log({ kind: 'commit', description: `group ${this.group} committed ${key}@${offset}`, partitions: [key], group: this.group });
      }
    }
  }
}

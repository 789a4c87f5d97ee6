/**
 * The life of one coordinator shard (the per-partition part of Kafka's CoordinatorRuntime): while
 * its __consumer_offsets partition has a leader the shard is loaded from that leader's log and then
 * serves requests, writing every change back to the log through acks=all produces. A new leader, a
 * failed write, or a failed load throws the in-memory state away and loads again from the log, so
 * the shard never holds anything the log does not (CoordinatorRuntime reverts to the last committed
 * snapshot instead; reloading reaches the same state).
 */
import type { Clock, Timer } from '../core/clock';
import type { Random } from '../core/random';
import { KafkaError } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import type { Transport } from '../protocol/rpc';
import type { ServerAssignor } from './assignors/server-assignor';
import { GroupCoordinatorShard } from './coordinator-shard';
import type { GroupConfig } from './group-config';
import { decodeRecord, encodeRecord, type CoordinatorRecord } from './group-records';
import { loadPartition } from './partition-loader';
import { PartitionWriter } from './partition-writer';
import { ShardTimers, type Group, type ShardContext } from './shard-context';

export interface ShardRuntimeOptions {
  partition: number;
  clock: Clock;
  random: Random;
  transport: Transport;
  config: GroupConfig;
  image: MetadataImage;
  assignors: readonly ServerAssignor[];
}

/** How long a failed load waits before it tries again (CoordinatorLoader retries on the next election; we poll). */
const LOAD_RETRY_BACKOFF_MS = 500;

export type ShardStatus = 'inactive' | 'loading' | 'active';

export class ShardRuntime {
  private status: ShardStatus = 'inactive';
  /** The leader this shard was loaded, or is loading, from. */
  private leader: { id: number; epoch: number } | null = null;
  private shard: GroupCoordinatorShard | null = null;
  private retryTimer: Timer | null = null;
  /** Bumped on every (re)load and unload, so work of an earlier incarnation does nothing. */
  private incarnation = 0;

  constructor(private readonly options: ShardRuntimeOptions) {}

  get state(): ShardStatus {
    return this.status;
  }

  get leaderId(): number {
    return this.leader?.id ?? -1;
  }

  /** The partition's leadership as the metadata image has it now; -1 for no leader. */
  onLeadership(leaderId: number, leaderEpoch: number): void {
    if (leaderId < 0) {
      this.unload('inactive');
      this.leader = null;
      return;
    }
    if (this.leader?.id === leaderId && this.leader.epoch === leaderEpoch) return;
    this.leader = { id: leaderId, epoch: leaderEpoch };
    this.load();
  }

  close(): void {
    this.unload('inactive');
    this.leader = null;
  }

  /** The shard for a request, or the error a client should see while there is none to serve it. */
  activeShard(): GroupCoordinatorShard {
    if (this.status === 'loading') throw new KafkaError('COORDINATOR_LOAD_IN_PROGRESS');
    if (this.status !== 'active' || this.shard === null) throw new KafkaError('NOT_COORDINATOR');
    return this.shard;
  }

  private unload(next: ShardStatus): void {
    this.incarnation++;
    this.shard?.onUnloaded();
    this.shard = null;
    this.retryTimer?.cancel();
    this.retryTimer = null;
    this.status = next;
  }

  private load(): void {
    this.unload('loading');
    const incarnation = this.incarnation;
    const leader = this.leader!;
    const { clock, random, transport, config, image, partition, assignors } = this.options;
    const timers = new ShardTimers(clock);
    const writer = new PartitionWriter(transport, clock, partition, leader.id);
    const groups = new Map<string, Group>();
    const current = () => this.incarnation === incarnation;
    const onWriteFailure = (error: unknown) => {
      // The log may now lack what memory has: start over from the log (see the file comment).
      if (current() && this.status === 'active') this.load();
      throw error;
    };
    const context: ShardContext = {
      clock,
      random,
      config,
      image,
      groups,
      timers,
      write: (records: CoordinatorRecord[]) => {
        if (!current()) return Promise.reject(new KafkaError('NOT_COORDINATOR'));
        for (const record of records) shard.replay(record);
        return writer.append(records.map(encodeRecord)).catch(onWriteFailure);
      },
      append: (records: CoordinatorRecord[]) => {
        if (!current()) return Promise.reject(new KafkaError('NOT_COORDINATOR'));
        return writer.append(records.map(encodeRecord)).catch(onWriteFailure);
      },
      flushed: () => (current() ? writer.flushed().catch(onWriteFailure) : Promise.reject(new KafkaError('NOT_COORDINATOR'))),
    };
    const shard = new GroupCoordinatorShard(context, assignors);
    const replay = (key: Uint8Array, value: Uint8Array | null) => {
      const record = decodeRecord(key, value);
      if (record !== null) shard.replay(record);
    };
    loadPartition(transport, { partition, leaderId: leader.id, leaderEpoch: leader.epoch }, config.requestTimeoutMs, replay).then(
      () => {
        if (!current()) return;
        this.shard = shard;
        this.status = 'active';
        shard.onLoaded();
      },
      () => {
        if (!current()) return;
        // Not the leader yet (its metadata lags), or unreachable: try again while the image still names it.
        this.retryTimer = clock.schedule(LOAD_RETRY_BACKOFF_MS, () => {
          if (current()) this.load();
        });
      },
    );
  }
}

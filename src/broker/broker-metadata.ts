/**
 * The broker's copy of the cluster metadata: a long-poll fetch of `__cluster_metadata` from the
 * active controller, replayed into a MetadataImage in offset order (Kafka's MetadataLoader and
 * BrokerMetadataPublisher). Changes are published in batches, and not at all until the broker has
 * caught up with the log's high watermark once, so a starting broker acts on the cluster as it is
 * now rather than on every past state (MetadataLoader waits for catch-up the same way).
 */
import type { Clock, Timer } from '../core/clock';
import type { MetadataFetchResponse } from '../protocol/apis/kraft';
import { MetadataImage, type MetadataChange } from '../protocol/metadata-image';
import { CONTROLLER_ADDRESS, type Transport } from '../protocol/rpc';

/** KafkaRaftClient's fetch max wait (a fixed 500 ms). */
const FETCH_MAX_WAIT_MS = 500;
/** controller.quorum.retry.backoff.ms default. */
const RETRY_BACKOFF_MS = 20;

export interface MetadataDelta {
  changes: MetadataChange[];
  /** The first publish after start: the image as a whole is new to the broker. */
  isFirst: boolean;
}

export interface BrokerMetadataOptions {
  brokerId: number;
  clock: Clock;
  transport: Transport;
  /** controller.quorum.fetch.timeout.ms: a fetch unanswered for this long is abandoned and retried. */
  fetchTimeoutMs: number;
  isAlive(): boolean;
  /** Awaited before the next fetch, so brokers apply metadata strictly in order. */
  publish(delta: MetadataDelta): Promise<void>;
}

export class BrokerMetadataListener {
  readonly image = new MetadataImage();
  private published = false;
  private unpublished: MetadataChange[] = [];
  private stopped = false;
  private retryTimer: Timer | null = null;

  constructor(private readonly options: BrokerMetadataOptions) {}

  /** The offset of the last applied record (the heartbeat's currentMetadataOffset). */
  get lastAppliedOffset(): number {
    return this.image.highestOffset;
  }

  get hasPublished(): boolean {
    return this.published;
  }

  start(): void {
    // A publish that fails because the broker halted meanwhile (its log directory failed as a new
    // leader wrote its epoch's start) ends the loop quietly; any other failure is a bug and surfaces.
    void this.fetchLoop().catch((error: unknown) => {
      if (this.active()) throw error;
    });
  }

  stop(): void {
    this.stopped = true;
    this.retryTimer?.cancel();
  }

  private active(): boolean {
    return !this.stopped && this.options.isAlive();
  }

  private async fetchLoop(): Promise<void> {
    const { transport, brokerId, fetchTimeoutMs } = this.options;
    while (this.active()) {
      let response: MetadataFetchResponse;
      try {
        response = await transport.request(
          CONTROLLER_ADDRESS,
          'MetadataFetch',
          {
            brokerId,
            fetchOffset: this.image.highestOffset + 1,
            maxWaitMs: FETCH_MAX_WAIT_MS,
          },
          fetchTimeoutMs + FETCH_MAX_WAIT_MS,
        );
      } catch {
        await this.backoff();
        continue;
      }
      if (!this.active()) return;
      if (response.errorCode !== 0) {
        await this.backoff();
        continue;
      }
      await this.handle(response);
    }
  }

  private async handle(response: MetadataFetchResponse): Promise<void> {
    for (const entry of response.records) {
      // A retried fetch may overlap what was already applied.
      if (entry.offset <= this.image.highestOffset) continue;
      this.unpublished.push(this.image.apply(entry));
    }
    if (!this.published && this.image.highestOffset + 1 < response.highWatermark) return;
    if (!this.published || this.unpublished.length > 0) {
      const delta: MetadataDelta = { changes: this.unpublished, isFirst: !this.published };
      this.unpublished = [];
      this.published = true;
      await this.options.publish(delta);
    }
  }

  private backoff(): Promise<void> {
    return new Promise((resolve) => {
      this.retryTimer = this.options.clock.schedule(RETRY_BACKOFF_MS, () => {
        this.retryTimer = null;
        resolve();
      });
    });
  }
}

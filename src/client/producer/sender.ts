/**
 * Moves ready batches from the accumulator to partition leaders (Kafka's Sender): one Produce
 * request per leader carrying at most one batch per partition, at most max.in.flight requests per
 * broker, retries with exponential backoff (skipped once the metadata names a new leader, KIP-951)
 * and a metadata refresh when the leader moved, and
 * failure once delivery.timeout.ms has passed since a batch was created.
 *
 * It runs as events on the injected clock: woken by an append that filled a batch, by a response,
 * or by a timer set for the earliest linger, backoff or expiry deadline.
 */
import type { Clock, Timer } from '../../core/clock';
import type { ProducePartitionResponse, ProduceRequest } from '../../protocol/apis/produce';
import { KafkaError } from '../../protocol/errors';
import { isStaleMetadata, type Cluster } from '../cluster/cluster';
import type { ExponentialBackoff } from '../cluster/exponential-backoff';
import type { IdempotenceManager } from './idempotence-manager';
import type { ProducerMetrics } from './producer-metrics';
import type { ProducerBatch } from './producer-batch';
import type { RecordAccumulator } from './record-accumulator';
import type { ResolvedProducerConfig } from './producer-config';
import { topicPartitionKey } from '../../protocol/topic-partition';

interface RequestDraft {
  leader: number;
  acks: number;
  timeoutMs: number;
  batches: ProducerBatch[];
  sizeInBytes: number;
}

export class Sender {
  private readonly inFlightRequests = new Map<number, number>();
  /** In-flight batches per topic-partition, oldest first. */
  private readonly inFlightBatches = new Map<string, ProducerBatch[]>();
  private timer: Timer | null = null;
  private timerAtMs = Infinity;
  private refreshingMetadata = false;
  private lastMetadataAttemptMs = -Infinity;
  private closing = false;

  constructor(
    private readonly config: ResolvedProducerConfig,
    private readonly cluster: Cluster,
    private readonly accumulator: RecordAccumulator,
    private readonly idempotence: IdempotenceManager | null,
    private readonly clock: Clock,
    private readonly backoff: ExponentialBackoff,
    private readonly metrics: ProducerMetrics,
  ) {}

  /** From now on every batch is ready at once, ignoring linger.ms, as in KafkaProducer.close. */
  close(): void {
    this.closing = true;
    this.wakeup();
  }

  /** Runs the sender as the next event at the current time. */
  wakeup(): void {
    this.scheduleAt(this.clock.now());
  }

  private scheduleAt(atMs: number): void {
    if (atMs >= this.timerAtMs) return;
    this.timer?.cancel();
    this.timerAtMs = atMs;
    this.timer = this.clock.schedule(atMs - this.clock.now(), () => {
      this.timer = null;
      this.timerAtMs = Infinity;
      this.run();
    });
  }

  private run(): void {
    const now = this.clock.now();
    let nextWakeMs = Infinity;
    this.expireBatches(now);
    for (;;) {
      const drafts = this.drain(now);
      nextWakeMs = Math.min(nextWakeMs, drafts.nextWakeMs);
      if (drafts.requests.length === 0) break;
      for (const draft of drafts.requests) this.sendProduceRequest(draft);
    }
    if (this.cluster.needsUpdate) nextWakeMs = Math.min(nextWakeMs, this.refreshMetadata(now));
    if (nextWakeMs < Infinity) this.scheduleAt(Math.max(now, nextWakeMs));
  }

  /** Refreshes metadata unless a refresh is running or failed less than retry.backoff.ms ago; returns when to look again. */
  private refreshMetadata(now: number): number {
    if (this.refreshingMetadata) return Infinity;
    const allowedAtMs = this.lastMetadataAttemptMs + this.config.retryBackoffMs;
    if (now < allowedAtMs) return allowedAtMs;
    this.refreshingMetadata = true;
    this.lastMetadataAttemptMs = now;
    this.cluster
      .refreshMetadata([], this.config.allowAutoTopicCreation)
      .catch(() => this.cluster.requestUpdate())
      .finally(() => {
        this.refreshingMetadata = false;
        this.wakeup();
      });
    return Infinity;
  }

  /** The oldest batch not yet answered, waiting in the accumulator or in flight; whether it is in flight. */
  oldestUnanswered(): { batch: ProducerBatch; inFlight: boolean } | undefined {
    let oldest: { batch: ProducerBatch; inFlight: boolean } | undefined;
    const consider = (batch: ProducerBatch | undefined, inFlight: boolean) => {
      if (batch !== undefined && (oldest === undefined || batch.createdMs < oldest.batch.createdMs)) oldest = { batch, inFlight };
    };
    for (const queue of this.accumulator.partitionQueues()) consider(queue[0], false);
    for (const batches of this.inFlightBatches.values()) consider(batches[0], true);
    return oldest;
  }

  private expireBatches(now: number): void {
    for (const queue of this.accumulator.partitionQueues()) {
      for (const batch of [...queue]) {
        if (now - batch.createdMs < this.config.deliveryTimeoutMs) continue;
        this.accumulator.remove(batch);
        this.failBatch(batch, expiredError(batch, now));
      }
    }
  }

  private drain(now: number): { requests: RequestDraft[]; nextWakeMs: number } {
    const drafts = new Map<string, RequestDraft>();
    let nextWakeMs = Infinity;
    const holdIdempotent = this.idempotence !== null && this.idempotence.needsEpochBump && !this.maybeBumpEpoch();
    for (const queue of this.accumulator.partitionQueues()) {
      const first = queue[0];
      // Nothing idempotent leaves under the old epoch once a bump is due (Sender: shouldStopDrainBatchesForPartition).
      if (holdIdempotent && this.idempotenceFor(first) !== null) continue;
      nextWakeMs = Math.min(nextWakeMs, ...queue.map((batch) => batch.createdMs + this.config.deliveryTimeoutMs));
      const metadata = this.cluster.partition(first.topic, first.partition);
      if (metadata === undefined || metadata.leaderId < 0) {
        this.cluster.requestUpdate();
        continue;
      }
      const leader = metadata.leaderId;
      first.maybeUpdateLeaderEpoch(metadata.leaderEpoch);
      const readyAtMs =
        first.attempts > 0
          ? first.hasLeaderChangedForTheOngoingRetry
            ? now
            : first.retryAtMs
          : first.isFull || queue.length > 1 || this.closing
            ? now
            : first.createdMs + this.config.lingerMs;
      if (readyAtMs > now) {
        nextWakeMs = Math.min(nextWakeMs, readyAtMs);
        continue;
      }
      // A retry goes alone, so the leader sees a partition's sequences in order again.
      if (first.attempts > 0 && (this.inFlightBatches.get(first.topicPartition)?.length ?? 0) > 0) continue;
      if (!this.prepare(first)) continue;
      const key = `${leader}/${first.acks}/${first.timeoutMs}`;
      let draft = drafts.get(key);
      if (draft === undefined) {
        if (first.acks !== 0 && (this.inFlightRequests.get(leader) ?? 0) >= this.config.maxInFlightRequests) continue;
        draft = { leader, acks: first.acks, timeoutMs: first.timeoutMs, batches: [], sizeInBytes: 0 };
        drafts.set(key, draft);
      } else if (draft.sizeInBytes + first.sizeInBytes > this.config.maxRequestSize) {
        continue;
      }
      this.accumulator.remove(first);
      draft.batches.push(first);
      draft.sizeInBytes += first.sizeInBytes;
    }
    return { requests: [...drafts.values()], nextWakeMs };
  }

  /**
   * Bumps the idempotent producer's epoch once no idempotent batch is in flight (their outcome
   * decides nothing more), and gives every queued batch a new sequence under the new epoch.
   * Returns whether the bump happened.
   */
  private maybeBumpEpoch(): boolean {
    const inFlight = [...this.inFlightBatches.values()].some((batches) => batches.some((batch) => this.idempotenceFor(batch) !== null));
    if (inFlight) return false;
    this.idempotence!.bumpEpoch();
    for (const queue of this.accumulator.partitionQueues()) {
      for (const batch of queue) {
        if (batch.baseSequence < 0) continue;
        batch.baseSequence = -1;
        batch.sequenceWasReset = true;
        batch.encoded = null;
      }
    }
    return true;
  }

  /** Encodes a batch the first time it is drained; false while its producer id is still coming. */
  private prepare(batch: ProducerBatch): boolean {
    if (batch.encoded !== null) return true;
    const idempotence = this.idempotenceFor(batch);
    if (idempotence !== null) {
      if (!idempotence.hasProducerId) {
        idempotence.initProducerId().then(
          () => this.wakeup(),
          (error: KafkaError) => this.failQueued((queued) => this.idempotenceFor(queued) !== null, error),
        );
        return false;
      }
      if (batch.baseSequence < 0) idempotence.assignSequence(batch);
    }
    batch.encoded = batch.build(
      idempotence === null
        ? {}
        : { producerId: idempotence.producerId, producerEpoch: idempotence.producerEpoch, baseSequence: batch.baseSequence },
    );
    return true;
  }

  /** Idempotence needs acks=all; a send with acks 0 or 1 goes without it (see ProducerConfig.idempotent). */
  private idempotenceFor(batch: ProducerBatch): IdempotenceManager | null {
    return batch.acks === -1 ? this.idempotence : null;
  }

  private sendProduceRequest(draft: RequestDraft): void {
    const topicData = new Map<string, ProduceRequest['topicData'][number]>();
    for (const batch of draft.batches) {
      batch.attempts++;
      let topic = topicData.get(batch.topic);
      if (topic === undefined) {
        topic = { name: batch.topic, partitionData: [] };
        topicData.set(batch.topic, topic);
      }
      topic.partitionData.push({ index: batch.partition, records: batch.encoded! });
    }
    const sentAtMs = this.clock.now();
    this.metrics.requestSent(draft.batches, sentAtMs);
    const request = this.cluster.request(draft.leader, 'Produce', {
      transactionalId: null,
      acks: draft.acks,
      timeoutMs: draft.timeoutMs,
      topicData: [...topicData.values()],
    });
    if (draft.acks === 0) {
      // The broker never answers acks=0 (KafkaApis.handleProduceRequest); the send is done once on the wire.
      request.catch(() => undefined);
      for (const batch of draft.batches) batch.complete({ baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 });
      return;
    }
    for (const batch of draft.batches) this.trackInFlight(batch, true);
    this.inFlightRequests.set(draft.leader, (this.inFlightRequests.get(draft.leader) ?? 0) + 1);
    request
      .then(
        (response) => {
          this.metrics.requestCompleted(this.clock.now() - sentAtMs, this.clock.now());
          const byPartition = new Map<string, ProducePartitionResponse>();
          for (const topic of response.responses) {
            for (const partition of topic.partitionResponses) byPartition.set(topicPartitionKey(topic.name, partition.index), partition);
          }
          for (const batch of draft.batches) this.onBatchResponse(batch, byPartition.get(batch.topicPartition));
        },
        (error: unknown) => {
          const kafkaError = error instanceof KafkaError ? error : new KafkaError('UNKNOWN_SERVER_ERROR', String(error));
          for (const batch of draft.batches) this.onBatchError(batch, kafkaError);
        },
      )
      .finally(() => {
        this.inFlightRequests.set(draft.leader, (this.inFlightRequests.get(draft.leader) ?? 1) - 1);
        this.wakeup();
      });
  }

  private onBatchResponse(batch: ProducerBatch, response: ProducePartitionResponse | undefined): void {
    if (response === undefined) {
      this.onBatchError(batch, new KafkaError('UNKNOWN_SERVER_ERROR', `The produce response has no result for ${batch.topicPartition}.`));
      return;
    }
    const error = response.errorCode === 0 ? null : responseError(response);
    // A duplicate the leader no longer remembers the offset of was still written once (Sender.completeBatch).
    if (error === null || error.type === 'DUPLICATE_SEQUENCE_NUMBER') {
      this.trackInFlight(batch, false);
      if (this.idempotenceFor(batch) !== null) this.idempotence!.onAcknowledged(batch);
      batch.complete(
        error === null
          ? { baseOffset: response.baseOffset, logAppendTimeMs: response.logAppendTimeMs, logStartOffset: response.logStartOffset }
          : { baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1 },
      );
      return;
    }
    this.onBatchError(batch, error);
  }

  private onBatchError(batch: ProducerBatch, error: KafkaError): void {
    this.trackInFlight(batch, false);
    if (batch.done) return;
    const now = this.clock.now();
    if (!this.canRetry(batch, error)) {
      this.failBatch(batch, error);
    } else if (now - batch.createdMs >= this.config.deliveryTimeoutMs) {
      this.failBatch(batch, expiredError(batch, now));
    } else {
      if (isStaleMetadata(error)) this.cluster.requestUpdate();
      this.metrics.retried(batch.recordCount, now);
      batch.retryAtMs = now + this.backoff.backoffMs(batch.attempts - 1);
      this.accumulator.reenqueue(batch);
    }
  }

  /**
   * TransactionManager.canRetry for the idempotent producer: retriable errors while retries remain.
   * A batch given its sequence again by a bump is retried as is: its refusal says nothing new. So is
   * an OUT_OF_ORDER_SEQUENCE_NUMBER for a batch that is not the next one, while an earlier batch of
   * the partition is not acknowledged yet (the leader rightly refuses to skip ahead). When this
   * batch is the next one, the leader has lost what the producer wrote before (an unclean election,
   * a truncated log), as UNKNOWN_PRODUCER_ID says: the producer bumps its epoch and retries from
   * sequence 0 (KIP-360). The bump's cause is kept, so a checker can tell a warranted bump from one
   * that was not (src/chaos/checkers/epoch-bumps.ts).
   */
  private canRetry(batch: ProducerBatch, error: KafkaError): boolean {
    if (batch.attempts > this.config.retries) return false;
    if (batch.baseSequence < 0 || this.idempotence === null) return error.retriable;
    if (error.type !== 'OUT_OF_ORDER_SEQUENCE_NUMBER' && error.type !== 'UNKNOWN_PRODUCER_ID') return error.retriable;
    if (batch.sequenceWasReset) return true;
    if (error.type === 'OUT_OF_ORDER_SEQUENCE_NUMBER' && !this.idempotence.isNextSequence(batch)) return true;
    this.idempotence.requestEpochBump({
      kind: 'refused',
      error: error.type,
      topicPartition: batch.topicPartition,
      baseSequence: batch.baseSequence,
      lastAckedSequence: this.idempotence.lastAcked(batch.topicPartition),
      sequenceWasReset: batch.sequenceWasReset,
    });
    return true;
  }

  private failBatch(batch: ProducerBatch, error: KafkaError): void {
    if (batch.baseSequence >= 0 && this.idempotence !== null)
      this.idempotence.requestEpochBump({
        kind: 'failed',
        error: error.type,
        topicPartition: batch.topicPartition,
        baseSequence: batch.baseSequence,
      });
    this.metrics.failed(batch.recordCount, this.clock.now());
    batch.fail(error);
  }

  private failQueued(matches: (batch: ProducerBatch) => boolean, error: KafkaError): void {
    for (const queue of this.accumulator.partitionQueues()) {
      for (const batch of [...queue]) {
        if (!matches(batch)) continue;
        this.accumulator.remove(batch);
        this.metrics.failed(batch.recordCount, this.clock.now());
        batch.fail(error);
      }
    }
  }

  private trackInFlight(batch: ProducerBatch, inFlight: boolean): void {
    const batches = this.inFlightBatches.get(batch.topicPartition) ?? [];
    if (inFlight) batches.push(batch);
    else if (batches.includes(batch)) batches.splice(batches.indexOf(batch), 1);
    this.inFlightBatches.set(batch.topicPartition, batches);
  }
}

/** ProducerBatch.timeoutException: Kafka's TimeoutException, which carries REQUEST_TIMED_OUT. */
function expiredError(batch: ProducerBatch, now: number): KafkaError {
  return new KafkaError(
    'REQUEST_TIMED_OUT',
    `Expiring ${batch.recordCount} record(s) for ${batch.topicPartition}:${now - batch.createdMs} ms has passed since batch creation`,
  );
}

/**
 * The exception Sender.failBatch gives a failed batch's first failed record, as the Java producer
 * does: the broker sends a message only for records that failed validation, so without record
 * errors it is the error with the Errors enum's own message. With record errors it is that record's
 * message, as the partition's error when it is the only failed record and INVALID_RECORD when there
 * are several (the partition's one code cannot tell their kinds apart). The batch's other records
 * would each get theirs in Java; send() here rejects once, with this one.
 */
function responseError(response: ProducePartitionResponse): KafkaError {
  const first = response.recordErrors[0];
  if (first === undefined) return KafkaError.fromCode(response.errorCode, response.errorMessage);
  const error = KafkaError.fromCode(response.errorCode, first.batchIndexErrorMessage ?? response.errorMessage);
  return response.recordErrors.length === 1 ? error : new KafkaError('INVALID_RECORD', error.message);
}

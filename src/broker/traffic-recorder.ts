/**
 * What a broker served, for a picture of data in motion: each Produce it appended and each Fetch
 * that carried records (to a follower or a consumer), one flight per partition, with the batch's
 * offsets. It is an observation for views, not part of Kafka: a bounded ring of the newest flights
 * plus running totals per link, read by whoever draws the cluster (the in-process cluster at once,
 * the browser runtime with each poll of the broker's worker). Recording costs one small object per
 * partition per request, never per record.
 */
import { RingBuffer } from '../core/ring-buffer';
import type { FetchRequest, FetchResponse } from '../protocol/apis/fetch';
import type { ProduceRequest, ProduceResponse } from '../protocol/apis/produce';
import type { NodeAddress } from '../protocol/rpc';
import { readBatchHeader } from '../protocol/record-batch';

export interface Flight {
  /** The broker process that recorded it (its incarnation id): a restart starts a new count. */
  origin: string;
  /** Increasing per origin from 1: a reader asks for the flights after the last one it saw. */
  seq: number;
  timeMs: number;
  /** Produce: records into the leader. Fetch: records out of it, to a follower (replication) or a consumer. */
  api: 'Produce' | 'Fetch';
  /** Who sent the request: a client's connection ('client-w1-producer-1') or a follower ('broker-2'). */
  from: NodeAddress;
  /** The broker that served it. */
  to: NodeAddress;
  topic: string;
  partition: number;
  /** The offsets of the records it carried, first and last. */
  firstOffset: number;
  lastOffset: number;
  records: number;
  bytes: number;
  /** The leader epoch of the first batch it carried. */
  leaderEpoch: number;
}

/** Running totals of one link, since the broker started. */
export interface LinkTotals {
  api: Flight['api'];
  from: NodeAddress;
  topic: string;
  partition: number;
  records: number;
  bytes: number;
}

/** How many flights a broker keeps; a view that reads less often than that misses the oldest (and draws flow instead). */
const KEPT_FLIGHTS = 512;

export class TrafficRecorder {
  private readonly flights = new RingBuffer<Flight>(KEPT_FLIGHTS);
  private readonly totals = new Map<string, LinkTotals>();
  private nextSeq = 1;

  constructor(
    private readonly self: NodeAddress,
    /** This broker process's incarnation id. */
    readonly origin: string,
  ) {}

  /** An acknowledged Produce: the offsets each partition's batch got. */
  produced(from: NodeAddress, request: ProduceRequest, response: ProduceResponse, nowMs: number): void {
    for (const topic of request.topicData) {
      const answered = response.responses.find((r) => r.name === topic.name)?.partitionResponses;
      for (const { index, records } of topic.partitionData) {
        const answer = answered?.find((p) => p.index === index);
        if (answer === undefined || answer.errorCode !== 0 || answer.baseOffset < 0) continue;
        const header = readBatchHeader(records);
        this.add(nowMs, 'Produce', from, topic.name, index, {
          firstOffset: answer.baseOffset,
          lastOffset: answer.baseOffset + header.lastOffsetDelta,
          records: header.recordsCount,
          bytes: records.byteLength,
          leaderEpoch: header.partitionLeaderEpoch,
        });
      }
    }
  }

  /** A Fetch that carried records: to a follower (request.replicaId >= 0) or a consumer. */
  fetched(from: NodeAddress, _request: FetchRequest, response: FetchResponse, nowMs: number): void {
    for (const topic of response.responses) {
      for (const partition of topic.partitions) {
        if (partition.errorCode !== 0 || partition.records.length === 0) continue;
        const first = readBatchHeader(partition.records[0]);
        let records = 0;
        let bytes = 0;
        let lastOffset = first.lastOffset;
        for (const batch of partition.records) {
          const header = readBatchHeader(batch);
          records += header.recordsCount;
          bytes += batch.byteLength;
          lastOffset = header.lastOffset;
        }
        this.add(nowMs, 'Fetch', from, topic.topic, partition.partitionIndex, {
          firstOffset: first.baseOffset,
          lastOffset,
          records,
          bytes,
          leaderEpoch: first.partitionLeaderEpoch,
        });
      }
    }
  }

  /** The flights after `seenSeq`, oldest first (at most the newest KEPT_FLIGHTS). */
  since(seenSeq: number): Flight[] {
    return this.flights.toArray().filter((flight) => flight.seq > seenSeq);
  }

  /** Every link's running totals. */
  linkTotals(): LinkTotals[] {
    return [...this.totals.values()].map((totals) => ({ ...totals }));
  }

  private add(
    nowMs: number,
    api: Flight['api'],
    from: NodeAddress,
    topic: string,
    partition: number,
    carried: Pick<Flight, 'firstOffset' | 'lastOffset' | 'records' | 'bytes' | 'leaderEpoch'>,
  ): void {
    this.flights.push({ origin: this.origin, seq: this.nextSeq++, timeMs: nowMs, api, from, to: this.self, topic, partition, ...carried });
    const key = `${api}\u0000${from}\u0000${topic}\u0000${partition}`;
    const totals = this.totals.get(key) ?? { api, from, topic, partition, records: 0, bytes: 0 };
    totals.records += carried.records;
    totals.bytes += carried.bytes;
    this.totals.set(key, totals);
  }
}

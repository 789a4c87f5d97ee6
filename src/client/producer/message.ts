/** kafkajs's Message, and its conversion to the bytes a record carries. */
import type { RecordHeader } from '../../protocol/record-batch';
import type { ProducerRecordBytes } from './record-size';

export type MessageBytes = string | Uint8Array | null;

/** kafkajs IHeaders: a header key may repeat, given as an array of values. */
export type MessageHeaders = Record<string, MessageBytes | MessageBytes[] | undefined>;

export interface Message {
  key?: MessageBytes;
  value: MessageBytes;
  headers?: MessageHeaders;
  partition?: number;
  /** Milliseconds since the epoch; kafkajs passes a string. Defaults to the producer's clock. */
  timestamp?: string | number;
}

const utf8 = new TextEncoder();

export function toBytes(data: MessageBytes | undefined): Uint8Array | null {
  if (data === null || data === undefined) return null;
  return typeof data === 'string' ? utf8.encode(data) : data;
}

function toHeaders(headers: MessageHeaders | undefined): RecordHeader[] {
  const result: RecordHeader[] = [];
  if (headers === undefined) return result;
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) result.push({ key, value: toBytes(one) });
  }
  return result;
}

/**
 * The record with bytes of its own: a send that waits for metadata returns before it appends, and
 * its caller may reuse its arrays meanwhile (Kafka's send() blocks its caller for that wait).
 */
export function ownRecordBytes(record: ProducerRecordBytes): ProducerRecordBytes {
  return {
    key: record.key?.slice() ?? null,
    value: record.value?.slice() ?? null,
    headers: record.headers.map((header) => ({ key: header.key, value: header.value?.slice() ?? null })),
    timestamp: record.timestamp,
  };
}

export function toRecordBytes(message: Message, nowMs: number): ProducerRecordBytes {
  return {
    key: toBytes(message.key),
    value: toBytes(message.value),
    headers: toHeaders(message.headers),
    timestamp: message.timestamp === undefined ? nowMs : Number(message.timestamp),
  };
}

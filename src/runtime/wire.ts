/**
 * What travels on a MessagePort between two nodes of the browser runtime: Kafka requests and their
 * answers, with request-level errors as data (Kafka's error name and message), since an Error
 * object loses its KafkaError type in a structured clone.
 */
import type { ErrorName } from '../protocol/errors';
import type { ApiKey } from '../protocol/rpc';

export type WireMessage =
  | { kind: 'request'; id: number; api: ApiKey; body: unknown }
  | { kind: 'response'; id: number; body: unknown }
  | { kind: 'error'; id: number; error: ErrorName; message: string };

export interface Packed<T> {
  value: T;
  transfer: Transferable[];
}

/**
 * Copies every byte array in `value` (record batches) into one fresh ArrayBuffer that is
 * transferred rather than cloned. The sender keeps its own bytes: a producer holds a batch for
 * retries and a leader may serve the same batch again, so their buffers must never be detached.
 * It also keeps a batch that is a view into a larger buffer from dragging that whole buffer along,
 * which a structured clone of the view would do.
 */
export function packForTransfer<T>(value: T): Packed<T> {
  const arrays: Uint8Array[] = [];
  collectBytes(value, arrays);
  if (arrays.length === 0) return { value, transfer: [] };
  const buffer = new ArrayBuffer(arrays.reduce((total, bytes) => total + bytes.byteLength, 0));
  const views = new Map<Uint8Array, Uint8Array>();
  let offset = 0;
  for (const bytes of arrays) {
    if (views.has(bytes)) continue;
    const view = new Uint8Array(buffer, offset, bytes.byteLength);
    view.set(bytes);
    views.set(bytes, view);
    offset += bytes.byteLength;
  }
  return { value: replaceBytes(value, views) as T, transfer: [buffer] };
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function collectBytes(value: unknown, into: Uint8Array[]): void {
  if (value === null || typeof value !== 'object') return;
  if (value instanceof Uint8Array) into.push(value);
  else if (Array.isArray(value)) for (const item of value) collectBytes(item, into);
  else if (isPlainObject(value)) for (const item of Object.values(value)) collectBytes(item, into);
}

function replaceBytes(value: unknown, views: Map<Uint8Array, Uint8Array>): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return views.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => replaceBytes(item, views));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) copy[key] = replaceBytes(item, views);
  return copy;
}

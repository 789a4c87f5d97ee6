import type { StoredBatch } from './log-store';

/**
 * A partition's batches kept in memory, sorted by baseOffset with one entry per baseOffset: the
 * MemoryLogStore's whole log and the IndexedDbLogStore's tail cache both hold them this way.
 */

/** Index of the first batch whose baseOffset >= offset (batches.length if none). */
export function firstIndexAtOrAfter(batches: StoredBatch[], offset: number): number {
  let low = 0;
  let high = batches.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (batches[mid].baseOffset < offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Index of the batch that contains `offset`: the last one starting at or before it (-1 if none; offsets are integers). */
export function containingIndex(batches: StoredBatch[], offset: number): number {
  return firstIndexAtOrAfter(batches, offset + 1) - 1;
}

/**
 * Same semantics as an IndexedDB put keyed by baseOffset: a batch at an existing baseOffset replaces
 * it. Returns the batch it replaced, if any.
 */
export function insertBatch(batches: StoredBatch[], batch: StoredBatch): StoredBatch | undefined {
  const index = firstIndexAtOrAfter(batches, batch.baseOffset);
  const entry = { baseOffset: batch.baseOffset, bytes: batch.bytes };
  if (batches[index]?.baseOffset !== batch.baseOffset) {
    batches.splice(index, 0, entry);
    return undefined;
  }
  const replaced = batches[index];
  batches[index] = entry;
  return replaced;
}

/**
 * The batches from index `start` on until their total size reaches `maxBytes`, at least one if any
 * (LogStore.read's rule for an oversized batch). Entries are copied; the bytes are shared, as a
 * RecordBatch is immutable once stored.
 */
export function takeBatches(batches: StoredBatch[], start: number, maxBytes: number): StoredBatch[] {
  const result: StoredBatch[] = [];
  let totalBytes = 0;
  for (let i = Math.max(0, start); i < batches.length; i++) {
    const batch = batches[i];
    if (result.length > 0 && totalBytes + batch.bytes.byteLength > maxBytes) break;
    result.push({ ...batch });
    totalBytes += batch.bytes.byteLength;
  }
  return result;
}

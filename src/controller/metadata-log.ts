/**
 * The controller's `__cluster_metadata` log: append-only, one offset per record. Listeners hear
 * every append so the browser runtime can persist it and the UI can draw the timeline from it.
 */
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import type { MetadataRecord } from '../protocol/metadata-records';

export type MetadataLogListener = (entries: MetadataLogEntry[]) => void;

export class MetadataLog {
  private readonly log: MetadataLogEntry[] = [];
  private readonly listeners = new Set<MetadataLogListener>();

  get entries(): readonly MetadataLogEntry[] {
    return this.log;
  }

  /** The offset the next record will get. */
  get endOffset(): number {
    return this.log.length === 0 ? 0 : this.log[this.log.length - 1].offset + 1;
  }

  /** Re-adds entries that were committed before (a page reload); listeners are not told. */
  restore(entries: readonly MetadataLogEntry[]): void {
    for (const entry of entries) {
      if (entry.offset !== this.endOffset) {
        throw new Error(`Metadata log entry at offset ${entry.offset} does not follow offset ${this.endOffset - 1}`);
      }
      this.log.push(entry);
    }
  }

  /** Appends without notifying; call `notify` once the entries are applied to the image. */
  append(records: MetadataRecord[], timestampMs: number): MetadataLogEntry[] {
    const start = this.endOffset;
    const entries = records.map((record, i) => ({ offset: start + i, timestampMs, record }));
    this.log.push(...entries);
    return entries;
  }

  notify(entries: MetadataLogEntry[]): void {
    if (entries.length === 0) return;
    for (const listener of [...this.listeners]) listener(entries);
  }

  /** Entries at and after `offset`, at most `maxEntries`. */
  readFrom(offset: number, maxEntries: number): MetadataLogEntry[] {
    const first = this.log.length === 0 ? 0 : this.log[0].offset;
    const start = Math.max(0, offset - first);
    return this.log.slice(start, start + maxEntries);
  }

  onAppend(listener: MetadataLogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

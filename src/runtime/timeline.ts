/**
 * The page's event timeline: the controller's metadata records in words (MetadataEventTranslator),
 * plus what the metadata log does not carry: group rebalances seen at the coordinator and committed
 * records a broker gave up after an unclean election. It starts over when the cluster is reset.
 */
import type { MetadataLogEntry } from '../protocol/apis/kraft';
import { MetadataEventTranslator, type TimelineEvent, type TimelineEventKind, type TimelineSubjects } from '../controller/metadata-events';

export type { TimelineEvent, TimelineEventKind, TimelineSubjects };

/** The events kept; older ones drop off the front. */
const MAX_EVENTS = 2000;

export class Timeline {
  private translator = new MetadataEventTranslator();
  private readonly kept: TimelineEvent[] = [];
  private readonly listeners = new Set<(event: TimelineEvent) => void>();
  private readonly resetListeners = new Set<() => void>();

  /** Every event kept, oldest first. */
  events(): TimelineEvent[] {
    return [...this.kept];
  }

  /** Called with each new event; returns the unsubscribe function. */
  onEvent(listener: (event: TimelineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when the cluster is reset and the timeline starts over empty. */
  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  /** Translates metadata records that follow those seen so far. */
  appendMetadata(entries: readonly MetadataLogEntry[]): void {
    for (const event of this.translator.translate(entries)) this.push(event);
  }

  /** An event from outside the metadata log, placed after the last metadata record seen. */
  append(timeMs: number, kind: TimelineEventKind, text: string, subjects: TimelineSubjects): void {
    this.push({ offset: this.translator.lastOffset, timeMs, kind, text, subjects });
  }

  /** A new cluster: the events and the translator's image start over. */
  reset(): void {
    this.translator = new MetadataEventTranslator();
    this.kept.length = 0;
    for (const listener of [...this.resetListeners]) listener();
  }

  private push(event: TimelineEvent): void {
    this.kept.push(event);
    if (this.kept.length > MAX_EVENTS) this.kept.splice(0, this.kept.length - MAX_EVENTS);
    for (const listener of [...this.listeners]) listener(event);
  }
}

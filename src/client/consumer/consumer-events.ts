/**
 * kafkajs's consumer instrumentation events (src/consumer/instrumentationEvents.js): the same
 * names and payloads, timestamped by the injected clock instead of Date.now.
 */
import type { Clock } from '../../core/clock';

export const CONSUMER_EVENTS = {
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  GROUP_JOIN: 'consumer.group_join',
  FETCH: 'consumer.fetch',
  FETCH_START: 'consumer.fetch_start',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  REBALANCING: 'consumer.rebalancing',
  RECEIVED_UNSUBSCRIBED_TOPICS: 'consumer.received_unsubscribed_topics',
  /**
   * Not kafkajs's (it never validates positions): the Java consumer's INFO log line "Truncation
   * detected for partition ..." (SubscriptionState.maybeCompleteValidation, KIP-320), as an event
   * so the page and tests can show it. Payload: topic, partition, offset, divergentOffset, message.
   */
  TRUNCATION_DETECTED: 'consumer.truncation_detected',
} as const;

export type ConsumerEventName = (typeof CONSUMER_EVENTS)[keyof typeof CONSUMER_EVENTS];

export interface InstrumentationEvent<T = unknown> {
  id: string;
  type: ConsumerEventName;
  timestamp: number;
  payload: T;
}

export type RemoveInstrumentationEventListener = () => void;

const EVENT_NAMES = new Set<string>(Object.values(CONSUMER_EVENTS));

export class ConsumerEventEmitter {
  private readonly listeners = new Map<ConsumerEventName, Set<(event: InstrumentationEvent) => void>>();
  private nextId = 0;

  constructor(private readonly clock: Clock) {}

  on<T = unknown>(type: ConsumerEventName, listener: (event: InstrumentationEvent<T>) => void): RemoveInstrumentationEventListener {
    if (!EVENT_NAMES.has(type)) {
      throw new TypeError(
        `Event name should be one of ${Object.keys(CONSUMER_EVENTS)
          .map((key) => `consumer.events.${key}`)
          .join(', ')}`,
      );
    }
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    const wrapped = listener as (event: InstrumentationEvent) => void;
    set.add(wrapped);
    return () => set.delete(wrapped);
  }

  /** A listener that throws is ignored, as kafkajs logs and swallows it: instrumentation never breaks consumption. */
  emit(type: ConsumerEventName, payload: unknown = null): void {
    const set = this.listeners.get(type);
    if (set === undefined || set.size === 0) return;
    const event: InstrumentationEvent = { id: String(this.nextId++), type, timestamp: this.clock.now(), payload };
    for (const listener of [...set]) {
      try {
        const result: unknown = listener(event);
        if (result instanceof Promise) result.catch(() => undefined);
      } catch {
        // see above
      }
    }
  }
}

/**
 * The platform APIs the engine may use when it is compiled without DOM or Node types
 * (tsconfig.engine.json): each exists in every JavaScript runtime the engine runs in (Node, a
 * page, a worker) and none reads a clock, draws randomness, touches storage or the network.
 * Anything else the engine needs is injected (Clock, Random, Transport, LogStore).
 */

/** UTF-8 encoding of record keys, values and protocol strings. */
declare class TextEncoder {
  readonly encoding: string;
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  readonly encoding: string;
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}

/** Cancellation of long waits (Ctrl-C in a tool, a stopped chaos run). */
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
  throwIfAborted(): void;
}

// eslint-disable-next-line no-var -- a global value merges with its interface only as a var (as lib.dom.d.ts declares it)
declare var AbortSignal: {
  prototype: AbortSignal;
  any(signals: AbortSignal[]): AbortSignal;
  abort(reason?: unknown): AbortSignal;
};

declare class AbortController {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
}

/** A deep copy, as a message between two nodes is copied: an in-memory log keeps its own copy of what it stores. */
declare function structuredClone<T>(value: T): T;

/**
 * The simulator's pending events: a binary min-heap ordered by (time, sequence number), like the
 * PriorityQueue of RaftEventSimulationTest. The sequence number makes events due at the same
 * virtual millisecond run in the order they were scheduled, which is what keeps a run
 * reproducible from its seed.
 */
export interface SimEvent {
  readonly timeMs: number;
  readonly seq: number;
  readonly task: () => void;
  /** What the event is in words, when its scheduler said (see Clock.schedule). */
  readonly label: string | undefined;
  cancelled: boolean;
}

/** Cancelled events stay in the heap until popped; past this many the heap is rebuilt without them. */
const COMPACT_THRESHOLD = 1024;

export class EventQueue {
  private heap: SimEvent[] = [];
  private nextSeq = 0;
  private cancelledCount = 0;

  /** Live (not cancelled) events. */
  get size(): number {
    return this.heap.length - this.cancelledCount;
  }

  push(timeMs: number, task: () => void, label?: string): SimEvent {
    const event: SimEvent = { timeMs, seq: this.nextSeq++, task, label, cancelled: false };
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
    return event;
  }

  cancel(event: SimEvent): void {
    if (event.cancelled) return;
    event.cancelled = true;
    this.cancelledCount++;
    // Every answered request cancels its timeout; without compaction a busy run would keep
    // request.timeout.ms worth of dead timers in the heap.
    if (this.cancelledCount > COMPACT_THRESHOLD && this.cancelledCount * 2 > this.heap.length) this.compact();
  }

  /** The earliest live event, without removing it. */
  peek(): SimEvent | undefined {
    this.dropCancelledHead();
    return this.heap[0];
  }

  pop(): SimEvent | undefined {
    this.dropCancelledHead();
    return this.removeHead();
  }

  private dropCancelledHead(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) {
      this.removeHead();
      this.cancelledCount--;
    }
  }

  private removeHead(): SimEvent | undefined {
    const head = this.heap[0];
    const last = this.heap.pop();
    if (this.heap.length > 0 && last !== undefined) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return head;
  }

  private compact(): void {
    this.heap = this.heap.filter((event) => !event.cancelled);
    this.cancelledCount = 0;
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index], heap[parent])) return;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}

function before(a: SimEvent, b: SimEvent): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.seq < b.seq);
}

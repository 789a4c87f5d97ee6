/**
 * The network and disk faults an operator puts on a cluster, as one model both runtimes apply to
 * their own network: cuts (both ways, or only what one node sends to another, as Jepsen's
 * partitions and Kafka's RaftEventSimulationTest's message filters drop), isolation (cut off from
 * every node, including ones that start later), slow nodes (every message to or from them held
 * back) and slow disks (every write to a broker's log held back).
 *
 * The in-process network asks it about every message (isCut, extraLatencyMs); the browser runtime
 * pushes each node's share of it (faultsOf) to the worker or port that enforces it whenever it
 * changes, and again when a broker restarts, so a restarted broker is as cut off and as slow as
 * it was.
 */
import type { NodeAddress } from '../protocol/rpc';
import type { CutLink } from './cluster-description';

/** One node's part of the faults, as the node that enforces them needs it. */
export interface NodeFaults {
  /** Cut off from every other node. */
  isolated: boolean;
  /** Peers this node's messages to are dropped (a cut from this node to them). */
  cutTo: NodeAddress[];
  /** Peers whose messages to this node are dropped (a cut from them to this node). */
  cutFrom: NodeAddress[];
  /** How long every message the node sends or receives is held back; 0 for none. */
  slowMs: number;
  /** How long every write to the node's log is held back (a broker's slow disk); 0 for none. */
  slowDiskMs: number;
}

export const NO_FAULTS: NodeFaults = { isolated: false, cutTo: [], cutFrom: [], slowMs: 0, slowDiskMs: 0 };

/** broker(id).slow(extraMs) and slowDisk(extraMs): 0 restores the broker, a negative or non-number delay is a mistake said out loud. */
export function checkSlowDelay(brokerId: number, extraMs: number, method: 'slow' | 'slowDisk' = 'slow'): void {
  if (!Number.isFinite(extraMs) || extraMs < 0) {
    throw new RangeError(`broker(${brokerId}).${method}(extraMs) takes a delay of 0 ms or more (0 restores it), not ${extraMs}.`);
  }
}

export class LinkFaults {
  /** Cut directions as 'from->to'; a cut both ways is both. */
  private readonly cuts = new Set<string>();
  private readonly isolated = new Set<NodeAddress>();
  private readonly slowMs = new Map<NodeAddress, number>();
  private readonly slowDiskMs = new Map<NodeAddress, number>();
  private readonly listeners = new Set<(changed: ReadonlySet<NodeAddress>) => void>();

  /** Cuts both directions between two nodes. */
  partition(a: NodeAddress, b: NodeAddress): void {
    this.change(
      (changed) => {
        this.setCut(a, b, true, changed);
        this.setCut(b, a, true, changed);
      },
      a,
      b,
    );
  }

  /** Drops only what `from` sends to `to` (requests and answers alike); what `to` sends to `from` still arrives. */
  partitionOneWay(from: NodeAddress, to: NodeAddress): void {
    this.change((changed) => this.setCut(from, to, true, changed), from, to);
  }

  /** Cuts `node` off from every other node, including ones that start later. */
  isolate(node: NodeAddress): void {
    this.change((changed) => {
      if (!this.isolated.has(node)) changed.add(node);
      this.isolated.add(node);
    });
  }

  /**
   * heal(): every cut and isolation. heal(a): a's isolation and every cut touching a. heal(a, b):
   * the cut between a and b, both ways. Slowness stays: slow(node, 0) restores it.
   */
  heal(a?: NodeAddress, b?: NodeAddress): void {
    this.change((changed) => {
      if (b === undefined) {
        for (const node of [...this.isolated]) {
          if (a !== undefined && node !== a) continue;
          this.isolated.delete(node);
          changed.add(node);
        }
      }
      for (const key of [...this.cuts]) {
        const [from, to] = splitCutKey(key);
        const touches = (x: NodeAddress) => from === x || to === x;
        const matches = a === undefined || (b === undefined ? touches(a) : touches(a) && touches(b));
        if (matches) this.setCut(from, to, false, changed);
      }
    });
  }

  /** Holds back every message `node` sends or receives by `extraMs`; 0 restores it. */
  slow(node: NodeAddress, extraMs: number): void {
    this.change((changed) => setDelay(this.slowMs, node, extraMs, changed));
  }

  /** Holds back every write `node` makes to its log by `extraMs`; 0 restores it. */
  slowDisk(node: NodeAddress, extraMs: number): void {
    this.change((changed) => setDelay(this.slowDiskMs, node, extraMs, changed));
  }

  /** Whether a message from `from` to `to` is dropped. */
  isCut(from: NodeAddress, to: NodeAddress): boolean {
    return this.isolated.has(from) || this.isolated.has(to) || this.cuts.has(cutKey(from, to));
  }

  /** What every message to or from `node` is held back by. */
  extraLatencyMs(node: NodeAddress): number {
    return this.slowMs.get(node) ?? 0;
  }

  /** What every write of `node` to its log is held back by. */
  extraDiskMs(node: NodeAddress): number {
    return this.slowDiskMs.get(node) ?? 0;
  }

  /** The cut links in address order; a link cut both ways is one entry, from the lower address. */
  cutLinks(): CutLink[] {
    const links: CutLink[] = [];
    for (const key of [...this.cuts].sort()) {
      const [from, to] = splitCutKey(key);
      const both = this.cuts.has(cutKey(to, from));
      if (both && to < from) continue;
      links.push({ from, to, oneWay: !both });
    }
    return links;
  }

  isolatedNodes(): NodeAddress[] {
    return [...this.isolated].sort();
  }

  /** Nodes made slow, with their delay, in address order. */
  slowNodes(): { node: NodeAddress; extraMs: number }[] {
    return sortedDelays(this.slowMs);
  }

  /** Nodes given a slow disk, with their delay, in address order. */
  slowDiskNodes(): { node: NodeAddress; extraMs: number }[] {
    return sortedDelays(this.slowDiskMs);
  }

  /** One node's share of the faults, for whatever enforces them on its side. */
  faultsOf(node: NodeAddress): NodeFaults {
    const cutTo: NodeAddress[] = [];
    const cutFrom: NodeAddress[] = [];
    for (const key of [...this.cuts].sort()) {
      const [from, to] = splitCutKey(key);
      if (from === node) cutTo.push(to);
      if (to === node) cutFrom.push(from);
    }
    return { isolated: this.isolated.has(node), cutTo, cutFrom, slowMs: this.extraLatencyMs(node), slowDiskMs: this.extraDiskMs(node) };
  }

  /** Called with the nodes whose share changed, after each change that changed anything. */
  onChange(listener: (changed: ReadonlySet<NodeAddress>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every fault gone at once (the cluster was reset). */
  clear(): void {
    this.change((changed) => {
      for (const node of [...this.isolated, ...this.slowMs.keys(), ...this.slowDiskMs.keys()]) changed.add(node);
      for (const key of this.cuts) for (const node of splitCutKey(key)) changed.add(node);
      this.cuts.clear();
      this.isolated.clear();
      this.slowMs.clear();
      this.slowDiskMs.clear();
    });
  }

  private setCut(from: NodeAddress, to: NodeAddress, cut: boolean, changed: Set<NodeAddress>): void {
    const key = cutKey(from, to);
    if (this.cuts.has(key) === cut) return;
    if (cut) this.cuts.add(key);
    else this.cuts.delete(key);
    changed.add(from);
    changed.add(to);
  }

  private change(apply: (changed: Set<NodeAddress>) => void, ...ends: NodeAddress[]): void {
    if (ends.length === 2 && ends[0] === ends[1]) throw new Error(`Cannot cut ${ends[0]} off from itself.`);
    const changed = new Set<NodeAddress>();
    apply(changed);
    if (changed.size === 0) return;
    for (const listener of [...this.listeners]) listener(changed);
  }
}

function setDelay(delays: Map<NodeAddress, number>, node: NodeAddress, extraMs: number, changed: Set<NodeAddress>): void {
  if ((delays.get(node) ?? 0) === extraMs) return;
  if (extraMs > 0) delays.set(node, extraMs);
  else delays.delete(node);
  changed.add(node);
}

function sortedDelays(delays: ReadonlyMap<NodeAddress, number>): { node: NodeAddress; extraMs: number }[] {
  return [...delays].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([node, extraMs]) => ({ node, extraMs }));
}

function cutKey(from: NodeAddress, to: NodeAddress): string {
  return `${from}->${to}`;
}

function splitCutKey(key: string): [NodeAddress, NodeAddress] {
  return key.split('->') as [NodeAddress, NodeAddress];
}

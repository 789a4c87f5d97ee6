/**
 * The brokers a cluster has, as both runtimes keep them: one slot per broker id with its rack and
 * what the operator last did to its process, whatever else the runtime hangs on the slot (a
 * Broker object and its disk in process, a worker connection in the browser). Ids are given in
 * order from 1, as Kafka's quickstart numbers its brokers.
 */
import type { BrokerLifecycle, DescribedBroker } from './describe-cluster';

export interface RosterSlot {
  readonly id: number;
  readonly rack: string | null;
  lifecycle: BrokerLifecycle;
  /** Whether the controller has unfenced the running process since it started. */
  unfenced: boolean;
}

export class BrokerRoster<S extends RosterSlot> {
  private readonly slots = new Map<number, S>();

  /** The id a new broker gets: one above the highest so far. */
  nextId(): number {
    return Math.max(0, ...this.slots.keys()) + 1;
  }

  add(slot: S): S {
    if (this.slots.has(slot.id)) throw new Error(`Broker ${slot.id} is already in this cluster.`);
    this.slots.set(slot.id, slot);
    return slot;
  }

  ids(): number[] {
    return [...this.slots.keys()].sort((a, b) => a - b);
  }

  /** The slot of broker `id`; throws, listing the brokers there are, if there is none. */
  get(id: number): S {
    const slot = this.slots.get(id);
    if (slot === undefined) throw new Error(`No broker ${id} in this cluster (brokers: ${this.ids().join(', ')}).`);
    return slot;
  }

  find(id: number): S | undefined {
    return this.slots.get(id);
  }

  has(id: number): boolean {
    return this.slots.has(id);
  }

  /** Every slot, in id order. */
  all(): S[] {
    return this.ids().map((id) => this.slots.get(id)!);
  }

  clear(): void {
    this.slots.clear();
  }

  /** What describe() needs of each broker, in id order. */
  described(): DescribedBroker[] {
    return this.all().map(({ id, rack, lifecycle, unfenced }) => ({ id, rack, lifecycle, unfenced }));
  }
}

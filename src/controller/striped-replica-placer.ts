/**
 * Replica placement for new partitions, shaped exactly like Kafka's StripedReplicaPlacer
 * (metadata/.../placement/StripedReplicaPlacer.java): brokers grouped by rack, racks and brokers
 * visited round robin from random start offsets, which gives consecutive partitions "striped"
 * replica lists. Kafka's own Random would give other lists for a seed; the structure is the same.
 */
import type { Random } from '../core/random';
import { shuffle } from '../core/random';
import { fail } from '../protocol/errors';

/** A broker that may receive replicas: registered and not in controlled shutdown. */
export interface UsableBroker {
  id: number;
  rack: string | null;
  fenced: boolean;
}

/** Brokers handed out round robin; each partition is a new "epoch" that restarts the walk one step on. */
class BrokerList {
  readonly brokers: number[] = [];
  private index = 0;
  private offset = 0;
  private epoch = 0;

  initialize(random: Random): void {
    if (this.brokers.length === 0) return;
    this.brokers.sort((a, b) => a - b);
    this.offset = random.nextInt(this.brokers.length);
  }

  shuffle(random: Random): void {
    shuffle(this.brokers, random);
  }

  /** The next broker in this epoch, or -1 once every broker was returned in it. */
  next(epoch: number): number {
    const size = this.brokers.length;
    if (size === 0) return -1;
    if (this.epoch !== epoch) {
      this.epoch = epoch;
      this.index = 0;
      this.offset = (this.offset + 1) % size;
    }
    if (this.index >= size) return -1;
    return this.brokers[(this.index++ + this.offset) % size];
  }
}

/** Unfenced brokers are used first; fenced ones only once a rack's unfenced brokers are used up. */
class Rack {
  readonly fenced = new BrokerList();
  readonly unfenced = new BrokerList();

  initialize(random: Random): void {
    this.fenced.initialize(random);
    this.unfenced.initialize(random);
  }

  shuffle(random: Random): void {
    this.fenced.shuffle(random);
    this.unfenced.shuffle(random);
  }

  nextUnfenced(epoch: number): number {
    return this.unfenced.next(epoch);
  }

  next(epoch: number): number {
    const broker = this.unfenced.next(epoch);
    return broker >= 0 ? broker : this.fenced.next(epoch);
  }
}

/** Rack names sort with "no rack" first, as OptionalStringComparator does. */
function compareRacks(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

class RackList {
  private readonly racks = new Map<string | null, Rack>();
  private readonly rackNames: (string | null)[];
  readonly numTotalBrokers: number;
  readonly numUnfencedBrokers: number;
  private epoch = 0;
  private offset: number;

  constructor(
    private readonly random: Random,
    brokers: UsableBroker[],
  ) {
    const sorted = [...brokers].sort((a, b) => compareRacks(a.rack, b.rack) || a.id - b.id);
    for (const broker of sorted) {
      let rack = this.racks.get(broker.rack);
      if (rack === undefined) this.racks.set(broker.rack, (rack = new Rack()));
      (broker.fenced ? rack.fenced : rack.unfenced).brokers.push(broker.id);
    }
    for (const rack of this.racks.values()) rack.initialize(random);
    this.rackNames = [...this.racks.keys()];
    this.numTotalBrokers = brokers.length;
    this.numUnfencedBrokers = brokers.filter((b) => !b.fenced).length;
    this.offset = this.rackNames.length === 0 ? 0 : random.nextInt(this.rackNames.length);
  }

  place(replicationFactor: number): number[] {
    // After as many partitions as there are unfenced brokers, reshuffle so the same stripes do not
    // repeat; never for a single unfenced broker, which would loop forever.
    if (this.epoch === this.numUnfencedBrokers && this.numUnfencedBrokers > 1) {
      shuffle(this.rackNames, this.random);
      for (const rack of this.racks.values()) rack.shuffle(this.random);
      this.epoch = 0;
    }
    if (this.offset === this.rackNames.length) this.offset = 0;
    const replicas: number[] = [];
    // The leader must be unfenced: take it from the first rack, starting at the offset, that still has one.
    let firstRackIndex = this.offset;
    for (;;) {
      const broker = this.rack(firstRackIndex).nextUnfenced(this.epoch);
      if (broker >= 0) {
        replicas.push(broker);
        break;
      }
      firstRackIndex = (firstRackIndex + 1) % this.rackNames.length;
    }
    // Followers come from the following racks in turn, skipping the leader's rack once.
    let rackIndex = this.offset;
    while (replicas.length < replicationFactor) {
      let broker = -1;
      do {
        if (rackIndex === firstRackIndex) {
          firstRackIndex = -1;
        } else {
          broker = this.rack(rackIndex).next(this.epoch);
        }
        rackIndex = (rackIndex + 1) % this.rackNames.length;
      } while (broker < 0);
      replicas.push(broker);
    }
    this.epoch++;
    this.offset++;
    return replicas;
  }

  private rack(index: number): Rack {
    return this.racks.get(this.rackNames[index])!;
  }
}

/**
 * Replica lists for `numPartitions` new partitions. Throws INVALID_REPLICATION_FACTOR with the
 * placer's message; CreateTopics prefixes it with "Unable to replicate the partition N time(s): ".
 */
export function placeReplicas(brokers: UsableBroker[], numPartitions: number, replicationFactor: number, random: Random): number[][] {
  const rackList = new RackList(random, brokers);
  if (replicationFactor <= 0) {
    fail('INVALID_REPLICATION_FACTOR', `Invalid replication factor ${replicationFactor}: the replication factor must be positive.`);
  }
  if (rackList.numUnfencedBrokers === 0) fail('INVALID_REPLICATION_FACTOR', 'All brokers are currently fenced.');
  if (replicationFactor > rackList.numTotalBrokers) {
    fail(
      'INVALID_REPLICATION_FACTOR',
      `The target replication factor of ${replicationFactor} cannot be reached because only ${rackList.numTotalBrokers} broker(s) are registered.`,
    );
  }
  const placements: number[][] = [];
  for (let partition = 0; partition < numPartitions; partition++) placements.push(rackList.place(replicationFactor));
  return placements;
}

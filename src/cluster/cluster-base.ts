/**
 * What every runtime's cluster does the same way, written once: the fault verbs, which go to the
 * one fault model (ClusterFaults over LinkFaults) whose changes each runtime applies to its own
 * network, and the partition lookups, which read describe(). A runtime supplies its faults and its
 * describe(); the rest of ClusterOperator is its own.
 */
import type { CutLink, ClusterDescription, PartitionDescription } from './cluster-description';
import type { ClusterFaults } from './cluster-faults';
import type { NodeRef } from './cluster-operator';
import { partitionOf } from './describe-cluster';

export abstract class ClusterBase {
  protected abstract readonly faults: ClusterFaults;

  abstract describe(): ClusterDescription;

  /** Cuts both directions between two nodes. */
  partition(a: NodeRef, b: NodeRef): void {
    this.faults.partition(a, b);
  }

  /** Drops only what `from` sends to `to`. */
  partitionOneWay(from: NodeRef, to: NodeRef): void {
    this.faults.partitionOneWay(from, to);
  }

  isolate(node: NodeRef): void {
    this.faults.isolate(node);
  }

  heal(a?: NodeRef, b?: NodeRef): void {
    this.faults.heal(a, b);
  }

  slow(brokerId: number, extraMs: number): void {
    this.faults.slow(brokerId, extraMs);
  }

  slowDisk(brokerId: number, extraMs: number): void {
    this.faults.slowDisk(brokerId, extraMs);
  }

  cutLinks(): CutLink[] {
    return this.faults.cutLinks();
  }

  isolatedBrokers(): number[] {
    return this.faults.isolatedBrokers();
  }

  slowBrokers(): { id: number; extraMs: number }[] {
    return this.faults.slowBrokers();
  }

  slowDisks(): { id: number; extraMs: number }[] {
    return this.faults.slowDisks();
  }

  describePartition(topic: string, partition: number): PartitionDescription {
    return partitionOf(this.describe(), topic, partition);
  }

  leaderOf(topic: string, partition: number): number {
    return this.describePartition(topic, partition).leader;
  }
}

/**
 * The operator's fault verbs over the one fault model (LinkFaults), shared by both runtimes: a
 * NodeRef (a broker id, or an address) is checked against the cluster's nodes and turned into an
 * address, broker lists come back as ids in order. What enforces the faults is the runtime's own
 * network, which follows the model.
 */
import { brokerAddress, brokerIdOf, type NodeAddress } from '../protocol/rpc';
import type { CutLink } from './cluster-description';
import type { NodeRef } from './cluster-operator';
import { checkSlowDelay, LinkFaults } from './link-faults';

export interface ClusterFaultsOptions {
  /** Whether broker `id` is in the cluster. */
  hasBroker(id: number): boolean;
  /** The broker ids there are, for the error that names an unknown one. */
  brokerIds(): number[];
  /** Whether a node that is not a broker ('controller', a client's address) can be named in a fault. */
  isKnownNode(address: NodeAddress): boolean;
  /** The nodes that can be named besides brokers, for the error that names an unknown one. */
  describeKnownNodes(): string;
}

export class ClusterFaults {
  constructor(
    readonly model: LinkFaults,
    private readonly nodes: ClusterFaultsOptions,
  ) {}

  partition(a: NodeRef, b: NodeRef): void {
    this.model.partition(this.address(a), this.address(b));
  }

  partitionOneWay(from: NodeRef, to: NodeRef): void {
    this.model.partitionOneWay(this.address(from), this.address(to));
  }

  isolate(node: NodeRef): void {
    this.model.isolate(this.address(node));
  }

  heal(a?: NodeRef, b?: NodeRef): void {
    this.model.heal(a === undefined ? undefined : this.address(a), b === undefined ? undefined : this.address(b));
  }

  slow(brokerId: number, extraMs: number): void {
    checkSlowDelay(brokerId, extraMs, 'slow');
    this.model.slow(this.address(brokerId), extraMs);
  }

  slowDisk(brokerId: number, extraMs: number): void {
    checkSlowDelay(brokerId, extraMs, 'slowDisk');
    this.model.slowDisk(this.address(brokerId), extraMs);
  }

  cutLinks(): CutLink[] {
    return this.model.cutLinks();
  }

  isolatedBrokers(): number[] {
    return this.model
      .isolatedNodes()
      .map(brokerIdOf)
      .filter((id): id is number => id !== null)
      .sort((a, b) => a - b);
  }

  slowBrokers(): { id: number; extraMs: number }[] {
    return brokerDelays(this.model.slowNodes());
  }

  slowDisks(): { id: number; extraMs: number }[] {
    return brokerDelays(this.model.slowDiskNodes());
  }

  /** The address a NodeRef names; throws, listing what can be named, if the cluster has no such node. */
  address(node: NodeRef): NodeAddress {
    const brokerId = typeof node === 'number' ? node : brokerIdOf(node);
    if (brokerId !== null) {
      if (!this.nodes.hasBroker(brokerId)) {
        throw new Error(`No broker ${brokerId} in this cluster (brokers: ${this.nodes.brokerIds().join(', ')}).`);
      }
      return brokerAddress(brokerId);
    }
    const address = node as NodeAddress;
    if (!this.nodes.isKnownNode(address)) {
      throw new Error(`No node ${address} in this cluster (brokers by id, or ${this.nodes.describeKnownNodes()}).`);
    }
    return address;
  }
}

/** The brokers among some nodes' delays, by id in id order. */
function brokerDelays(nodes: { node: NodeAddress; extraMs: number }[]): { id: number; extraMs: number }[] {
  return nodes
    .map(({ node, extraMs }) => ({ id: brokerIdOf(node), extraMs }))
    .filter((entry): entry is { id: number; extraMs: number } => entry.id !== null)
    .sort((a, b) => a.id - b.id);
}

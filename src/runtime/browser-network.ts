/**
 * The browser runtime's switchboard on the main thread. It creates one MessageChannel per pair of
 * nodes and hands the ends out once: broker-broker when the later of the two starts,
 * broker-server (the controller, the group coordinator) when the broker starts, client-broker when
 * a client first sends to that broker. Produce, fetch and replication therefore go straight from
 * port to port and never through the main thread's code, even for clients living on the main
 * thread.
 *
 * It also makes the cluster's fault model (LinkFaults) true: each node's share of it goes to the
 * PortNode that enforces it, in the broker's worker or here on the main thread, when it changes and
 * when a broker starts.
 */
import * as Comlink from 'comlink';
import type { LinkFaults } from '../cluster/link-faults';
import type { Clock } from '../core/clock';
import { brokerAddress, brokerIdOf, type NodeAddress, type RequestHandler } from '../protocol/rpc';
import type { BrokerHost } from './broker-host';
import { PortNode } from './port-node';
import type { WorkerConnection } from './worker-connection';

export interface BrowserNetworkOptions {
  clock: Clock;
  faults: LinkFaults;
  /** The worker of broker `id`, null while it is not running. */
  workerOf(brokerId: number): WorkerConnection<BrokerHost> | null;
  /** The brokers whose workers run now. */
  runningBrokerIds(): number[];
}

export class BrowserNetwork {
  /** Main-thread nodes every broker is connected to: the controller, and whatever `serve` adds. */
  private readonly servers = new Map<NodeAddress, PortNode>();
  private readonly clientNodes = new Set<PortNode>();

  constructor(private readonly options: BrowserNetworkOptions) {}

  /** Serves `address` on the main thread, connected to every running broker, as the controller is. */
  serve(address: NodeAddress, handler: RequestHandler): PortNode {
    if (this.servers.has(address)) throw new Error(`${address} is already served on the main thread.`);
    const node = new PortNode({ address, clock: this.options.clock, handler });
    node.setFaults(this.options.faults.faultsOf(address));
    this.servers.set(address, node);
    for (const id of this.options.runningBrokerIds()) this.connectServer(id, node);
    return node;
  }

  isServed(address: NodeAddress): boolean {
    return this.servers.has(address);
  }

  servedAddresses(): NodeAddress[] {
    return [...this.servers.keys()];
  }

  /**
   * Connects a broker whose worker has just started to every main-thread server and every other
   * running broker, and gives it its share of the faults, so a restarted broker is as cut off and
   * as slow (network and disk) as it was.
   */
  wireBroker(brokerId: number): void {
    for (const node of this.servers.values()) this.connectServer(brokerId, node);
    const address = brokerAddress(brokerId);
    for (const peer of this.options.runningBrokerIds()) {
      if (peer === brokerId) continue;
      const channel = new MessageChannel();
      this.handOut(brokerId, brokerAddress(peer), channel.port1);
      this.handOut(peer, address, channel.port2);
    }
    this.pushFaults(address);
  }

  /** A broker's worker ended: every main-thread node and running peer drops its connection to it, failing what waited on it. */
  unwireBroker(brokerId: number): void {
    const address = brokerAddress(brokerId);
    for (const node of [...this.servers.values(), ...this.clientNodes]) node.disconnect(address);
    for (const peer of this.options.runningBrokerIds()) {
      if (peer === brokerId) continue;
      this.options
        .workerOf(peer)
        ?.call('disconnect', (remote) => remote.disconnect(address))
        .catch(() => undefined);
    }
  }

  /** A client's node on the main thread, dialing a broker the first time it sends to it. */
  clientNode(address: NodeAddress): PortNode {
    const node = new PortNode({
      address,
      clock: this.options.clock,
      dial: (peer) => {
        const brokerId = brokerIdOf(peer);
        if (brokerId === null || this.options.workerOf(brokerId) === null) return null;
        const channel = new MessageChannel();
        this.handOut(brokerId, address, channel.port2);
        return channel.port1;
      },
    });
    this.clientNodes.add(node);
    return node;
  }

  /**
   * Hands a client's end of a new channel to a broker (a client worker dialing it); the port is
   * closed if that broker is not running, and the client's request then times out.
   */
  connectClient(from: NodeAddress, peer: NodeAddress, port: MessagePort): void {
    const brokerId = brokerIdOf(peer);
    if (brokerId === null || this.options.workerOf(brokerId) === null) {
      port.close();
      return;
    }
    this.handOut(brokerId, from, port);
  }

  /** Gives the nodes whose share of the faults changed their new share. */
  applyFaults(changed: Iterable<NodeAddress>): void {
    for (const address of changed) this.pushFaults(address);
  }

  /** Closes every main-thread node. */
  close(): void {
    for (const node of this.servers.values()) node.close();
    this.servers.clear();
    for (const node of this.clientNodes) node.close();
    this.clientNodes.clear();
  }

  private pushFaults(address: NodeAddress): void {
    const faults = this.options.faults.faultsOf(address);
    const brokerId = brokerIdOf(address);
    if (brokerId === null) {
      this.servers.get(address)?.setFaults(faults);
      return;
    }
    this.options
      .workerOf(brokerId)
      ?.call('setFaults', (remote) => remote.setFaults(faults))
      .catch(() => undefined);
  }

  private connectServer(brokerId: number, node: PortNode): void {
    const channel = new MessageChannel();
    node.connect(brokerAddress(brokerId), channel.port1);
    this.handOut(brokerId, node.address, channel.port2);
  }

  /** Gives a broker its end of a channel to `peer`; a broker that died meanwhile just never gets it. */
  private handOut(brokerId: number, peer: NodeAddress, port: MessagePort): void {
    const connection = this.options.workerOf(brokerId);
    if (connection === null) return;
    void connection.call(`connect ${peer}`, (remote) => remote.connect(peer, Comlink.transfer(port, [port]))).catch(() => undefined);
  }
}

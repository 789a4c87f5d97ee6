/**
 * The browser runtime's CrashableClient: a Kafka client on the page whose processes can crash. Each
 * producer, consumer or admin gets its own main-thread node (dialing brokers through
 * BrowserCluster.connectClient, as the client worker does), and `crash(address)` makes one of them
 * vanish as kill -9 would (crash-switch.ts).
 */
import { Kafka } from '../client/kafka';
import type { Clock } from '../core/clock';
import type { CrashableClient } from '../cluster/cluster-operator';
import { brokerAddress, brokerIdOf, type NodeAddress, type Transport } from '../protocol/rpc';
import { cryptoSeededRandom } from './crypto-random';
import { CrashSwitch } from './crash-switch';
import { PortNode } from './port-node';

/** What the client needs of the browser cluster: its brokers, and a port to each running one. */
export interface ClientSwitchboard {
  /** The page's clock, which the client's timeouts and timers follow. */
  readonly clock: Clock;
  brokerIds(): number[];
  runningBrokerIds(): number[];
  /** Hands the client's end of a new channel to a broker. */
  connectClient(from: NodeAddress, peer: NodeAddress, port: MessagePort): void;
  /** Called with a broker's id when its worker ends, so the client drops its connection to it. */
  onBrokerStopped(listener: (brokerId: number) => void): () => void;
}

/** Numbers the crashable clients of this page, so the brokers never mistake one's connections for another's. */
let clients = 0;

export class PageCrashableClient implements CrashableClient {
  readonly kafka: Kafka;
  private readonly prefix = `chaos-client-${++clients}`;
  private readonly nodes = new Map<string, PortNode>();
  private readonly crashes = new CrashSwitch();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly cluster: ClientSwitchboard,
    clientId: string,
  ) {
    this.kafka = new Kafka({
      clientId,
      brokers: cluster.brokerIds(),
      clock: this.cluster.clock,
      random: cryptoSeededRandom(),
      connect: (clientAddress) => this.connect(clientAddress),
    });
    // A port says nothing when its worker dies: the cluster does, and waiting requests fail at once.
    this.unsubscribe = cluster.onBrokerStopped((id) => {
      for (const node of this.nodes.values()) node.disconnect(brokerAddress(id));
    });
  }

  /** Kills the process behind a client address ('consumer-2': the Kafka client's second consumer). */
  crash(clientAddress: string): void {
    this.crashes.crash(`${this.prefix}-${clientAddress}`, () => this.nodes.get(clientAddress)?.close());
  }

  /** Closes every connection; the client is not used after this. */
  close(): void {
    this.unsubscribe();
    for (const node of this.nodes.values()) node.close();
  }

  private connect(clientAddress: string): Transport {
    const address: NodeAddress = `${this.prefix}-${clientAddress}`;
    const node = new PortNode({
      address,
      clock: this.cluster.clock,
      dial: (peer) => {
        const brokerId = brokerIdOf(peer);
        if (brokerId === null || !this.cluster.runningBrokerIds().includes(brokerId)) return null;
        const channel = new MessageChannel();
        this.cluster.connectClient(address, peer, channel.port2);
        return channel.port1;
      },
    });
    this.nodes.set(clientAddress, node);
    return this.crashes.guard(node.transport);
  }
}

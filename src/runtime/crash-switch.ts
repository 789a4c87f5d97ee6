/**
 * Client processes on the page that can crash as kill -9 would: a crashed process's connections
 * close, and every request it has in flight or makes later never settles. The process is gone and
 * nobody waits for it, so no LeaveGroup is sent and no last commit is made: the coordinator has to
 * time the member out (session.timeout.ms). This is SimNetwork.kill of the in-process runtime, for
 * the page's client worker and for PageCrashableClient.
 */
import type { NodeAddress, Transport } from '../protocol/rpc';

/** What a crashed process's calls wait on: nothing will ever answer them. */
const NEVER = new Promise<never>(() => undefined);

export class CrashSwitch {
  private readonly crashed = new Set<NodeAddress>();

  /** The process behind `address` is gone; `closeConnections` drops its open ports. */
  crash(address: NodeAddress, closeConnections: () => void): void {
    this.crashed.add(address);
    closeConnections();
  }

  isCrashed(address: NodeAddress): boolean {
    return this.crashed.has(address);
  }

  /** The transport, gone dark once its process has crashed: calls made before or after never settle. */
  guard(transport: Transport): Transport {
    const gone = () => this.crashed.has(transport.address);
    return {
      address: transport.address,
      request: (to, api, body, timeoutMs) => {
        if (gone()) return NEVER;
        return transport.request(to, api, body, timeoutMs).then(
          (response) => (gone() ? NEVER : response),
          (error: unknown) => (gone() ? NEVER : Promise.reject(error)),
        );
      },
    };
  }
}

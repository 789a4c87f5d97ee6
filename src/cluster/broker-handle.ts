/**
 * `cluster.broker(id)`: one broker's verbs, bound to its id, the same on both runtimes. Its state is
 * read when asked, so a handle kept across a kill and a restart stays true.
 */
import { brokerAddress } from '../protocol/rpc';
import type { BrokerHandle, ClusterOperator } from './cluster-operator';

type BrokerVerbs = Pick<
  ClusterOperator,
  'killBroker' | 'restartBroker' | 'shutdownBroker' | 'wipeBroker' | 'fillDisk' | 'isolate' | 'heal' | 'slow' | 'slowDisk'
>;

export function brokerHandle(cluster: BrokerVerbs, id: number, state: () => BrokerHandle['state']): BrokerHandle {
  return {
    id,
    address: brokerAddress(id),
    get state() {
      return state();
    },
    kill: () => cluster.killBroker(id),
    restart: (options) => cluster.restartBroker(id, options),
    shutdown: () => cluster.shutdownBroker(id),
    wipe: () => cluster.wipeBroker(id),
    isolate: () => cluster.isolate(id),
    heal: () => cluster.heal(id),
    slow: (extraMs) => cluster.slow(id, extraMs),
    slowDisk: (extraMs) => cluster.slowDisk(id, extraMs),
    fillDisk: () => cluster.fillDisk(id),
  };
}

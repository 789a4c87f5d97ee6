/** One broker per module worker: the engine's Broker over this worker's IndexedDB log, real time. */
import { expose } from 'comlink';
import { createBrokerHost } from '../src/runtime/broker-host';
import { cryptoSeededRandom } from '../src/runtime/crypto-random';
import { RealClock } from '../src/runtime/real-clock';
import type { LogMeta } from '../src/broker/unified-log';
import { IndexedDbLogStore } from './indexeddb-log-store';

expose(
  createBrokerHost({
    clock: new RealClock(),
    random: cryptoSeededRandom(),
    openStore: (name) => IndexedDbLogStore.open<LogMeta>(name),
  }),
);

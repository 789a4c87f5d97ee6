/** One broker per module worker: the engine's Broker over this worker's IndexedDB log, real time. */
import { expose } from 'comlink';
import { createBrokerHost } from '../src/runtime/broker-host';
import { cryptoSeededRandom } from '../src/runtime/crypto-random';
import { PageClock } from '../src/runtime/page-clock';
import type { LogMeta } from '../src/broker/unified-log';
import { IndexedDbLogStore } from './indexeddb-log-store';

// The page's time: paused, slowed or real, as the main thread says (setTimeCourse).
const clock = new PageClock();

expose(
  createBrokerHost({
    clock,
    followTime: (course) => clock.follow(course),
    random: cryptoSeededRandom(),
    openStore: (name) => IndexedDbLogStore.open<LogMeta>(name),
  }),
);

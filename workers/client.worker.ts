/** The page's workloads in their own module worker, so produce and fetch never run on the main thread. */
import { expose } from 'comlink';
import { createClientHost } from '../src/runtime/client-host';
import { cryptoSeededRandom } from '../src/runtime/crypto-random';
import { RealClock } from '../src/runtime/real-clock';

expose(createClientHost({ clock: new RealClock(), random: cryptoSeededRandom() }));

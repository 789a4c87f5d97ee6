/** The page's workloads in their own module worker, so produce and fetch never run on the main thread. */
import { expose } from 'comlink';
import { createClientHost } from '../src/runtime/client-host';
import { cryptoSeededRandom } from '../src/runtime/crypto-random';
import { PageClock } from '../src/runtime/page-clock';

// The page's time: paused, slowed or real, as the main thread says (setTimeCourse).
const clock = new PageClock();

expose(createClientHost({ clock, followTime: (course) => clock.follow(course), random: cryptoSeededRandom() }));

import { SeededRandom } from '../../../src/core/random';
import { Kafka } from '../../../src/client/kafka';
import { VirtualClock } from '../../../src/sim/virtual-clock';
import { FakeBrokers } from './fake-brokers';

/** A Kafka client wired to fake brokers on a virtual clock; the seed is printed for reproduction. */
export function clientFixture(seed = 42) {
  const clock = new VirtualClock();
  const random = new SeededRandom(seed);
  const brokers = new FakeBrokers(clock);
  const kafka = new Kafka({ clientId: 'test', brokers: [1, 2, 3], clock, random, connect: (address) => brokers.transport(address) });
  return { clock, random, brokers, kafka, seed };
}

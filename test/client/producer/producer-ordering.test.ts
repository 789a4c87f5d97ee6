import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/index';

const SEED = 1;

describe('client > producer > ordering', () => {
  it("writes concurrent sends of one key in the order they were called, even while the topic's metadata is first fetched", async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED });
    const producer = kafka.producer();
    await producer.connect();
    // Not awaited one by one: like a console producer handing over lines as they are typed.
    const sends = Array.from({ length: 5 }, (_, i) => producer.send({ topic: 'fresh', messages: [{ key: 'user1', value: `line ${i}` }] }));
    const offsets = (await Promise.all(sends)).map((metadata) => Number(metadata[0].baseOffset));
    expect(offsets).toEqual([0, 1, 2, 3, 4]);
    await cluster.close();
  });
});

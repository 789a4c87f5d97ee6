import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../src/core/random';
import { assignReplicasToBrokers } from '../../src/shell/replica-assignment';

const random = new SeededRandom(1);

describe('shell > AdminUtils.assignReplicasToBrokers (for --generate)', () => {
  it('spreads replicas round robin with a growing shift when no broker has a rack (AdminUtils test vector)', () => {
    const brokers = [0, 1, 2, 3, 4].map((id) => ({ id, rack: null }));
    expect(assignReplicasToBrokers(brokers, 10, 3, random, 0)).toEqual([
      [0, 1, 2],
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 0],
      [4, 0, 1],
      [0, 2, 3],
      [1, 3, 4],
      [2, 4, 0],
      [3, 0, 1],
      [4, 1, 2],
    ]);
  });

  it('alternates racks when every broker has one', () => {
    const racks = ['rack1', 'rack3', 'rack3', 'rack2', 'rack2', 'rack1'];
    const brokers = racks.map((rack, id) => ({ id, rack }));
    expect(assignReplicasToBrokers(brokers, 7, 3, random, 0)).toEqual([
      [0, 3, 1],
      [3, 1, 5],
      [1, 5, 4],
      [5, 4, 2],
      [4, 2, 0],
      [2, 0, 3],
      [0, 4, 2],
    ]);
  });

  it('refuses a replication factor above the broker count, and brokers of which only some have racks', () => {
    expect(() => assignReplicasToBrokers([{ id: 1, rack: null }], 1, 2, random)).toThrow(
      'Replication factor: 2 larger than available brokers: 1.',
    );
    expect(() =>
      assignReplicasToBrokers(
        [
          { id: 1, rack: 'a' },
          { id: 2, rack: null },
        ],
        1,
        1,
        random,
      ),
    ).toThrow('Not all brokers have rack information');
  });
});

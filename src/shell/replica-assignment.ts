/**
 * Kafka's classic replica assignment, AdminUtils.assignReplicasToBrokers (server-common), which
 * kafka-reassign-partitions.sh --generate still uses: the first replica of partition p goes round
 * robin from a random start, the others follow at a shift that grows by one every full round, so
 * replicas spread evenly. With every broker in a rack, the broker list alternates racks and each
 * further replica prefers a rack, then a broker, that holds none yet (AdminUtils'
 * assignReplicasToBrokersRackUnaware, assignReplicasToBrokersRackAware, getRackAlternatedBrokerList).
 */
import type { Random } from '../core/random';
import { KafkaError } from '../protocol/errors';

export interface BrokerRack {
  id: number;
  rack: string | null;
}

/** Partition -> replicas. `fixedStartIndex` replaces both random draws, as in AdminUtils' tests. */
export function assignReplicasToBrokers(
  brokers: BrokerRack[],
  partitions: number,
  replicationFactor: number,
  random: Random,
  fixedStartIndex = -1,
): number[][] {
  if (partitions <= 0) throw new KafkaError('INVALID_PARTITIONS', 'Number of partitions must be larger than 0.');
  if (replicationFactor <= 0) throw new KafkaError('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0.');
  if (replicationFactor > brokers.length) {
    throw new KafkaError(
      'INVALID_REPLICATION_FACTOR',
      `Replication factor: ${replicationFactor} larger than available brokers: ${brokers.length}.`,
    );
  }
  const racked = brokers.filter((b) => b.rack !== null).length;
  if (racked === 0)
    return rackUnaware(
      brokers.map((b) => b.id),
      partitions,
      replicationFactor,
      random,
      fixedStartIndex,
    );
  if (racked < brokers.length) {
    throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', 'Not all brokers have rack information for replica rack aware assignment.');
  }
  return rackAware(brokers, partitions, replicationFactor, random, fixedStartIndex);
}

function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, index: number, brokerCount: number): number {
  const shift = 1 + ((secondReplicaShift + index) % (brokerCount - 1));
  return (firstReplicaIndex + shift) % brokerCount;
}

/** Each partition's first replica index and replica shift: a random start, the shift growing by one every full round. */
function rounds(brokerCount: number, partitions: number, random: Random, fixed: number): { first: number; shift: number }[] {
  const startIndex = fixed >= 0 ? fixed : random.nextInt(brokerCount);
  let shift = fixed >= 0 ? fixed : random.nextInt(brokerCount);
  return Array.from({ length: partitions }, (_, p) => {
    if (p > 0 && p % brokerCount === 0) shift++;
    return { first: (p + startIndex) % brokerCount, shift };
  });
}

function rackUnaware(brokers: number[], partitions: number, replicationFactor: number, random: Random, fixed: number): number[][] {
  const n = brokers.length;
  return rounds(n, partitions, random, fixed).map(({ first, shift }) => [
    brokers[first],
    ...Array.from({ length: replicationFactor - 1 }, (_, j) => brokers[replicaIndex(first, shift, j, n)]),
  ]);
}

/** AdminUtils.getRackAlternatedBrokerList: racks sorted, each rack's brokers sorted, taken one rack at a time. */
function rackAlternatedBrokers(brokers: BrokerRack[]): number[] {
  const byRack = new Map<string, number[]>();
  for (const { id, rack } of brokers) byRack.set(rack!, [...(byRack.get(rack!) ?? []), id]);
  const queues = [...byRack.keys()].sort().map((rack) => byRack.get(rack)!.sort((a, b) => a - b));
  const result: number[] = [];
  while (result.length < brokers.length) {
    for (const queue of queues) if (queue.length > 0) result.push(queue.shift()!);
  }
  return result;
}

function rackAware(brokers: BrokerRack[], partitions: number, replicationFactor: number, random: Random, fixed: number): number[][] {
  const rackOf = new Map(brokers.map((b) => [b.id, b.rack!]));
  const rackCount = new Set(rackOf.values()).size;
  const arranged = rackAlternatedBrokers(brokers);
  const n = arranged.length;
  return rounds(n, partitions, random, fixed).map(({ first, shift }) => {
    const leader = arranged[first];
    const replicas = [leader];
    const racksWithReplicas = new Set([rackOf.get(leader)]);
    const brokersWithReplicas = new Set([leader]);
    let k = 0;
    for (let j = 0; j < replicationFactor - 1; j++) {
      for (;;) {
        const broker = arranged[replicaIndex(first, shift * rackCount, k++, n)];
        const rack = rackOf.get(broker);
        if (
          (!racksWithReplicas.has(rack) || racksWithReplicas.size === rackCount) &&
          (!brokersWithReplicas.has(broker) || brokersWithReplicas.size === n)
        ) {
          replicas.push(broker);
          racksWithReplicas.add(rack);
          brokersWithReplicas.add(broker);
          break;
        }
      }
    }
    return replicas;
  });
}

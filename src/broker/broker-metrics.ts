/**
 * A broker's meters, counted since start. Kafka's `...PerSec` names are Yammer meters (a count plus
 * rates); the engine keeps the count and lets the viewer derive rates over its own window. Gauges
 * (UnderReplicatedPartitions, LeaderCount ...) are computed from the partitions on demand by the
 * ReplicaManager, as Kafka's gauges are.
 */
export const BROKER_METERS = [
  // kafka.server:type=ReplicaManager
  'IsrShrinksPerSec',
  'IsrExpandsPerSec',
  'FailedIsrUpdatesPerSec',
  // kafka.server:type=BrokerTopicMetrics
  'MessagesInPerSec',
  'BytesInPerSec',
  'BytesOutPerSec',
  'ReplicationBytesInPerSec',
  'ReplicationBytesOutPerSec',
  'TotalProduceRequestsPerSec',
  'TotalFetchRequestsPerSec',
  'FailedProduceRequestsPerSec',
  'FailedFetchRequestsPerSec',
] as const;

export type BrokerMeter = (typeof BROKER_METERS)[number];

export class BrokerMetrics {
  private readonly counts = new Map<BrokerMeter, number>(BROKER_METERS.map((name) => [name, 0]));

  mark(meter: BrokerMeter, count = 1): void {
    this.counts.set(meter, this.counts.get(meter)! + count);
  }

  count(meter: BrokerMeter): number {
    return this.counts.get(meter)!;
  }

  snapshot(): Record<BrokerMeter, number> {
    return Object.fromEntries(this.counts) as Record<BrokerMeter, number>;
  }
}

/** Kafka's terms as the page explains them: one sentence each, shown as a tooltip wherever the term appears. */
export const GLOSSARY = {
  'leader epoch':
    'A number the controller raises each time a partition gets a new leader, so replicas and clients can tell a stale leader from the current one.',
  ISR: 'The in-sync replicas: the leader and the followers that have caught up with it within replica.lag.time.max.ms; only they, or with the ISR empty the ELR, can be elected leader cleanly.',
  ELR: 'Eligible leader replicas (KIP-966): replicas that left the ISR while it was below min.insync.replicas, when the high watermark stood still, so they hold every committed record; with the ISR empty one of them leads without losing data.',
  'high watermark':
    'The offset up to which every in-sync replica has the records; consumers only read below it, so they never see a record that a failover could lose.',
  'min.insync.replicas': 'With acks=all, a write is refused (NOT_ENOUGH_REPLICAS) unless at least this many replicas are in the ISR.',
  LEO: 'Log end offset: the offset the next record appended to this replica will get.',
  controller: 'The KRaft controller keeps the cluster metadata log: it registers and fences brokers and elects partition leaders.',
  'unclean.leader.election.enable':
    'When no in-sync replica is alive, allow an out-of-sync one to lead: the partition comes back, but acknowledged records may be lost.',
  'records-lag-max': "The consumer's largest lag over its partitions: how many records the high watermark is ahead of its position.",
} as const;

export type Term = keyof typeof GLOSSARY;

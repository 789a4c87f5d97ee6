/** What lessons read from the cluster, in words a lesson's steps can share. */
import type { RecordMetadata } from '../client/producer/producer';
import type { ProducerConfig } from '../client/producer/producer-config';
import type { GroupView } from '../cluster/group-views';
import type { LessonContext } from './lesson-types';

export function leaderOf(context: LessonContext, topic: string, partition: number): number {
  return context.cluster.leaderOf(topic, partition);
}

export function isrOf(context: LessonContext, topic: string, partition: number): number[] {
  return context.cluster.describePartition(topic, partition).isr;
}

/** The broker is not serving: killed, fenced or shut down. */
export function isDown(context: LessonContext, brokerId: number): boolean {
  const broker = context.cluster.describe().brokers.find((b) => b.id === brokerId);
  return broker !== undefined && broker.state !== 'running' && broker.state !== 'starting';
}

export function isRunning(context: LessonContext, brokerId: number): boolean {
  return context.cluster.describe().brokers.find((b) => b.id === brokerId)?.state === 'running';
}

export async function groupOf(context: LessonContext, groupId: string): Promise<GroupView | undefined> {
  return (await context.cluster.describeGroups()).find((g) => g.groupId === groupId);
}

/** Stable, with every member holding at least one partition or the group holding them all. */
export async function isGroupStable(context: LessonContext, groupId: string, members?: number): Promise<boolean> {
  const group = await groupOf(context, groupId);
  if (group?.state !== 'Stable') return false;
  return members === undefined || group.members.length === members;
}

/** Sends records with one producer and returns where each landed. */
export async function produce(
  context: LessonContext,
  topic: string,
  messages: { key?: string; value: string }[],
  acks: -1 | 0 | 1 = -1,
  config: ProducerConfig = {},
): Promise<RecordMetadata[]> {
  const producer = context.kafka.producer(config);
  await producer.connect();
  try {
    return await producer.send({ topic, acks, messages });
  } finally {
    await producer.disconnect();
  }
}

/** The sum of the partitions' high watermarks: records a consumer can read. */
export function visibleRecords(context: LessonContext, topic: string): number {
  const description = context.cluster.describe().topics.find((t) => t.name === topic);
  return description?.partitions.reduce((sum, p) => sum + Math.max(0, p.highWatermark), 0) ?? 0;
}

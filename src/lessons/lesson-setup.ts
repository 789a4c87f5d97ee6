/**
 * Builds a lesson's starting cluster on an empty one: its brokers, its topics, its producers and
 * groups. The caller empties the cluster first (the page asks before it wipes the learner's own),
 * with `lessonConfig(lesson)` as its broker configs.
 */
import type { ConfigOverrides } from '../cluster/cluster-operator';
import { DEMO_PRESET } from '../cluster/timing-presets';
import type { ConsumerGroupWorkloadSpec } from '../workload/workload-types';
import type { Lesson, LessonContext } from './lesson-types';

/**
 * Every lesson runs the demo timings (a failover in seconds, not tens of seconds; the page says so
 * and names each config), plus the lesson's own configs. With fewer than three brokers,
 * __consumer_offsets gets as many replicas as there are brokers, as Kafka's quickstart sets it.
 */
export function lessonConfig(lesson: Lesson): ConfigOverrides {
  const small: ConfigOverrides = lesson.setup.brokers < 3 ? { 'offsets.topic.replication.factor': Math.max(1, lesson.setup.brokers) } : {};
  return { ...DEMO_PRESET.broker, ...small, ...lesson.setup.config };
}

/** A group with the demo timings' session.timeout.ms and heartbeat.interval.ms, unless it sets its own. */
export function demoGroup(spec: ConsumerGroupWorkloadSpec): ConsumerGroupWorkloadSpec {
  return {
    sessionTimeoutMs: DEMO_PRESET.consumer['session.timeout.ms'],
    heartbeatIntervalMs: DEMO_PRESET.consumer['heartbeat.interval.ms'],
    ...spec,
  };
}

export async function applySetup(lesson: Lesson, context: LessonContext): Promise<void> {
  const { setup } = lesson;
  while (context.cluster.brokerIds().length < setup.brokers) await context.cluster.addBroker();
  const topics = setup.topics ?? [];
  if (topics.length > 0) {
    const admin = context.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
    } finally {
      await admin.disconnect();
    }
  }
  for (const producer of setup.producers ?? []) await context.workloads.startProducer(producer);
  for (const group of setup.groups ?? []) await context.workloads.startConsumerGroup(demoGroup(group));
}

import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { failover } from '../../src/lessons/catalog/failover';
import type { LessonProgress } from '../../src/lessons/lesson-run';
import { createLessons } from '../../src/lessons/lesson-session';
import { lessonConfig } from '../../src/lessons/lesson-setup';
import { workloadsOn } from '../workload/support';

/** sim.lessons over an in-process cluster; a fresh cluster with the lesson's configs and brokers stands in for reset(). */
async function lessons() {
  const { cluster, kafka } = await createCluster({ brokers: failover.setup.brokers, seed: 3, config: lessonConfig(failover) });
  const resets: unknown[] = [];
  const resettable = Object.assign(cluster, { reset: async (options: unknown) => void resets.push(options) });
  const saved: (LessonProgress | null)[] = [];
  const { workloads } = workloadsOn(cluster, 3);
  const session = createLessons({ cluster: resettable, kafka, workloads, saveProgress: (p) => saved.push(p) });
  return { cluster, session, saved, resets };
}

describe('lessons > session (sim.lessons)', () => {
  it('lists every lesson with its titles in both languages', async () => {
    const { session } = await lessons();
    const list = session.list();
    expect(list.length).toBeGreaterThanOrEqual(12);
    expect(list.find((l) => l.id === 'failover')?.title).toEqual({ en: 'Failover: kill the leader', ko: '장애 조치: 리더 브로커 죽이기' });
  });

  it("starts a lesson on a reset cluster with the lesson's configs, and keeps the learner's progress", async () => {
    const { cluster, session, saved, resets } = await lessons();
    await cluster.run(session.start('failover'));
    expect(resets).toEqual([{ config: lessonConfig(failover) }]);
    expect(cluster.brokerIds()).toHaveLength(3);
    expect(session.current()?.step.id).toBe('roles');

    await cluster.run(session.next());
    session.predict('isr-after-session', 'guess');
    expect(saved.at(-1)).toEqual({
      lessonId: 'failover',
      step: 1,
      predictions: { 'after-kill': { choice: 'isr-after-session', confidence: 'guess' } },
    });
    session.close();
    expect(saved.at(-1)).toBeNull();
  });

  it('opens a lesson at a step, as a link does, with the predictions it carries', async () => {
    const { cluster, session } = await lessons();
    await cluster.run(session.start('failover', { step: 2, predictions: { 'after-kill': { choice: 'at-once', confidence: 'sure' } } }));
    expect(session.current()?.step.id).toBe('kill');
    expect(session.current()?.prediction('after-kill')).toEqual({ choice: 'at-once', confidence: 'sure' });
  });

  it('names the lessons there are when asked for one that is not', async () => {
    const { session } = await lessons();
    await expect(session.start('zookeeper-setup')).rejects.toThrow(
      /^No lesson 'zookeeper-setup'; the lessons are topics-partitions-offsets, /,
    );
  });
});

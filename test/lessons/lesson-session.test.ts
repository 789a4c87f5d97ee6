import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { failover } from '../../src/lessons/catalog/failover';
import type { LessonProgress } from '../../src/lessons/lesson-run';
import { createLessons } from '../../src/lessons/lesson-session';
import { lessonConfig } from '../../src/lessons/lesson-setup';
import { workloadsOn } from '../workload/support';

/** The page's time as the session sees it, keeping what was asked of it. */
class RecordedTime {
  calls: string[] = [];
  private stopped = false;
  pause() {
    this.calls.push('pause');
    this.stopped = true;
  }
  resume() {
    this.calls.push('resume');
    this.stopped = false;
  }
  paused() {
    return this.stopped;
  }
}

/** sim.lessons over an in-process cluster; a fresh cluster with the lesson's configs and brokers stands in for reset(). */
async function lessons(time?: RecordedTime) {
  const { cluster, kafka } = await createCluster({ brokers: failover.setup.brokers, seed: 3, config: lessonConfig(failover) });
  const resets: unknown[] = [];
  const resettable = Object.assign(cluster, { reset: async (options: unknown) => void resets.push(options) });
  const saved: (LessonProgress | null)[] = [];
  const { workloads } = workloadsOn(cluster, 3);
  const session = createLessons({ cluster: resettable, kafka, workloads, saveProgress: (p) => saved.push(p), time });
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

  describe('pausing time at the moment there is something to see', () => {
    /** Failover up to the instant its new leader is elected: the wait-for-election step done. */
    async function toTheElection(time: RecordedTime) {
      const { cluster, session } = await lessons(time);
      await cluster.run(session.start('failover', { step: 2, predictions: { 'after-kill': { choice: 'at-once', confidence: 'sure' } } }));
      await cluster.run(session.perform());
      await cluster.run(session.next());
      expect(session.current()?.step.id).toBe('wait-for-election');
      expect(time.calls).toEqual([]);
      while (!session.current()!.canAdvance()) {
        await cluster.wait(250);
        await cluster.run(session.refresh());
      }
      return { cluster, session };
    }

    it('pauses when the failover elects its new leader, holds through the reveal, and resumes when the learner moves on', async () => {
      const time = new RecordedTime();
      const { cluster, session } = await toTheElection(time);
      expect(time.calls).toEqual(['pause']);
      expect(session.timeHeld()).toBe(true);

      await cluster.run(session.next());
      expect(session.current()?.step.id).toBe('elected');
      expect(session.timeHeld()).toBe(true);
      expect(time.calls).toEqual(['pause']);

      await cluster.run(session.next());
      expect(session.current()?.step.id).toBe('rejoin');
      expect(session.timeHeld()).toBe(false);
      expect(time.calls).toEqual(['pause', 'resume']);
    });

    it("resumes on the learner's click and does not pause again for the same moment", async () => {
      const time = new RecordedTime();
      const { cluster, session } = await toTheElection(time);
      session.resumeTime();
      expect(session.timeHeld()).toBe(false);
      await cluster.run(session.next());
      expect(session.current()?.step.id).toBe('elected');
      expect(time.calls).toEqual(['pause', 'resume']);
    });

    it('leaves time the learner paused alone: moving on does not resume it', async () => {
      const time = new RecordedTime();
      const { cluster, session } = await lessons(time);
      await cluster.run(session.start('failover', { step: 2 }));
      time.pause();
      await cluster.run(session.perform());
      await cluster.run(session.next());
      expect(session.timeHeld()).toBe(false);
      session.close();
      expect(time.calls).toEqual(['pause']);
      expect(time.paused()).toBe(true);
    });
  });
});

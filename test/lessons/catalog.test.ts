/**
 * Every lesson, completed end to end on the in-process runtime as a learner who predicts right and
 * presses the lesson's buttons would; the few tasks only a learner can do are done as the page would
 * do them. And every text a lesson shows is there in both languages.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/catalog';
import type { LessonContext, LocalizedText } from '../../src/lessons/lesson-types';
import { demoGroup } from '../../src/lessons/lesson-setup';
import { lessonOnCluster } from './lesson-support';

/** What the learner does in the page for a task the lesson has no button for. */
const LEARNER: Record<string, (context: LessonContext) => Promise<void> | void> = {
  'failover/rejoin': async (context) => {
    for (const broker of context.cluster.describe().brokers) if (broker.state !== 'running') await context.cluster.restartBroker(broker.id);
  },
  'full-disk/free-space': async (context) => {
    for (const broker of context.cluster.describe().brokers) if (broker.state !== 'running') await context.cluster.restartBroker(broker.id);
  },
  'acks-min-isr/get-through': async (context) => {
    const down = context.cluster.describe().brokers.find((broker) => broker.state !== 'running');
    await context.cluster.restartBroker(down!.id);
  },
  'high-watermark/heal': (context) => context.cluster.heal(),
  'consumer-groups/two-members': async (context) => {
    for (const workload of context.workloads.list()) if (workload.kind === 'consumer-group') await context.workloads.stop(workload.id);
    await context.workloads.startConsumerGroup(demoGroup({ groupId: 'pair', topics: ['orders'], members: 2 }));
  },
};

/** What each reveal's measured words must say for the lesson's claim to hold on this run. */
const MEASURED: Record<string, RegExp> = {
  'topics-partitions-offsets/per-partition-offsets': /orders-\d @ 0, .*orders-\d @ 1/,
  'keys-and-partitions/murmur2': /^This run: payments-(\d), payments-\1, payments-\1\.$/,
  'consumer-groups/one-reader': /^This run: partitions per member (?=.*\b0\b)(?=(?:.*\b1\b){3})/,
  'rebalance/eager': /generation (\d+) → (?!\1\.)\d+\./,
  'acks-min-isr/isr-not-replicas': /^This run: acknowledged\.$/,
  'acks-min-isr/not-enough': /^This run: NOT_ENOUGH_REPLICAS\.$/,
  'high-watermark/hw-rule': /became visible (\d{4,}) ms later, when the ISR was \[\d, \d\]/,
  'unclean-election/lost': /offsets 0–4 were acknowledged; the new leader \d's log ends at 0\./,
  'retention/segments': /jumped from 0 to [1-9]\d*/,
  'full-disk/halted': /^This run: leader (\d) \(epoch (\d+)\) → (?!\1 )\d \(epoch (?!\2\))\d+\), from the ISR \[\d, \d, \d\]\.$/,
};

const HANGUL = /[\uac00-\ud7a3]/;

function texts(lesson: (typeof LESSONS)[number]): LocalizedText[] {
  return [
    lesson.title,
    lesson.summary,
    ...(lesson.notModelled === undefined ? [] : [lesson.notModelled]),
    ...lesson.steps.flatMap((step) => [
      step.text,
      ...(step.kind === 'predict' ? step.choices.map((c) => c.text) : []),
      ...(step.kind === 'act' && step.perform !== undefined ? [step.perform.label] : []),
    ]),
  ];
}

describe('lessons > catalog', () => {
  it('has at least 12 lessons with unique ids, each text in English and in Korean', () => {
    expect(LESSONS.length).toBeGreaterThanOrEqual(12);
    expect(new Set(LESSONS.map((l) => l.id)).size).toBe(LESSONS.length);
    for (const lesson of LESSONS) {
      for (const text of texts(lesson)) {
        expect(text.en.trim(), `${lesson.id}: an English text is empty`).not.toBe('');
        expect(text.ko, `${lesson.id}: "${text.en}" has no Korean`).toMatch(HANGUL);
      }
    }
  });

  it('has every reveal answer a prediction asked before it, with at least one right choice', () => {
    for (const lesson of LESSONS) {
      lesson.steps.forEach((step, index) => {
        if (step.kind !== 'reveal') return;
        const asked = lesson.steps.slice(0, index).find((s) => s.id === step.prediction);
        expect(asked?.kind, `${lesson.id}/${step.id} answers ${step.prediction}`).toBe('predict');
        if (asked?.kind === 'predict') expect(asked.choices.some((c) => c.correct)).toBe(true);
      });
      expect(new Set(lesson.steps.map((s) => s.id)).size, `${lesson.id} repeats a step id`).toBe(lesson.steps.length);
    }
  });

  for (const lesson of LESSONS) {
    it(`${lesson.id}: its setup reaches the first step, and a learner who predicts right finishes it`, async () => {
      const { run, until, settle, context } = await lessonOnCluster(lesson);
      expect(run.index).toBe(0);
      for (;;) {
        const step = run.step;
        if (step.kind === 'predict') run.predict(step.choices.find((c) => c.correct)!.id, 'sure');
        if (step.kind === 'act' && step.perform !== undefined && !run.canAdvance()) await settle(run.perform());
        const learner = LEARNER[`${lesson.id}/${step.id}`];
        if (learner !== undefined) await settle(Promise.resolve(learner(context)));
        if (step.kind === 'act' || step.kind === 'task') await until(() => run.refresh());
        if (step.kind === 'reveal') {
          expect(run.outcome()?.right, `${lesson.id}/${step.id}`).toBe(true);
          const details = run.details();
          if (details !== undefined) expect(details.en).not.toMatch(/undefined|NaN/);
          const measured = MEASURED[`${lesson.id}/${step.id}`];
          if (measured !== undefined) expect(details?.en).toMatch(measured);
        }
        if (!(await settle(run.next()))) break;
      }
      expect(run.finished).toBe(true);
    });
  }
});

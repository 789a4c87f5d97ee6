/**
 * A lesson on the in-process runtime: its brokers with the lesson's configs, the workloads on
 * an undriven client (as the page's client worker runs them), and the setup applied.
 */
import { createCluster } from '../../src/index';
import { applySetup, lessonConfig } from '../../src/lessons/lesson-setup';
import { LessonRun } from '../../src/lessons/lesson-run';
import type { Lesson, LessonContext } from '../../src/lessons/lesson-types';
import type { InProcessCluster } from '../../src/sim/in-process-cluster';
import { workloadsOn } from '../workload/support';

export interface LessonOnCluster {
  cluster: InProcessCluster;
  context: LessonContext;
  run: LessonRun;
  /** Moves virtual time on in small steps until the current step is done; fails after `withinMs`. */
  until(done: () => Promise<boolean> | boolean, withinMs?: number): Promise<void>;
  /** Runs the cluster until the promise settles. */
  settle<T>(promise: Promise<T>): Promise<T>;
}

export async function lessonOnCluster(lesson: Lesson, seed = 1): Promise<LessonOnCluster> {
  const { cluster, kafka } = await createCluster({ brokers: lesson.setup.brokers, seed, config: lessonConfig(lesson) });
  const { workloads } = workloadsOn(cluster, seed);
  const context: LessonContext = { cluster, kafka, workloads };
  const settle = <T>(promise: Promise<T>) => cluster.run(promise);
  await settle(applySetup(lesson, context));
  const run = new LessonRun(lesson, context);
  await settle(run.enter());
  return {
    cluster,
    context,
    run,
    settle,
    async until(done, withinMs = 60_000) {
      const deadline = cluster.now() + withinMs;
      while (!(await settle(Promise.resolve(done())))) {
        if (cluster.now() > deadline) throw new Error(`lesson ${lesson.id}, step ${run.step.id}: not done within ${withinMs} ms`);
        await cluster.wait(250);
      }
    },
  };
}

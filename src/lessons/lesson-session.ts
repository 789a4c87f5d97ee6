/**
 * The page's lessons (`window.sim.lessons`): the list, the lesson being taken, and starting one on
 * a fresh cluster. Starting wipes the cluster (`reset`) with the lesson's configs, so the page asks
 * the learner first when the cluster has anything in it; a script calling `start` has asked already.
 * No timers here: the page calls `refresh()` while a lesson is open. At a step with something to
 * see (`pausesTime`), the session pauses the page's time and resumes it when the learner moves on
 * or asks to; time the learner paused themselves is theirs, and the session leaves it alone.
 */
import type { ResettableCluster } from '../cluster/cluster-operator';
import type { PausableTime } from '../cluster/pausable-time';
import type { Kafka } from '../client/kafka';
import type { WorkloadControls } from '../workload/workloads';
import { LESSONS, lessonById } from './catalog';
import { LessonRun, type LessonProgress } from './lesson-run';
import { applySetup, lessonConfig } from './lesson-setup';
import type { Confidence, Lesson, LocalizedText } from './lesson-types';

export interface LessonSummary {
  id: string;
  title: LocalizedText;
  summary: LocalizedText;
}

export interface SimLessons {
  /** Every lesson, in order: `[{ id, title }]` (title in English and Korean). */
  list(): LessonSummary[];
  /** Wipes the cluster, builds the lesson's starting cluster and opens it (at `step`, for a link). */
  start(id: string, options?: { step?: number; predictions?: LessonProgress['predictions'] }): Promise<void>;
  /** Opens the lesson at the saved step on the cluster as it is (after a reload, the one it built). */
  resume(progress: LessonProgress): Promise<void>;
  /** The lesson being taken, or null. */
  current(): LessonRun | null;
  /** Closes the lesson; the cluster stays as it is. */
  close(): void;
  /** The current step's prediction, its lesson button, and moving on: as the panel's buttons do. */
  predict(choice: string, confidence: Confidence): void;
  perform(): Promise<void>;
  next(): Promise<boolean>;
  /** Reads the cluster again for the current step's act or task. */
  refresh(): Promise<void>;
  /** The lesson paused the page's time to hold the moment this step shows. */
  timeHeld(): boolean;
  /** The learner's click: time goes on, and the lesson does not pause it again for this moment. */
  resumeTime(): void;
  /** Called when a lesson opens, moves on, closes, or its step is done. */
  onChange(listener: () => void): () => void;
}

export interface LessonSessionParts {
  cluster: ResettableCluster;
  kafka: Kafka;
  workloads: WorkloadControls;
  /** Keeps the learner's progress (the page: localStorage), null when the lesson closes. */
  saveProgress?: (progress: LessonProgress | null) => void;
  /** The page's time, paused at a lesson's moments; without it (a test), lessons never pause. */
  time?: PausableTime;
}

export function createLessons({ cluster, kafka, workloads, saveProgress = () => {}, time }: LessonSessionParts): SimLessons {
  let run: LessonRun | null = null;
  let wasDone = false;
  /** The session paused time and has not resumed it yet. */
  let holding = false;
  /** The learner resumed time during this moment: no pausing again until the moment is over. */
  let letGo = false;
  const followTime = () => {
    if (time === undefined) return;
    const holds = run?.holdsTime() ?? false;
    if (!holds) {
      letGo = false;
      if (holding) {
        holding = false;
        time.resume();
      }
    } else if (!holding && !letGo && !time.paused()) {
      holding = true;
      time.pause();
    }
  };
  const listeners = new Set<() => void>();
  const changed = () => {
    followTime();
    saveProgress(run?.progress() ?? null);
    for (const listener of listeners) listener();
  };
  const current = (): LessonRun => {
    if (run === null) throw new Error('No lesson is open: sim.lessons.start(id) opens one');
    return run;
  };
  const context = { cluster, kafka, workloads };
  const open = async (lesson: Lesson, progress: Pick<LessonProgress, 'step' | 'predictions'>) => {
    const next = new LessonRun(lesson, context);
    await next.resume(progress);
    run = next;
    wasDone = run.canAdvance();
    changed();
  };
  return {
    list: () => LESSONS.map(({ id, title, summary }) => ({ id, title, summary })),
    async start(id, options = {}) {
      const lesson = lessonById(id);
      if (lesson === undefined) throw new RangeError(`No lesson '${id}'; the lessons are ${LESSONS.map((l) => l.id).join(', ')}`);
      run = null;
      changed();
      await cluster.reset({ config: lessonConfig(lesson) });
      await applySetup(lesson, context);
      await open(lesson, { step: options.step ?? 0, predictions: options.predictions ?? {} });
    },
    async resume(progress) {
      const lesson = lessonById(progress.lessonId);
      if (lesson !== undefined) await open(lesson, progress);
    },
    current: () => run,
    predict(choice, confidence) {
      current().predict(choice, confidence);
      changed();
    },
    async perform() {
      await current().perform();
      wasDone = current().canAdvance();
      changed();
    },
    async next() {
      const moved = await current().next();
      wasDone = current().canAdvance();
      changed();
      return moved;
    },
    close() {
      run = null;
      changed();
    },
    async refresh() {
      if (run === null) return;
      const done = await run.refresh();
      if (done !== wasDone) {
        wasDone = done;
        changed();
      }
    },
    timeHeld: () => holding,
    resumeTime() {
      if (!holding) return;
      holding = false;
      letGo = true;
      time?.resume();
      changed();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

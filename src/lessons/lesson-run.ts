/**
 * One learner going through one lesson: which step they are on, what they predicted, and whether
 * the step's act or task is done. Pure: the page (or a test) calls `refresh()` when the cluster may
 * have changed, and nothing here keeps time of its own.
 */
import type { Confidence, Evidence, Lesson, LessonContext, LessonMemo, LessonStep, LocalizedText, Prediction } from './lesson-types';

/** How a reveal's prediction compared with what the cluster did. */
export interface PredictionOutcome {
  prediction: Prediction;
  /** The learner's choice was one of Kafka's. */
  right: boolean;
  /** The choices that were right, for the reveal to name. */
  rightChoices: readonly string[];
}

/** A run's progress, as kept between visits (localStorage in the page). */
export interface LessonProgress {
  lessonId: string;
  step: number;
  predictions: Readonly<Record<string, Prediction>>;
}

export class LessonRun {
  private stepIndex = 0;
  private readonly memo: LessonMemo = {};
  private readonly predictions = new Map<string, Prediction>();
  private stepDone = false;
  private entered = false;

  constructor(
    readonly lesson: Lesson,
    private readonly context: LessonContext,
  ) {}

  get index(): number {
    return this.stepIndex;
  }

  get step(): LessonStep {
    return this.lesson.steps[this.stepIndex]!;
  }

  get finished(): boolean {
    return this.stepIndex === this.lesson.steps.length - 1 && this.canAdvance();
  }

  /** Starts the current step (its onEnter) once; call after setup and after each next(). */
  async enter(): Promise<void> {
    if (this.entered) return;
    this.entered = true;
    this.stepDone = false;
    await this.step.onEnter?.(this.context, this.memo);
    await this.refresh();
  }

  /** Records the learner's answer to the current predict step. */
  predict(choice: string, confidence: Confidence): void {
    const step = this.step;
    if (step.kind !== 'predict') throw new Error(`step ${step.id} of lesson ${this.lesson.id} asks no prediction`);
    if (!step.choices.some((c) => c.id === choice)) {
      throw new RangeError(`step ${step.id} has no choice '${choice}'; its choices are ${step.choices.map((c) => c.id).join(', ')}`);
    }
    this.predictions.set(step.id, { choice, confidence });
  }

  prediction(stepId: string): Prediction | undefined {
    return this.predictions.get(stepId);
  }

  /** Reads the cluster again: is the current act or task done? Once done, it stays done. */
  async refresh(): Promise<boolean> {
    const step = this.step;
    if (this.stepDone) return true;
    if (step.kind === 'act') this.stepDone = await step.done(this.context, this.memo);
    else if (step.kind === 'task') this.stepDone = await step.check(this.context, this.memo);
    return this.stepDone;
  }

  /** The current step wants the page's time to stand still now (see `pausesTime`). */
  holdsTime(): boolean {
    const step = this.step;
    if (step.pausesTime !== true || !this.entered) return false;
    return step.kind === 'act' || step.kind === 'task' ? this.stepDone : true;
  }

  /** The lesson's own button for the current act step. */
  async perform(): Promise<void> {
    const step = this.step;
    if (step.kind !== 'act' || step.perform === undefined)
      throw new Error(`step ${step.id} of lesson ${this.lesson.id} has nothing to perform`);
    await step.perform.run(this.context, this.memo);
    await this.refresh();
  }

  /** Whether the learner may move on: a prediction made, an act or task done; words and reveals always. */
  canAdvance(): boolean {
    const step = this.step;
    switch (step.kind) {
      case 'predict':
        return this.predictions.has(step.id);
      case 'act':
      case 'task':
        return this.stepDone;
      default:
        return true;
    }
  }

  /** Moves to the next step and enters it; false at the last step or while this one is not done. */
  async next(): Promise<boolean> {
    if (!this.canAdvance() || this.stepIndex === this.lesson.steps.length - 1) return false;
    this.stepIndex += 1;
    this.entered = false;
    await this.enter();
    return true;
  }

  /** For a reveal step: how the prediction it answers compared. */
  outcome(): PredictionOutcome | undefined {
    const step = this.step;
    if (step.kind !== 'reveal') return undefined;
    const asked = this.lesson.steps.find((s) => s.id === step.prediction);
    const prediction = this.predictions.get(step.prediction);
    if (asked?.kind !== 'predict' || prediction === undefined) return undefined;
    const rightChoices = asked.choices.filter((c) => c.correct).map((c) => c.id);
    return { prediction, right: rightChoices.includes(prediction.choice), rightChoices };
  }

  /** The reveal's words measured on this run, if it has any. */
  details(): LocalizedText | undefined {
    const step = this.step;
    return step.kind === 'reveal' ? step.details?.(this.context, this.memo) : undefined;
  }

  evidence(): Evidence {
    return this.step.evidence?.(this.context, this.memo) ?? {};
  }

  /**
   * Opens the lesson at a step (a shared link, a returning learner): the earlier steps' observations
   * are taken now, as they would have been, and the predictions kept are restored.
   */
  async resume(progress: Pick<LessonProgress, 'step' | 'predictions'>): Promise<void> {
    const last = this.lesson.steps.length - 1;
    const target = Math.max(0, Math.min(last, Math.trunc(progress.step)));
    for (const [stepId, prediction] of Object.entries(progress.predictions)) this.predictions.set(stepId, prediction);
    for (const step of this.lesson.steps.slice(0, target)) await step.onEnter?.(this.context, this.memo);
    this.stepIndex = target;
    this.entered = false;
    await this.enter();
  }

  progress(): LessonProgress {
    return { lessonId: this.lesson.id, step: this.stepIndex, predictions: Object.fromEntries(this.predictions) };
  }
}

/**
 * What the page opens on load: a lesson link (`?lesson=failover&step=3`, steps counted from 1 as
 * the panel shows them) starts that lesson on a fresh cluster; otherwise the progress saved before a
 * reload resumes it on the cluster the lesson built.
 */
import type { LessonProgress } from '../../lessons/lesson-run';

export type LessonLink = { kind: 'start'; lessonId: string; step: number } | { kind: 'resume'; progress: LessonProgress };

export function lessonLink(query: string, saved: string | null): LessonLink | null {
  const params = new URLSearchParams(query);
  const lessonId = params.get('lesson');
  if (lessonId !== null && lessonId !== '') {
    const step = Number(params.get('step') ?? '1');
    return { kind: 'start', lessonId, step: Number.isInteger(step) && step >= 1 ? step - 1 : 0 };
  }
  if (saved === null) return null;
  try {
    const progress = JSON.parse(saved) as Partial<LessonProgress>;
    if (typeof progress.lessonId !== 'string' || typeof progress.step !== 'number' || typeof progress.predictions !== 'object') return null;
    return { kind: 'resume', progress: { lessonId: progress.lessonId, step: progress.step, predictions: progress.predictions ?? {} } };
  } catch {
    // Progress written by another version of the page, or edited by hand: start afresh.
    return null;
  }
}

/** The link that opens a lesson at a step, keeping the page's other parameters (its language). */
export function lessonHref(base: string, lessonId: string, stepIndex: number): string {
  const url = new URL(base);
  url.searchParams.set('lesson', lessonId);
  url.searchParams.set('step', String(stepIndex + 1));
  return url.toString();
}

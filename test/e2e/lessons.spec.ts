/**
 * Lessons in the page, and the page in Korean: ?lang=ko sets the language; the failover lesson is
 * driven by its own buttons and a kill of the leader from the inspector, to a reveal that records
 * the prediction, with the page's time paused at the election until the learner resumes it; the consumer-groups lesson is completed end to end.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch } from './page-watch';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.sim !== undefined);
}

async function startLesson(page: Page, id: string): Promise<void> {
  await page.locator('[data-open-lessons]').click();
  await page.locator(`[data-lesson-choice="${id}"] button`).click();
  await expect(page.locator(`[data-lesson-id="${id}"]`)).toBeVisible({ timeout: 30_000 });
}

const card = (page: Page, brokerId: number) => page.locator(`g.broker[data-broker-id="${brokerId}"]`);
const lesson = (page: Page) => page.locator('[data-lesson-id]');
const next = (page: Page) => page.locator('[data-lesson-next]');

test('with ?lang=ko the page speaks Korean, and the lessons have Korean titles', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await open(page, '?lang=ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await page.evaluate(() => window.sim!.cluster.reset({ config: { ...window.sim!.presets.demo.broker } }));
  await page.getByRole('button', { name: '브로커 추가' }).click();
  await expect(page.locator('[data-broker-id="1"] .title')).toHaveText('브로커 1');
  await expect(page.locator('[data-broker-id="1"] .state-label')).toHaveText('실행 중');
  await expect(page.getByRole('heading', { name: '브로커' })).toBeVisible();
  await expect(page.locator('[data-legend]')).toContainText('범례');
  await expect(page.locator('[data-legend]')).toContainText('펜싱된 브로커');

  const lessons = await page.evaluate(async () => (await window.sim!.lessons()).list());
  expect(lessons.length).toBeGreaterThanOrEqual(12);
  expect(lessons.every((l) => /[\uac00-\ud7a3]/.test(l.title.ko))).toBe(true);
  await page.locator('[data-open-lessons]').click();
  await expect(page.locator('[data-lesson-choice="failover"]')).toContainText('장애 조치: 리더 브로커 죽이기');

  // The choice is remembered: the next visit without ?lang= is in Korean too.
  await open(page, '');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the failover lesson, driven by its buttons and a kill of the leader, reaches its reveal with the prediction recorded', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await open(page, '?lang=en');
  await startLesson(page, 'failover');
  await expect(lesson(page)).toHaveAttribute('data-lesson-step', 'roles');
  const leader = await page.evaluate(() => window.sim!.cluster.leaderOf('orders', 0));
  await expect(card(page, leader)).toHaveClass(/highlighted/);
  await next(page).click();

  await expect(lesson(page)).toHaveAttribute('data-lesson-step', 'after-kill');
  await expect(next(page)).toBeDisabled();
  await page.locator('[data-predict-choice="at-once"]').click();
  await next(page).click();

  await expect(lesson(page)).toHaveAttribute('data-lesson-step', 'kill');
  await card(page, leader).locator('.title').click();
  await page.getByRole('button', { name: `Kill broker ${leader}` }).click();
  await expect(next(page)).toBeEnabled();
  await next(page).click();

  await expect(lesson(page)).toHaveAttribute('data-lesson-step', 'wait-for-election');
  await expect(card(page, leader)).toHaveAttribute('data-fence-in-ms', /\d+/);
  await expect(next(page)).toBeEnabled({ timeout: 20_000 });
  // The election is the moment to look at: the page's time stands still, and the lesson says so.
  const held = page.locator('[data-lesson-time-held]');
  await expect(held).toContainText('Time is paused at this moment');
  expect(await page.evaluate(() => window.sim!.time.paused())).toBe(true);
  await next(page).click();

  const reveal = page.locator('[data-reveal="elected"]');
  await expect(reveal).toHaveAttribute('data-prediction-right', 'false');
  await expect(reveal).toContainText('You predicted otherwise: A follower takes over at once.');
  await expect(reveal).toContainText(`This run: leader ${leader} (epoch`);
  const progress = await page.evaluate(() => JSON.parse(localStorage.getItem('kafka-in-a-tab:lesson') ?? 'null'));
  expect(progress).toMatchObject({ lessonId: 'failover', predictions: { 'after-kill': { choice: 'at-once', confidence: 'likely' } } });
  // Still paused through the reveal, until the learner's click.
  await expect(held).toBeVisible();
  await page.locator('[data-lesson-resume]').click();
  await expect(held).toHaveCount(0);
  expect(await page.evaluate(() => window.sim!.time.paused())).toBe(false);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test('the consumer-groups lesson is completed end to end in the page', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await open(page, '?lang=en');
  await startLesson(page, 'consumer-groups');
  await page.locator('[data-predict-choice="three"]').click();
  await next(page).click();
  await page.locator('[data-lesson-perform]').click();
  await expect(next(page)).toBeEnabled({ timeout: 20_000 });
  await next(page).click();
  await expect(page.locator('[data-reveal="one-reader"]')).toHaveAttribute('data-prediction-right', 'true');
  await next(page).click();

  // The task: the learner stops the group of four and starts a group of two with the side bar's controls.
  await expect(lesson(page)).toHaveAttribute('data-lesson-step', 'two-members');
  await page.getByRole('button', { name: 'Stop crowd' }).click();
  const form = page.getByRole('form', { name: 'Start consumer group' });
  await form.getByLabel('group.id').fill('pair');
  await form.getByLabel('members').fill('2');
  await form.getByRole('button', { name: 'Start consumer group' }).click();
  await expect(next(page)).toBeEnabled({ timeout: 30_000 });
  await expect(page.getByText('Lesson complete.')).toBeVisible();
  await next(page).click();
  await expect(lesson(page)).toHaveCount(0);
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

test("every lesson's setup builds its cluster in the page and opens at its first step", async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await open(page, '?lang=en');
  const lessons = await page.evaluate(async () => (await window.sim!.lessons()).list().map((l) => l.id));
  for (const id of lessons) {
    await page.evaluate(async (lessonId) => (await window.sim!.lessons()).start(lessonId), id);
    await expect(lesson(page), id).toHaveAttribute('data-lesson-id', id);
    const first = await page.evaluate(async () => (await window.sim!.lessons()).current()!.lesson.steps[0]!.id);
    await expect(lesson(page), id).toHaveAttribute('data-lesson-step', first);
  }
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

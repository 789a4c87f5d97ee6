/**
 * The page on every screen: the legend docked where it covers no broker, even at 12; on a
 * 390 x 844 phone the picture takes the screen, the actions and the inspector open as drawers and
 * a broker is killed from its inspector by touch; pinch and drag zoom and pan the picture; the
 * Terminal tab puts the keyboard in the terminal.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { brokerCard, selectBroker } from './brokers';
import { watch } from './page-watch';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (box === null) throw new Error(`${locator.toString()} is not on screen`);
  return box;
}

async function openFresh(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate((config) => window.sim!.cluster.reset({ config }), DEMO_PRESET.broker);
}

const picture = (page: Page) => page.getByRole('img', { name: /^Cluster topology/ });

/** The transform d3-zoom gave the picture's content. */
async function viewTransform(page: Page): Promise<{ x: number; y: number; k: number }> {
  const transform = await picture(page).locator(':scope > g').first().getAttribute('transform');
  const match = /translate\(([-\d.e]+),([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(transform ?? '');
  if (match === null) throw new Error(`unexpected transform ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), k: Number(match[3]) };
}

/** The zoom buttons float over the svg's top right. */
const ZOOM_BUTTONS = ['Zoom in', 'Zoom out', 'Fit'];

/** Every broker card that shares area with the box, by id. */
async function cardsUnder(page: Page, box: Box): Promise<string[]> {
  const cards = page.locator('[data-broker-id][data-state]');
  const covered: string[] = [];
  for (const card of await cards.all()) {
    if (overlap(box, await boxOf(card))) covered.push((await card.getAttribute('data-broker-id'))!);
  }
  return covered;
}

test('at 12 brokers the docked legend covers no broker, on a wide screen and on a phone', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await page.setViewportSize({ width: 1440, height: 900 });
  await openFresh(page);
  await page.evaluate(async () => {
    const sim = window.sim!;
    for (let i = 0; i < 12; i++) await sim.cluster.addBroker();
    // Enough replicas per broker for tall cards, as a real cluster has.
    await sim.kafka.admin().createTopics({
      topics: [
        { topic: 'orders', numPartitions: 12, replicationFactor: 3 },
        { topic: 'payments', numPartitions: 12, replicationFactor: 3 },
      ],
    });
  });
  await expect(page.locator('[data-state="running"]')).toHaveCount(12);
  await expect(page.locator('[data-in-sync="true"]')).toHaveCount(72);

  const legend = page.getByRole('region', { name: 'Legend' });
  const toggle = legend.getByRole('button', { name: 'Legend' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(legend.getByText('out of sync', { exact: true })).toBeVisible();
  expect(await cardsUnder(page, await boxOf(legend))).toEqual([]);
  for (const name of ZOOM_BUTTONS) expect(await cardsUnder(page, await boxOf(page.getByRole('button', { name, exact: true })))).toEqual([]);
  // Beside the picture, not over it: nothing the picture shows can be under it, however it is panned.
  expect(overlap(await boxOf(legend), await boxOf(picture(page)))).toBe(false);

  // On a phone, open, it still covers nothing; it folds to one line.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.locator('.page')).toHaveAttribute('data-layout', 'phone');
  await expect(legend.getByText('out of sync', { exact: true })).toBeVisible();
  expect(await cardsUnder(page, await boxOf(legend))).toEqual([]);
  expect(overlap(await boxOf(legend), await boxOf(picture(page)))).toBe(false);
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(legend.getByText('out of sync', { exact: true })).toBeHidden();
  expect((await boxOf(legend)).height).toBeLessThan(40);

  expect(seen.errors).toEqual([]);
});

test.describe('on a 390 x 844 phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test('the picture takes the screen, the drawers open and close with focus, and a tapped broker is killed from its inspector', async ({
    page,
    baseURL,
  }) => {
    const seen = watch(page, new URL(baseURL!).origin);
    await openFresh(page);
    // The one first action is where the eye is, not in a drawer.
    await page.getByRole('button', { name: 'Quickstart' }).tap();
    await expect(page.locator('[data-state="running"]')).toHaveCount(3);
    await expect(page.getByRole('status')).toContainText('Kill a broker to watch failover');

    // The picture: at least 90% of the width, wholly on screen, and the page does not scroll.
    const svg = await boxOf(picture(page));
    expect(svg.width).toBeGreaterThanOrEqual(0.9 * 390);
    expect(svg.x).toBeGreaterThanOrEqual(0);
    expect(svg.y).toBeGreaterThanOrEqual(0);
    expect(svg.x + svg.width).toBeLessThanOrEqual(390);
    expect(svg.y + svg.height).toBeLessThanOrEqual(844);
    expect(svg.height).toBeGreaterThan(844 / 2);
    const scroll = await page.evaluate(() => ({
      width: document.documentElement.scrollWidth,
      height: document.documentElement.scrollHeight,
    }));
    expect(scroll).toEqual({ width: 390, height: 844 });
    // Nothing floats over a broker: the fitted picture starts below the zoom buttons.
    for (const name of ZOOM_BUTTONS)
      expect(await cardsUnder(page, await boxOf(page.getByRole('button', { name, exact: true })))).toEqual([]);
    // The side bar's forms are in a closed drawer, and the bottom panel is folded to its tabs.
    await expect(page.getByRole('button', { name: 'Add broker' })).toBeHidden();
    await expect(page.getByRole('button', { name: 'Show the bottom panel' })).toHaveAttribute('aria-expanded', 'false');

    // The actions drawer: focus moves into it, Esc shuts it and focus comes back.
    const actionsButton = page.getByRole('button', { name: 'Actions', exact: true });
    await actionsButton.tap();
    await expect(actionsButton).toHaveAttribute('aria-expanded', 'true');
    await expect(page.getByRole('complementary', { name: 'Actions' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Close actions' })).toBeFocused();
    await expect(page.getByRole('button', { name: 'Add broker' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('complementary', { name: 'Actions' })).toBeHidden();
    await expect(actionsButton).toBeFocused();

    // The inspector drawer from the header, shut by its close button.
    const inspectorButton = page.getByRole('button', { name: 'Inspector', exact: true });
    await inspectorButton.tap();
    await expect(page.getByRole('button', { name: 'Close inspector' })).toBeFocused();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeVisible();
    await page.getByRole('button', { name: 'Close inspector' }).tap();
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeHidden();
    await expect(inspectorButton).toBeFocused();

    // A tap on a broker opens its inspector, whose Kill kills it; the card stays in view above the drawer.
    const leader = Number(
      await page.locator('[data-topic="orders"][data-partition="0"][data-role="leader"]').getAttribute('data-broker-id'),
    );
    const card = brokerCard(page, leader);
    await selectBroker(page, leader, { touch: true });
    const kill = page.getByRole('button', { name: `Kill broker ${leader}` });
    await expect(kill).toBeInViewport();
    expect(overlap(await boxOf(page.getByRole('complementary', { name: 'Inspector' })), await boxOf(card))).toBe(false);
    await kill.tap();
    await expect(card).toHaveAttribute('data-state', 'killed');
    await expect(page.getByRole('button', { name: `Restart broker ${leader}` })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('complementary', { name: 'Inspector' })).toBeHidden();

    // A tab unfolds the bottom panel.
    await page.getByRole('tab', { name: 'Events & metrics' }).tap();
    await expect(page.getByRole('tabpanel', { name: 'Events & metrics' })).toBeVisible();

    expect(seen.errors).toEqual([]);
  });

  test('two fingers pinch-zoom the picture and one finger pans it', async ({ page, baseURL }) => {
    const seen = watch(page, new URL(baseURL!).origin);
    await openFresh(page);
    await page.evaluate(async () => {
      for (let i = 0; i < 3; i++) await window.sim!.cluster.addBroker();
    });
    await expect(page.locator('[data-state="running"]')).toHaveCount(3);

    // The browser leaves the gestures to the picture, and d3-zoom listens for them.
    const svg = picture(page);
    expect(await svg.evaluate((element) => getComputedStyle(element).touchAction)).toBe('none');
    const listeners = await svg.evaluate((element) =>
      ((element as unknown as { __on?: { type: string; name: string }[] }).__on ?? []).map((on) => `${on.type}.${on.name}`),
    );
    expect(listeners).toEqual(expect.arrayContaining(['touchstart.zoom', 'touchmove.zoom', 'touchend.zoom']));

    // Real touch events, as a finger makes them, through Chromium's input pipeline.
    const cdp = await page.context().newCDPSession(page);
    const box = await boxOf(svg);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });

    const before = await viewTransform(page);
    await touch('touchStart', [
      [cx - 30, cy],
      [cx + 30, cy],
    ]);
    for (let spread = 40; spread <= 90; spread += 10) {
      await touch('touchMove', [
        [cx - spread, cy],
        [cx + spread, cy],
      ]);
    }
    await touch('touchEnd', []);
    const pinched = await viewTransform(page);
    expect(pinched.k).toBeCloseTo(before.k * 3, 1);

    await touch('touchStart', [[cx, cy]]);
    for (let dx = 20; dx <= 100; dx += 20) await touch('touchMove', [[cx + dx, cy + dx / 2]]);
    await touch('touchEnd', []);
    const panned = await viewTransform(page);
    expect(panned.k).toBeCloseTo(pinched.k, 5);
    expect(panned.x - pinched.x).toBeCloseTo(100, 0);
    expect(panned.y - pinched.y).toBeCloseTo(50, 0);

    expect(seen.errors).toEqual([]);
  });
});

test('choosing the Terminal tab puts the keyboard in the terminal, and Esc gives it back to the tab', async ({ page, baseURL }) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await openFresh(page);
  const terminalTab = page.getByRole('tab', { name: 'Terminal' });
  const input = page.locator('[data-testid="terminal"] textarea');

  await terminalTab.click();
  await expect(input).toBeFocused();
  // A command with a one-line answer: `help` scrolled its first lines out of the visible rows.
  await page.keyboard.type('kafka-topics.sh --version');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="terminal"] .xterm-rows')).toContainText(/\$ kafka-topics\.sh --version\s*4\.0\.0/);

  await page.keyboard.press('Escape');
  await expect(terminalTab).toBeFocused();

  // From the keyboard alone: another tab, then back to the terminal with Enter.
  await page.getByRole('tab', { name: 'Events & metrics' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tabpanel', { name: 'Events & metrics' })).toBeVisible();
  await terminalTab.focus();
  await page.keyboard.press('Enter');
  await expect(input).toBeFocused();

  expect(seen.errors).toEqual([]);
});

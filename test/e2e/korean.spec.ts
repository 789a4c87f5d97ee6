/**
 * The page in Korean (issue 15): with ?lang=ko, after the Quickstart pressed by its Korean name,
 * the side bar's topic, producer and consumer controls, a selected broker's inspector, the
 * timeline and the metrics speak Korean, while Kafka's own names (config keys, metric names) stay;
 * with ?lang=en the same page speaks English again.
 */
import { expect, test, type Page } from '@playwright/test';
import { watch } from './page-watch';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/${query}`);
  await page.waitForFunction(() => window.sim !== undefined);
  await page.evaluate(() => window.sim!.cluster.reset({ config: { ...window.sim!.presets.demo.broker } }));
}

/** Selects a broker by its card's title text: the chips cover the card's centre. */
async function selectBroker(page: Page, id: number): Promise<void> {
  await page.locator(`g.broker[data-broker-id="${id}"] .title`).click();
}

/**
 * Words of the page's own English UI; Kafka's names (ISR, Fetch, Stable, config keys) are not among
 * them, nor "controller", which also names a node in the network form as broker-1 names a broker.
 */
const ENGLISH_UI_WORDS = [
  ...['the', 'of', 'in', 'on', 'and', 'to', 'from', 'with', 'for', 'until', 'waiting', 'shown', 'buffered', 'lag', 'epoch'],
  ...['broker', 'brokers', 'replica', 'replicas', 'leader', 'follower', 'partition', 'topic', 'offset', 'records', 'members'],
  ...['node', 'active', 'zoom', 'fit', 'kill', 'restart', 'pause', 'resume', 'speed', 'latest', 'configs', 'running'],
];

/** The page's own English words left in its text, tooltips and labels, once config keys and names are set aside. */
async function englishOnPage(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const labels = [...document.querySelectorAll('[aria-label], [title]')].flatMap((element) => [
      element.getAttribute('aria-label') ?? '',
      element.getAttribute('title') ?? '',
    ]);
    const svgTitles = [...document.querySelectorAll('svg title')].map((title) => title.textContent ?? '');
    return [document.body.innerText, ...labels, ...svgTitles];
  });
  const found = new Set<string>();
  for (const text of texts) {
    // The page's name, a shell command and Kafka's config keys and values are not the page's words.
    const rest = text
      .replace(/Kafka in a tab/g, ' ')
      .replace(/kill -9/g, ' ')
      // auto.offset.reset's choices are Kafka's values.
      .replace(/earliest\s+latest/g, ' ')
      .replace(/[A-Za-z.]+=\S+/g, ' ')
      .replace(/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)+/g, ' ')
      .replace(/\s+/g, ' ');
    for (const match of rest.matchAll(/[A-Za-z]+/g)) {
      if (ENGLISH_UI_WORDS.includes(match[0].toLowerCase()))
        found.add(`${match[0]} in "${rest.slice(Math.max(0, match.index - 40), match.index + 40)}"`);
    }
  }
  return [...found];
}

test('with ?lang=ko the controls, the inspector, the timeline and the metrics speak Korean; ?lang=en brings English back', async ({
  page,
  baseURL,
}) => {
  const seen = watch(page, new URL(baseURL!).origin);
  await open(page, '?lang=ko');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(page.getByText('클러스터가 비어 있습니다.')).toBeVisible();

  await page.getByRole('button', { name: '빠른 시작', exact: true }).click();
  await expect(page.locator('[data-topic="orders"][data-role="leader"]')).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: '브로커를 죽여 장애 조치를 지켜보세요' })).toBeVisible();

  // The side bar: headings, buttons and labels in Korean, each setting's config key beside its Korean name.
  const topics = page.getByRole('form', { name: '토픽 만들기' });
  await expect(page.getByRole('heading', { name: '토픽', exact: true })).toBeVisible();
  await expect(topics).toContainText('최소 동기화 레플리카 수 min.insync.replicas');
  await expect(topics).toContainText('복제 팩터 replication.factor');
  await expect(topics.getByRole('button', { name: '토픽 만들기' })).toBeVisible();
  await expect(page.locator('[data-topic-row="orders"]')).toContainText('파티션 추가');
  const producers = page.getByRole('form', { name: '프로듀서 시작' });
  await expect(producers).toContainText('초당 레코드 수');
  await expect(producers).toContainText('확인 응답 acks');
  await expect(page.locator('li[data-workload]').first()).toContainText('보냄');
  const consumers = page.getByRole('form', { name: '컨슈머 그룹 시작' });
  await expect(consumers).toContainText('컨슈머 그룹 ID group.id');
  await expect(consumers.getByRole('button', { name: '컨슈머 그룹 시작' })).toBeVisible();

  // The inspector of a selected broker.
  await selectBroker(page, 1);
  await expect(page.getByRole('heading', { name: '브로커 1', exact: true })).toBeVisible();
  const inspector = page.locator('#inspector-panel');
  await expect(inspector.getByRole('button', { name: '브로커 1 죽이기' })).toHaveText('죽이기');
  await expect(inspector).toContainText('느린 네트워크');
  await expect(inspector).toContainText('역할');
  await expect(inspector.locator('dd').first()).toHaveText('실행 중');

  // A partition's inspector, and nowhere on the page (its words, tooltips and screen-reader labels)
  // an English word of the page's own: only Kafka's names and config keys stay English.
  await page.locator('[data-topic="orders"][data-role="leader"]').first().click();
  await expect(page.getByRole('heading', { name: /^파티션 orders-\d$/ })).toBeVisible();
  await expect(inspector).toContainText('최근 레코드');
  expect(await englishOnPage(page)).toEqual([]);

  // The timeline and the metrics.
  await expect(page.getByRole('heading', { name: '이벤트', exact: true })).toBeVisible();
  const timeline = page.locator('.timeline');
  await expect(timeline).toContainText('브로커 1 등록됨');
  await expect(timeline).toContainText('토픽 orders 생성됨 (파티션 3개, 복제 팩터 3');
  await expect(page.locator('#metrics-heading')).toContainText('지표');
  await expect(page.locator('[data-metric="UnderReplicatedPartitions"]')).toContainText('복제가 부족한 파티션 수');
  await expect(page.getByRole('tab', { name: '이벤트와 지표' })).toBeVisible();
  await page.getByRole('tab', { name: '카오스' }).click();
  await expect(page.getByRole('form', { name: '카오스 실행' })).toContainText('실행 중인 브로커 3개가 필요합니다.');
  await page.getByRole('button', { name: '키보드 단축키' }).click();
  await expect(page.getByRole('dialog')).toContainText('선택한 브로커 죽이기');
  await page.getByRole('dialog').getByRole('button', { name: '닫기' }).click();

  // English again, on the same cluster.
  await page.goto('/?lang=en');
  await page.waitForFunction(() => window.sim !== undefined);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('form', { name: 'Create topic' })).toBeVisible();
  await expect(page.getByRole('form', { name: 'Start producer' })).toContainText('records/s');
  await expect(page.getByRole('form', { name: 'Start consumer group' })).not.toContainText('컨슈머');
  await selectBroker(page, 1);
  await expect(page.getByRole('button', { name: 'Kill broker 1' })).toHaveText('Kill');
  await expect(page.locator('.timeline')).toContainText('broker 1 registered');
  await expect(page.locator('#metrics-heading')).toContainText('Metrics');
  await expect(page.locator('[data-metric="UnderReplicatedPartitions"]')).not.toContainText('파티션');
  expect(seen.errors).toEqual([]);
  expect(seen.foreignRequests).toEqual([]);
});

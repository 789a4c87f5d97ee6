/** What e2e tests do to one broker: select it in the picture, where its buttons then are in the inspector. */
import { expect, type Locator, type Page } from '@playwright/test';

/** A broker's card in the picture (its chips and collapse toggle are drawn beside it, not in it). */
export function brokerCard(page: Page, id: number | string): Locator {
  return page.locator(`[data-broker-id="${id}"][data-state]`);
}

/**
 * Selects a broker as a user does, by clicking (or, on a touch screen, tapping) the top-left
 * corner of its card, above its chips at any zoom (a slow broker's tags stick out above the card,
 * so the corner is found from the card's own rectangle), and waits for the inspector to show it
 * with its buttons.
 */
export async function selectBroker(page: Page, id: number | string, { touch = false } = {}): Promise<void> {
  const card = brokerCard(page, id);
  const [outer, inner] = await Promise.all([card.boundingBox(), card.locator('rect.card').boundingBox()]);
  if (outer === null || inner === null) throw new Error(`broker ${id}'s card is not drawn`);
  const position = { x: inner.x - outer.x + 12, y: inner.y - outer.y + 6 };
  if (touch) await card.tap({ position });
  else await card.click({ position });
  await expect(page.getByRole('heading', { name: `Broker ${id}`, exact: true })).toBeVisible();
}

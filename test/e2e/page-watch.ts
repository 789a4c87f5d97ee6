/** What every e2e test checks of the page besides its own story: no error, and nothing fetched from elsewhere. */
import type { Page } from '@playwright/test';

export interface Watch {
  errors: string[];
  foreignRequests: string[];
}

/** Console errors, uncaught errors and unhandled rejections (both are page errors), and any request leaving the page's origin. */
export function watch(page: Page, origin: string): Watch {
  const seen: Watch = { errors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.location().url.endsWith('favicon.ico')) seen.errors.push(message.text());
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) seen.foreignRequests.push(request.url());
  });
  return seen;
}

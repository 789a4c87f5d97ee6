/** What every e2e test checks of the page besides its own story: no error, and nothing fetched from elsewhere. */
import type { ConsoleMessage, Page } from '@playwright/test';

export interface Watch {
  errors: string[];
  foreignRequests: string[];
}

/**
 * Console errors of the page and of its workers (an unhandled rejection in a worker is logged
 * there), uncaught errors and unhandled rejections of the page (page errors), and any request
 * leaving the page's origin.
 */
export function watch(page: Page, origin: string): Watch {
  const seen: Watch = { errors: [], foreignRequests: [] };
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error' && !message.location().url.endsWith('favicon.ico')) seen.errors.push(message.text());
  };
  page.on('console', onConsole);
  page.on('worker', (worker) => worker.on('console', onConsole));
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(origin)) seen.foreignRequests.push(request.url());
  });
  return seen;
}

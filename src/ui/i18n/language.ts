/**
 * Which language the page speaks: `?lang=ko` or `?lang=en` first, then the learner's own choice
 * (remembered), then the browser's languages; English otherwise. Korean is a first language here,
 * not a fallback (docs/UX.md).
 */
import type { Language } from '../../lessons/lesson-types';

export type { Language };
export const LANGUAGES: readonly Language[] = ['en', 'ko'];

export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'ko';
}

export function chooseLanguage({
  query,
  stored,
  browser,
}: {
  /** The page's query string, e.g. "?lang=ko". */
  query: string;
  /** What the learner chose before, if anything. */
  stored: string | null;
  /** navigator.languages. */
  browser: readonly string[];
}): Language {
  const asked = new URLSearchParams(query).get('lang');
  if (isLanguage(asked)) return asked;
  if (isLanguage(stored)) return stored;
  for (const tag of browser) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

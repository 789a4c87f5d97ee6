/**
 * The page's language as reactive state, and `t(key, params)` for its words: a template that calls
 * t() redraws when the language changes. A typed message table of our own rather than a library:
 * TypeScript makes every key exist in both languages at compile time, the table adds nothing to
 * the page beyond its words, and Svelte 5's runes make the switch reactive in a dozen lines
 * (svelte-i18n is built on Svelte 3 stores and ICU parsing the page does not need).
 */
import { chooseLanguage, type Language } from './language';
import { MESSAGES, type MessageKey } from './messages';

export const LANGUAGE_KEY = 'kafka-in-a-tab:lang';

class PageLanguage {
  current = $state<Language>('en');
}

const page = new PageLanguage();

export function language(): Language {
  return page.current;
}

/** A message in the page's language, with `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  const template = MESSAGES[page.current][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Picks a LocalizedText's words (lessons carry both languages). */
export function localized(text: Readonly<Record<Language, string>>): string {
  return text[page.current];
}

export function setLanguage(next: Language, remember = true): void {
  page.current = next;
  if (typeof document !== 'undefined') document.documentElement.lang = next;
  if (!remember) return;
  try {
    localStorage.setItem(LANGUAGE_KEY, next);
  } catch {
    // Storage refused: the choice lasts until the page is closed.
  }
}

/** On the page's start: the language from ?lang=, the learner's earlier choice, or the browser. */
export function initLanguage(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    stored = null;
  }
  const chosen = chooseLanguage({ query: location.search, stored, browser: navigator.languages ?? [navigator.language] });
  // ?lang= is a choice too: remembered, so the next visit without it speaks the same language.
  setLanguage(chosen, new URLSearchParams(location.search).has('lang'));
}

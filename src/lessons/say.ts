import type { LocalizedText } from './lesson-types';

/** A text in both of the page's languages, English first. */
export function say(en: string, ko: string): LocalizedText {
  return { en, ko };
}

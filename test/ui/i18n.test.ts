import { describe, expect, it } from 'vitest';
import { chooseLanguage } from '../../src/ui/i18n/language';
import { EN, KO } from '../../src/ui/i18n/messages';
import { GLOSSARY } from '../../src/ui/glossary';

const HANGUL = /[\uac00-\ud7a3]/;
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n', () => {
  it('has every message in both languages, the Korean in Hangul, with the same placeholders', () => {
    expect(Object.keys(KO).sort()).toEqual(Object.keys(EN).sort());
    for (const key of Object.keys(EN) as (keyof typeof EN)[]) {
      expect(KO[key], `${key} has no Korean`).toMatch(HANGUL);
      expect(placeholders(KO[key]), key).toEqual(placeholders(EN[key]));
    }
  });

  it('explains every glossary term in both languages, the Korean in Hangul', () => {
    for (const [term, text] of Object.entries(GLOSSARY)) {
      expect(text.en, term).not.toMatch(HANGUL);
      expect(text.ko, `${term} has no Korean`).toMatch(HANGUL);
    }
  });

  it('speaks ?lang= first, then the remembered choice, then the browser, and English otherwise', () => {
    expect(chooseLanguage({ query: '?lang=ko', stored: 'en', browser: ['en-US'] })).toBe('ko');
    expect(chooseLanguage({ query: '?lang=fr', stored: 'ko', browser: ['en-US'] })).toBe('ko');
    expect(chooseLanguage({ query: '', stored: null, browser: ['ko-KR', 'en-US'] })).toBe('ko');
    expect(chooseLanguage({ query: '', stored: null, browser: ['fr-FR', 'en-GB'] })).toBe('en');
    expect(chooseLanguage({ query: '', stored: null, browser: ['ja-JP'] })).toBe('en');
  });
});

import { describe, expect, it } from 'vitest';
import { settingWord } from '../../src/ui/i18n/setting-words';

describe('setting words', () => {
  it('names a Kafka setting in Korean beside its key, and adds nothing in English', () => {
    expect(settingWord('min.insync.replicas', 'ko')).toBe('최소 동기화 레플리카 수');
    expect(settingWord('min.insync.replicas', 'en')).toBeNull();
    expect(settingWord('no.such.setting', 'ko')).toBeNull();
  });
});

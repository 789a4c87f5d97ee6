import { describe, expect, it } from 'vitest';
import { requestPersistentStorage, storageStatus } from '../../src/runtime/browser-storage';

function fakeStorage(options: { persisted: boolean; grants: boolean; usage?: number; quota?: number }) {
  const asked: string[] = [];
  return {
    asked,
    storage: {
      persisted: async () => options.persisted,
      persist: async () => {
        asked.push('persist');
        return options.grants;
      },
      estimate: async () => ({ usage: options.usage, quota: options.quota }),
    },
  };
}

describe('runtime > the browser storage the brokers write to', () => {
  it('asks for persistent storage only when it is not persistent yet, and says what the browser granted', async () => {
    const already = fakeStorage({ persisted: true, grants: false });
    expect(await requestPersistentStorage(already.storage)).toBe(true);
    expect(already.asked).toEqual([]);
    const refused = fakeStorage({ persisted: false, grants: false });
    expect(await requestPersistentStorage(refused.storage)).toBe(false);
    expect(refused.asked).toEqual(['persist']);
    expect(await requestPersistentStorage(undefined)).toBe(false);
  });

  it('reports usage, quota and persistence, or nothing where the browser does not estimate', async () => {
    expect(await storageStatus(fakeStorage({ persisted: false, grants: false, usage: 10, quota: 100 }).storage)).toEqual({
      usageBytes: 10,
      quotaBytes: 100,
      persisted: false,
    });
    expect(await storageStatus(fakeStorage({ persisted: false, grants: false }).storage)).toBeNull();
    expect(await storageStatus(undefined)).toBeNull();
  });
});

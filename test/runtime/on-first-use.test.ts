import { describe, expect, it } from 'vitest';
import { onFirstUse } from '../../src/runtime/on-first-use';

describe('runtime > a part of the page loaded on first use', () => {
  it('is built once however often it is asked for, and each listener hears of it once, added before or after', async () => {
    let builds = 0;
    const part = onFirstUse(async () => ({ build: ++builds }));
    const heard: number[] = [];
    part.onLoad((value) => heard.push(value.build));
    const [first, second] = await Promise.all([part(), part()]);
    expect(first).toBe(second);
    expect(await part()).toBe(first);
    part.onLoad((value) => heard.push(value.build * 10));
    expect(builds).toBe(1);
    expect(heard).toEqual([1, 10]);
  });

  it('is fetched again after a failed load, so a dropped chunk is not kept as a failure', async () => {
    let attempts = 0;
    const part = onFirstUse(async () => {
      if (++attempts === 1) throw new Error('Failed to fetch dynamically imported module');
      return 'loaded';
    });
    await expect(part()).rejects.toThrow('Failed to fetch');
    expect(await part()).toBe('loaded');
    expect(attempts).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { byteSize, quotaShare } from '../../src/ui/layout/storage-words';

describe('ui > the storage line', () => {
  it('gives sizes in binary units with at most three significant figures', () => {
    expect(byteSize(0)).toBe('0 B');
    expect(byteSize(512)).toBe('512 B');
    expect(byteSize(3.4 * 1024 * 1024)).toBe('3.40 MiB');
    expect(byteSize(12.5 * 1024 * 1024)).toBe('12.5 MiB');
    expect(byteSize(300 * 1024 ** 3)).toBe('300 GiB');
  });

  it('gives the share of the quota in use, never rounding a used quota down to nothing', () => {
    expect(quotaShare({ usageBytes: 1024, quotaBytes: 10 * 1024 ** 3 })).toBe('<0.1%');
    expect(quotaShare({ usageBytes: 0, quotaBytes: 10 * 1024 ** 3 })).toBe('0.0%');
    expect(quotaShare({ usageBytes: 5, quotaBytes: 10 })).toBe('50.0%');
    expect(quotaShare({ usageBytes: 5, quotaBytes: 0 })).toBe('—');
  });
});

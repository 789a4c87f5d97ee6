/** The storage line's figures in words: binary units as the browser's own storage settings show them. */
import type { StorageStatus } from '../../runtime/browser-storage';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];

/** `0 B`, `512 B`, `3.4 MiB`, `1.2 GiB`: three significant figures at most. */
export function byteSize(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = unit === 0 || value >= 100 ? Math.round(value).toString() : value.toFixed(value >= 10 ? 1 : 2);
  return `${shown} ${UNITS[unit]}`;
}

/** The share of the quota in use, as a percentage with one decimal (`0.1%`), `<0.1%` when tiny but not zero. */
export function quotaShare(status: Pick<StorageStatus, 'usageBytes' | 'quotaBytes'>): string {
  if (status.quotaBytes <= 0) return '—';
  const percent = (100 * status.usageBytes) / status.quotaBytes;
  if (percent > 0 && percent < 0.1) return '<0.1%';
  return `${percent.toFixed(1)}%`;
}

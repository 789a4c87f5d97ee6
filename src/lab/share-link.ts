/**
 * Share links: a lab run (seed, broker configs of its timing preset, journal) and the moment it was paused at, as
 * base64url JSON in the page's hash (`#lab=...`), so opening the link replays the same run and
 * stops at the same moment. The hash never reaches a server.
 */
import type { ConfigOverrides } from '../cluster/cluster-operator';
import type { JournalEntry, Moment } from './lab-journal';

export interface LabShare {
  seed: number;
  /** The broker configs the run started with (a timing preset's, with the single-broker ones if chosen). */
  config: ConfigOverrides;
  journal: JournalEntry[];
  moment: Moment;
}

const HASH_KEY = 'lab=';

export function encodeShare(share: LabShare): string {
  const bytes = new TextEncoder().encode(JSON.stringify(share));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The share a hash carries, or null when it carries none; a damaged one throws, naming what is wrong. */
export function decodeShare(hash: string): LabShare | null {
  const at = hash.indexOf(HASH_KEY);
  if (at < 0) return null;
  const encoded = hash.slice(at + HASH_KEY.length).split('&')[0];
  const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
  const share = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)))) as LabShare;
  if (
    !Number.isInteger(share.seed) ||
    typeof share.config !== 'object' ||
    !Array.isArray(share.journal) ||
    typeof share.moment?.atMs !== 'number'
  ) {
    throw new Error('This lab link is damaged: it lacks the seed, configs, journal or moment.');
  }
  return share;
}

/** The link to `page` (its address without hash) that opens `share`. */
export function shareLink(page: string, share: LabShare): string {
  return `${page.split('#')[0]}#${HASH_KEY}${encodeShare(share)}`;
}

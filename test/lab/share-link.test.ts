import { describe, expect, it } from 'vitest';
import { decodeShare, shareLink, type LabShare } from '../../src/lab/share-link';

const SHARE: LabShare = {
  seed: 7,
  config: { 'broker.session.timeout.ms': 3000 },
  journal: [
    { atMs: 1000, steps: 120, action: { kind: 'addBroker' } },
    { atMs: 6000, steps: 900, action: { kind: 'createTopic', topic: 'commandes-été', partitions: 3, replicationFactor: 3 } },
  ],
  moment: { atMs: 9000, steps: 1500 },
};

describe('lab > share links', () => {
  it('carries the seed, configs, journal and moment in the hash and reads them back', () => {
    const link = shareLink('http://localhost:5173/?lab#old', SHARE);
    expect(link.startsWith('http://localhost:5173/?lab#lab=')).toBe(true);
    expect(link.split('#lab=')[1]).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeShare(new URL(link).hash)).toEqual(SHARE);
  });

  it('finds no share in a hash without one', () => {
    expect(decodeShare('')).toBeNull();
    expect(decodeShare('#terminal')).toBeNull();
  });

  it('says a damaged link is damaged', () => {
    const encoded = btoa(JSON.stringify({ seed: 7 })).replace(/=+$/, '');
    expect(() => decodeShare(`#lab=${encoded}`)).toThrow(/damaged/);
  });
});

import { describe, expect, it } from 'vitest';
import { recordText } from '../../src/ui/inspector/record-text';

describe('ui > record text', () => {
  it('prints bytes as UTF-8, null as null, and cuts long values', () => {
    expect(recordText(new TextEncoder().encode('<b>héllo</b>'))).toBe('<b>héllo</b>');
    expect(recordText(null)).toBe('null');
    expect(recordText(new TextEncoder().encode('x'.repeat(100)), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});

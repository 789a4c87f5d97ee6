import { describe, expect, it } from 'vitest';
import { lessonHref, lessonLink } from '../../src/ui/lessons/lesson-link';

describe('lesson links', () => {
  it('opens the linked lesson at the step the panel numbers from 1', () => {
    expect(lessonLink('?lesson=failover&step=3', null)).toEqual({ kind: 'start', lessonId: 'failover', step: 2 });
    expect(lessonLink('?lesson=offsets', null)).toEqual({ kind: 'start', lessonId: 'offsets', step: 0 });
    expect(lessonLink('?lesson=offsets&step=zero', null)).toEqual({ kind: 'start', lessonId: 'offsets', step: 0 });
  });

  it('resumes the saved progress when no link asks otherwise, and ignores progress it cannot read', () => {
    const saved = JSON.stringify({ lessonId: 'rebalance', step: 2, predictions: { join: { choice: 'stop-all', confidence: 'sure' } } });
    expect(lessonLink('', saved)).toEqual({ kind: 'resume', progress: JSON.parse(saved) });
    expect(lessonLink('?lesson=failover', saved)?.kind).toBe('start');
    expect(lessonLink('', '{not json')).toBeNull();
    expect(lessonLink('', JSON.stringify({ lessonId: 7 }))).toBeNull();
    expect(lessonLink('', null)).toBeNull();
  });

  it('writes a link that reads back to the same lesson and step', () => {
    const href = lessonHref('https://example.org/kafka/?lang=ko', 'failover', 4);
    expect(href).toBe('https://example.org/kafka/?lang=ko&lesson=failover&step=5');
    expect(lessonLink(new URL(href).search, null)).toEqual({ kind: 'start', lessonId: 'failover', step: 4 });
  });
});

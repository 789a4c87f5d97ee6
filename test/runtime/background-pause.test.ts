import { describe, expect, it } from 'vitest';
import { pauseWhileHidden, type VisibilitySource } from '../../src/runtime/background-pause';

function page(): VisibilitySource & { set(state: DocumentVisibilityState): void } {
  const target = new EventTarget();
  let state: DocumentVisibilityState = 'visible';
  return {
    get visibilityState() {
      return state;
    },
    addEventListener: (type, listener) => target.addEventListener(type, listener),
    removeEventListener: (type, listener) => target.removeEventListener(type, listener),
    set(next) {
      state = next;
      target.dispatchEvent(new Event('visibilitychange'));
    },
  };
}

function time() {
  let paused = false;
  return { pause: () => (paused = true), resume: () => (paused = false), paused: () => paused };
}

describe('runtime > time stands still while the tab is hidden', () => {
  it('pauses every node when the tab is hidden and resumes when it is shown', () => {
    const tab = page();
    const clock = time();
    pauseWhileHidden(clock, tab);
    tab.set('hidden');
    expect(clock.paused()).toBe(true);
    tab.set('visible');
    expect(clock.paused()).toBe(false);
  });

  it("leaves the learner's own pause alone when the tab comes back", () => {
    const tab = page();
    const clock = time();
    pauseWhileHidden(clock, tab);
    clock.pause();
    tab.set('hidden');
    tab.set('visible');
    expect(clock.paused()).toBe(true);
  });

  it('stops following the tab once disposed', () => {
    const tab = page();
    const clock = time();
    pauseWhileHidden(clock, tab)();
    tab.set('hidden');
    expect(clock.paused()).toBe(false);
  });
});

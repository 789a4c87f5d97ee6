/* global vi, expect */
/**
 * kafkajs's suite runs on jest 25 with jest-extended; this runs it on vitest instead (no jest in
 * this project's dependencies). It stands in for testHelpers/setup.js: `jest` is vitest's `vi`
 * with jest's setTimeout and retryTimes, the matchers setup.js adds (optional, toBeTypeOrNull),
 * and the few jest-extended matchers the specs use. The specs load kafkajs's sources with Node's
 * own require, which vitest's vi.mock does not reach, so jest.mock and jest.requireActual are
 * written here over Node's module cache (see mockModule).
 */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS setup file for CommonJS specs */
const Module = require('node:module');
const path = require('node:path');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The spec file that called the shim: the first frame of the stack outside this file. */
function callerFile() {
  const frames = new Error().stack.split('\n').slice(1);
  for (const frame of frames) {
    const match = /\(?((?:file:\/\/)?\/[^():]+):\d+:\d+\)?$/.exec(frame.trim());
    if (match && !match[1].endsWith('jest-compat.cjs')) return match[1].replace(/^file:\/\//, '');
  }
  throw new Error('jest-compat: cannot tell which file called jest.mock');
}

const resolveFrom = (file, id) => Module.createRequire(file).resolve(id);

/** A fresh copy of a module, loaded past any mock in the cache (jest.requireActual). */
function loadActual(resolved) {
  const actual = new Module(resolved, null);
  actual.filename = resolved;
  actual.paths = Module._nodeModulePaths(path.dirname(resolved));
  actual.load(resolved);
  return actual.exports;
}

/** jest's automock, as far as the specs need it: every function of the module becomes a mock. */
function automock(actual) {
  if (typeof actual === 'function') return vi.fn();
  if (actual === null || typeof actual !== 'object') return actual;
  return Object.fromEntries(Object.entries(actual).map(([key, value]) => [key, typeof value === 'function' ? vi.fn() : value]));
}

/**
 * jest.mock(id, factory): from now on, requiring `id` (relative to the calling spec) from any module
 * gives the factory's value, or the automocked module. jest calls the factory on first require; it
 * is called at once here, which the specs' factories allow (they only define functions).
 */
function mockModule(id, factory) {
  const resolved = resolveFrom(callerFile(), id);
  const mocked = new Module(resolved, null);
  mocked.filename = resolved;
  mocked.loaded = true;
  mocked.exports = factory ? factory() : automock(loadActual(resolved));
  require.cache[resolved] = mocked;
}

const jestCompat = new Proxy(vi, {
  get(target, key) {
    if (key === 'setTimeout') return (ms) => vi.setConfig({ testTimeout: ms, hookTimeout: ms });
    if (key === 'retryTimes') return () => undefined; // kafkajs's CI runs with TEST_RETRIES=0 too
    if (key === 'mock') return mockModule;
    if (key === 'requireActual') return (id) => loadActual(resolveFrom(callerFile(), id));
    return target[key];
  },
});
globalThis.jest = jestCompat;

// jest runs a hook that takes a `done` parameter until done() is called (fetchOffsets.spec.js's
// beforeEach waits so for its consumer to stop); vitest passes no such callback.
const withDone = (fn) =>
  typeof fn !== 'function' || fn.length === 0
    ? fn
    : () =>
        new Promise((resolve, reject) => {
          const done = (error) => (error ? reject(error) : resolve());
          done.fail = reject;
          Promise.resolve(fn(done)).catch(reject);
        });
for (const hook of ['beforeEach', 'afterEach', 'beforeAll', 'afterAll']) {
  const original = globalThis[hook];
  globalThis[hook] = (fn, timeout) => original(withDone(fn), timeout);
}
vi.setConfig({ testTimeout: 90000, hookTimeout: 90000 });

// jest 25's equality (jasmineUtils.eq) compares two Errors by message alone; vitest's also compares
// their other properties (retriable, helpUrl...). The suite was written against jest's.
expect.addEqualityTesters([(a, b) => (a instanceof Error && b instanceof Error ? a.message === b.message : undefined)]);

const ok = (pass, message) => ({ pass, message: () => message });
expect.extend({
  // testHelpers/setup.js's own matchers, as it writes them.
  optional(v, value) {
    return ok(typeof v === 'undefined' || v === value, `Expected ${value} to be undefined or ${value}`);
  },
  toBeTypeOrNull(received, argument) {
    if (received === null) return ok(true, 'Ok');
    return ok(this.equals(received, expect.any(argument)), `expected ${received} to be ${argument} type or null`);
  },
  // jest-extended 0.11's, as its documentation defines them.
  toBeTrue(received) {
    return ok(received === true, `expected ${received} to be true`);
  },
  toBeOneOf(received, list) {
    return ok(
      list.some((item) => this.equals(received, item)),
      `expected ${received} to be one of ${JSON.stringify(list)}`,
    );
  },
  toIncludeSameMembers(received, expected) {
    const rest = [...expected];
    const same =
      Array.isArray(received) &&
      received.length === expected.length &&
      received.every((item) => {
        const at = rest.findIndex((other) => this.equals(item, other));
        if (at < 0) return false;
        rest.splice(at, 1);
        return true;
      });
    return ok(same, `expected ${JSON.stringify(received)} to include the same members as ${JSON.stringify(expected)}`);
  },
  toThrowWithMessage(received, type, message) {
    let thrown = received;
    if (typeof received === 'function') {
      try {
        received();
        return ok(false, 'expected the function to throw');
      } catch (error) {
        thrown = error;
      }
    }
    const messageOk = message instanceof RegExp ? message.test(thrown.message) : thrown.message === message;
    return ok(thrown instanceof type && messageOk, `expected ${thrown} to be a ${type.name} with message ${message}`);
  },
  async toResolve(received) {
    try {
      await received;
      return ok(true, 'expected the promise to reject');
    } catch (error) {
      return ok(false, `expected the promise to resolve, it rejected with ${error}`);
    }
  },
  async toReject(received) {
    try {
      await received;
      return ok(false, 'expected the promise to reject');
    } catch {
      return ok(true, 'expected the promise to resolve');
    }
  },
});

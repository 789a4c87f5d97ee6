/**
 * A part of the page fetched and built the first time it is asked for, then kept (issue 17: what
 * the first paint does not need stays out of its JavaScript). A failed load (the network dropped
 * the chunk) is not kept, so asking again tries again.
 */
export interface FirstUse<T> {
  (): Promise<T>;
  /** Called once it is built, whoever asked first (the page or a script); at once if it already is. */
  onLoad(listener: (value: T) => void): () => void;
}

export function onFirstUse<T>(load: () => Promise<T>): FirstUse<T> {
  let loading: Promise<T> | null = null;
  let loaded: { value: T } | null = null;
  const listeners = new Set<(value: T) => void>();
  const get = () =>
    (loading ??= load().then(
      (value) => {
        loaded = { value };
        for (const listener of listeners) listener(value);
        return value;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    ));
  return Object.assign(get, {
    onLoad(listener: (value: T) => void) {
      if (loaded !== null) listener(loaded.value);
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
}

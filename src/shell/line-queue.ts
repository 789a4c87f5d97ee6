/**
 * Standard input for a command that is running while the user types: the terminal pushes each
 * line as Enter is pressed and ends the input on Ctrl-D; the command reads it as an async
 * iterable (RunOptions.input). Lines typed before the command asks for them wait in order.
 */
export interface LineQueue extends AsyncIterable<string> {
  push(line: string): void;
  /** End of input: the reader's next read returns done once the queued lines are read. */
  end(): void;
}

export function createLineQueue(): LineQueue {
  const lines: string[] = [];
  let ended = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(line) {
      if (ended) return;
      lines.push(line);
      notify();
    },
    end() {
      ended = true;
      notify();
    },
    async *[Symbol.asyncIterator]() {
      for (;;) {
        if (lines.length > 0) yield lines.shift()!;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BrowserCluster } from '../../src/runtime/browser-cluster';
import type { ClusterOperator } from '../../src/cluster/cluster-operator';
import type { InProcessCluster } from '../../src/sim/in-process-cluster';
import { createLineQueue } from '../../src/shell/line-queue';
import type { ShellCluster } from '../../src/shell/tool';
import { BOOTSTRAP, shellOnCluster } from './support';

describe('shell > typed input', () => {
  it('hands lines to the reader in the order typed, waiting for the next, until Ctrl-D', async () => {
    const queue = createLineQueue();
    queue.push('typed early');
    const read: string[] = [];
    const reading = (async () => {
      for await (const line of queue) read.push(line);
    })();
    await Promise.resolve();
    queue.push('typed later');
    queue.end();
    queue.push('after the end');
    await reading;
    expect(read).toEqual(['typed early', 'typed later']);
  });

  it('feeds a console producer typing line by line, with a prompt before each read', async () => {
    const { sh } = await shellOnCluster(17);
    await sh(`kafka-topics.sh --create --topic typed ${BOOTSTRAP}`);
    const queue = createLineQueue();
    const prompts: string[] = [];
    const producing = sh(`kafka-console-producer.sh --topic typed ${BOOTSTRAP}`, {
      input: queue,
      stdout: (chunk) => {
        prompts.push(chunk);
        if (prompts.length === 1) queue.push('one');
        else if (prompts.length === 2) queue.push('two');
        else queue.end();
      },
    });
    expect((await producing).stdout).toBe('>>>');
    expect((await sh(`kafka-console-consumer.sh --topic typed --from-beginning --max-messages 2 ${BOOTSTRAP}`)).stdout).toBe('one\ntwo\n');
  });

  it('stops a console producer waiting at its prompt when Ctrl-C comes, without another line typed', async () => {
    const { cluster, sh } = await shellOnCluster(17);
    await sh(`kafka-topics.sh --create --topic typed ${BOOTSTRAP}`);
    const queue = createLineQueue();
    const ctrlC = new AbortController();
    queue.push('one');
    cluster.clock.schedule(5_000, () => ctrlC.abort());
    const result = await sh(`kafka-console-producer.sh --topic typed ${BOOTSTRAP}`, { input: queue, signal: ctrlC.signal, exitCode: 130 });
    expect(result.stdout).toBe('>>');
    expect((await sh(`kafka-console-consumer.sh --topic typed --from-beginning --max-messages 1 ${BOOTSTRAP}`)).stdout).toBe('one\n');
  });

  it("runs on either runtime's cluster (checked by tsc)", () => {
    expectTypeOf<ClusterOperator>().toExtend<ShellCluster>();
    expectTypeOf<InProcessCluster>().toExtend<ShellCluster>();
    expectTypeOf<BrowserCluster>().toExtend<ShellCluster>();
  });
});

import { describe, expect, it } from 'vitest';
import { failover } from '../../src/lessons/catalog/failover';
import { lessonOnCluster } from './lesson-support';

describe('lesson > failover', () => {
  it('is driven by its own buttons to a reveal that records the prediction, and checks the rejoin', async () => {
    const { run, until, settle, context } = await lessonOnCluster(failover);
    expect(run.step.id).toBe('roles');
    const leader = context.cluster.leaderOf('orders', 0);

    await settle(run.next());
    expect(run.canAdvance()).toBe(false);
    run.predict('isr-after-session', 'likely');
    await settle(run.next());

    expect(run.step.id).toBe('kill');
    await settle(run.perform());
    expect(run.canAdvance()).toBe(true);
    await settle(run.next());

    expect(run.step.id).toBe('wait-for-election');
    expect(run.canAdvance()).toBe(false);
    await until(() => run.refresh());
    await settle(run.next());

    expect(run.step.id).toBe('elected');
    expect(run.outcome()).toEqual({
      prediction: { choice: 'isr-after-session', confidence: 'likely' },
      right: true,
      rightChoices: ['isr-after-session'],
    });
    expect(run.details()!.en).toMatch(
      new RegExp(`^This run: leader ${leader} \\(epoch \\d+\\) → \\d \\(epoch \\d+\\), chosen from the ISR \\[`),
    );
    expect(context.cluster.leaderOf('orders', 0)).not.toBe(leader);
    await settle(run.next());

    expect(run.step.id).toBe('rejoin');
    expect(await settle(run.refresh())).toBe(false);
    await settle(context.cluster.restartBroker(leader));
    await until(() => run.refresh());
    expect(run.finished).toBe(true);
  });
});

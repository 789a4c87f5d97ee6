import { afterEach, describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import { setLanguage } from '../../src/ui/i18n/i18n.svelte';
import { ActionState } from '../../src/ui/state/action-state.svelte';

afterEach(() => setLanguage('en', false));

describe("a panel's last error", () => {
  it("is shown in Kafka's words and the page's language, even when the language changes after the failure", async () => {
    const action = new ActionState();
    expect(await action.run(() => Promise.reject(new KafkaError('NOT_ENOUGH_REPLICAS')))).toBe(false);
    const english = action.error!;
    expect(english).toMatch(/^NOT_ENOUGH_REPLICAS: /);
    setLanguage('ko', false);
    expect(action.error).toMatch(/^NOT_ENOUGH_REPLICAS: /);
    expect(action.error).not.toBe(english);
    expect(await action.run(() => undefined)).toBe(true);
    expect(action.error).toBeNull();
  });
});

/** A panel's calls into the cluster: how many are under way, and the last one's error in Kafka's words. */
import { language } from '../i18n/i18n.svelte';
import { errorText } from './error-text';

export class ActionState {
  /** The last action's failure, kept as thrown, so its words follow the page's language when it is shown. */
  private failure = $state.raw<{ error: unknown } | null>(null);
  pending = $state(0);

  /** The last action's error in Kafka's words and the page's language, null after a success. */
  get error(): string | null {
    return this.failure === null ? null : errorText(this.failure.error, undefined, language());
  }

  /** Runs the action; its error is kept for the panel to show, never thrown on. Returns whether it succeeded. */
  async run(action: () => Promise<unknown> | unknown): Promise<boolean> {
    this.failure = null;
    this.pending++;
    try {
      await action();
      return true;
    } catch (error) {
      this.failure = { error };
      return false;
    } finally {
      this.pending--;
    }
  }
}

/** A panel's calls into the cluster: how many are under way, and the last one's error in Kafka's words. */
import { errorText } from './error-text';

export class ActionState {
  error = $state<string | null>(null);
  pending = $state(0);

  /** Runs the action; its error is kept for the panel to show, never thrown on. Returns whether it succeeded. */
  async run(action: () => Promise<unknown> | unknown): Promise<boolean> {
    this.error = null;
    this.pending++;
    try {
      await action();
      return true;
    } catch (error) {
      this.error = errorText(error);
      return false;
    } finally {
      this.pending--;
    }
  }
}

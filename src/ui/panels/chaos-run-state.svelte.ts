/** The Chaos panel's run: under way or not, its progress, and its verdict or error. */
import type { ChaosProgress, LiveChaosOptions, LiveChaosResult, SimChaos } from '../../runtime/boot';
import { errorText } from '../state/error-text';
import { language } from '../i18n/i18n.svelte';

export class ChaosRunState {
  progress = $state.raw<ChaosProgress | null>(null);
  result = $state.raw<LiveChaosResult | null>(null);
  /** A run that failed to start or finish, kept as thrown, so its words follow the page's language. */
  private failure = $state.raw<{ error: unknown } | null>(null);
  running = $state(false);
  stopping = $state(false);
  private stopper: AbortController | null = null;

  constructor(private readonly chaos: SimChaos) {}

  get error(): string | null {
    return this.failure === null ? null : errorText(this.failure.error, undefined, language());
  }

  async run(options: LiveChaosOptions): Promise<void> {
    this.stopper = new AbortController();
    this.running = true;
    this.stopping = false;
    this.progress = null;
    this.result = null;
    this.failure = null;
    try {
      this.result = await this.chaos.run(options, { signal: this.stopper.signal, onProgress: (progress) => (this.progress = progress) });
    } catch (error) {
      this.failure = { error };
    } finally {
      this.running = false;
      this.stopping = false;
      this.stopper = null;
    }
  }

  /** Ends the faults; the run still heals, restarts and gives its verdict. */
  stop(): void {
    this.stopping = true;
    this.stopper?.abort();
  }
}

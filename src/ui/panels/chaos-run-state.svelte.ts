/** The Chaos panel's run: under way or not, its progress, and its verdict or error. */
import type { ChaosProgress, LiveChaosOptions, LiveChaosResult, SimChaos } from '../../runtime/boot';
import { errorText } from '../state/error-text';

export class ChaosRunState {
  progress = $state.raw<ChaosProgress | null>(null);
  result = $state.raw<LiveChaosResult | null>(null);
  error = $state<string | null>(null);
  running = $state(false);
  stopping = $state(false);
  private stopper: AbortController | null = null;

  constructor(private readonly chaos: SimChaos) {}

  async run(options: LiveChaosOptions): Promise<void> {
    this.stopper = new AbortController();
    this.running = true;
    this.stopping = false;
    this.progress = null;
    this.result = null;
    this.error = null;
    try {
      this.result = await this.chaos.run(options, { signal: this.stopper.signal, onProgress: (progress) => (this.progress = progress) });
    } catch (error) {
      this.error = errorText(error);
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

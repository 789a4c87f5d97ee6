/**
 * Comlink control calls to a broker worker that can die. Comlink keeps only `resolve` for a call in
 * flight (requestResponseMessage's pendingListeners map), so a call to a terminated worker never
 * settles (GoogleChromeLabs/comlink issues #428, closed without a fix, and #601, open):
 * every call here races its own timeout and one shared "worker gone" rejection, and fails as the
 * network would, with Kafka's REQUEST_TIMED_OUT or NETWORK_EXCEPTION.
 */
import * as Comlink from 'comlink';
import type { Clock, Timer } from '../core/clock';
import { KafkaError } from '../protocol/errors';
import { RealClock } from './real-clock';

/** What the runtime needs of a worker; a test can stand in an in-thread endpoint. */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export class WorkerConnection<T> {
  readonly remote: Comlink.Remote<T>;
  private readonly dead: Promise<never>;
  private kill!: (error: KafkaError) => void;
  private gone = false;

  constructor(
    private readonly worker: WorkerLike,
    private readonly label: string,
    private readonly defaultTimeoutMs: number,
    /** Times the calls out: the page's clock, so a call waiting on the cluster (a start) does not time out while time is paused. */
    private readonly clock: Clock = new RealClock(),
  ) {
    this.remote = Comlink.wrap<T>(worker);
    this.dead = new Promise<never>((_, reject) => (this.kill = reject));
    this.dead.catch(() => undefined);
    worker.addEventListener('error', (event) => {
      const message = (event as ErrorEvent).message ?? 'uncaught error';
      this.fail(`${label} crashed: ${message}`);
    });
  }

  get isGone(): boolean {
    return this.gone;
  }

  call<R>(what: string, invoke: (remote: Comlink.Remote<T>) => Promise<R>, timeoutMs = this.defaultTimeoutMs): Promise<R> {
    if (this.gone) return Promise.reject(new KafkaError('NETWORK_EXCEPTION', `${this.label} is gone (${what})`));
    let timer: Timer | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.clock.schedule(timeoutMs, () =>
        reject(new KafkaError('REQUEST_TIMED_OUT', `${this.label} did not answer ${what} within ${timeoutMs} ms`)),
      );
    });
    return Promise.race([invoke(this.remote), timeout, this.dead]).finally(() => timer?.cancel());
  }

  /** worker.terminate(): its memory is gone at once, and every call still waiting fails. */
  terminate(): void {
    this.worker.terminate();
    this.fail(`${this.label} was terminated`);
  }

  private fail(message: string): void {
    if (this.gone) return;
    this.gone = true;
    this.kill(new KafkaError('NETWORK_EXCEPTION', message));
  }
}

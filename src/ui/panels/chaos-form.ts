/**
 * The Chaos panel's form as the runtime takes it: seed, fault count and duration (in seconds on the
 * form) checked by the same rules as sim.chaos.run, so the panel shows the runtime's own error.
 */
import { checkChaosOptions, type CheckedChaosOptions } from '../../chaos/chaos-options';
import { errorText } from '../state/error-text';

/** As number inputs bind them: null when empty. */
export interface ChaosFormFields {
  seed: number | null;
  faults: number | null;
  durationSeconds: number | null;
  unclean: boolean;
  /** Slow disks and full disks among the faults. */
  diskFaults: boolean;
}

/** Seeds the panel offers: short enough to read out and type back. */
export const SEED_RANGE = 1_000_000;

export function chaosFormOptions(fields: ChaosFormFields, settleMs: number): { options: CheckedChaosOptions } | { error: string } {
  try {
    return {
      options: checkChaosOptions({
        seed: fields.seed ?? Number.NaN,
        faults: fields.faults ?? Number.NaN,
        durationMs: Math.round((fields.durationSeconds ?? Number.NaN) * 1000),
        settleMs,
        unclean: fields.unclean,
        diskFaults: fields.diskFaults,
      }),
    };
  } catch (error) {
    return { error: errorText(error) };
  }
}

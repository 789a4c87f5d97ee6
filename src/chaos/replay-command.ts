/**
 * The command that replays a chaos run of the page from a terminal (scripts/chaos.ts --browser):
 * the same seed, fault count and duration draw the same faults at the same times.
 */
import { CHAOS_DEFAULTS, type CheckedChaosOptions } from './chaos-options';

export function replayCommand({ seed, faults, durationMs, unclean, diskFaults }: Omit<CheckedChaosOptions, 'settleMs'>): string {
  const duration = durationMs === CHAOS_DEFAULTS.durationMs ? '' : ` --duration ${durationMs / 1000}`;
  const flags = `${unclean ? ' --unclean' : ''}${diskFaults ? ' --disk-faults' : ''}`;
  return `npm run chaos -- --browser --seed ${seed} --faults ${faults}${duration}${flags}`;
}

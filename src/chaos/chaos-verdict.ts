/**
 * The verdict of a chaos run as text, in the shape of a Jepsen report: valid or not, the seed that
 * replays it, and for each anomaly its name, what was seen and the events that lead to it.
 */
import { formatEvent } from './chaos-history';
import type { ChaosResult } from './chaos-run';

/** `clock`: a run on virtual time counts the simulation's events; one in the page counts what it logged, over wall-clock time. */
export function formatVerdict(result: ChaosResult, reproduce: string, clock: 'virtual' | 'wall-clock' = 'virtual'): string {
  const seconds = (result.virtualMs / 1000).toFixed(0);
  const lines = [
    `seed ${result.seed}: ${result.brokers} brokers, ${result.history.length} faults, ${result.sent} records sent, ${result.report.ackedCount} acknowledged, ` +
      (clock === 'virtual'
        ? `${result.events} simulation events over ${seconds} s of virtual time`
        : `${result.events} events logged over ${seconds} s of wall-clock time`),
  ];
  if (result.allowedDuplicates > 0)
    lines.push(
      `  ${result.allowedDuplicates} duplicates, which Kafka allows (plain producer retries, or an idempotent producer's epoch bump, KIP-360)`,
    );
  if (result.unhealed.length > 0) {
    lines.push(`  not healed after every fault ended: ${result.unhealed.join('; ')}`, '  faults:');
    for (const event of result.history) lines.push(`  ${formatEvent(event)}`);
  }
  if (result.anomalies.length === 0) {
    lines.push(result.unhealed.length === 0 ? 'valid: no anomaly' : 'invalid: partitions never healed');
  } else {
    lines.push(`invalid: ${result.anomalies.length} ${result.anomalies.length === 1 ? 'anomaly' : 'anomalies'}`);
    for (const { anomaly, history } of result.anomalies) {
      lines.push('', `${anomaly.type}: ${anomaly.message}`, `  history (${history.length} of ${result.log.length} events):`);
      for (const event of history) lines.push(`  ${formatEvent(event)}`);
    }
  }
  lines.push(`reproduce: ${reproduce}`);
  return lines.join('\n');
}

/** A run fails when a correct Kafka would not have done what it saw. */
export function isValid(result: ChaosResult): boolean {
  return result.anomalies.length === 0 && result.unhealed.length === 0;
}

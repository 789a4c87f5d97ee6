/**
 * A chaos run's verdict as the Chaos panel words it: valid, or each anomaly under the name the
 * checkers give it (Jepsen's and Maelstrom's) with its shortest history, the counts, and the
 * command that replays the run from a terminal. Plain text only: the panel renders it as text.
 */
import type { LiveChaosResult } from '../../chaos/live-chaos';
import { replayCommand } from '../../chaos/replay-command';
import type { AnomalyType } from '../../chaos/checkers/anomaly';
import { formatEvent } from '../../chaos/chaos-history';
import { isValid } from '../../chaos/chaos-verdict';

export const ANOMALY_NAMES: Record<AnomalyType, string> = {
  'lost-write': 'lost acknowledged write',
  duplicate: 'duplicate',
  reordering: 'reordering',
  'skipped-offset': 'skipped offset',
  'committed-offset-backwards': 'committed offset moving backwards',
};

export interface AnomalyView {
  name: string;
  message: string;
  /** The events that lead to it, one line each. */
  history: string[];
}

export interface VerdictView {
  valid: boolean;
  headline: string;
  counts: string;
  /** Partitions never healed and faults that never finished. */
  unhealed: string[];
  anomalies: AnomalyView[];
  replay: string;
}

export function verdictView(result: LiveChaosResult): VerdictView {
  const { options, anomalies, unhealed } = result;
  const valid = isValid(result);
  const headline = valid
    ? 'valid: no anomaly'
    : anomalies.length === 0
      ? 'invalid: partitions never healed'
      : `invalid: ${count(anomalies.length, 'anomaly', 'anomalies')}`;
  const counts = [
    `${count(result.history.length, 'fault', 'faults')} on ${result.brokers} brokers over ${(result.virtualMs / 1000).toFixed(0)} s${result.stoppedEarly ? ' (stopped early)' : ''}`,
    `${count(result.sent, 'record', 'records')} sent`,
    `${result.report.ackedCount} acknowledged`,
    `${count(result.allowedDuplicates, 'duplicate', 'duplicates')} Kafka allows`,
  ].join(', ');
  return {
    valid,
    headline,
    counts,
    unhealed,
    anomalies: anomalies.map(({ anomaly, history }) => ({
      name: ANOMALY_NAMES[anomaly.type],
      message: anomaly.message,
      history: history.map(formatEvent),
    })),
    replay: replayCommand(options),
  };
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

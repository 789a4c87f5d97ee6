import { describe, expect, it } from 'vitest';
import type { LiveChaosResult } from '../../src/chaos/live-chaos';
import { chaosFormOptions } from '../../src/ui/panels/chaos-form';
import { chaosStageWords, verdictView } from '../../src/ui/panels/chaos-verdict-view';

const fields = { seed: 42, faults: 3, durationSeconds: 15, unclean: false, diskFaults: false };

function result(overrides: Partial<LiveChaosResult> = {}): LiveChaosResult {
  return {
    seed: 42,
    brokers: 3,
    events: 10,
    virtualMs: 31_400,
    sent: 120,
    allowedDuplicates: 1,
    unhealed: [],
    history: [{ atMs: 2_000, kind: 'fault', description: 'kill broker 2 (worker.terminate())', brokers: [2] }],
    log: [],
    report: { ok: true, ackedCount: 118, anomalies: [] },
    anomalies: [],
    options: { seed: 42, faults: 3, durationMs: 15_000, settleMs: 45_000, unclean: false, diskFaults: false },
    topic: 'chaos-42',
    group: 'chaos-42',
    stoppedEarly: false,
    ...overrides,
  };
}

describe('ui > chaos panel', () => {
  it('turns the form into the run options, the duration from seconds', () => {
    expect(chaosFormOptions(fields, 45_000)).toEqual({
      options: { seed: 42, faults: 3, durationMs: 15_000, settleMs: 45_000, unclean: false, diskFaults: false },
    });
  });

  it("shows the runtime's own error for an empty or fractional field", () => {
    expect(chaosFormOptions({ ...fields, faults: 1.5 }, 0)).toEqual({
      error: 'INVALID_REQUEST: faults must be a whole number from 0 to 3600, got 1.5.',
    });
    expect(chaosFormOptions({ ...fields, seed: null }, 0)).toEqual({
      error: 'INVALID_REQUEST: seed must be a whole number from -2147483648 to 2147483647, got null.',
    });
  });

  it('says valid with the counts and the command that replays the run', () => {
    const view = verdictView(result());
    expect(view).toMatchObject({
      valid: true,
      headline: 'valid: no anomaly',
      counts: '1 fault on 3 brokers over 31 s, 120 records sent, 118 acknowledged, 1 duplicate Kafka allows',
      anomalies: [],
      replay: 'npm run chaos -- --browser --seed 42 --faults 3 --duration 15',
    });
  });

  it('names each anomaly as the checkers do, with its shortest history, and the unclean flag in the replay command', () => {
    const view = verdictView(
      result({
        options: { seed: 42, faults: 3, durationMs: 30_000, settleMs: 45_000, unclean: true, diskFaults: false },
        anomalies: [
          {
            anomaly: {
              type: 'lost-write',
              topic: 'chaos-42',
              partition: 1,
              value: 'i8',
              message: 'lost write: "i8" was acknowledged at chaos-42-1@4 but is not in the log',
            },
            history: [{ atMs: 5_250, kind: 'partition-change', description: 'chaos-42-1: unclean election: leader 3 (epoch 4)' }],
          },
          {
            anomaly: {
              type: 'committed-offset-backwards',
              topic: 'chaos-42',
              partition: 0,
              group: 'chaos-42',
              message: 'committed offset backwards: ...',
            },
            history: [],
          },
        ],
      }),
    );
    expect(view.valid).toBe(false);
    expect(view.headline).toBe('invalid: 2 anomalies');
    expect(view.anomalies.map((a) => a.name)).toEqual(['lost acknowledged write', 'committed offset moving backwards']);
    expect(view.anomalies[0].history).toEqual(['    5.250s  chaos-42-1: unclean election: leader 3 (epoch 4)']);
    expect(view.replay).toBe('npm run chaos -- --browser --seed 42 --faults 3 --unclean');
  });

  it("says the verdict and the stages in Korean, keeping the checkers' messages and the replay command", () => {
    const view = verdictView(result(), 'ko');
    expect(view).toMatchObject({
      headline: '유효: 이상 없음',
      counts: '브로커 3개에 31 s 동안 결함 1개, 보낸 레코드 120개, 확인 응답 118개, Kafka가 허용하는 중복 1개',
      replay: 'npm run chaos -- --browser --seed 42 --faults 3 --duration 15',
    });
    expect(chaosStageWords('injecting faults', 'ko')).toBe('결함 주입 중');
    expect(chaosStageWords('reading chaos-42 back', 'ko')).toBe('chaos-42 다시 읽는 중');
    expect(chaosStageWords('injecting faults', 'en')).toBe('injecting faults');
    expect(chaosStageWords('a stage added later', 'ko')).toBe('a stage added later');
  });

  it('is invalid when partitions never healed, even with no anomaly', () => {
    const view = verdictView(result({ unhealed: ['chaos-42-0 (leader -1, replicas [1,2,3], isr [])'], stoppedEarly: true }));
    expect(view.headline).toBe('invalid: partitions never healed');
    expect(view.counts).toMatch(/^1 fault on 3 brokers over 31 s \(stopped early\)/);
  });
});

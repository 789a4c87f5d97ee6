import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import { errorText } from '../../src/ui/state/error-text';

describe('ui > error text', () => {
  it("leads with Kafka's error name, then the engine's message, then what to do", () => {
    expect(
      errorText(
        new KafkaError(
          'INVALID_REPLICATION_FACTOR',
          'The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.',
        ),
      ),
    ).toBe(
      'INVALID_REPLICATION_FACTOR: The target replication factor of 3 cannot be reached because only 1 broker(s) are registered. Add brokers, or lower the replication factor.',
    );
  });

  it('says nothing more where the page has no advice', () => {
    expect(errorText(new KafkaError('REQUEST_TIMED_OUT'))).toBe('REQUEST_TIMED_OUT: The request timed out.');
  });

  it("reads a workload's failure reported as plain data", () => {
    expect(
      errorText({
        type: 'NOT_ENOUGH_REPLICAS',
        code: 19,
        message: 'Messages are rejected since there are fewer in-sync replicas than required.',
      }),
    ).toBe(
      'NOT_ENOUGH_REPLICAS: Messages are rejected since there are fewer in-sync replicas than required. Restart a broker or lower min.insync.replicas.',
    );
  });

  it("gives the advice in Korean, keeping Kafka's error name and the engine's message", () => {
    expect(
      errorText(
        { type: 'NOT_ENOUGH_REPLICAS', code: 19, message: 'Messages are rejected since there are fewer in-sync replicas than required.' },
        undefined,
        'ko',
      ),
    ).toBe(
      'NOT_ENOUGH_REPLICAS: Messages are rejected since there are fewer in-sync replicas than required. ' +
        '브로커를 다시 시작하거나 최소 동기화 레플리카 수 min.insync.replicas를 낮추세요.',
    );
    expect(errorText(new KafkaError('REQUEST_TIMED_OUT'), undefined, 'ko')).toBe('REQUEST_TIMED_OUT: The request timed out.');
  });

  it('shows a plain error as its message', () => {
    expect(errorText(new Error('Broker 2 is not running (killed).'))).toBe('Broker 2 is not running (killed).');
    expect(errorText('gone')).toBe('gone');
  });
});

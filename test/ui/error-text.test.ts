import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import { errorText } from '../../src/ui/state/error-text';

describe('ui > error text', () => {
  it("leads with Kafka's error name, then the engine's message", () => {
    expect(errorText(new KafkaError('INVALID_REPLICATION_FACTOR', 'The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.')))
      .toBe('INVALID_REPLICATION_FACTOR: The target replication factor of 3 cannot be reached because only 1 broker(s) are registered.');
  });

  it('shows a plain error as its message', () => {
    expect(errorText(new Error('Broker 2 is not running (killed).'))).toBe('Broker 2 is not running (killed).');
    expect(errorText('gone')).toBe('gone');
  });
});

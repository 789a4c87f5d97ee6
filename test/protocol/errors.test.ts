import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';

describe('protocol > errors', () => {
  it("gives an error without a message the Errors enum's own, as the Java client's exception has it", () => {
    // Errors.GROUP_MAX_SIZE_REACHED(81, "The consumer group has reached its max size.", GroupMaxSizeReachedException::new)
    expect(new KafkaError('GROUP_MAX_SIZE_REACHED')).toMatchObject({
      code: 81,
      retriable: false,
      message: 'The consumer group has reached its max size.',
    });
    expect(KafkaError.fromCode(19, null).message).toBe('Messages are rejected since there are fewer in-sync replicas than required.');
  });
});

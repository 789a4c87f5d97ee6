/** A workload's last failure in Kafka's terms, and the spec errors it refuses to start with. */
import { asKafkaError, KafkaError } from '../protocol/errors';
import type { WorkloadError } from './workload-types';

/** Any thrown value as Kafka's error name, code and message; a non-Kafka error is UNKNOWN_SERVER_ERROR. */
export function toWorkloadError(error: unknown): WorkloadError {
  const { type, code, message } = asKafkaError(error);
  return { type, code, message };
}

/** A spec that cannot run: INVALID_CONFIG naming the field and what it takes. */
export function invalidSpec(message: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', message);
}

/** A workload's last failure in Kafka's terms, and the spec errors it refuses to start with. */
import { KafkaError } from '../protocol/errors';
import type { WorkloadError } from './workload-types';

/** Any thrown value as Kafka's error name, code and message; a non-Kafka error is UNKNOWN_SERVER_ERROR. */
export function toWorkloadError(error: unknown): WorkloadError {
  if (error instanceof KafkaError) return { type: error.type, code: error.code, message: error.message };
  const unknown = new KafkaError('UNKNOWN_SERVER_ERROR');
  return { type: unknown.type, code: unknown.code, message: error instanceof Error ? error.message : String(error) };
}

/** A spec that cannot run: INVALID_CONFIG naming the field and what it takes. */
export function invalidSpec(message: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', message);
}

import { KafkaError } from '../../protocol/errors';

/**
 * Several per-topic failures of one admin call (kafkajs's KafkaJSAggregateError). It carries the
 * first failure's type and code, so `error.type` still answers the common one-topic case.
 */
export class KafkaAggregateError extends KafkaError {
  constructor(readonly errors: KafkaError[]) {
    super(errors[0].type, errors.map((error) => error.message).join(' '));
    this.name = 'KafkaAggregateError';
  }
}

/** A partition the controller would not reassign (kafkajs's KafkaJSAlterPartitionReassignmentsError). */
export class KafkaAlterPartitionReassignmentsError extends KafkaError {
  constructor(
    error: KafkaError,
    readonly topic: string,
    readonly partition: number,
  ) {
    super(error.type, error.message);
    this.name = 'KafkaAlterPartitionReassignmentsError';
  }
}

/**
 * Partitions whose records could not be deleted (kafkajs's KafkaJSDeleteTopicRecordsError): each
 * with the offset asked for and its own error. It carries the first failure's type and code.
 */
export class KafkaDeleteTopicRecordsError extends KafkaError {
  constructor(
    readonly topic: string,
    readonly partitions: { partition: number; offset: string; error: KafkaError }[],
  ) {
    super(partitions[0].error.type, `Error while deleting records of topic ${topic}: ${partitions[0].error.message}`);
    this.name = 'KafkaDeleteTopicRecordsError';
  }
}

export function throwIfFailed(errors: KafkaError[]): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new KafkaAggregateError(errors);
}

/**
 * Whether an admin call should try again. Kafka's AdminClient does not retry a missing topic even
 * though UNKNOWN_TOPIC_OR_PARTITION is retriable for producers: the user named a topic that is not there.
 */
export function isAdminRetriable(error: KafkaError): boolean {
  return error.retriable && error.type !== 'UNKNOWN_TOPIC_OR_PARTITION';
}

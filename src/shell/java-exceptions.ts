/**
 * The Java exception class Kafka's client raises for an error code (Errors.java), for the lines the
 * tools print as `org.apache.kafka.common.errors.<Class>: <message>`. Most classes are the error's
 * name in CamelCase plus "Exception"; the table lists the ones Kafka named otherwise.
 */
import type { ErrorName } from '../protocol/errors';

const RENAMED: Partial<Record<ErrorName, string>> = {
  UNKNOWN_SERVER_ERROR: 'UnknownServerException',
  OFFSET_OUT_OF_RANGE: 'OffsetOutOfRangeException',
  CORRUPT_MESSAGE: 'CorruptRecordException',
  INVALID_FETCH_SIZE: 'InvalidFetchSizeException',
  REQUEST_TIMED_OUT: 'TimeoutException',
  MESSAGE_TOO_LARGE: 'RecordTooLargeException',
  NETWORK_EXCEPTION: 'NetworkException',
  INVALID_TOPIC_EXCEPTION: 'InvalidTopicException',
  RECORD_LIST_TOO_LARGE: 'RecordBatchTooLargeException',
  NOT_ENOUGH_REPLICAS: 'NotEnoughReplicasException',
  INVALID_COMMIT_OFFSET_SIZE: 'InvalidCommitOffsetSizeException',
  TOPIC_ALREADY_EXISTS: 'TopicExistsException',
  INVALID_CONFIG: 'InvalidConfigurationException',
  INVALID_PRODUCER_EPOCH: 'InvalidProducerEpochException',
  NON_EMPTY_GROUP: 'GroupNotEmptyException',
  UNKNOWN_TOPIC_ID: 'UnknownTopicIdException',
  INVALID_RECORD: 'InvalidRecordException',
};

export function javaExceptionClass(type: ErrorName): string {
  const name = RENAMED[type] ?? type.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase()) + 'Exception';
  return `org.apache.kafka.common.errors.${name}`;
}

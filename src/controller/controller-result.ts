import type { MetadataRecord } from '../protocol/metadata-records';

/**
 * What a controller command produces (Kafka's ControllerResult): the records to append and the
 * response to send once they are applied. Commands read the image and never change it.
 */
export interface ControllerResult<T> {
  records: MetadataRecord[];
  response: T;
}

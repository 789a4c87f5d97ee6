/**
 * Kafka's StickyAssignor ('sticky'), eager: members give up everything before rejoining, so the previous
 * assignment and its generation travel in the subscription's userData (StickyAssignor's
 * STICKY_ASSIGNOR_USER_DATA_V1: previous_assignment [topic, partitions], generation int32; V0 lacks the
 * generation), written from what onAssignment last received.
 */
import { KafkaError } from '../../../protocol/errors';
import { readTopicPartitions, writeTopicPartitions } from '../../../protocol/consumer-protocol';
import { ByteReader, ByteWriter } from '../../../protocol/schema-types';
import { AbstractStickyAssignor, DEFAULT_GENERATION, type MemberData } from './abstract-sticky-assignor';
import type { RebalanceProtocol, Subscription } from './assignor';
import type { TopicPartition } from '../../../protocol/topic-partition';

export function encodeStickyUserData(partitions: readonly TopicPartition[], generation: number): Uint8Array {
  const writer = new ByteWriter();
  writeTopicPartitions(writer, partitions);
  return writer.int32(generation).toBytes();
}

/** V1, else V0 without a generation, else nothing: an unreadable userData is ignored, as Kafka does. */
export function decodeStickyUserData(userData: Uint8Array): MemberData {
  const read = (withGeneration: boolean): MemberData => {
    const reader = new ByteReader(userData, 'sticky assignor userData');
    const partitions = readTopicPartitions(reader);
    return { partitions, generation: withGeneration ? reader.int32() : null };
  };
  try {
    return read(true);
  } catch (e1) {
    if (!(e1 instanceof KafkaError)) throw e1;
    try {
      return read(false);
    } catch (e2) {
      if (!(e2 instanceof KafkaError)) throw e2;
      return { partitions: [], generation: DEFAULT_GENERATION };
    }
  }
}

export class StickyAssignor extends AbstractStickyAssignor {
  readonly name = 'sticky';
  readonly supportedProtocols: readonly RebalanceProtocol[] = ['EAGER'];
  private memberAssignment: TopicPartition[] | null = null;
  private generation = DEFAULT_GENERATION;

  onAssignment(partitions: readonly TopicPartition[], generationId: number): void {
    this.memberAssignment = [...partitions];
    this.generation = generationId;
  }

  subscriptionUserData(): Uint8Array | null {
    return this.memberAssignment === null ? null : encodeStickyUserData(this.memberAssignment, this.generation);
  }

  protected memberData(subscription: Subscription): MemberData {
    // Eager members own nothing when they rejoin; what they had is in userData.
    const userData = subscription.userData;
    if (userData === null || userData.length === 0) return { partitions: [], generation: null };
    return decodeStickyUserData(userData);
  }
}

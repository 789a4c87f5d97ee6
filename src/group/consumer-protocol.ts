/**
 * The one thing the coordinator reads from a classic consumer's opaque JoinGroup metadata: the
 * topics of its ConsumerProtocolSubscription (version int16, then topics as [string]; later fields
 * follow and are not needed), which ClassicGroup.computeSubscribedTopics uses for OffsetDelete.
 */
import { ByteReader } from './byte-buffer';

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

/** Null when the bytes are not a subscription this coordinator can read. */
export function subscriptionTopics(metadata: Uint8Array): string[] | null {
  try {
    const reader = new ByteReader(metadata);
    reader.int16();
    const count = reader.int32();
    const topics: string[] = [];
    for (let i = 0; i < count; i++) topics.push(reader.string());
    return topics;
  } catch {
    return null;
  }
}

/**
 * The fetch path of Kafka's ReplicaManager (fetchMessages, readFromLog), for consumers and
 * followers alike: every requested partition is read within the request's byte budget; if nothing
 * failed and fewer than minBytes came back, the fetch waits in the fetch purgatory (DelayedFetch)
 * until new data may be there or maxWaitMs passes, then reads again. A partition that moved tells
 * the client who leads it now (KIP-951).
 */
import type { Clock } from '../core/clock';
import type { FetchPartitionResponse, FetchRequest, FetchResponse } from '../protocol/apis/fetch';
import { KafkaError, type ErrorName } from '../protocol/errors';
import type { MetadataImage } from '../protocol/metadata-image';
import type { BrokerMetrics } from './broker-metrics';
import type { DelayedFetchPurgatory } from './delayed-fetch';
import type { HostedPartitions } from './hosted-partitions';
import { topicPartitionKey } from '../protocol/topic-partition';

/** What the fetch path reads and waits on in the ReplicaManager. */
export interface FetchContext {
  clock: Clock;
  image: MetadataImage;
  metrics: BrokerMetrics;
  partitions: HostedPartitions;
  delayedFetch: DelayedFetchPurgatory;
  isAlive(): boolean;
}

interface PartitionRead {
  topic: string;
  result: FetchPartitionResponse;
}

/** ReplicaManager.fetchMessages; a broker that died while the fetch waited never answers it. */
export async function fetchMessages(context: FetchContext, request: FetchRequest): Promise<FetchResponse> {
  context.metrics.mark('TotalFetchRequestsPerSec');
  const first = await readFromLocalLogs(context, request);
  const bytes = first.reduce((sum, { result }) => sum + result.records.reduce((s, batch) => s + batch.byteLength, 0), 0);
  const settled = first.some(({ result }) => result.errorCode !== 0 || result.divergingEpoch !== null);
  if (request.maxWaitMs <= 0 || bytes >= request.minBytes || settled || first.length === 0) return fetchResponse(first);
  await context.delayedFetch.waitForFetchable(
    first.map(({ topic, result }) => topicPartitionKey(topic, result.partitionIndex)),
    request.replicaId >= 0,
    request.maxWaitMs,
  );
  if (!context.isAlive()) return new Promise(() => undefined);
  return fetchResponse(await readFromLocalLogs(context, request));
}

function fetchResponse(results: PartitionRead[]): FetchResponse {
  const responses: FetchResponse['responses'] = [];
  for (const { topic, result } of results) {
    let entry = responses.at(-1);
    if (entry?.topic !== topic) responses.push((entry = { topic, partitions: [] }));
    entry.partitions.push(result);
  }
  return { errorCode: 0, throttleTimeMs: 0, responses };
}

/** ReplicaManager.readFromLog: each partition in request order, within what is left of the request's maxBytes. */
async function readFromLocalLogs(context: FetchContext, request: FetchRequest): Promise<PartitionRead[]> {
  const { metrics, clock } = context;
  const isFollower = request.replicaId >= 0;
  let remainingBytes = request.maxBytes;
  const results: PartitionRead[] = [];
  for (const topic of request.topics) {
    for (const fetch of topic.partitions) {
      const result: FetchPartitionResponse = {
        partitionIndex: fetch.partition,
        errorCode: 0,
        highWatermark: -1,
        lastStableOffset: -1,
        logStartOffset: -1,
        divergingEpoch: null,
        currentLeader: null,
        records: [],
      };
      try {
        const partition = context.partitions.getPartitionOrException(topic.topic, fetch.partition);
        const info = await partition.fetchRecords({
          replicaId: request.replicaId,
          replicaEpoch: request.replicaEpoch,
          fetchOffset: fetch.fetchOffset,
          currentLeaderEpoch: fetch.currentLeaderEpoch,
          lastFetchedEpoch: fetch.lastFetchedEpoch,
          logStartOffset: fetch.logStartOffset,
          maxBytes: Math.max(0, Math.min(fetch.partitionMaxBytes, remainingBytes)),
          fetchTimeMs: clock.now(),
        });
        const size = info.records.reduce((sum, batch) => sum + batch.byteLength, 0);
        remainingBytes -= size;
        metrics.mark(isFollower ? 'ReplicationBytesOutPerSec' : 'BytesOutPerSec', size);
        Object.assign(result, {
          highWatermark: info.highWatermark,
          lastStableOffset: info.highWatermark,
          logStartOffset: info.logStartOffset,
          divergingEpoch: info.divergingEpoch,
          records: info.records,
        });
      } catch (error) {
        if (!(error instanceof KafkaError)) throw error;
        metrics.mark('FailedFetchRequestsPerSec');
        result.errorCode = error.code;
        result.currentLeader = currentLeader(context.image, topic.topic, fetch.partition, error.type);
      }
      results.push({ topic: topic.topic, result });
    }
  }
  return results;
}

/** KIP-951: with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH, tell the client who leads now. */
function currentLeader(
  image: MetadataImage,
  topic: string,
  partitionIndex: number,
  error: ErrorName,
): FetchPartitionResponse['currentLeader'] {
  if (error !== 'NOT_LEADER_OR_FOLLOWER' && error !== 'FENCED_LEADER_EPOCH') return null;
  const registration = image.partition(topic, partitionIndex);
  return registration === undefined ? null : { leaderId: registration.leader, leaderEpoch: registration.leaderEpoch };
}

/**
 * Data in motion, placed on the picture: each flight the brokers recorded (a Produce into a
 * leader, a follower's or a consumer's Fetch out of it) becomes a token travelling along a path
 * from where the records were to where they went, and each link's records per second becomes how
 * thick its line is drawn. Pure functions of the traffic and the layout, tested in Node; the view
 * only animates what they return.
 *
 * A token's travel time is a picture of a request, not a promise of its latency: real requests
 * take milliseconds, and a person needs most of a second to follow one.
 */
import type { Flight, ServedTotals } from '../../cluster/traffic';
import { brokerIdOf } from '../../protocol/rpc';
import { topicPartitionKey } from '../../protocol/topic-partition';
import type { Box, ChipBox, TopologyLayout } from './topology-layout';
import type { Language } from '../i18n/language';

export type FlightKind = 'produce' | 'replication' | 'consume' | 'heartbeat' | 'metadata';

export interface FlightToken {
  /** `origin:seq`, unique per flight. */
  key: string;
  api: Flight['api'] | 'BrokerHeartbeat';
  kind: FlightKind;
  topic: string;
  partition: number;
  firstOffset: number;
  lastOffset: number;
  records: number;
  hue: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** How long after the first flight of its batch it happened: a poll's flights are replayed as they came. */
  delayMs: number;
}

/** At most this many tokens start per batch of flights; past it the lines' thickness tells the flow. */
export const TOKEN_BUDGET = 40;
/** The fewest tokens a busy batch still starts, so data is seen moving however busy the cluster is. */
export const BUSY_TOKENS = 8;
/** A batch of flights is replayed over at most this long. */
const MAX_REPLAY_MS = 1_000;

/**
 * How many tokens a batch of `placed` flights starts: every one up to the budget; past it fewer the
 * busier the batch (budget² / placed, down to BUSY_TOKENS). At 20,000 records/s a batch holds a
 * thousand flights: a handful of tokens are samples of it and the lines' thickness is the flow, as
 * the issue that asked for tokens wants ("at high rates draw flow, not tokens"), and the compositor
 * animates 8 tokens a batch instead of 40 (issue 17, UI frame time).
 */
export function tokensFor(placed: number, budget = TOKEN_BUDGET): number {
  if (placed <= budget) return placed;
  return Math.max(Math.min(BUSY_TOKENS, budget), Math.floor((budget * budget) / placed));
}

/**
 * The tokens for a batch of new flights that have a place in the picture: all of them up to the
 * budget, past it a sample spread evenly over the batch's time (tokensFor), so every broker's part
 * of a busy batch is seen.
 */
export function flightTokens(flights: readonly Flight[], layout: TopologyLayout, budget = TOKEN_BUDGET): FlightToken[] {
  const chips = new Map(layout.chips.map((chip) => [chip.key, chip]));
  const producers = new Map(layout.producers.map((producer) => [producer.address, producer]));
  const members = new Map(layout.groups.flatMap((group) => group.members.map((member) => [member.clientId, member] as const)));
  const tokens: { token: FlightToken; timeMs: number }[] = [];
  for (const flight of flights) {
    const leaderId = brokerIdOf(flight.to);
    if (leaderId === null) continue;
    const leaderChip = chips.get(chipKey(flight, leaderId));
    const path = pathOf(flight, leaderChip, chips, producers, members);
    if (path === null) continue;
    const token: FlightToken = {
      key: `${flight.origin}:${flight.seq}`,
      api: flight.api,
      kind: path.kind,
      topic: flight.topic,
      partition: flight.partition,
      firstOffset: flight.firstOffset,
      lastOffset: flight.lastOffset,
      records: flight.records,
      hue: leaderChip?.hue ?? 'var(--ink-muted)',
      ...path.line,
      delayMs: 0,
    };
    tokens.push({ token, timeMs: flight.timeMs });
  }
  const count = tokensFor(tokens.length, budget);
  const inTime = count < tokens.length ? [...tokens].sort((a, b) => a.timeMs - b.timeMs) : tokens;
  const kept = count < tokens.length ? Array.from({ length: count }, (_, i) => inTime[Math.floor((i * inTime.length) / count)]) : tokens;
  const firstMs = Math.min(...kept.map(({ timeMs }) => timeMs));
  return kept.map(({ token, timeMs }) => ({ ...token, delayMs: Math.min(MAX_REPLAY_MS, Math.max(0, timeMs - firstMs)) }));
}

/**
 * A token's words, for its tooltip and for tests: `Produce orders-0 offsets 12–14`. Kafka's API
 * names stay as Kafka spells them; the words around them follow the page's language.
 */
export function describeToken(
  token: Pick<FlightToken, 'api' | 'kind' | 'topic' | 'partition' | 'firstOffset' | 'lastOffset'>,
  language: Language = 'en',
): string {
  const ko = language === 'ko';
  if (token.kind === 'heartbeat')
    return ko
      ? `BrokerHeartbeat, 메타데이터 오프셋 ${token.lastOffset}까지 적용`
      : `BrokerHeartbeat, metadata applied up to offset ${token.lastOffset}`;
  const who = { replication: ko ? '팔로워' : 'follower', consume: ko ? '컨슈머' : 'consumer', metadata: ko ? '메타데이터' : 'metadata' };
  const what =
    token.kind === 'replication' || token.kind === 'consume' || token.kind === 'metadata' ? `Fetch (${who[token.kind]})` : token.api;
  const offsets =
    token.firstOffset === token.lastOffset
      ? `${ko ? '오프셋' : 'offset'} ${token.firstOffset}`
      : `${ko ? '오프셋' : 'offsets'} ${token.firstOffset}–${token.lastOffset}`;
  return `${what} ${topicPartitionKey(token.topic, token.partition)} ${offsets}`;
}

/**
 * Records per second on each link, from two readings of the brokers' running totals `elapsedMs`
 * apart, by `api|from|to|topic-partition`. A link that is new in the second reading counts from zero.
 */
export function linkRates(before: readonly ServedTotals[], after: readonly ServedTotals[], elapsedMs: number): Map<string, number> {
  const rates = new Map<string, number>();
  if (elapsedMs <= 0) return rates;
  const earlier = new Map(before.map((link) => [linkKey(link), link.records]));
  for (const link of after) {
    const key = linkKey(link);
    const records = link.records - (earlier.get(key) ?? 0);
    if (records > 0) rates.set(key, (records * 1000) / elapsedMs);
  }
  return rates;
}

/** The key of a link in linkRates' map. */
export function linkKey(link: Pick<ServedTotals, 'api' | 'from' | 'to' | 'topic' | 'partition'>): string {
  return `${link.api}|${link.from}|${link.to}|${topicPartitionKey(link.topic, link.partition)}`;
}

/**
 * How thick a line carrying `recordsPerSecond` is drawn: 1.5 px idle, growing with the rate's
 * logarithm to 8 px at 20,000/s, in steps of half a pixel. A client's lines cross the whole
 * picture, so each change of width repaints most of it: with the steps, a rate that wobbles by a
 * few percent between two polls leaves the line as it was (issue 17, UI frame time).
 */
export function flowWidth(recordsPerSecond: number): number {
  if (!(recordsPerSecond > 0)) return 1.5;
  const width = Math.min(8, 1.5 + (6.5 * Math.log10(1 + recordsPerSecond)) / Math.log10(20_001));
  return Math.round(width * 2) / 2;
}

function chipKey(flight: Pick<Flight, 'topic' | 'partition'>, brokerId: number): string {
  return `${topicPartitionKey(flight.topic, flight.partition)}@${brokerId}`;
}

function pathOf(
  flight: Flight,
  leaderChip: ChipBox | undefined,
  chips: ReadonlyMap<string, ChipBox>,
  producers: ReadonlyMap<string, Box>,
  members: ReadonlyMap<string, Box>,
): { kind: FlightKind; line: { x1: number; y1: number; x2: number; y2: number } } | null {
  if (leaderChip === undefined) return null;
  if (flight.api === 'Produce') {
    const producer = producers.get(flight.from);
    if (producer === undefined) return null;
    return { kind: 'produce', line: { ...rightMiddle(producer, 'from'), ...leftMiddle(leaderChip, 'to') } };
  }
  const followerId = brokerIdOf(flight.from);
  if (followerId !== null) {
    const followerChip = chips.get(chipKey(flight, followerId));
    if (followerChip === undefined) return null;
    return { kind: 'replication', line: { ...centre(leaderChip, 'from'), ...centre(followerChip, 'to') } };
  }
  const member = members.get(flight.from);
  if (member === undefined) return null;
  return { kind: 'consume', line: { ...rightMiddle(leaderChip, 'from'), ...leftMiddle(member, 'to') } };
}

type End<E extends 'from' | 'to'> = E extends 'from' ? { x1: number; y1: number } : { x2: number; y2: number };

function point<E extends 'from' | 'to'>(x: number, y: number, end: E): End<E> {
  return (end === 'from' ? { x1: x, y1: y } : { x2: x, y2: y }) as End<E>;
}

function rightMiddle<E extends 'from' | 'to'>(box: Box, end: E): End<E> {
  return point(box.x + box.width, box.y + box.height / 2, end);
}

function leftMiddle<E extends 'from' | 'to'>(box: Box, end: E): End<E> {
  return point(box.x, box.y + box.height / 2, end);
}

function centre<E extends 'from' | 'to'>(box: Box, end: E): End<E> {
  return point(box.x + box.width / 2, box.y + box.height / 2, end);
}

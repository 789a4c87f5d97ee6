/**
 * The page in Korean says no English sentence of its own: every word a component shows in Korean
 * (the message table, the lessons, the words the layout functions compose for cards, chips, tooltips
 * and screen readers) is Korean, except Kafka's own names, which a Korean learner meets in Kafka's
 * documentation and tools as they are: config keys, API and record names, group states, ISR.
 */
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../src/lessons/catalog';
import type { LocalizedText } from '../../src/lessons/lesson-types';
import { KO } from '../../src/ui/i18n/messages';
import { GLOSSARY } from '../../src/ui/glossary';
import { describeToken, type FlightKind } from '../../src/ui/layout/flight-paths';
import { groupWaitWords } from '../../src/ui/layout/group-words';
import { cardTags, describeBroker, describeCut, describeReplica, leavesIsrWords, waitingWords } from '../../src/ui/layout/replica-words';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology } from '../../src/ui/layout/topology-layout';
import { errorHint } from '../../src/ui/state/error-text';
import { legacyHint } from '../../src/ui/terminal/legacy-hint';
import { afterFailover, describeCluster } from './fixtures';

/** Kafka's names, and the keys and tools a learner types, that stay as Kafka spells them in Korean text. */
const KAFKA_NAMES = new Set([
  ...['Kafka', 'KRaft', 'Raft', 'ZooKeeper', 'zookeeper', 'ISR', 'ELR', 'LEO', 'HW', 'KIP', 'RF', 'ID', 'LAG'],
  ...['Fetch', 'Produce', 'BrokerHeartbeat', 'LeaveGroup', 'InitProducerId', 'OffsetsForLeaderEpoch', 'PartitionChangeRecord'],
  ...['Stable', 'acks', 'all', 'true', 'false', 'earliest', 'compact', 'sticky', 'murmur', 'range', 'roundrobin', 'eager'],
  // Commands and options a learner types, and terms Korean Kafka material leaves in English (ack, poll, stop-the-world).
  ...['ack', 'poll', 'stop', 'the', 'world', 'consumer', 'kill', 'describe', 'execute', 'alter', 'partitions'],
  // The browser, the runtime and the keyboard.
  ...['IndexedDB', 'Web', 'Worker', 'Node', 'createCluster', 'Tab', 'Enter', 'Esc', 'Space', 'ms'],
]);

/** Topics and groups the lessons create in their steps rather than in their setup. */
const LESSON_DATA_NAMES = ['crowd', 'readers', 'payments', 'orders', 'app'];

/** The English words left in a Korean text once placeholders, keys (dotted, dashed, with digits) and Kafka's names are set aside. */
function englishWords(text: string, names: ReadonlySet<string> = new Set()): string[] {
  const rest = text
    .replace(/\{\w+\}/g, ' ')
    // Kafka's English term in brackets beside the Korean one, as Korean material writes it: 세대(generation).
    .replace(/\([A-Za-z -]+\)/g, ' ')
    .replace(/[A-Za-z.]+=\S+/g, ' ')
    .replace(/[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)+/g, ' ')
    .replace(/\b[A-Za-z]*\d[A-Za-z\d]*\b/g, ' ');
  return (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((word) => !KAFKA_NAMES.has(word) && !names.has(word));
}

function expectKorean(text: string, where: string, names?: ReadonlySet<string>): void {
  expect(text, where).toMatch(/[\uac00-\ud7a3]/);
  expect(englishWords(text, names), `${where}: ${text}`).toEqual([]);
}

/** Every LocalizedText inside a lesson, with where it is. */
function lessonTexts(value: unknown, where: string): [string, LocalizedText][] {
  if (typeof value !== 'object' || value === null) return [];
  if ('ko' in value && typeof value.ko === 'string') return [[where, value as LocalizedText]];
  return Object.entries(value).flatMap(([key, inner]) => lessonTexts(inner, `${where}.${key}`));
}

describe('ui > the page in Korean says no English sentence of its own', () => {
  it('finds the English words a Korean text still has, and only those', () => {
    expect(englishWords('브로커 2 펜싱됨 (broker.session.timeout.ms), ISR [1,2], orders-0')).toEqual([]);
    expect(englishWords('Kill을 누르세요 (사이드바의 Consumers)')).toEqual(['Kill', 'Consumers']);
  });

  it('has every message of the table in Korean', () => {
    for (const [key, text] of Object.entries(KO)) expectKorean(text, key);
    for (const [term, text] of Object.entries(GLOSSARY)) expectKorean(text.ko, term);
  });

  it("has every lesson's words in Korean, naming the page's buttons as the Korean page shows them", () => {
    for (const lesson of LESSONS) {
      // The names the lesson gives its topics and groups are data, not words.
      const names = new Set([
        ...(lesson.setup.topics ?? []).map((topic) => topic.name),
        ...(lesson.setup.groups ?? []).map((group) => group.groupId),
        ...LESSON_DATA_NAMES,
      ]);
      for (const [where, text] of lessonTexts(lesson, lesson.id)) expectKorean(text.ko, where, names);
    }
  });

  it("words the broker cards, replica chips and their screen-reader labels in Korean, whatever the broker's state", () => {
    const cluster = afterFailover(describeCluster(3, [{ name: 'orders', partitions: 1, replicationFactor: 3 }]), 1);
    const layout = layoutTopology({
      cluster,
      hues: assignTopicHues(['orders']),
      slow: new Map([[2, 500]]),
      slowDisk: new Map([[2, 2000]]),
      replicaOffsets: (_topic, _partition, brokerId) =>
        brokerId === 3 ? { logEndOffset: 8, highWatermark: 8, leavesIsrInMs: 900 } : undefined,
    });
    for (const chip of layout.chips) expectKorean(describeReplica({ ...chip, elr: true }, 'ko'), chip.key);
    for (const broker of layout.brokers) {
      for (const state of ['starting', 'running', 'fenced', 'shutdown', 'killed'] as const) {
        expectKorean(describeBroker({ ...broker, state, rack: 'a', isolated: true, sessionEndsInMs: 1_500 }, 'ko'), `broker ${state}`);
      }
      for (const tag of cardTags(broker, 'ko')) expectKorean(tag.text, tag.kind);
    }
    for (const short of [true, false]) {
      expectKorean(leavesIsrWords(2_300, short, 'ko'), 'leaves ISR');
      expectKorean(waitingWords({ state: 'killed', sessionEndsInMs: 6_240 }, short, 'ko')!, 'fenced in');
      expectKorean(waitingWords({ state: 'starting', waitingFor: 'registration' }, short, 'ko')!, 'registering');
      expectKorean(waitingWords({ state: 'starting', waitingFor: 'old-session-to-expire' }, short, 'ko')!, 'old session');
      for (const kind of ['session', 'revocation', 'join', 'initial-rebalance-delay'] as const) {
        expectKorean(groupWaitWords({ kind, endsInMs: 2_000, config: 'session.timeout.ms' }, short, 'ko'), kind);
      }
    }
    expectKorean(describeCut({ from: 'broker-2', to: 'broker-1', oneWay: true }, 'ko'), 'one-way cut');
    expectKorean(describeCut({ from: 'broker-2', to: 'broker-3', oneWay: false }, 'ko'), 'cut');
  });

  it('words the flying messages, the errors a user can fix, and the old commands in Korean', () => {
    for (const kind of ['produce', 'replication', 'consume', 'heartbeat', 'metadata'] as FlightKind[]) {
      const token = { api: 'Produce' as const, kind, topic: 'orders', partition: 0, firstOffset: 3, lastOffset: 5 };
      expectKorean(describeToken(token, 'ko'), kind);
    }
    for (const type of ['NOT_ENOUGH_REPLICAS', 'INVALID_REPLICATION_FACTOR', 'LEADER_NOT_AVAILABLE', 'COORDINATOR_NOT_AVAILABLE']) {
      expectKorean(errorHint(type, undefined, 'ko')!, type);
    }
    for (const line of [
      'kafka-topics.sh --zookeeper localhost:2181 --list',
      'kafka-console-producer.sh --broker-list localhost:9092 --topic orders',
      'zookeeper-server-start.sh config/zookeeper.properties',
    ]) {
      expectKorean(legacyHint(line)!.explanation.ko, line);
    }
  });
});

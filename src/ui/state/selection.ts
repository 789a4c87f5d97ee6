import { topicPartitionKey } from '../../protocol/topic-partition';
/** What the inspector shows, and what the picture rings: one broker, one partition, one group or the controller. */
export type Selection =
  | { kind: 'broker'; id: number }
  | { kind: 'partition'; topic: string; partition: number }
  | { kind: 'group'; groupId: string }
  | { kind: 'controller' };

/** What a timeline event is about, in the shape of its `subjects`. */
export interface Subjects {
  brokers?: number[];
  topic?: string;
  partitions?: number[];
  group?: string;
}

/** The things in the picture to light up for a set of subjects. A topic with no partitions named lights all of its partitions. */
export interface Highlight {
  brokers: ReadonlySet<number>;
  /** `orders-0` labels. */
  partitions: ReadonlySet<string>;
  topics: ReadonlySet<string>;
  groups: ReadonlySet<string>;
}

export const NOTHING_HIGHLIGHTED: Highlight = { brokers: new Set(), partitions: new Set(), topics: new Set(), groups: new Set() };

export function highlightOf(subjects: Subjects): Highlight {
  const topic = subjects.topic;
  const partitions = topic === undefined ? [] : (subjects.partitions ?? []).map((p) => topicPartitionKey(topic, p));
  return {
    brokers: new Set(subjects.brokers ?? []),
    partitions: new Set(partitions),
    topics: new Set(topic !== undefined && partitions.length === 0 ? [topic] : []),
    groups: new Set(subjects.group === undefined ? [] : [subjects.group]),
  };
}

/** What a lesson step points at (src/lessons Evidence), as the picture lights it. */
export function highlightOfEvidence(evidence: {
  brokers?: readonly number[];
  partitions?: readonly { topic: string; partition: number }[];
}): Highlight {
  return {
    brokers: new Set(evidence.brokers ?? []),
    partitions: new Set((evidence.partitions ?? []).map((p) => topicPartitionKey(p.topic, p.partition))),
    topics: new Set(),
    groups: new Set(),
  };
}

export function isChipHighlighted(highlight: Highlight, chip: { label: string; topic: string }): boolean {
  return highlight.partitions.has(chip.label) || highlight.topics.has(chip.topic);
}

export function isChipSelected(selection: Selection | null, chip: { topic: string; partition: number }): boolean {
  return selection?.kind === 'partition' && selection.topic === chip.topic && selection.partition === chip.partition;
}

/**
 * What a lesson is: a starting cluster, then steps that ask before they show (docs/UX.md "lessons
 * ask before they show"). A learner predicts, acts (or lets the lesson act), and the reveal compares
 * the prediction with what the cluster did; tasks are checked against the cluster itself. Lessons
 * are plain data and functions over the cluster contract, so the same lesson runs in the page and in
 * a Node test on the in-process runtime.
 */
import type { Kafka } from '../client/kafka';
import type { ClusterOperator, ConfigOverrides } from '../cluster/cluster-operator';
import type { ConsumerGroupWorkloadSpec, ProducerWorkloadSpec } from '../workload/workload-types';
import type { WorkloadControls } from '../workload/workloads';

/** The page's two languages; every text a lesson shows has both. */
export type Language = 'en' | 'ko';
export type LocalizedText = Readonly<Record<Language, string>>;

/** What a lesson may do to the cluster and read from it: the contract, a client, and the workloads. */
export interface LessonContext {
  cluster: Pick<
    ClusterOperator,
    | 'describe'
    | 'describePartition'
    | 'leaderOf'
    | 'brokerIds'
    | 'addBroker'
    | 'killBroker'
    | 'restartBroker'
    | 'fillDisk'
    | 'replicaOffsets'
    | 'describeGroups'
    | 'lostCommittedOffsets'
    | 'partition'
    | 'cutLinks'
    | 'heal'
    | 'config'
    | 'now'
  >;
  kafka: Kafka;
  workloads: WorkloadControls;
}

/** Values a lesson remembers between its steps (the leader before the kill, the offset before a crash). */
export type LessonMemo = Record<string, unknown>;

export interface TopicSetup {
  name: string;
  partitions: number;
  replicationFactor: number;
  configs?: Readonly<Record<string, string>>;
}

/** The cluster a lesson starts from, built from an empty cluster that runs `config`. */
export interface LessonSetup {
  brokers: number;
  /** Broker configs beyond the demo timings every lesson runs with. */
  config?: ConfigOverrides;
  topics?: readonly TopicSetup[];
  producers?: readonly ProducerWorkloadSpec[];
  groups?: readonly ConsumerGroupWorkloadSpec[];
}

/** What the page highlights when a step reveals: these brokers, these partitions. */
export interface Evidence {
  brokers?: readonly number[];
  partitions?: readonly { topic: string; partition: number }[];
}

interface StepBase {
  id: string;
  text: LocalizedText;
  /** Runs when the step begins, to remember what the later steps compare against. */
  onEnter?(context: LessonContext, memo: LessonMemo): Promise<void> | void;
  /** What the picture highlights while the step is shown. */
  evidence?(context: LessonContext, memo: LessonMemo): Evidence;
  /**
   * There is something to see here: the page's time stands still so the picture holds the moment.
   * An act or task pauses it once it is done (the instant the cluster shows it: a new leader, a
   * lost offset); other steps as soon as they are shown. Time goes on when the learner moves past
   * the last step of such a run of steps, or resumes it.
   */
  pausesTime?: boolean;
}

/** Words only: the learner reads and moves on. */
export interface ExplainStep extends StepBase {
  kind: 'explain';
}

export interface PredictChoice {
  id: string;
  text: LocalizedText;
  /** What Kafka does; more than one choice may be right. */
  correct: boolean;
}

/** A question before the learner acts; the lesson moves on only once it is answered. */
export interface PredictStep extends StepBase {
  kind: 'predict';
  choices: readonly PredictChoice[];
}

/** Something the learner does in the page, or lets the lesson do with its button. */
export interface ActStep extends StepBase {
  kind: 'act';
  /** The lesson's button for doing it; absent when only the learner can. */
  perform?: { label: LocalizedText; run(context: LessonContext, memo: LessonMemo): Promise<void> };
  /** True once it has happened, read from the cluster. */
  done(context: LessonContext, memo: LessonMemo): Promise<boolean> | boolean;
}

/** What happened, with the evidence, compared with a prediction. */
export interface RevealStep extends StepBase {
  kind: 'reveal';
  /** The predict step this reveal answers. */
  prediction: string;
  /** Words with what this run measured (an offset, a time); `text` is said first. */
  details?(context: LessonContext, memo: LessonMemo): LocalizedText;
}

/** A goal checked against the cluster: "make the group stable". */
export interface TaskStep extends StepBase {
  kind: 'task';
  check(context: LessonContext, memo: LessonMemo): Promise<boolean> | boolean;
}

export type LessonStep = ExplainStep | PredictStep | ActStep | RevealStep | TaskStep;

export interface Lesson {
  id: string;
  title: LocalizedText;
  /** One sentence: what the learner will see. */
  summary: LocalizedText;
  setup: LessonSetup;
  steps: readonly LessonStep[];
  /** What Kafka does here that the simulator does not model, where it matters to the lesson. */
  notModelled?: LocalizedText;
}

/** How sure the learner was of a prediction. */
export type Confidence = 'guess' | 'likely' | 'sure';

export interface Prediction {
  choice: string;
  confidence: Confidence;
}

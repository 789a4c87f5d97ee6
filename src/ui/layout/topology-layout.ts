/**
 * Where everything in the topology picture goes: a pure function from the cluster's description
 * to boxes, with no DOM, so it is tested in Node and the view only draws what it is given.
 *
 * Stability is the point: nothing jumps when an unrelated thing changes, so the eye can follow the
 * one thing that did:
 * - a broker's card sits in the grid cell of its id's rank, whatever its state;
 * - a replica chip's slot inside its card is its rank by (topic, partition) among that broker's
 *   replicas, whatever its role or ISR membership, and whatever the topic filter hides;
 * - every card has the same size, set by the busiest broker, so collapsing one moves no other.
 */
import type { BatchWait } from '../../client/producer/producer';
import { logCells, type LogCells } from './log-cells';
import { brokerAddress, CONTROLLER_ADDRESS, type NodeAddress } from '../../protocol/rpc';
import type { CutLink } from '../../cluster/cluster-description';
import type {
  BrokerState,
  ClusterDescription,
  PartitionDescription,
  ReplicaOffsets,
  StartingWaitsFor,
} from '../../cluster/cluster-description';
import type { TopicHues } from './topic-hues';
import type { WaitInput } from './group-words';
import { topicPartitionKey } from '../../protocol/topic-partition';

export type ReplicaRole = 'leader' | 'follower';

/** How much a chip shows: its name, epoch and LEO/HW bar (large), name and bar (medium), partition number only (small). */
export type ChipTier = 'large' | 'medium' | 'small';

/** A replica's own offsets, when the runtime reports them (the leader's come with describe()). */
export type { ReplicaOffsets };

/** A consumer group as the picture needs it: who owns which partition, and its lag if known. */
export interface GroupInput {
  groupId: string;
  state: string;
  /** The group's own wait: a rebalance's join phase or the initial rebalance delay. */
  wait?: WaitInput;
  members: {
    memberId: string;
    clientId: string;
    assignment: { topic: string; partition: number; lag?: number }[];
    /** A silent member's session, or a KIP-848 member's revocation, counting down. */
    wait?: WaitInput;
  }[];
}

/** A producer as the picture needs it: what it writes where, and the producer's own state. */
export interface ProducerInput {
  /** The workload's id ('producer-1'). */
  id: string;
  /** Its connection's address: where its Produce requests come from. */
  address: string;
  topic: string;
  recordsPerSecond: number;
  acks: -1 | 0 | 1;
  idempotent: boolean;
  /** -1 before InitProducerId, and for a producer that is not idempotent. */
  producerId: number;
  producerEpoch: number;
  /** Records waiting in its accumulator. */
  bufferedRecords: number;
  /** What its oldest unanswered batch waits for (linger.ms, delivery.timeout.ms), if any. */
  oldestBatch: BatchWait | null;
}

export interface LayoutInput {
  cluster: ClusterDescription;
  hues: TopicHues;
  groups?: readonly GroupInput[];
  /** Producers, drawn in a column left of the brokers, each joined to the leaders of its topic's partitions. */
  producers?: readonly ProducerInput[];
  /** Topics to show; null or absent shows all. */
  topicFilter?: ReadonlySet<string> | null;
  /** Brokers drawn as a header only. */
  collapsed?: ReadonlySet<number>;
  replicaOffsets?: (topic: string, partition: number, brokerId: number) => ReplicaOffsets | undefined;
  /** Brokers cut off from every other node (cluster.isolate). */
  isolated?: ReadonlySet<number>;
  /** Links cut between two nodes (cluster.cutLinks()), by node address, both ways or one way. */
  cuts?: readonly CutLink[];
  /** Brokers made slow (cluster.broker(id).slow(extraMs)): the extra milliseconds by broker id. */
  slow?: ReadonlyMap<number, number>;
  /** Brokers given a slow disk (cluster.broker(id).slowDisk(extraMs)): the extra milliseconds per write by broker id. */
  slowDisk?: ReadonlyMap<number, number>;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ControllerBox extends Box {
  id: number;
}

export interface BrokerBox extends Box {
  id: number;
  rack: string | null;
  state: BrokerState;
  collapsed: boolean;
  isolated: boolean;
  /** Extra milliseconds on every message the broker sends or receives; 0 when it is not slow. */
  slowMs: number;
  /** Extra milliseconds on every write to the broker's log; 0 when its disk is not slow. */
  slowDiskMs: number;
  replicaCount: number;
  leaderCount: number;
  /** While starting: what it waits for (its old session to end, or its registration). */
  waitingFor?: StartingWaitsFor;
  /** While its heartbeat is overdue: how long until broker.session.timeout.ms fences it. */
  sessionEndsInMs?: number;
}

export interface ChipBox extends Box {
  /** `orders-0@2`: unique per replica. */
  key: string;
  topic: string;
  partition: number;
  brokerId: number;
  /** `orders-0`, Kafka's TopicPartition.toString(). */
  label: string;
  role: ReplicaRole;
  inSync: boolean;
  /** In the partition's ELR (KIP-966): out of sync, yet eligible to lead when the ISR is empty. */
  elr: boolean;
  /** On a broker that is not running, or in a partition that has no leader. */
  offline: boolean;
  leaderEpoch: number;
  hue: string;
  /** Fractions of the partition's furthest known log end offset, for the LEO/HW bar; null when unknown. */
  logEndFraction: number | null;
  highWatermarkFraction: number | null;
  /** A follower behind its leader: how long until replica.lag.time.max.ms takes it out of the ISR. */
  leavesIsrInMs?: number;
  /** Its log's newest offsets as cells, in the large tier only (where a chip has room for them). */
  cells: LogCells | null;
}

export interface MemberBox extends Box {
  key: string;
  groupId: string;
  memberId: string;
  clientId: string;
  lag: number | null;
  wait: WaitInput | null;
}

export interface ProducerBox extends Box, ProducerInput {
  hue: string;
}

/** A producer's line to the leader of one partition it writes to. */
export interface ProducerLink {
  key: string;
  producerId: string;
  topic: string;
  partition: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface GroupBox extends Box {
  groupId: string;
  state: string;
  wait: WaitInput | null;
  members: MemberBox[];
}

export interface LinkPath {
  key: string;
  memberKey: string;
  topic: string;
  partition: number;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lag: number | null;
}

/**
 * A cut network link, drawn between the two nodes' boxes as a curve through (cx, cy), bowed up so
 * it clears the cards between them. A one-way cut runs from the node whose messages are dropped
 * (x1, y1) to the one they no longer reach, with an arrowhead on the curve pointing that way.
 */
export interface CutLine {
  key: string;
  from: NodeAddress;
  to: NodeAddress;
  oneWay: boolean;
  /** Where the arrowhead of a one-way cut sits, and the direction it points in degrees (0 = right, 90 = down); null both ways. */
  arrow: { x: number; y: number; angle: number } | null;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  cx: number;
  cy: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  tier: ChipTier;
  controller: ControllerBox;
  brokers: BrokerBox[];
  chips: ChipBox[];
  groups: GroupBox[];
  links: LinkPath[];
  producers: ProducerBox[];
  producerLinks: ProducerLink[];
  cuts: CutLine[];
}

export const GEOMETRY = {
  margin: 16,
  controllerHeight: 40,
  cardWidth: 232,
  cardGap: 16,
  headerHeight: 48,
  padding: 8,
  chipGap: 4,
  /** Past this many chip rows a card steps down to the next smaller tier. */
  maxChipRows: { large: 10, medium: 14 },
  groupGap: 96,
  groupWidth: 220,
  /** The producers' column, left of the brokers, and the room its lines take to reach them. */
  producerWidth: 200,
  producerHeight: 86,
  producerGap: 72,
  groupHeaderHeight: 30,
  memberHeight: 26,
} as const;

const TIERS: Record<ChipTier, { columns: number; height: number }> = {
  large: { columns: 1, height: 30 },
  medium: { columns: 2, height: 24 },
  small: { columns: 4, height: 18 },
};

/** Four columns keep 12 brokers in three rows; beyond 16 the grid grows square. */
export function gridColumns(brokerCount: number): number {
  return brokerCount <= 16 ? 4 : Math.ceil(Math.sqrt(brokerCount));
}

export function chipTier(maxReplicasPerBroker: number): ChipTier {
  if (Math.ceil(maxReplicasPerBroker / TIERS.large.columns) <= GEOMETRY.maxChipRows.large) return 'large';
  if (Math.ceil(maxReplicasPerBroker / TIERS.medium.columns) <= GEOMETRY.maxChipRows.medium) return 'medium';
  return 'small';
}

interface Replica {
  topic: string;
  partition: PartitionDescription;
}

export function layoutTopology(input: LayoutInput): TopologyLayout {
  const { cluster, hues } = input;
  const collapsed = input.collapsed ?? new Set<number>();
  const shown = (topic: string) => input.topicFilter == null || input.topicFilter.has(topic);
  const g = GEOMETRY;

  // Every replica of every topic, per broker, in (topic, partition) order: describe() sorts topics by name and partitions by number.
  const replicasOf = new Map<number, Replica[]>(cluster.brokers.map((b) => [b.id, []]));
  for (const topic of cluster.topics) {
    for (const partition of topic.partitions) {
      for (const brokerId of partition.replicas) replicasOf.get(brokerId)?.push({ topic: topic.name, partition });
    }
  }
  const maxReplicas = Math.max(0, ...[...replicasOf.values()].map((r) => r.length));
  const tier = chipTier(maxReplicas);
  const { columns: chipColumns, height: chipHeight } = TIERS[tier];
  const innerWidth = g.cardWidth - 2 * g.padding;
  const chipWidth = (innerWidth - (chipColumns - 1) * g.chipGap) / chipColumns;
  const chipRows = Math.ceil(maxReplicas / chipColumns);
  const cardHeight = g.headerHeight + g.padding + Math.max(1, chipRows) * (chipHeight + g.chipGap) + g.padding;

  const columns = gridColumns(cluster.brokers.length);
  const usedColumns = Math.max(1, Math.min(columns, cluster.brokers.length));
  const gridTop = g.margin + g.controllerHeight + g.cardGap;
  const gridWidth = usedColumns * g.cardWidth + (usedColumns - 1) * g.cardGap;
  // Producers write into the cluster from the left; with none, the grid starts at the margin.
  const producerInputs = input.producers ?? [];
  const gridLeft = g.margin + (producerInputs.length > 0 ? g.producerWidth + g.producerGap : 0);
  const controller: ControllerBox = { id: cluster.controller, x: gridLeft, y: g.margin, width: gridWidth, height: g.controllerHeight };

  const brokers: BrokerBox[] = [];
  const chips: ChipBox[] = [];
  const chipsByPartition = new Map<string, ChipBox>();
  const brokerById = new Map<number, BrokerBox>();
  const rankedIds = cluster.brokers.map((b) => b.id).sort((a, b) => a - b);

  for (const broker of cluster.brokers) {
    const rank = rankedIds.indexOf(broker.id);
    const isCollapsed = collapsed.has(broker.id);
    const replicas = replicasOf.get(broker.id) ?? [];
    const box: BrokerBox = {
      id: broker.id,
      rack: broker.rack,
      state: broker.state,
      x: gridLeft + (rank % columns) * (g.cardWidth + g.cardGap),
      y: gridTop + Math.floor(rank / columns) * (cardHeight + g.cardGap),
      width: g.cardWidth,
      height: isCollapsed ? g.headerHeight : cardHeight,
      collapsed: isCollapsed,
      isolated: input.isolated?.has(broker.id) ?? false,
      slowMs: input.slow?.get(broker.id) ?? 0,
      slowDiskMs: input.slowDisk?.get(broker.id) ?? 0,
      replicaCount: replicas.length,
      leaderCount: replicas.filter((r) => r.partition.leader === broker.id).length,
      ...(broker.waitingFor === undefined ? {} : { waitingFor: broker.waitingFor }),
      ...(broker.sessionEndsInMs === undefined ? {} : { sessionEndsInMs: broker.sessionEndsInMs }),
    };
    brokers.push(box);
    brokerById.set(broker.id, box);
    if (isCollapsed) continue;

    replicas.forEach(({ topic, partition: p }, slot) => {
      if (!shown(topic)) return;
      const offsets = replicaOffsetsOf(input, topic, p, broker.id);
      const furthest = Math.max(0, ...p.replicas.map((id) => replicaOffsetsOf(input, topic, p, id)?.logEndOffset ?? 0));
      const chip: ChipBox = {
        key: `${topic}-${p.partition}@${broker.id}`,
        topic,
        partition: p.partition,
        brokerId: broker.id,
        label: topicPartitionKey(topic, p.partition),
        role: p.leader === broker.id ? 'leader' : 'follower',
        inSync: p.isr.includes(broker.id),
        elr: p.elr.includes(broker.id),
        offline: broker.state === 'killed' || broker.state === 'shutdown' || p.leader < 0,
        leaderEpoch: p.leaderEpoch,
        hue: hues.get(topic) ?? '#999999',
        x: box.x + g.padding + (slot % chipColumns) * (chipWidth + g.chipGap),
        y: box.y + g.headerHeight + g.padding + Math.floor(slot / chipColumns) * (chipHeight + g.chipGap),
        width: chipWidth,
        height: chipHeight,
        logEndFraction: fraction(offsets?.logEndOffset, furthest),
        highWatermarkFraction: fraction(offsets?.highWatermark, furthest),
        cells: tier === 'large' ? logCells(offsets, furthest) : null,
        ...(offsets?.leavesIsrInMs === undefined || !p.isr.includes(broker.id) ? {} : { leavesIsrInMs: offsets.leavesIsrInMs }),
      };
      chips.push(chip);
      if (chip.role === 'leader') chipsByPartition.set(chip.label, chip);
    });
  }

  const gridRows = Math.ceil(cluster.brokers.length / columns);
  const gridBottom = gridTop + gridRows * (cardHeight + g.cardGap);
  const groupX = gridLeft + gridWidth + g.groupGap;
  const groups: GroupBox[] = [];
  const links: LinkPath[] = [];
  let groupY = gridTop;
  for (const group of input.groups ?? []) {
    const members: MemberBox[] = group.members.map((member, index) => {
      const owned = member.assignment.filter((a) => shown(a.topic));
      const lags = owned.map((a) => a.lag).filter((lag): lag is number => lag !== undefined);
      return {
        key: `${group.groupId}/${member.memberId}`,
        groupId: group.groupId,
        memberId: member.memberId,
        clientId: member.clientId,
        lag: lags.length === 0 ? null : lags.reduce((sum, lag) => sum + lag, 0),
        wait: member.wait ?? null,
        x: groupX,
        y: groupY + g.groupHeaderHeight + index * g.memberHeight,
        width: g.groupWidth,
        height: g.memberHeight - 2,
      };
    });
    const box: GroupBox = {
      groupId: group.groupId,
      state: group.state,
      wait: group.wait ?? null,
      members,
      x: groupX,
      y: groupY,
      width: g.groupWidth,
      height: g.groupHeaderHeight + members.length * g.memberHeight + g.padding,
    };
    groups.push(box);
    groupY += box.height + g.cardGap;

    group.members.forEach((member, index) => {
      const from = members[index];
      for (const { topic, partition, lag } of member.assignment) {
        if (!shown(topic)) continue;
        const target = linkTarget(topic, partition, cluster, chipsByPartition, brokerById);
        if (target === null) continue;
        links.push({
          key: `${from.key}:${topic}-${partition}`,
          memberKey: from.key,
          topic,
          partition,
          x1: from.x,
          y1: from.y + from.height / 2,
          x2: target.x,
          y2: target.y,
          lag: lag ?? null,
        });
      }
    });
  }

  const producers: ProducerBox[] = producerInputs.map((producer, index) => ({
    ...producer,
    hue: hues.get(producer.topic) ?? 'var(--ink-muted)',
    x: g.margin,
    y: gridTop + index * (g.producerHeight + g.cardGap),
    width: g.producerWidth,
    height: g.producerHeight,
  }));
  const producerLinks: ProducerLink[] = [];
  for (const producer of producers) {
    if (!shown(producer.topic)) continue;
    const partitions = cluster.topics.find((t) => t.name === producer.topic)?.partitions ?? [];
    for (const { partition } of partitions) {
      const target = leaderEntry(producer.topic, partition, cluster, chipsByPartition, brokerById);
      if (target === null) continue;
      producerLinks.push({
        key: `${producer.id}:${topicPartitionKey(producer.topic, partition)}`,
        producerId: producer.id,
        topic: producer.topic,
        partition,
        x1: producer.x + producer.width,
        y1: producer.y + producer.height / 2,
        x2: target.x,
        y2: target.y,
      });
    }
  }
  const producersBottom = producers.length === 0 ? 0 : producers[producers.length - 1].y + g.producerHeight + g.cardGap;

  const width = (groups.length > 0 ? groupX + g.groupWidth : gridLeft + gridWidth) + g.margin;
  const height = Math.max(gridBottom, groupY, producersBottom) + g.margin;
  return {
    width,
    height,
    tier,
    controller,
    brokers,
    chips,
    groups,
    links,
    producers,
    producerLinks,
    cuts: cutLines(input.cuts ?? [], controller, brokerById),
  };
}

/** Centre to centre of the two boxes; a link to a node the picture does not draw (the group coordinator) is left out. */
function cutLines(cuts: readonly CutLink[], controller: ControllerBox, brokerById: Map<number, BrokerBox>): CutLine[] {
  const boxOf = (address: NodeAddress): Box | undefined => {
    if (address === CONTROLLER_ADDRESS) return controller;
    return [...brokerById.values()].find((b) => brokerAddress(b.id) === address);
  };
  return cuts.flatMap(({ from: a, to: b, oneWay }) => {
    const [from, to] = [boxOf(a), boxOf(b)];
    if (from === undefined || to === undefined) return [];
    // The controller spans the grid: aim at the point of it above the broker.
    const fromX = from === controller ? to.x + to.width / 2 : from.x + from.width / 2;
    const toX = to === controller ? from.x + from.width / 2 : to.x + to.width / 2;
    const centreY = (box: Box) => (box === controller ? box.y + box.height / 2 : box.y + GEOMETRY.headerHeight / 2);
    const [y1, y2] = [centreY(from), centreY(to)];
    const bow = Math.min(GEOMETRY.headerHeight * 1.5, Math.hypot(toX - fromX, y2 - y1) / 4);
    const curve = { x1: fromX, y1, x2: toX, y2, cx: (fromX + toX) / 2, cy: (y1 + y2) / 2 - bow };
    return [
      { key: oneWay ? `${a}->${b}` : `${a}|${b}`, from: a, to: b, oneWay, arrow: oneWay ? arrowOn(curve, ARROW_AT) : null, ...curve },
    ];
  });
}

/** Three quarters along the curve: past the ✂ at its middle, towards the node the messages no longer reach. */
const ARROW_AT = 0.75;

/** The point at `t` on the quadratic curve and its tangent's direction, in degrees. */
function arrowOn(
  c: { x1: number; y1: number; x2: number; y2: number; cx: number; cy: number },
  t: number,
): { x: number; y: number; angle: number } {
  const u = 1 - t;
  const x = u * u * c.x1 + 2 * u * t * c.cx + t * t * c.x2;
  const y = u * u * c.y1 + 2 * u * t * c.cy + t * t * c.y2;
  const dx = 2 * u * (c.cx - c.x1) + 2 * t * (c.x2 - c.cx);
  const dy = 2 * u * (c.cy - c.y1) + 2 * t * (c.y2 - c.cy);
  return { x, y, angle: (Math.atan2(dy, dx) * 180) / Math.PI };
}

function replicaOffsetsOf(input: LayoutInput, topic: string, p: PartitionDescription, brokerId: number): ReplicaOffsets | undefined {
  const reported = input.replicaOffsets?.(topic, p.partition, brokerId);
  if (reported !== undefined) return reported;
  if (p.leader === brokerId && p.logEndOffset >= 0) return { logEndOffset: p.logEndOffset, highWatermark: p.highWatermark };
  return undefined;
}

function fraction(offset: number | undefined, furthest: number): number | null {
  if (offset === undefined || offset < 0) return null;
  return furthest === 0 ? 0 : Math.min(1, offset / furthest);
}

/** The left edge of the leader's chip, or of its card's header when the card is collapsed: where a producer's line ends. */
function leaderEntry(
  topic: string,
  partition: number,
  cluster: ClusterDescription,
  chipsByPartition: Map<string, ChipBox>,
  brokerById: Map<number, BrokerBox>,
): { x: number; y: number } | null {
  const chip = chipsByPartition.get(topicPartitionKey(topic, partition));
  if (chip !== undefined) return { x: chip.x, y: chip.y + chip.height / 2 };
  const leader = cluster.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition)?.leader;
  const card = leader === undefined ? undefined : brokerById.get(leader);
  return card === undefined ? null : { x: card.x, y: card.y + GEOMETRY.headerHeight / 2 };
}

/** The right edge of the leader's chip, or of its card's header when the card is collapsed. */
function linkTarget(
  topic: string,
  partition: number,
  cluster: ClusterDescription,
  chipsByPartition: Map<string, ChipBox>,
  brokerById: Map<number, BrokerBox>,
): { x: number; y: number } | null {
  const chip = chipsByPartition.get(topicPartitionKey(topic, partition));
  if (chip !== undefined) return { x: chip.x + chip.width, y: chip.y + chip.height / 2 };
  const leader = cluster.topics.find((t) => t.name === topic)?.partitions.find((p) => p.partition === partition)?.leader;
  const card = leader === undefined ? undefined : brokerById.get(leader);
  return card === undefined ? null : { x: card.x + card.width, y: card.y + GEOMETRY.headerHeight / 2 };
}

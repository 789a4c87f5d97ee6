/**
 * The lab's bench run: a 10-minute run as a learner might make it (three brokers, a topic, a
 * producer at 100 records/s, a consumer group, the leader killed at 5:00 and restarted at 6:00),
 * recorded as a journal, for timing how fast the lab replays it and how long a seek takes.
 */
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { LabEngine, type LabRunSetup } from '../../src/lab/lab-engine';

export const LAB_RUN_MS = 600_000;
export const LAB_SETUP: LabRunSetup = { seed: 1, config: DEMO_PRESET.broker };

/** Plays the run once, live, and returns the engine at its end (10:00), journal and all. */
export async function recordLabRun(): Promise<LabEngine> {
  const engine = await LabEngine.open(LAB_SETUP);
  for (let i = 0; i < 3; i++) {
    void engine.act({ kind: 'addBroker' });
    await engine.advance(1_000);
  }
  void engine.act({ kind: 'createTopic', topic: 'orders', partitions: 3, replicationFactor: 3 });
  await engine.advance(2_000);
  void engine.act({ kind: 'startProducer', spec: { topic: 'orders', recordsPerSecond: 100 } });
  void engine.act({ kind: 'startConsumerGroup', spec: { groupId: 'billing', topics: ['orders'], members: 2 } });
  await engine.advance(300_000 - engine.moment().atMs);
  const leader = engine.cluster.leaderOf('orders', 0);
  void engine.act({ kind: 'killBroker', brokerId: leader });
  await engine.advance(60_000);
  void engine.act({ kind: 'restartBroker', brokerId: leader });
  await engine.advance(LAB_RUN_MS - engine.moment().atMs);
  return engine;
}

/** Builds every checkpoint the engine lacks, as the lab's worker does in its spare time; returns the wall ms it took. */
async function buildCheckpoints(engine: LabEngine): Promise<number> {
  const startedMs = performance.now();
  while (await engine.buildCheckpoint(1_000));
  return performance.now() - startedMs;
}

export interface LabFigures {
  replaySecondsPerSecond: number;
  /** Wall ms to build the whole checkpoint grid of the 10-minute run, and how many checkpoints that is. */
  checkpointsBuiltMs: number;
  checkpoints: number;
  seekTo5MinMs: number;
  seekForwardTo10MinMs: number;
  seekTo9m50sMs: number;
  /** The slowest of ten seeks, each to a moment just before a minute's end (29.9 s past the nearest checkpoint). */
  worstSeekMs: number;
  /** The mean wall ms to build again the checkpoint each of those seeks used up. */
  rebuildMs: number;
}

/**
 * Replays the whole run from its journal and builds its checkpoints, then seeks from its end back
 * to 5:00 (a checkpoint), forward again to 10:00 (the run the seek left, resumed) and back to 9:50
 * (20 s on from the 9:30 checkpoint); then to ten moments as far from any checkpoint as the grid
 * lets a moment be, building the grid again after each as the worker would.
 */
export async function labFigures(): Promise<LabFigures> {
  const recorded = await recordLabRun();
  const journal = recorded.journal.entries;
  await recorded.close();
  const replay = await LabEngine.open(LAB_SETUP, journal);
  const timed = async (atMs: number) => {
    const startedMs = performance.now();
    await replay.seek(atMs);
    return performance.now() - startedMs;
  };
  const replaySecondsPerSecond = LAB_RUN_MS / (await timed(LAB_RUN_MS));
  const checkpointsBuiltMs = await buildCheckpoints(replay);
  const checkpoints = replay.checkpoints().length;
  const seekTo5MinMs = await timed(300_000);
  const seekForwardTo10MinMs = await timed(LAB_RUN_MS);
  const seekTo9m50sMs = await timed(590_000);
  let worstSeekMs = 0;
  let rebuiltMs = 0;
  for (let minute = 1; minute <= 10; minute++) {
    rebuiltMs += await buildCheckpoints(replay);
    worstSeekMs = Math.max(worstSeekMs, await timed(minute * 60_000 - 100));
  }
  await replay.close();
  return {
    replaySecondsPerSecond,
    checkpointsBuiltMs,
    checkpoints,
    seekTo5MinMs,
    seekForwardTo10MinMs,
    seekTo9m50sMs,
    worstSeekMs,
    rebuildMs: rebuiltMs / 10,
  };
}

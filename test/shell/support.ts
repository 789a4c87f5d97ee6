/** A 3-broker cluster on virtual time with a shell over it, for transcript tests of the Kafka tools. */
import { createCluster, type InProcessCluster } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import { createShell, type RunOptions, type RunResult, type Shell } from '../../src/shell/shell';
import { until } from '../support/until';

export interface ShellFixture {
  cluster: InProcessCluster;
  kafka: Kafka;
  shell: Shell;
  /** Runs one command line; the test fails with the output if it does not exit with `exitCode`. */
  sh(commandLine: string, options?: RunOptions & { exitCode?: number }): Promise<RunResult>;
}

export const BOOTSTRAP = '--bootstrap-server localhost:9092';

export async function shellOnCluster(seed: number, brokers = 3): Promise<ShellFixture> {
  const { cluster, kafka } = await createCluster({ brokers, seed });
  const shell = createShell({ kafka, cluster, clock: cluster.clock });
  return {
    cluster,
    kafka,
    shell,
    async sh(commandLine, { exitCode = 0, ...options } = {}) {
      const result = await shell.run(commandLine, options);
      if (result.exitCode !== exitCode) {
        throw new Error(
          `\`${commandLine}\` exited with ${result.exitCode}, expected ${exitCode} (seed ${seed})\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`,
        );
      }
      return result;
    },
  };
}

/**
 * Waits until the coordinator shows `groupId` Stable with `members` members: a console consumer
 * started in the background has joined and got its assignment.
 */
export function untilGroupStable({ cluster, kafka }: ShellFixture, groupId: string, members = 1): Promise<number> {
  const admin = kafka.admin();
  return until(cluster, `group ${groupId} is Stable with ${members} member(s)`, async () => {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return group.state === 'Stable' && group.members.length === members;
  });
}

/** Waits until `groupId` has an offset committed for every partition of `topic` (a consumer's first auto-commit). */
export function untilCommitted({ cluster, kafka }: ShellFixture, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  return until(cluster, `group ${groupId} has committed an offset for every partition of ${topic}`, async () => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return offsets.partitions.every((p) => p.offset !== '-1');
  });
}

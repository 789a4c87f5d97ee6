/** A 3-broker cluster on virtual time with a shell over it, for transcript tests of the Kafka tools. */
import { createCluster, type InProcessCluster } from '../../src/index';
import type { Kafka } from '../../src/client/kafka';
import { createShell, type RunOptions, type RunResult, type Shell } from '../../src/shell/shell';

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

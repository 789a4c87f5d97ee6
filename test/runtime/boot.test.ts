import { describe, expect, it } from 'vitest';
import { bootSimulator } from '../../src/runtime/boot';
import { inThreadBrokerWorker, inThreadClientWorker, newPrefix } from './support';

describe('runtime > boot', () => {
  it("gives window.sim's parts, and close() stops the metrics, the client worker and the brokers", async () => {
    const sim = await bootSimulator({
      spawnBroker: inThreadBrokerWorker,
      spawnClients: inThreadClientWorker,
      storagePrefix: newPrefix('boot'),
    });
    await sim.cluster.addBroker();
    const created = await sim.shell.run('kafka-topics.sh --create --topic booted --bootstrap-server localhost:9092');
    expect(created).toMatchObject({ stdout: 'Created topic booted.\n', exitCode: 0 });
    await sim.close();
    expect(() => sim.cluster.describe()).not.toThrow();
    await expect(sim.cluster.addBroker()).rejects.toThrow();
    await expect(sim.workloads.startProducer({ topic: 'booted', recordsPerSecond: 1 })).rejects.toThrow();
  }, 30_000);
});

import { describe, expect, it } from 'vitest';
import type * as Comlink from 'comlink';
import { DEMO_PRESET } from '../../src/cluster/timing-presets';
import { LabCluster } from '../../src/lab/lab-cluster';
import { LabHost, type LabSnapshot } from '../../src/lab/lab-host';
import { labShell } from '../../src/lab/lab-shell';

/** A lab host in this thread, posting its snapshots by hand, with the wall clock the test moves. */
async function labOverHost(): Promise<{ cluster: LabCluster; host: LabHost; wall: { ms: number } }> {
  const host = new LabHost({ now: () => 0, setTimeout: () => undefined });
  await host.open({ seed: 5, config: DEMO_PRESET.broker });
  const wall = { ms: 0 };
  const cluster = await LabCluster.over(
    host as unknown as Comlink.Remote<LabHost>,
    ((value: unknown) => value) as typeof Comlink.proxy,
    () => wall.ms,
  );
  return { cluster, host, wall };
}

describe('lab > cluster', () => {
  it('hands the flights the worker posts to the picture in half-second batches, each flight once', async () => {
    const { cluster, host, wall } = await labOverHost();
    for (let i = 0; i < 3; i++) void cluster.addBroker();
    await host.seek(3_000);
    void cluster.act({ kind: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: 3 });
    await host.seek(5_000);
    void cluster.act({ kind: 'startProducer', spec: { topic: 'orders', recordsPerSecond: 20 } });
    await host.seek(7_000);
    await cluster.refresh();

    const first = cluster.traffic();
    expect(first.flights.map((flight) => flight.api)).toEqual(expect.arrayContaining(['Produce', 'Fetch']));
    await host.seek(8_000);
    await cluster.refresh();
    wall.ms += 100;
    expect(cluster.traffic(first.cursor).flights).toEqual([]);
    wall.ms += 400;
    const second = cluster.traffic(first.cursor);
    expect(second.flights.length).toBeGreaterThan(0);
    const keys = [...first.flights, ...second.flights].map((flight) => `${flight.origin}:${flight.seq}`);
    expect(new Set(keys).size).toBe(keys.length);
    await cluster.close();
  });

  it("gives each replica's LEO and HW from the worker, and the controller's last contact with each broker", async () => {
    const { cluster, host } = await labOverHost();
    for (let i = 0; i < 3; i++) void cluster.addBroker();
    await host.seek(3_000);
    void cluster.act({ kind: 'createTopic', topic: 'orders', partitions: 1, replicationFactor: 3 });
    void cluster.act({ kind: 'startProducer', spec: { topic: 'orders', recordsPerSecond: 20 } });
    await host.seek(6_000);
    await cluster.refresh();
    const snapshot: LabSnapshot = cluster.snapshot;
    const leader = cluster.leaderOf('orders', 0);
    expect(cluster.replicaOffsets('orders', 0, leader)?.logEndOffset).toBeGreaterThan(10);
    expect(
      cluster.controller
        .brokerContacts()
        .map((contact) => contact.brokerId)
        .sort(),
    ).toEqual([1, 2, 3]);
    expect(snapshot.contacts).toHaveLength(3);
    await cluster.close();
  });

  it("gives the terminal a command's output and exit code, and its prompt back when a seek leaves the command behind", async () => {
    const { cluster, host } = await labOverHost();
    const shell = labShell(cluster, () => 'left behind\n');
    for (let i = 0; i < 3; i++) void cluster.addBroker();
    await host.seek(3_000);
    const created = shell.run('kafka-topics.sh --create --topic t --bootstrap-server localhost:9092');
    await host.seek(4_000);
    await cluster.refresh();
    expect(await created).toEqual({ stdout: 'Created topic t.\n', stderr: '', exitCode: 0 });

    const printed: string[] = [];
    const consuming = shell.run('kafka-console-consumer.sh --topic t --bootstrap-server localhost:9092', {
      stderr: (text) => printed.push(text),
    });
    await host.seek(6_000);
    await host.seek(3_500);
    await cluster.refresh();
    expect(await consuming).toMatchObject({ exitCode: 130, stderr: 'left behind\n' });
    expect(printed).toEqual(['left behind\n']);
    await cluster.close();
  });
});

/**
 * A broker restarted before its old session expired. Kafka's BrokerServer.startup enables request
 * processing only once the controller has unfenced the new incarnation; the controller refuses that
 * incarnation's registration (DUPLICATE_BROKER_REGISTRATION, ClusterControlManager.registerBroker)
 * while the old one holds a session, then fences the old one when broker.session.timeout.ms runs
 * out, elects new leaders, and accepts the new registration with a new broker epoch. Until then the
 * restarted broker serves nothing: its partitions are unavailable, and a client sees a refused
 * connection, not a leader in its old epoch.
 */
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../src/index';
import { brokerAddress } from '../../src/protocol/rpc';
import { until } from '../support/until';
import { ackedProducer, createTopic, expectAckedRecordsReadable } from './support';

const SEED = 1313;
const SESSION_TIMEOUT_MS = 9_000;

describe('scenario > a broker restarted inside its old session', () => {
  it('serves nothing until the controller has fenced the old incarnation and unfenced the new one, then rejoins as a follower', async () => {
    console.log(`seed ${SEED}`);
    const { cluster, kafka } = await createCluster({ brokers: 3, seed: SEED, checkInvariants: true });
    await createTopic(kafka, 'orders', { configs: { 'min.insync.replicas': '2' } });
    const producer = ackedProducer(kafka, 'orders');
    for (let i = 0; i < 3; i++) await producer.send(`before-${i}`);
    const before = cluster.describePartition('orders', 0);
    const leader = before.leader;
    const oldEpoch = cluster.controller.image.brokers.get(leader)!.brokerEpoch;

    await cluster.broker(leader).kill();
    await cluster.advance(3_000);
    await cluster.broker(leader).restart({ waitUntilUnfenced: false });
    await cluster.advance(500);

    // Still inside the old session: starting, with the time the old session has left.
    const starting = cluster.describe().brokers.find((b) => b.id === leader)!;
    expect(starting.state).toBe('starting');
    expect(starting.waitingFor).toBe('old-session-to-expire');
    expect(starting.sessionEndsInMs).toBeGreaterThan(0);
    expect(starting.sessionEndsInMs).toBeLessThanOrEqual(SESSION_TIMEOUT_MS - 3_000);
    // A client's connection is refused, as by a broker whose listeners are not open yet.
    const probe = cluster.network.transport('client-probe');
    const refused = await cluster
      .run(probe.request(brokerAddress(leader), 'Metadata', { topics: null, allowAutoTopicCreation: false }, 5_000))
      .then(
        () => null,
        (error: { type?: string }) => error.type,
      );
    expect(refused).toBe('NETWORK_EXCEPTION');

    // An acks=all write goes through only once a new leader is elected, never to the old incarnation.
    const sentAt = cluster.now();
    const offset = await producer.send('during-restart');
    const fencedAt = cluster.now();
    expect(fencedAt - sentAt).toBeGreaterThan(0);
    const during = cluster.describePartition('orders', 0);
    expect(during.leader).not.toBe(leader);
    expect(during.leaderEpoch).toBeGreaterThan(before.leaderEpoch);
    expect(offset).toBe(3);

    // Then the new incarnation registers with a new broker epoch and catches up as a follower.
    // The controller may unfence it a heartbeat before the broker hears so: wait for both.
    await until(cluster, 'the restarted broker to be unfenced, running and back in the ISR', () => {
      const registration = cluster.controller.image.brokers.get(leader);
      return (
        registration !== undefined &&
        !registration.fenced &&
        cluster.broker(leader).state === 'running' &&
        cluster.describePartition('orders', 0).isr.includes(leader)
      );
    });
    expect(cluster.controller.image.brokers.get(leader)!.brokerEpoch).toBeGreaterThan(oldEpoch);
    expect(cluster.broker(leader).state).toBe('running');
    expect(cluster.describePartition('orders', 0).leader).not.toBe(leader);
    await expectAckedRecordsReadable(cluster, kafka, 'orders', producer.acked);
    await cluster.close();
  });
});

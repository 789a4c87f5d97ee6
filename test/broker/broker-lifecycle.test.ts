import { describe, expect, it } from 'vitest';
import { BrokerLifecycleManager, type BrokerState } from '../../src/broker/broker-lifecycle';
import { SeededRandom } from '../../src/core/random';
import type { BrokerHeartbeatRequest, BrokerRegistrationRequest } from '../../src/protocol/apis/kraft';
import { BrokerConfig } from '../../src/protocol/configs';
import { errorCode } from '../../src/protocol/errors';
import type { RequestHandler } from '../../src/protocol/rpc';
import { VirtualClock } from '../../src/sim/virtual-clock';
import { until } from '../support/until';
import { FakeNetwork } from './support/fake-network';

/** A controller just thick enough for the lifecycle: it records requests and answers as told. */
function fakeController() {
  const registrations: BrokerRegistrationRequest[] = [];
  const heartbeats: { atMs: number; request: BrokerHeartbeatRequest }[] = [];
  const state = { nextEpoch: 10, staleEpochs: new Set<number>(), fenced: true, shouldShutDown: false };
  const handler = (clock: VirtualClock): RequestHandler =>
    (async (api: string, body: unknown) => {
      if (api === 'BrokerRegistration') {
        registrations.push(body as BrokerRegistrationRequest);
        return { errorCode: 0, errorMessage: null, brokerEpoch: state.nextEpoch++ };
      }
      const request = body as BrokerHeartbeatRequest;
      heartbeats.push({ atMs: clock.now(), request });
      if (state.staleEpochs.has(request.brokerEpoch))
        return { errorCode: errorCode('STALE_BROKER_EPOCH'), isCaughtUp: false, isFenced: true, shouldShutDown: false };
      const fenced = state.fenced || request.wantFence;
      return { errorCode: 0, isCaughtUp: true, isFenced: fenced, shouldShutDown: request.wantShutDown && state.shouldShutDown };
    }) as RequestHandler;
  return { registrations, heartbeats, state, handler };
}

function setUp() {
  const clock = new VirtualClock();
  const network = new FakeNetwork(clock);
  const controller = fakeController();
  network.register('controller', controller.handler(clock));
  const states: BrokerState[] = [];
  const lifecycle = new BrokerLifecycleManager({
    brokerId: 1,
    clusterId: 'c',
    rack: null,
    listeners: [],
    clock,
    random: new SeededRandom(7),
    transport: network.transport('broker-1'),
    config: BrokerConfig.from(),
    isAlive: () => true,
    metadataOffset: () => 42,
    readyToUnfence: () => true,
    onStateChange: (state) => states.push(state),
  });
  return { clock, network, controller, lifecycle, states };
}

describe('broker > lifecycle', () => {
  it('registers once with a fresh incarnation id, then heartbeats every broker.heartbeat.interval.ms once running', async () => {
    const { clock, controller, lifecycle, states } = setUp();
    controller.state.fenced = false;
    lifecycle.start();
    let unfenced = false;
    void lifecycle.whenUnfenced.then(() => (unfenced = true));
    await clock.runUntil(() => unfenced);
    expect(states).toEqual(['recovery', 'running']);
    expect(controller.registrations).toHaveLength(1);
    expect(controller.registrations[0].incarnationId).toBe(lifecycle.incarnationId);
    expect(lifecycle.brokerEpoch).toBe(10);
    const before = controller.heartbeats.length;
    await clock.advance(10_000);
    const times = controller.heartbeats.slice(before).map((heartbeat) => heartbeat.atMs);
    // The next heartbeat is scheduled when the answer arrives: interval plus the 2 ms round trip.
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(new Set(times.slice(1).map((t, i) => t - times[i]))).toEqual(new Set([2002]));
    expect(controller.heartbeats.at(-1)!.request).toMatchObject({
      brokerEpoch: 10,
      currentMetadataOffset: 42,
      wantFence: false,
      wantShutDown: false,
    });
    lifecycle.stop('killed');
  });

  it('registers again when the controller answers STALE_BROKER_EPOCH', async () => {
    const { clock, controller, lifecycle } = setUp();
    controller.state.fenced = false;
    lifecycle.start();
    await clock.runUntil(() => lifecycle.state === 'running');
    controller.state.staleEpochs.add(10);
    await clock.runUntil(() => lifecycle.brokerEpoch === 11);
    expect(controller.registrations.map((registration) => registration.incarnationId)).toEqual([
      lifecycle.incarnationId,
      lifecycle.incarnationId,
    ]);
    await until(clock, 'a heartbeat is sent with the new broker epoch', () =>
      controller.heartbeats.some((h) => h.request.brokerEpoch === 11),
    );
    expect(controller.heartbeats.at(-1)!.request.brokerEpoch).toBe(11);
    lifecycle.stop('killed');
  });

  it('stays in recovery while fenced and backs off exponentially while the controller is unreachable', async () => {
    const { clock, network, controller, lifecycle, states } = setUp();
    lifecycle.start();
    await clock.advance(5_000);
    expect(states).toEqual(['recovery']);
    network.cut('broker-1', 'controller');
    const before = controller.heartbeats.length;
    await clock.advance(30_000);
    expect(controller.heartbeats.length).toBe(before);
    network.heal('broker-1', 'controller');
    controller.state.fenced = false;
    await clock.runUntil(() => lifecycle.state === 'running', { maxVirtualMs: 10_000 });
    lifecycle.stop('killed');
  });

  it('heartbeats with wantShutDown until the controller says shouldShutDown', async () => {
    const { clock, controller, lifecycle } = setUp();
    controller.state.fenced = false;
    lifecycle.start();
    await clock.runUntil(() => lifecycle.state === 'running');
    let done = false;
    void lifecycle.beginControlledShutdown().then(() => (done = true));
    await clock.advance(6_000);
    expect(done).toBe(false);
    expect(controller.heartbeats.at(-1)!.request.wantShutDown).toBe(true);
    controller.state.shouldShutDown = true;
    await clock.runUntil(() => done, { maxVirtualMs: 5_000 });
    lifecycle.stop('shutdown');
    expect(lifecycle.state).toBe('shutdown');
  });
});

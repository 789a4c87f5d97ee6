import { describe, expect, it } from 'vitest';
import { KafkaError } from '../../src/protocol/errors';
import { WorkerConnection, type WorkerLike } from '../../src/runtime/worker-connection';
import { inThreadEndpoint } from './support';

const api = {
  echo: (value: string) => value,
  hang: () => new Promise<never>(() => {}),
};

function worker(): WorkerLike {
  return inThreadEndpoint(api, () => undefined);
}

async function failure(promise: Promise<unknown>): Promise<KafkaError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(KafkaError);
  return error as KafkaError;
}

describe('runtime > worker connection', () => {
  it('returns what the worker answers', async () => {
    const connection = new WorkerConnection<typeof api>(worker(), "broker 1's worker", 1000);
    expect(await connection.call('echo', (remote) => remote.echo('hi'))).toBe('hi');
  });

  it('fails a call the worker never answers with REQUEST_TIMED_OUT', async () => {
    const connection = new WorkerConnection<typeof api>(worker(), "broker 1's worker", 1000);
    const error = await failure(connection.call('hang', (remote) => remote.hang(), 30));
    expect(error.type).toBe('REQUEST_TIMED_OUT');
    expect(error.message).toBe("broker 1's worker did not answer hang within 30 ms");
  });

  it('fails a call in flight with NETWORK_EXCEPTION the moment the worker is terminated, and every later call at once', async () => {
    const connection = new WorkerConnection<typeof api>(worker(), "broker 1's worker", 60_000);
    const pending = connection.call('hang', (remote) => remote.hang());
    connection.terminate();
    expect((await failure(pending)).type).toBe('NETWORK_EXCEPTION');
    expect(connection.isGone).toBe(true);
    const later = await failure(connection.call('echo', (remote) => remote.echo('hi')));
    expect(later.message).toBe("broker 1's worker is gone (echo)");
  });
});

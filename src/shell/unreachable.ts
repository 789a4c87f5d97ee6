/**
 * What a producer or consumer prints while no broker of its bootstrap list answers: NetworkClient
 * warns that the connection to the bootstrap node (id -1) could not be established, and tries
 * again after reconnect.backoff.max.ms, for as long as the client is asked to wait.
 */
import { log4jLine } from './log4j';
import type { ToolContext } from './tool';

/** reconnect.backoff.max.ms. */
const RECONNECT_BACKOFF_MAX_MS = 1000;

/** Warns once per reconnect until `deadlineMs` (or Ctrl-C). `client` is e.g. 'Producer clientId=console-producer'. */
export async function warnUnreachable(context: ToolContext, client: string, bootstrap: string, deadlineMs: number): Promise<void> {
  const address = bootstrap.split(',')[0].trim();
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), address.slice(address.lastIndexOf(':') + 1)];
  const resolved = host === 'localhost' ? 'localhost/127.0.0.1' : `${host}/${host}`;
  while (!context.signal.aborted && context.clock.now() < deadlineMs) {
    const now = context.clock.now();
    context.err(
      log4jLine(
        now,
        'WARN',
        `[${client}] Connection to node -1 (${resolved}:${port}) could not be established. Node may not be available.`,
        'org.apache.kafka.clients.NetworkClient',
      ),
    );
    context.err(
      log4jLine(
        now,
        'WARN',
        `[${client}] Bootstrap broker ${address} (id: -1 rack: null) disconnected`,
        'org.apache.kafka.clients.NetworkClient',
      ),
    );
    await context.sleep(Math.min(RECONNECT_BACKOFF_MAX_MS, deadlineMs - now));
  }
}

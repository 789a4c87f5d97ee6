/**
 * One client connection to one broker, as Kafka's SocketServer Processor serves it: frames are read
 * from the byte stream, each request is parsed, handed to the broker with its RequestContext, and
 * answered in order. Like the Processor, a connection handles one request at a time (it mutes the
 * channel until the response is sent), so pipelined requests are answered in the order they came;
 * an acks=0 Produce gets no response (KafkaApis.handleProduceRequest), and one that failed closes
 * the connection, as Kafka closes it so the producer notices.
 *
 * Bad input closes only this connection and says why to the logger, as Kafka logs and closes a
 * channel: a size above socket.request.max.bytes (InvalidReceiveException), an unknown api key or
 * an unsupported version (InvalidRequestException), a body that cannot be parsed. The one
 * exception Kafka makes is ApiVersions at a version it does not know: answered in version 0 with
 * UNSUPPORTED_VERSION and its own versions, so the client can retry with one it does (KIP-511).
 *
 * Pure: bytes in, bytes out, through a ByteChannel (a TCP socket in Node, an in-memory pair, or one
 * day a bridge to the browser runtime).
 */
import type { ErrorName } from '../protocol/errors';
import { errorCode, KafkaError } from '../protocol/errors';
import { errorResponse } from '../protocol/error-responses';
import type { ApiKey, RequestContext, RequestOf, ResponseOf } from '../protocol/rpc';
import type { WireObject } from '../protocol/wire/message-codec';
import { decodeRequest, encodeResponse, peekHeader, wireApi } from '../protocol/wire/frames';
import { API_KEYS, apiVersionsKeys, type EndpointOf, type MappingContext, type WireApi } from '../protocol/wire/wire-apis';

/** A byte stream to the client: a socket, abstractly. */
export interface ByteChannel {
  /** Sends bytes; false when the peer is not reading fast enough (then wait for onDrain). */
  write(bytes: Uint8Array): boolean;
  /** Called once when written bytes have been taken by the peer, after write returned false. */
  onDrain(callback: () => void): void;
  /** Stops and restarts reading from the peer: a muted channel in Kafka's words. */
  pause(): void;
  resume(): void;
  close(): void;
}

export interface WireLogger {
  info(message: string): void;
  warn(message: string): void;
}

/** Sends one request to the broker this connection belongs to. */
export type Deliver = <A extends ApiKey>(api: A, body: RequestOf<A>, context: RequestContext) => Promise<ResponseOf<A>>;

export interface WireConnectionOptions {
  /** For log lines: "broker 1 connection 7 from 127.0.0.1:50412". */
  name: string;
  clientHost: string;
  listenerName: string;
  /** socket.request.max.bytes: Kafka's default is 104857600. */
  maxRequestBytes: number;
  deliver: Deliver;
  endpointOf: EndpointOf;
  logger: WireLogger;
  onClose?: () => void;
}

/** Kafka's socket.request.max.bytes default. */
export const DEFAULT_MAX_REQUEST_BYTES = 104_857_600;

/** ApiVersionsRequest.isValid: the client software name and version of version 3 and later. */
const SOFTWARE_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?$/;

export class WireConnection {
  private readonly chunks: Uint8Array[] = [];
  private buffered = 0;
  private readonly frames: Uint8Array[] = [];
  private busy = false;
  private closedValue = false;

  constructor(
    private readonly channel: ByteChannel,
    private readonly options: WireConnectionOptions,
  ) {}

  get closed(): boolean {
    return this.closedValue;
  }

  /** Bytes from the client. */
  receive(chunk: Uint8Array): void {
    if (this.closedValue || chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    this.splitFrames();
    if (!this.closedValue && this.frames.length > 0) {
      // One request at a time: stop reading until the queued ones are answered.
      this.channel.pause();
      void this.drainQueue();
    }
  }

  /** The client went away (or the broker did): nothing more is read or answered. */
  close(reason?: string): void {
    if (this.closedValue) return;
    this.closedValue = true;
    if (reason !== undefined) this.options.logger.info(`Closing ${this.options.name}: ${reason}`);
    this.chunks.length = 0;
    this.frames.length = 0;
    this.channel.close();
    this.options.onClose?.();
  }

  private reject(reason: string): void {
    this.options.logger.warn(`Closing ${this.options.name}: ${reason}`);
    this.close();
  }

  private splitFrames(): void {
    while (this.buffered >= 4) {
      const head = this.take(4, false);
      const size = new DataView(head.buffer, head.byteOffset, 4).getInt32(0);
      if (size < 0 || size > this.options.maxRequestBytes) {
        // NetworkReceive: "Invalid receive (size = N larger than M)".
        this.reject(`Invalid receive (size = ${size} larger than ${this.options.maxRequestBytes})`);
        return;
      }
      if (this.buffered < 4 + size) return;
      this.take(4, true);
      this.frames.push(this.take(size, true));
    }
  }

  /** The first `length` buffered bytes, removed from the buffer when `consume`. */
  private take(length: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(length);
    let filled = 0;
    let index = 0;
    while (filled < length) {
      const chunk = this.chunks[index];
      const part = Math.min(chunk.length, length - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (consume) {
        if (part === chunk.length) this.chunks.shift();
        else this.chunks[index] = chunk.subarray(part);
      } else {
        index++;
      }
    }
    if (consume) this.buffered -= length;
    return out;
  }

  private async drainQueue(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (!this.closedValue && this.frames.length > 0) {
        const frame = this.frames.shift()!;
        const response = await this.handle(frame);
        if (this.closedValue) return;
        if (response !== null && !this.channel.write(response)) {
          // The client is not reading: like a muted Kafka channel, read nothing more until it does.
          await new Promise<void>((resolve) => this.channel.onDrain(resolve));
        }
      }
      if (!this.closedValue) this.channel.resume();
    } finally {
      this.busy = false;
    }
  }

  /** The response frame for a request frame, or null for none (acks=0, or the connection closed). */
  private async handle(frame: Uint8Array): Promise<Uint8Array | null> {
    const peeked = peekHeader(frame);
    if (peeked === null) {
      this.reject(`request of ${frame.length} bytes is shorter than a request header`);
      return null;
    }
    const api = wireApi(peeked.apiKey);
    if (api === undefined) {
      this.reject(`Unknown API key ${peeked.apiKey}`);
      return null;
    }
    const { apiVersion, correlationId } = peeked;
    if (apiVersion < api.minVersion || apiVersion > api.maxVersion) {
      if (api.apiKey === API_KEYS.ApiVersions) return this.unsupportedApiVersions(correlationId);
      this.reject(`Unsupported version ${apiVersion} of ${api.name} (this broker supports ${api.minVersion} to ${api.maxVersion})`);
      return null;
    }
    let parsed: ReturnType<typeof decodeRequest>;
    try {
      parsed = decodeRequest(api, frame);
    } catch (error) {
      this.reject(`Error parsing ${api.name} v${apiVersion} request: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
    const context: RequestContext = {
      clientId: parsed.header.clientId,
      clientHost: this.options.clientHost,
      listenerName: this.options.listenerName,
      apiVersion,
    };
    try {
      const body = await this.answer(api, parsed.body, context);
      if (body === null || this.closedValue) return null;
      return encodeResponse(api.response, apiVersion, correlationId, body);
    } catch (error) {
      if (!this.closedValue)
        this.reject(`Error handling ${api.name} v${apiVersion}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  private unsupportedApiVersions(correlationId: number): Uint8Array {
    const api = wireApi(API_KEYS.ApiVersions)!;
    const own = apiVersionsKeys().filter((key) => key.apiKey === API_KEYS.ApiVersions);
    return encodeResponse(api.response, 0, correlationId, { errorCode: errorCode('UNSUPPORTED_VERSION'), apiKeys: own });
  }

  private async answer(api: WireApi, request: WireObject, context: RequestContext): Promise<WireObject | null> {
    const ctx: MappingContext = { version: context.apiVersion, endpointOf: this.options.endpointOf };
    if (api.apiKey === API_KEYS.ApiVersions) return this.apiVersions(request, context.apiVersion);
    if (api.apiKey === API_KEYS.DescribeCluster) return this.describeCluster(context, ctx);
    const engine = api.engine!;
    const body = engine.toEngine(request, ctx);
    const acksZero = api.apiKey === API_KEYS.Produce && (request.acks as number) === 0;
    let response: unknown;
    try {
      response = await this.options.deliver(engine.engine, body, context);
    } catch (error) {
      if (!(error instanceof KafkaError) || error.type === 'NETWORK_EXCEPTION' || error.type === 'REQUEST_TIMED_OUT') throw error;
      // A request-level failure is answered in the API's own shape (AbstractRequest.getErrorResponse).
      response = errorResponse(engine.engine, body, error);
    }
    if (acksZero) {
      if (hasPartitionError(response as ResponseOf<'Produce'>)) this.reject('acks=0 produce failed; closing so the producer notices');
      return null;
    }
    return engine.fromEngine(response as never, ctx, body as never);
  }

  private apiVersions(request: WireObject, version: number): WireObject {
    const invalid = (name: ErrorName) => ({ errorCode: errorCode(name), apiKeys: [], throttleTimeMs: 0 });
    if (version >= 3) {
      const name = request.clientSoftwareName as string;
      const softwareVersion = request.clientSoftwareVersion as string;
      if (!SOFTWARE_PATTERN.test(name) || !SOFTWARE_PATTERN.test(softwareVersion)) return invalid('INVALID_REQUEST');
    }
    return { errorCode: 0, apiKeys: apiVersionsKeys(), throttleTimeMs: 0 };
  }

  /** DescribeCluster (KIP-700) from the broker's Metadata: the brokers and the cluster id. */
  private async describeCluster(context: RequestContext, ctx: MappingContext): Promise<WireObject> {
    const metadata = await this.options.deliver('Metadata', { topics: [], allowAutoTopicCreation: false }, context);
    return {
      throttleTimeMs: 0,
      errorCode: 0,
      errorMessage: null,
      endpointType: 1,
      clusterId: metadata.clusterId,
      controllerId: metadata.controllerId,
      brokers: metadata.brokers.map((broker) => {
        const endpoint = ctx.endpointOf(broker.nodeId);
        return { brokerId: broker.nodeId, host: endpoint?.host ?? broker.host, port: endpoint?.port ?? broker.port, rack: broker.rack };
      }),
      clusterAuthorizedOperations: -2147483648,
    };
  }
}

function hasPartitionError(response: ResponseOf<'Produce'>): boolean {
  return response.responses.some((topic) => topic.partitionResponses.some((p) => p.errorCode !== 0));
}

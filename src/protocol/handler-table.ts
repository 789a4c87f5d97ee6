/**
 * A node's request handlers as a table keyed by API, instead of a `switch (api)` with a cast per
 * case: the compiler checks that each entry takes its own API's request and answers its own API's
 * response, as Kafka's `KafkaApis.handle` matches each request's `ApiKeys` to its `handleXxx`.
 */
import { fail } from './errors';
import type { ApiKey, NodeAddress, RequestContext, RequestHandler, RequestOf, ResponseOf } from './rpc';

/**
 * One API's handler. It may answer synchronously: the controller runs each command to completion
 * on its queue before the next (QuorumController's event queue), so its handlers return the
 * response itself rather than a promise.
 */
export type ApiHandler<A extends ApiKey> = (
  request: RequestOf<A>,
  from: NodeAddress,
  context?: RequestContext,
) => ResponseOf<A> | Promise<ResponseOf<A>>;

/** A handler for every API in K, each typed by its own request and response. */
export type HandlerTable<K extends ApiKey> = { readonly [A in K]: ApiHandler<A> };

/** Any node's table, whatever APIs it serves: the shape `dispatch` looks an API up in. */
export type AnyHandlerTable = { readonly [A in ApiKey]?: ApiHandler<A> };

/**
 * The table's handler for the API. An API the node does not serve fails with UNSUPPORTED_VERSION
 * (a Kafka node leaves such an API out of its ApiVersions response); it is thrown, not answered,
 * so the caller's request rejects with it. `server` names the node in the message ("Broker 1",
 * "The controller").
 */
export function handlerOf<A extends ApiKey>(table: AnyHandlerTable, api: A, server: string): ApiHandler<A> {
  // Own properties only: an API name from another thread's message must not find Object.prototype's members.
  const handler = Object.hasOwn(table, api) ? table[api] : undefined;
  return handler ?? fail('UNSUPPORTED_VERSION', `${server} does not serve ${api} requests.`);
}

/** Runs the table's handler for the API (see handlerOf). */
export function dispatch<A extends ApiKey>(
  table: AnyHandlerTable,
  api: A,
  request: RequestOf<A>,
  from: NodeAddress,
  server: string,
  context?: RequestContext,
): ResponseOf<A> | Promise<ResponseOf<A>> {
  return handlerOf(table, api, server)(request, from, context);
}

/** The RequestHandler a node serves from its table. */
export function requestHandler(table: AnyHandlerTable, server: string): RequestHandler {
  return async <A extends ApiKey>(api: A, request: RequestOf<A>, from: NodeAddress, context?: RequestContext) =>
    dispatch(table, api, request, from, server, context);
}

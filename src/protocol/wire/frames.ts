/**
 * Kafka's frames on a connection: a 4-byte size, then a request header and body, or a response
 * header and body (the protocol guide's "Common Request and Response Structure"). Request header
 * v1 is api key, api version, correlation id and a nullable client id; v2, used by flexible
 * versions, adds a tagged-field section (the client id keeps its int16 length). Response header v0
 * is the correlation id; v1 adds tagged fields. ApiVersions answers always use v0, so a client
 * that does not know the broker's versions can read them (ApiKeys.responseHeaderVersion, KIP-511).
 */
import { ByteReader, ByteWriter } from '../schema-types';
import { decodeMessage, encodeMessage, isFlexible, type WireObject } from './message-codec';
import type { MessageSpec } from './message-spec';
import { API_KEYS, WIRE_APIS, type WireApi } from './wire-apis';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

/** The first 8 bytes of every request header, readable before the API is known. */
export function peekHeader(frame: Uint8Array): Omit<RequestHeader, 'clientId'> | null {
  if (frame.length < 8) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  return { apiKey: view.getInt16(0), apiVersion: view.getInt16(2), correlationId: view.getInt32(4) };
}

/** A whole request frame (without its size) read for an API and version the table supports. */
export function decodeRequest(api: WireApi, frame: Uint8Array): { header: RequestHeader; body: WireObject } {
  const reader = new ByteReader(frame, `${api.name} request`);
  const header: RequestHeader = { apiKey: reader.int16(), apiVersion: reader.int16(), correlationId: reader.int32(), clientId: null };
  header.clientId = reader.nullableString();
  const flexible = isFlexible(api.request, header.apiVersion);
  if (flexible) reader.taggedFields();
  return { header, body: decodeMessage(api.request, header.apiVersion, reader) };
}

function frameOf(writer: ByteWriter): Uint8Array {
  const body = writer.toBytes();
  const frame = new Uint8Array(body.length + 4);
  new DataView(frame.buffer).setInt32(0, body.length);
  frame.set(body, 4);
  return frame;
}

/** A request frame, size included: what a client writes (tests, and a gateway to a remote broker). */
export function encodeRequest(spec: MessageSpec, header: RequestHeader, body: WireObject): Uint8Array {
  const writer = new ByteWriter().int16(header.apiKey).int16(header.apiVersion).int32(header.correlationId).nullableString(header.clientId);
  if (isFlexible(spec, header.apiVersion)) writer.noTaggedFields();
  return frameOf(encodeMessage(spec, header.apiVersion, body, writer));
}

/** A response frame, size included. */
export function encodeResponse(spec: MessageSpec, version: number, correlationId: number, body: WireObject): Uint8Array {
  const writer = new ByteWriter().int32(correlationId);
  if (spec.apiKey !== API_KEYS.ApiVersions && isFlexible(spec, version)) writer.noTaggedFields();
  return frameOf(encodeMessage(spec, version, body, writer));
}

/** A response frame's body (after its size), for clients and tests. */
export function decodeResponse(spec: MessageSpec, version: number, frame: Uint8Array): { correlationId: number; body: WireObject } {
  const reader = new ByteReader(frame, `${spec.name}`);
  const correlationId = reader.int32();
  if (spec.apiKey !== API_KEYS.ApiVersions && isFlexible(spec, version)) reader.taggedFields();
  return { correlationId, body: decodeMessage(spec, version, reader) };
}

/** The table's entry for an api key, or undefined for an API the gateway does not speak. */
export function wireApi(apiKey: number): WireApi | undefined {
  return WIRE_APIS.get(apiKey);
}

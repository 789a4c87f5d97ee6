/**
 * Reads and writes any version of any message described by a MessageSpec, as the classes Kafka's
 * MessageGenerator writes from the same schemas do (ProduceRequestData.write / read): fields in
 * schema order, each only in its versions; in flexible versions compact strings, bytes and arrays
 * (unsigned varint of length + 1, 0 for null) and, after every struct, its tagged fields (count,
 * then tag, size and value of each, in tag order). A tagged field equal to its default is not
 * written; an unknown tag is skipped. int64 values are JavaScript numbers, exact below 2^53.
 *
 * Writing is lenient where a version cannot carry a null (a protocol name in JoinGroup below v7):
 * the field is written empty, as Kafka's response classes fill such fields with "" for old versions.
 */
import { ZERO_UUID } from '../../core/uuid';
import { KafkaError } from '../errors';
import { ByteReader, ByteWriter } from '../schema-types';
import { inVersions, propertyName, type FieldSpec, type MessageSpec, type StructSpec } from './message-spec';

/** A decoded message or struct: camelCase properties as in the schema. */
export type WireObject = Record<string, unknown>;

const PRIMITIVES = new Set(['int8', 'int16', 'uint16', 'int32', 'int64', 'float64', 'bool', 'string', 'bytes', 'records', 'uuid']);

interface Context {
  readonly version: number;
  readonly flexible: boolean;
  readonly structs: ReadonlyMap<string, readonly FieldSpec[]>;
}

const structTables = new WeakMap<MessageSpec, Map<string, readonly FieldSpec[]>>();

function contextOf(spec: MessageSpec, version: number): Context {
  let structs = structTables.get(spec);
  if (structs === undefined) {
    structs = new Map((spec.commonStructs ?? []).map((s: StructSpec) => [s.name, s.fields]));
    structTables.set(spec, structs);
  }
  return { version, flexible: inVersions(spec.flexibleVersions, version), structs };
}

/** Whether `version` of the message is flexible (KIP-482): its header is v2 (request) or v1 (response). */
export function isFlexible(spec: MessageSpec, version: number): boolean {
  return inVersions(spec.flexibleVersions, version);
}

const elementType = (type: string) => (type.startsWith('[]') ? type.slice(2) : null);

function structFields(field: FieldSpec, type: string, ctx: Context): readonly FieldSpec[] {
  const fields = field.fields ?? ctx.structs.get(type);
  if (fields === undefined) throw new Error(`Schema has no struct ${type} (field ${field.name})`);
  return fields;
}

/** The value a field has when a version does not carry it, or a tagged field is absent (its schema default). */
export function defaultValue(field: FieldSpec): unknown {
  const type = field.type;
  const given = field.default;
  if (elementType(type) !== null) return given === 'null' ? null : [];
  switch (type) {
    case 'int8':
    case 'int16':
    case 'uint16':
    case 'int32':
    case 'int64':
    case 'float64':
      return given === undefined ? 0 : Number(given);
    case 'bool':
      return given === true || given === 'true';
    case 'string':
      return given === 'null' ? null : typeof given === 'string' ? given : '';
    case 'bytes':
      return given === 'null' ? null : new Uint8Array();
    case 'records':
      return null;
    case 'uuid':
      return ZERO_UUID;
    default:
      // A struct absent from a version (or a tagged struct not sent) reads as null.
      return null;
  }
}

// ------------------------------------------------------------------ writing

export function encodeMessage(spec: MessageSpec, version: number, message: WireObject, writer = new ByteWriter()): ByteWriter {
  writeStruct(writer, spec.fields, message, contextOf(spec, version));
  return writer;
}

function writeStruct(writer: ByteWriter, fields: readonly FieldSpec[], value: WireObject, ctx: Context): void {
  const tagged: FieldSpec[] = [];
  for (const field of fields) {
    if (!inVersions(field.versions, ctx.version)) continue;
    if (ctx.flexible && inVersions(field.taggedVersions, ctx.version)) {
      tagged.push(field);
      continue;
    }
    writeField(writer, field, valueOf(field, value), ctx);
  }
  if (!ctx.flexible) return;
  const present = tagged.filter((field) => !isDefault(field, valueOf(field, value))).sort((a, b) => (a.tag ?? 0) - (b.tag ?? 0));
  writer.unsignedVarint(present.length);
  for (const field of present) {
    const inner = new ByteWriter();
    writeField(inner, field, valueOf(field, value), ctx);
    writer
      .unsignedVarint(field.tag ?? 0)
      .unsignedVarint(inner.size)
      .raw(inner.toBytes());
  }
}

function valueOf(field: FieldSpec, struct: WireObject): unknown {
  const value = struct[propertyName(field.name)];
  return value === undefined ? defaultValue(field) : value;
}

function isDefault(field: FieldSpec, value: unknown): boolean {
  const fallback = defaultValue(field);
  if (value === null || fallback === null) return value === fallback;
  if (Array.isArray(value)) return value.length === 0 && Array.isArray(fallback);
  if (value instanceof Uint8Array) return fallback instanceof Uint8Array && value.length === 0;
  return value === fallback;
}

function writeField(writer: ByteWriter, field: FieldSpec, value: unknown, ctx: Context): void {
  const nullable = inVersions(field.nullableVersions, ctx.version);
  const element = elementType(field.type);
  if (element !== null) {
    if (value === null && nullable) {
      if (ctx.flexible) writer.unsignedVarint(0);
      else writer.int32(-1);
      return;
    }
    const items = (value ?? []) as unknown[];
    if (ctx.flexible) writer.unsignedVarint(items.length + 1);
    else writer.int32(items.length);
    for (const item of items) {
      if (PRIMITIVES.has(element)) writePrimitive(writer, element, item, false, field, ctx);
      else writeStruct(writer, structFields(field, element, ctx), item as WireObject, ctx);
    }
    return;
  }
  if (PRIMITIVES.has(field.type)) {
    writePrimitive(writer, field.type, value, nullable, field, ctx);
    return;
  }
  // A single struct: nullable ones are preceded by -1 (null) or 1 (present).
  if (nullable) {
    writer.int8(value === null ? -1 : 1);
    if (value === null) return;
  }
  const fields = structFields(field, field.type, ctx);
  writeStruct(writer, fields, (value ?? {}) as WireObject, ctx);
}

function writePrimitive(writer: ByteWriter, type: string, value: unknown, nullable: boolean, field: FieldSpec, ctx: Context): void {
  switch (type) {
    case 'int8':
      writer.int8(value as number);
      return;
    case 'int16':
    case 'uint16':
      writer.int16(value as number);
      return;
    case 'int32':
      writer.int32(value as number);
      return;
    case 'int64':
      writer.int64(value as number);
      return;
    case 'float64':
      writer.float64(value as number);
      return;
    case 'bool':
      writer.int8(value ? 1 : 0);
      return;
    case 'uuid':
      writer.uuid(value as string);
      return;
    case 'string': {
      const text = value === null && !nullable ? '' : (value as string | null);
      if (ctx.flexible) writer.compactNullableString(text);
      else writer.nullableString(text);
      return;
    }
    default: {
      // bytes and records
      const bytes = value === null && !nullable && type === 'bytes' ? new Uint8Array() : (value as Uint8Array | null);
      if (ctx.flexible) {
        if (bytes === null) writer.unsignedVarint(0);
        else writer.unsignedVarint(bytes.length + 1).raw(bytes);
      } else {
        writer.nullableBytes(bytes);
      }
    }
  }
}

// ------------------------------------------------------------------ reading

/** Reads a message; a malformed one fails with INVALID_REQUEST (Kafka's SchemaException when parsing a request). */
export function decodeMessage(spec: MessageSpec, version: number, reader: ByteReader): WireObject {
  return readStruct(reader, spec.fields, contextOf(spec, version));
}

function readStruct(reader: ByteReader, fields: readonly FieldSpec[], ctx: Context): WireObject {
  const out: WireObject = {};
  const tagged = new Map<number, FieldSpec>();
  for (const field of fields) {
    const name = propertyName(field.name);
    if (!inVersions(field.versions, ctx.version)) {
      out[name] = defaultValue(field);
      continue;
    }
    if (ctx.flexible && inVersions(field.taggedVersions, ctx.version)) {
      tagged.set(field.tag ?? 0, field);
      out[name] = defaultValue(field);
      continue;
    }
    out[name] = readField(reader, field, ctx);
  }
  if (ctx.flexible) {
    const count = reader.unsignedVarint();
    for (let i = 0; i < count; i++) {
      const tag = reader.unsignedVarint();
      const size = reader.unsignedVarint();
      const field = tagged.get(tag);
      const bytes = reader.raw(size);
      if (field !== undefined) out[propertyName(field.name)] = readField(new ByteReader(bytes, field.name), field, ctx);
    }
  }
  return out;
}

function invalid(message: string): never {
  throw new KafkaError('INVALID_REQUEST', message);
}

function readLength(
  reader: ByteReader,
  ctx: Context,
  nullable: boolean,
  field: FieldSpec,
  kind: 'array' | 'bytes' | 'string',
): number | null {
  const length = ctx.flexible ? reader.unsignedVarint() - 1 : kind === 'string' ? reader.int16() : reader.int32();
  if (length < 0) {
    if (length < -1 || !nullable) invalid(`non-nullable field ${field.name} was serialized as null`);
    return null;
  }
  // Each element or byte takes at least one byte: a length beyond what is left is corrupt, not a huge allocation.
  if (length > reader.remaining) invalid(`Error reading field '${field.name}': ${kind} of length ${length} is longer than the buffer`);
  return length;
}

function readField(reader: ByteReader, field: FieldSpec, ctx: Context): unknown {
  const nullable = inVersions(field.nullableVersions, ctx.version);
  const element = elementType(field.type);
  if (element !== null) {
    const count = readLength(reader, ctx, nullable, field, 'array');
    if (count === null) return null;
    const items: unknown[] = [];
    const primitive = PRIMITIVES.has(element);
    const fields = primitive ? null : structFields(field, element, ctx);
    for (let i = 0; i < count; i++)
      items.push(fields === null ? readPrimitive(reader, element, false, field, ctx) : readStruct(reader, fields, ctx));
    return items;
  }
  if (PRIMITIVES.has(field.type)) return readPrimitive(reader, field.type, nullable, field, ctx);
  if (nullable && reader.int8() < 0) return null;
  return readStruct(reader, structFields(field, field.type, ctx), ctx);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function readPrimitive(reader: ByteReader, type: string, nullable: boolean, field: FieldSpec, ctx: Context): unknown {
  switch (type) {
    case 'int8':
      return reader.int8();
    case 'int16':
      return reader.int16();
    case 'uint16':
      return reader.uint16();
    case 'int32':
      return reader.int32();
    case 'int64':
      return reader.int64();
    case 'float64':
      return reader.float64();
    case 'bool':
      return reader.int8() !== 0;
    case 'uuid':
      return reader.uuid();
    case 'string': {
      const length = readLength(reader, ctx, nullable, field, 'string');
      if (length === null) return null;
      try {
        return utf8.decode(reader.raw(length));
      } catch {
        return invalid(`Error reading field '${field.name}': invalid UTF-8 string`);
      }
    }
    default: {
      const length = readLength(reader, ctx, nullable || type === 'records', field, 'bytes');
      return length === null ? null : reader.raw(length);
    }
  }
}

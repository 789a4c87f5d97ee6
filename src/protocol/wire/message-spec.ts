/**
 * The shape of Kafka's message schemas (the JSON files under clients/src/main/resources/common/message,
 * read by Kafka's MessageGenerator): a message is a list of fields, each present in a range of
 * versions, possibly nullable or tagged in some of them; flexible versions (KIP-482) use compact
 * lengths and a tagged-field section after every struct.
 */
export interface FieldSpec {
  /** PascalCase as in the schema; the decoded object uses it in camelCase ("ThrottleTimeMs" is `throttleTimeMs`). */
  readonly name: string;
  /** int8, int16, uint16, int32, int64, float64, bool, string, bytes, records, uuid, a struct name, or `[]` + either. */
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  readonly default?: string | number | boolean;
  readonly ignorable?: boolean;
  /** A struct's (or an array of structs') own fields, when it is defined in place. */
  readonly fields?: readonly FieldSpec[];
}

export interface StructSpec {
  readonly name: string;
  readonly versions: string;
  readonly fields: readonly FieldSpec[];
}

export interface MessageSpec {
  readonly name: string;
  readonly apiKey: number;
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
  /** Structs several fields share, referred to by name. */
  readonly commonStructs?: readonly StructSpec[];
}

const parsed = new Map<string, { min: number; max: number }>();

/** Whether `version` is in a schema range: "0+", "3-5", "7", "none". */
export function inVersions(range: string | undefined, version: number): boolean {
  if (range === undefined || range === 'none') return false;
  let bounds = parsed.get(range);
  if (bounds === undefined) {
    const plus = /^(\d+)\+$/.exec(range);
    const span = /^(\d+)-(\d+)$/.exec(range);
    if (plus !== null) bounds = { min: Number(plus[1]), max: Infinity };
    else if (span !== null) bounds = { min: Number(span[1]), max: Number(span[2]) };
    else if (/^\d+$/.test(range)) bounds = { min: Number(range), max: Number(range) };
    else throw new Error(`Not a version range: ${range}`);
    parsed.set(range, bounds);
  }
  return version >= bounds.min && version <= bounds.max;
}

/** The lowest and highest version of a range like "0-11" (validVersions has no "+"). */
export function versionBounds(range: string): { min: number; max: number } {
  const span = /^(\d+)(?:-(\d+))?$/.exec(range);
  if (span === null) throw new Error(`Not a closed version range: ${range}`);
  return { min: Number(span[1]), max: Number(span[2] ?? span[1]) };
}

/** "ThrottleTimeMs" is read and written as `throttleTimeMs`. */
export function propertyName(fieldName: string): string {
  return fieldName[0].toLowerCase() + fieldName.slice(1);
}

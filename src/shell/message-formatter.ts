/**
 * The console consumer's DefaultMessageFormatter: the fields print.timestamp, print.partition,
 * print.offset, print.headers, print.key and print.value ask for, in that order, separated by
 * key.separator, ended by line.separator; a null key or value prints null.literal.
 */
import { toBytes, type MessageHeaders } from '../client/producer/message';
import { booleanProperty } from './properties';

export interface FormattedRecord {
  partition: number;
  offset: string;
  timestamp: string;
  key: Uint8Array | null;
  value: Uint8Array | null;
  headers: [string, Uint8Array | null][];
}

const utf8 = new TextDecoder();

/** A consumed record's headers as (key, value) pairs, a repeated key once per value. */
export function headerEntries(headers: MessageHeaders): [string, Uint8Array | null][] {
  return Object.entries(headers).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((one) => [key, toBytes(one)] as [string, Uint8Array | null]),
  );
}

export function messageFormatter(props: Map<string, string>): (record: FormattedRecord) => string {
  const printTimestamp = booleanProperty(props, 'print.timestamp', false);
  const printPartition = booleanProperty(props, 'print.partition', false);
  const printOffset = booleanProperty(props, 'print.offset', false);
  const printHeaders = booleanProperty(props, 'print.headers', false);
  const printKey = booleanProperty(props, 'print.key', false);
  const printValue = booleanProperty(props, 'print.value', true);
  const keySeparator = props.get('key.separator') ?? '\t';
  const lineSeparator = props.get('line.separator') ?? '\n';
  const headersSeparator = props.get('headers.separator') ?? ',';
  const nullLiteral = props.get('null.literal') ?? 'null';
  const text = (bytes: Uint8Array | null) => (bytes === null ? nullLiteral : utf8.decode(bytes));
  return (record) => {
    const fields: string[] = [];
    if (printTimestamp) fields.push(`CreateTime:${record.timestamp}`);
    if (printPartition) fields.push(`Partition:${record.partition}`);
    if (printOffset) fields.push(`Offset:${record.offset}`);
    if (printHeaders)
      fields.push(record.headers.length === 0 ? 'NO_HEADERS' : record.headers.map(([k, v]) => `${k}:${text(v)}`).join(headersSeparator));
    if (printKey) fields.push(text(record.key));
    if (printValue) fields.push(text(record.value));
    return fields.join(keySeparator) + lineSeparator;
  };
}

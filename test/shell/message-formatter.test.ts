import { describe, expect, it } from 'vitest';
import { headerEntries, messageFormatter } from '../../src/shell/message-formatter';
import { parseKeyValueArgs } from '../../src/shell/properties';

const bytes = (text: string) => new TextEncoder().encode(text);
const record = { partition: 0, offset: '5', timestamp: '1717000000000', key: bytes('k1'), value: bytes('v1'), headers: [] };

describe("shell > the console consumer's DefaultMessageFormatter", () => {
  it('prints the value alone by default', () => {
    expect(messageFormatter(new Map())(record)).toBe('v1\n');
  });

  it("prints every field in Kafka's order, separated by key.separator", () => {
    const all = parseKeyValueArgs([
      'print.timestamp=true',
      'print.partition=true',
      'print.offset=true',
      'print.headers=true',
      'print.key=true',
    ]);
    expect(messageFormatter(all)(record)).toBe('CreateTime:1717000000000\tPartition:0\tOffset:5\tNO_HEADERS\tk1\tv1\n');
  });

  it('prints a null key as null.literal and headers as key:value joined by headers.separator', () => {
    const props = parseKeyValueArgs(['print.key=true', 'print.headers=true', 'key.separator= | ', 'null.literal=<none>']);
    const headers = headerEntries({ h1: 'v1', h2: [bytes('a'), null] });
    expect(messageFormatter(props)({ ...record, key: null, headers })).toBe('h1:v1,h2:a,h2:<none> | <none> | v1\n');
  });
});

/**
 * One config's definition and how a raw value becomes a typed one, after Kafka's ConfigDef: the
 * type, the default as DescribeConfigs prints it, the Range and ValidString checks, and the few
 * validators Kafka attaches to single configs. Values travel as strings, as in Kafka's ConfigRecord
 * and DescribeConfigs; parseConfigValue applies ConfigDef.parseType's rules and error texts. The
 * tables of definitions are topic-configs.ts and broker-configs.ts.
 */
import { KafkaError } from './errors';

export type ConfigType = 'boolean' | 'int' | 'short' | 'long' | 'double' | 'string' | 'list' | 'password';

export interface ConfigDef {
  name: string;
  type: ConfigType;
  /** As Kafka prints it in DescribeConfigs (Long.MAX_VALUE is "9223372036854775807"); null = no default. */
  defaultValue: string | null;
  doc: string;
  validValues?: string[];
  min?: number;
  max?: number;
  /** For a topic config: the broker config that supplies its default (ServerTopicConfigSynonyms), e.g. log.retention.ms. */
  brokerSynonym?: string;
}

/** A config's typed value: numbers for short, int, long and double, string[] for a list. */
export type ConfigValue = number | boolean | string | string[];

/** The bounds and allowed values a definition may carry (ConfigDef.Range, ConfigDef.ValidString). */
export type ConfigDefOptions = Pick<ConfigDef, 'validValues' | 'min' | 'max'>;

/** Long.MAX_VALUE, as Kafka prints a long default that means "never". */
export const LONG_MAX = '9223372036854775807';

function invalid(def: ConfigDef, value: string, reason: string): never {
  throw new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${def.name}: ${reason}`);
}

const INTEGER_BITS: Partial<Record<ConfigType, number>> = { short: 16, int: 32, long: 64 };
const INTEGER_TYPE_NAMES: Partial<Record<ConfigType, string>> = { short: 'SHORT', int: 'INT', long: 'LONG' };
// What Java's Double.parseDouble accepts, minus hexadecimal floats.
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/** Java's Double.toString for the values a config shows in an error: 2 prints as "2.0". */
function javaDouble(value: number): string {
  return Number.isInteger(value) && Math.abs(value) < 1e7 ? value.toFixed(1) : String(value);
}

// ConfigDef.Range.ensureValid; `shown` is the parsed value as Java would print it.
function checkRange(def: ConfigDef, value: number, shown: string): void {
  if (def.min !== undefined && value < def.min) invalid(def, shown, `Value must be at least ${def.min}`);
  if (def.max !== undefined && value > def.max) invalid(def, shown, `Value must be no more than ${def.max}`);
}

function parseInteger(def: ConfigDef, raw: string, trimmed: string): number {
  const bits = INTEGER_BITS[def.type]!;
  const limit = 1n << BigInt(bits - 1);
  const big = /^[+-]?\d+$/.test(trimmed) ? BigInt(trimmed) : null;
  if (big === null || big < -limit || big >= limit) invalid(def, raw, `Not a number of type ${INTEGER_TYPE_NAMES[def.type]}`);
  const value = Number(big);
  checkRange(def, value, big.toString());
  return value;
}

/** Validators Kafka attaches to single configs beyond Range and ValidString. */
const CUSTOM_VALIDATORS: ReadonlyMap<string, (def: ConfigDef, value: number | string[]) => void> = new Map([
  // GzipCompression.LevelValidator: Deflater levels 1..9, or -1 for zlib's default.
  ['compression.gzip.level', gzipLevel],
  ['leader.replication.throttled.replicas', throttledReplicas],
  ['follower.replication.throttled.replicas', throttledReplicas],
]);

function gzipLevel(def: ConfigDef, value: number | string[]): void {
  const level = value as number;
  if (level > 9 || (level < 1 && level !== -1)) invalid(def, String(level), 'Value must be between 1 and 9 or equal to -1');
}

// ThrottledReplicaListValidator: "*" or partitionId:brokerId pairs.
function throttledReplicas(def: ConfigDef, value: number | string[]): void {
  const replicas = value as string[];
  if (replicas.join('').trim() === '*' || replicas.every((replica) => /^(\d+:\d+)?$/.test(replica.trim()))) return;
  invalid(
    def,
    `[${replicas.join(', ')}]`,
    `${def.name} must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...`,
  );
}

/**
 * One raw value as its typed value, by ConfigDef.parseType and the key's validator. Surrounding whitespace is
 * ignored, booleans are case-insensitive, a list splits on commas. Throws INVALID_CONFIG with Kafka's
 * ConfigException text, e.g. "Invalid value abc for configuration retention.ms: Not a number of type LONG".
 */
export function parseConfigValue(def: ConfigDef, raw: string): ConfigValue {
  const trimmed = raw.trim();
  let value: ConfigValue;
  switch (def.type) {
    case 'boolean': {
      const lower = trimmed.toLowerCase();
      if (lower !== 'true' && lower !== 'false') invalid(def, raw, 'Expected value to be either true or false');
      return lower === 'true';
    }
    case 'short':
    case 'int':
    case 'long':
      value = parseInteger(def, raw, trimmed);
      break;
    case 'double': {
      if (!JAVA_DOUBLE.test(trimmed)) invalid(def, raw, 'Not a number of type DOUBLE');
      value = Number(trimmed.replace(/[fFdD]$/, ''));
      checkRange(def, value, javaDouble(value));
      break;
    }
    case 'string':
    case 'password':
      value = trimmed;
      if (def.validValues && !def.validValues.includes(value)) invalid(def, value, `String must be one of: ${def.validValues.join(', ')}`);
      break;
    case 'list':
      value = trimmed === '' ? [] : trimmed.split(/\s*,\s*/);
      // ValidList checks each element with ValidString, so the message names the bad element.
      for (const element of value) {
        if (def.validValues && !def.validValues.includes(element))
          invalid(def, element, `String must be one of: ${def.validValues.join(', ')}`);
      }
      break;
  }
  CUSTOM_VALIDATORS.get(def.name)?.(def, value as number | string[]);
  return value;
}

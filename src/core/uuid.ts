import type { Random } from './random';

/** Kafka's `Uuid` as printed: 16 bytes in URL-safe base64 without padding (22 characters). */
export type Uuid = string;

export const ZERO_UUID: Uuid = 'AAAAAAAAAAAAAAAAAAAAAA';
/** The topic id Kafka reserves for `__cluster_metadata`. */
export const METADATA_TOPIC_ID: Uuid = 'AAAAAAAAAAAAAAAAAAAAAQ';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function uuidToString(bytes: Uint8Array): Uuid {
  let out = '';
  for (let i = 0; i < 15; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
  }
  const last = bytes[15];
  return out + ALPHABET[last >> 2] + ALPHABET[(last & 3) << 4];
}

/**
 * Like `Uuid.randomUuid()`: a version-4 UUID that is neither a reserved id nor starts with '-'
 * (Kafka rejects those so that ids never look like command-line flags, KAFKA-13033).
 */
export function randomUuid(random: Random): Uuid {
  for (;;) {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = random.nextInt(256);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const id = uuidToString(bytes);
    if (id !== ZERO_UUID && id !== METADATA_TOPIC_ID && !id.startsWith('-')) return id;
  }
}

/** A record's key or value as the inspector prints it: UTF-8 text (rendered as text, never HTML), cut short. */
const decoder = new TextDecoder('utf-8', { fatal: false });

export function recordText(bytes: Uint8Array | null, maxChars = 60): string {
  if (bytes === null) return 'null';
  const text = decoder.decode(bytes);
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

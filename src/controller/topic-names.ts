/** Topic name rules of clients/.../common/internals/Topic.java. */
export const MAX_TOPIC_NAME_LENGTH = 249;
export const CLUSTER_METADATA_TOPIC = '__cluster_metadata';

const LEGAL_TOPIC_NAME = /^[a-zA-Z0-9._-]+$/;

/** Topic.validate's message for an illegal name, or undefined when the name is legal. */
export function invalidTopicNameMessage(name: string): string | undefined {
  const reason = invalidTopicNameReason(name);
  return reason === undefined ? undefined : `Topic name is invalid: ${reason}`;
}

function invalidTopicNameReason(name: string): string | undefined {
  if (name.length === 0) return 'the empty string is not allowed';
  if (name === '.') return "'.' is not allowed";
  if (name === '..') return "'..' is not allowed";
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME_LENGTH}`;
  }
  if (!LEGAL_TOPIC_NAME.test(name)) {
    return `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return undefined;
}

/** Metric names turn '.' into '_', so `a.b` and `a_b` would share metrics (Topic.hasCollisionChars). */
export function hasCollisionChars(name: string): boolean {
  return name.includes('.') || name.includes('_');
}

export function unifyCollisionChars(name: string): string {
  return name.replaceAll('.', '_');
}

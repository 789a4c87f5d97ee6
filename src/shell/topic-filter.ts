/**
 * Kafka's TopicFilter.IncludeList: a `--topic` value is a Java regex that must match the whole
 * name; commas separate alternatives, and surrounding quotes are dropped. Internal topics
 * (Topic.isInternal) are left out when asked to.
 */
import { isInternalTopic } from '../protocol/internal-topics';

export function includeList(pattern: string): (topic: string) => boolean {
  const regex = pattern
    .trim()
    .replace(/,/g, '|')
    .replace(/ /g, '')
    .replace(/^["']+/, '')
    .replace(/["']+$/, '');
  try {
    const compiled = new RegExp(`^(?:${regex})$`);
    return (topic) => compiled.test(topic);
  } catch {
    return (topic) => topic === regex;
  }
}

export function filterTopics(all: string[], pattern: string | undefined, excludeInternal: boolean): string[] {
  const allowed = pattern === undefined ? () => true : includeList(pattern);
  return [...all].sort().filter((topic) => allowed(topic) && !(excludeInternal && isInternalTopic(topic)));
}

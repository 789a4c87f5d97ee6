/**
 * Tab completion: the first word completes to a tool or built-in, a word starting with `--` to the
 * tool's options, and the word after --topic, --group (and friends) to the cluster's topic and
 * group names. Completions are whole words, sorted; the terminal inserts the common prefix.
 */
import type { Kafka } from '../client/kafka';
import { listenerOf } from './bootstrap';
import { tokenizeWithPositions } from './tokenize';
import type { ShellCluster, Tool } from './tool';

export interface CompletionSources {
  tools: Tool[];
  builtins: string[];
  findTool(word: string): Tool | undefined;
  cluster: ShellCluster;
  /** The consumer groups' ids, for --group. */
  groupIds(): Promise<string[]>;
}

const TOPIC_OPTIONS = new Set(['--topic', '--topics', '--entity-name', '--include']);
const GROUP_OPTIONS = new Set(['--group']);
/** Options whose values are a fixed list. */
const VALUES: Record<string, string[]> = {
  '--election-type': ['preferred', 'unclean'],
  '--entity-type': ['topics'],
  '--time': ['earliest', 'latest'],
  '--offset': ['earliest', 'latest'],
  '--isolation-level': ['read_committed', 'read_uncommitted'],
};

function listeners(cluster: ShellCluster): string[] {
  return cluster.brokerIds().map(listenerOf);
}

export async function completeLine(line: string, cursor: number, sources: CompletionSources): Promise<string[]> {
  const before = line.slice(0, cursor);
  const tokens = tokenizeWithPositions(before, { allowOpenQuote: true });
  const endsInSpace = before.length === 0 || /\s$/.test(before);
  const current = endsInSpace ? '' : tokens[tokens.length - 1].text;
  const previous = tokens.slice(0, endsInSpace ? tokens.length : tokens.length - 1);
  if (previous.length === 0) {
    return matching([...sources.tools.map((tool) => tool.name), ...sources.builtins], current);
  }
  const tool = sources.findTool(previous[0].text);
  if (tool === undefined) return [];
  const last = previous[previous.length - 1]?.text;
  if (previous.length > 1 && TOPIC_OPTIONS.has(last))
    return matching(
      sources.cluster.describe().topics.map((t) => t.name),
      current,
    );
  if (previous.length > 1 && GROUP_OPTIONS.has(last)) return matching(await sources.groupIds(), current);
  if (previous.length > 1 && last === '--bootstrap-server') return matching(listeners(sources.cluster), current);
  if (previous.length > 1 && Object.hasOwn(VALUES, last)) return matching(VALUES[last], current);
  if (current.startsWith('-') || current === '') {
    const used = new Set(previous.map((t) => t.text));
    return matching(
      tool.parser
        .names()
        .map((name) => `--${name}`)
        .filter((option) => !used.has(option)),
      current,
    );
  }
  return [];
}

function matching(candidates: string[], prefix: string): string[] {
  return [...new Set(candidates.filter((candidate) => candidate.startsWith(prefix)))].sort();
}

/** A completion must come back quickly, so the listing gives up after a short while. */
const LIST_GROUPS_TIMEOUT_MS = 2000;

/** The groups a client can list, giving up after a short while: completion must come back quickly. */
export async function listedGroupIds(kafka: Kafka): Promise<string[]> {
  try {
    const { groups } = await kafka.admin({ defaultApiTimeoutMs: LIST_GROUPS_TIMEOUT_MS }).listGroups();
    return groups.map((group) => group.groupId);
  } catch {
    return [];
  }
}

/**
 * ClassicGroup.selectProtocol: each member votes for the first of its protocols (in its order of
 * preference) that every member supports, and the protocol with the most votes wins. Kafka counts the
 * votes in a HashMap and takes Stream.max, which keeps the first of equal counts, so a tie goes to the
 * protocol name that comes first in Java's HashMap order.
 */
import { javaStringKeyOrder } from '../../core/java-hash-order';

/** `memberProtocols` lists each member's protocol names, most preferred first; null when none is common to all. */
export function selectProtocol(memberProtocols: readonly (readonly string[])[]): string | null {
  if (memberProtocols.length === 0) return null;
  const candidates = new Set(memberProtocols[0].filter((name) => memberProtocols.every((protocols) => protocols.includes(name))));
  const votes = new Map<string, number>();
  for (const protocols of memberProtocols) {
    const vote = protocols.find((name) => candidates.has(name));
    if (vote === undefined) return null;
    votes.set(vote, (votes.get(vote) ?? 0) + 1);
  }
  let winner: string | null = null;
  for (const name of javaStringKeyOrder([...votes.keys()])) {
    if (winner === null || votes.get(name)! > votes.get(winner)!) winner = name;
  }
  return winner;
}

/**
 * The server-side assignors by the names group.consumer.assignors uses, in its default order: the
 * first ('uniform') is the group's default, a member picks another with group.remote.assignor.
 */
import { RangeAssignor } from './range';
import type { ServerAssignor } from './server-assignor';
import { UniformAssignor } from './uniform';

export { RangeAssignor, UniformAssignor };
export { selectProtocol } from './select-protocol';

/** Stateless, so one instance each serves every group. */
export const SERVER_ASSIGNORS: readonly ServerAssignor[] = [new UniformAssignor(), new RangeAssignor()];

export function serverAssignor(name: string): ServerAssignor | undefined {
  return SERVER_ASSIGNORS.find((a) => a.name === name);
}

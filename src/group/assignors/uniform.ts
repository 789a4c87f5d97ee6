/**
 * Kafka's UniformAssignor ('uniform'), the default of group.consumer.assignors: balanced so that member
 * sizes differ by at most one (per topic's subscribers when subscriptions differ), then sticky. Equal
 * subscriptions use the homogeneous builder, unequal ones the heterogeneous builder.
 */
import { GroupSpec, toTargetAssignment } from './assignment-spec';
import type { AssignmentMemberSpec, ServerAssignor, SubscribedTopicMetadata, TopicIdPartitions } from './server-assignor';
import { assignHeterogeneous } from './uniform-heterogeneous-assignment-builder';
import { assignHomogeneous } from './uniform-homogeneous-assignment-builder';

export class UniformAssignor implements ServerAssignor {
  readonly name = 'uniform';

  assign(members: readonly AssignmentMemberSpec[], topics: ReadonlyMap<string, SubscribedTopicMetadata>): Map<string, TopicIdPartitions> {
    const spec = new GroupSpec(members, topics);
    if (spec.memberIds.length === 0) return new Map();
    const assignment = spec.isHomogeneous() ? assignHomogeneous(spec) : assignHeterogeneous(spec);
    return toTargetAssignment(spec.memberIds, assignment);
  }
}

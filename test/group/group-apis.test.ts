import { describe, expect, it } from 'vitest';
import { REQUEST_GROUP_IDS, requestGroupIds, type GroupApi } from '../../src/group/group-apis';
import { REQUESTS } from '../protocol/sample-requests';

/** The groups each sample request names (test/protocol/sample-requests.ts). */
const NAMED: { [A in GroupApi]: string[] } = {
  JoinGroup: ['billing'],
  SyncGroup: ['billing'],
  Heartbeat: ['billing'],
  LeaveGroup: ['billing'],
  OffsetCommit: ['billing'],
  OffsetFetch: ['billing', 'audit-trail'],
  DescribeGroups: ['billing', 'audit-trail'],
  ListGroups: [],
  DeleteGroups: ['billing', 'audit-trail'],
  OffsetDelete: ['billing'],
  ConsumerGroupHeartbeat: ['billing'],
  ConsumerGroupDescribe: ['billing', 'audit-trail'],
};

describe('group > group APIs', () => {
  it.each(Object.keys(NAMED) as GroupApi[])('reads the groups a %s request names, in order', (api) => {
    expect(requestGroupIds(api, REQUESTS[api])).toEqual(NAMED[api]);
  });

  it('knows the groups of every group API and of nothing else', () => {
    expect(Object.keys(REQUEST_GROUP_IDS).sort()).toEqual(Object.keys(NAMED).sort());
  });
});

import { describe, expect, it } from 'vitest';
import { controlPlaneTokens } from '../../src/ui/layout/control-plane';
import { describeToken } from '../../src/ui/layout/flight-paths';
import { assignTopicHues } from '../../src/ui/layout/topic-hues';
import { layoutTopology } from '../../src/ui/layout/topology-layout';
import { describeCluster } from './fixtures';

const layout = layoutTopology({ cluster: describeCluster(3, []), hues: assignTopicHues([]) });

describe('the control plane, drawn', () => {
  it('sends a heartbeat token from each broker heard from again, and metadata back to one that applied new records', () => {
    const before = [
      { brokerId: 1, lastContactMs: 1_000, metadataOffset: 40 },
      { brokerId: 2, lastContactMs: 1_100, metadataOffset: 40 },
    ];
    const after = [
      { brokerId: 1, lastContactMs: 1_500, metadataOffset: 42 },
      { brokerId: 2, lastContactMs: 1_100, metadataOffset: 40 },
    ];
    const tokens = controlPlaneTokens(before, after, layout);
    expect(tokens.map((t) => [t.key, t.api, t.kind])).toEqual([
      ['heartbeat:1:1500', 'BrokerHeartbeat', 'heartbeat'],
      ['metadata:1:42', 'Fetch', 'metadata'],
    ]);
    const broker1 = layout.brokers.find((b) => b.id === 1)!;
    expect(tokens[0]).toMatchObject({ y1: broker1.y, y2: layout.controller.y + layout.controller.height });
    expect(describeToken(tokens[1]!)).toBe('Fetch (metadata) __cluster_metadata-0 offsets 41–42');
    expect(describeToken(tokens[0]!)).toBe('BrokerHeartbeat, metadata applied up to offset 42');
  });

  it('draws nothing for a broker it has not heard from before, nor for one that went silent', () => {
    expect(controlPlaneTokens([], [{ brokerId: 1, lastContactMs: 5, metadataOffset: 3 }], layout)).toEqual([]);
    const same = [{ brokerId: 3, lastContactMs: 5, metadataOffset: 3 }];
    expect(controlPlaneTokens(same, same, layout)).toEqual([]);
  });
});
